import { describe, expect, it } from 'vitest';
import { buildTime, logCounts, logLines, logOffset, logText } from './deployments';

const deployment = {
  status: 'error',
  createdAt: '2026-01-01T10:00:00Z',
  buildStartedAt: '2026-01-01T10:00:05Z',
  buildDuration: 65_000,
  buildLogs: [
    { timestamp: '2026-01-01T10:00:05Z', level: 'info', message: 'Cloning repository' },
    { timestamp: '2026-01-01T10:00:12Z', level: 'warning', message: 'Deprecated package' },
    { timestamp: '2026-01-01T10:01:10Z', level: 'error', message: 'JavaScript heap out of memory' },
    'plain line',
  ],
};

describe('logOffset', () => {
  it('counts from the start of the build', () => {
    expect(logOffset('2026-01-01T10:00:12Z', '2026-01-01T10:00:05Z')).toBe('+0:07');
    expect(logOffset('2026-01-01T11:02:08Z', '2026-01-01T10:00:05Z')).toBe('+1:02:03');
    expect(logOffset(null, '2026-01-01T10:00:05Z')).toBe('');
    expect(logOffset('2026-01-01T10:00:00Z', '2026-01-01T10:00:05Z')).toBe('+0:00');
  });
});

describe('logLines', () => {
  const lines = logLines(deployment);

  it('reads entries and plain strings', () => {
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({ offset: '+0:00', timestamp: '2026-01-01T10:00:05Z', level: 'info', message: 'Cloning repository' });
    expect(lines[3]).toMatchObject({ level: 'info', message: 'plain line', offset: '' });
  });

  it('normalises levels', () => {
    expect(lines.map((l) => l.level)).toEqual(['info', 'warn', 'error', 'info']);
    expect(logCounts(lines)).toEqual({ warn: 1, error: 1 });
  });

  it('is empty without a log', () => {
    expect(logLines({})).toEqual([]);
  });

  it('copies as text with levels', () => {
    const text = logText(lines).split('\n');
    expect(text[2]).toBe('2026-01-01T10:01:10Z ERROR JavaScript heap out of memory');
    expect(text[3]).toBe('INFO  plain line');
  });
});

describe('buildTime', () => {
  it('uses the recorded duration', () => {
    expect(buildTime(deployment)).toBe('1 min 5 s');
  });

  it('counts a running build so far', () => {
    const running = { status: 'building', buildStartedAt: '2026-01-01T10:00:00Z' };
    expect(buildTime(running, new Date('2026-01-01T10:00:30Z'))).toBe('30 s so far');
    expect(buildTime({ status: 'cancelled' })).toBe('');
  });
});
