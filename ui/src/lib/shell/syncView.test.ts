import { describe, expect, it } from 'vitest';
import { outboxChips, pillView } from './syncView';

describe('sync pill', () => {
  it('names each connection with its tone', () => {
    expect(pillView({ connection: 'online' }, null)).toMatchObject({ label: 'Online', tone: 'good' });
    expect(pillView({ connection: 'offline' }, null)).toMatchObject({ label: 'Offline', tone: 'warn' });
    expect(pillView({ connection: 'offline' }, null).detail).toContain('cache');
    expect(pillView({ connection: 'signed_out' }, null)).toMatchObject({ label: 'Signed out', tone: 'bad' });
    expect(pillView({ connection: 'unknown' }, null)).toMatchObject({ label: 'Connecting…', tone: 'neutral' });
  });

  it('shows bootstrap progress while syncing', () => {
    expect(pillView({ connection: 'syncing' }, null).label).toBe('Syncing…');
    const view = pillView({ connection: 'syncing' }, { documents: 1200, bytes: 10, done: false });
    expect(view.label).toMatch(/^Syncing… 1.?200 docs$/);
    expect(pillView({ connection: 'syncing' }, { documents: 5, bytes: 1, done: true }).label).toBe('Syncing…');
  });

  it('makes chips only for non-zero counts', () => {
    expect(outboxChips({ pending: 0, conflicts: 0, failed: 0 })).toEqual([]);
    const chips = outboxChips({ pending: 3, conflicts: 1, failed: 0 });
    expect(chips.map((c) => c.label)).toEqual(['3 pending', '1 conflict']);
    expect(outboxChips({ pending: 0, conflicts: 2, failed: 4 }).map((c) => c.label)).toEqual(['2 conflicts', '4 failed']);
  });
});
