import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { latestAfterPause } from './latest';

function recorder() {
  const seen: string[] = [];
  return {
    seen,
    handlers: {
      done: (v: string) => seen.push(`done ${v}`),
      failed: (e: unknown) => seen.push(`failed ${(e as Error).message}`),
      settled: () => seen.push('settled'),
    },
  };
}

describe('a check after a pause', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs only after the pause, then hands on the answer', async () => {
    const { seen, handlers } = recorder();
    const task = vi.fn(async () => 'ok');
    latestAfterPause(250, task, handlers);
    await vi.advanceTimersByTimeAsync(249);
    expect(task).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual(['done ok', 'settled']);
  });

  it('hands on a failure', async () => {
    const { seen, handlers } = recorder();
    latestAfterPause(10, async () => Promise.reject(new Error('offline')), handlers);
    await vi.advanceTimersByTimeAsync(10);
    expect(seen).toEqual(['failed offline', 'settled']);
  });

  it('does not run when cleaned up during the pause', async () => {
    const { seen, handlers } = recorder();
    const task = vi.fn(async () => 'ok');
    const cancel = latestAfterPause(250, task, handlers);
    cancel();
    await vi.advanceTimersByTimeAsync(500);
    expect(task).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
  });

  it('drops an answer that comes back after a newer run started', async () => {
    const { seen, handlers } = recorder();
    let answer!: (v: string) => void;
    const cancel = latestAfterPause(10, () => new Promise<string>((resolve) => (answer = resolve)), handlers);
    await vi.advanceTimersByTimeAsync(10);
    cancel();
    latestAfterPause(10, async () => 'new', handlers);
    answer('old');
    await vi.advanceTimersByTimeAsync(10);
    expect(seen).toEqual(['done new', 'settled']);
  });
});
