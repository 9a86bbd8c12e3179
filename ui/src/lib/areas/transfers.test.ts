import { describe, expect, it } from 'vitest';
import { transferDue, transferNotices, transferProgress, transferSteps, transferTone } from './transfers';

const base = {
  initiatedAt: '2026-01-01T10:00:00Z',
  createdAt: '2026-01-01T09:59:00Z',
  updatedAt: '2026-01-03T00:00:00Z',
  estimatedCompletionDate: '2026-01-06T00:00:00Z',
  completedAt: null,
};

describe('transferSteps', () => {
  it('waits for approval while pending', () => {
    const steps = transferSteps({ ...base, status: 'pending' });
    expect(steps.map((s) => `${s.key}:${s.state}`)).toEqual(['requested:done', 'approved:current', 'completed:upcoming']);
    expect(steps[0]!.at).toBe('2026-01-01T10:00:00Z');
    expect(steps[2]).toMatchObject({ at: '2026-01-06T00:00:00Z', expected: true });
    expect(transferProgress(steps)).toEqual({ done: 1, total: 3 });
  });

  it('works on completion once approved', () => {
    const steps = transferSteps({ ...base, status: 'approved' });
    expect(steps.map((s) => s.state)).toEqual(['done', 'done', 'current']);
  });

  it('is all done when completed, dated by the completion', () => {
    const steps = transferSteps({ ...base, status: 'completed', completedAt: '2026-01-05T12:00:00Z' });
    expect(steps.map((s) => s.state)).toEqual(['done', 'done', 'done']);
    expect(steps[2]).toMatchObject({ at: '2026-01-05T12:00:00Z' });
    expect(steps[2]!.expected).toBeUndefined();
    expect(transferProgress(steps)).toEqual({ done: 3, total: 3 });
  });

  it('stops at the rejection or failure', () => {
    expect(transferSteps({ ...base, status: 'rejected' }).map((s) => `${s.label}:${s.state}`)).toEqual(['Requested:done', 'Rejected:failed']);
    const failed = transferSteps({ ...base, status: 'failed' });
    expect(failed[1]).toMatchObject({ label: 'Failed', state: 'failed', at: '2026-01-03T00:00:00Z' });
  });

  it('falls back to the creation time when not initiated', () => {
    expect(transferSteps({ ...base, initiatedAt: null, status: 'pending' })[0]!.at).toBe('2026-01-01T09:59:00Z');
  });
});

describe('transfer details', () => {
  it('lists notices oldest first and skips junk', () => {
    const notices = transferNotices({
      notifications: [
        { type: 'status_update', message: 'Approved', sentAt: '2026-01-03T00:00:00Z' },
        { type: 'status_update', message: 'Requested', sentAt: '2026-01-01T00:00:00Z' },
        'junk',
      ],
    });
    expect(notices.map((n) => n.message)).toEqual(['Requested', 'Approved']);
  });

  it('is due at completion, else at the estimate', () => {
    expect(transferDue(base)).toBe('2026-01-06T00:00:00Z');
    expect(transferDue({ ...base, completedAt: '2026-01-04T00:00:00Z' })).toBe('2026-01-04T00:00:00Z');
  });

  it('tones statuses and directions', () => {
    expect(transferTone('rejected')).toBe('bad');
    expect(transferTone('approved')).toBe('info');
    expect(transferTone('completed')).toBeUndefined();
  });
});
