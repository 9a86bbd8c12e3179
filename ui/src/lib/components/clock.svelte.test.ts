import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { clock, TICK_MS } from './clock.svelte';

describe('clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('is just the time outside effects, with nothing ticking', () => {
    expect(clock.now.toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ticks once a second for its readers, with one timer for all, and stops when none is left', () => {
    const seen: string[] = [];
    const stop = $effect.root(() => {
      $effect(() => void seen.push(clock.now.toISOString()));
      $effect(() => void clock.now);
    });
    flushSync();
    expect(seen).toEqual(['2026-01-01T10:00:00.000Z']);
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(TICK_MS);
    flushSync();
    expect(seen).toEqual(['2026-01-01T10:00:00.000Z', '2026-01-01T10:00:01.000Z']);

    stop();
    flushSync();
    // The subscriber lets go on a microtask.
    return Promise.resolve().then(() => expect(vi.getTimerCount()).toBe(0));
  });
});
