import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import SlaTimer from './SlaTimer.svelte';

describe('SlaTimer', () => {
  let target: HTMLElement;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-02T11:58:30Z'));
    target = document.createElement('div');
    document.body.append(target);
  });
  afterEach(() => {
    target.remove();
    vi.useRealTimers();
  });

  it('turns a running clock overdue by itself when the due time passes, offline too', () => {
    const timer = mount(SlaTimer, { target, props: { sla: { state: 'running', dueAt: '2026-03-02T12:00:00Z', running: true, answered: false } } });
    flushSync();
    const element = () => target.querySelector<HTMLElement>('[data-testid=sla-timer]')!;
    expect(element().dataset.state).toBe('warning');
    expect(element().textContent?.trim()).toBe('Due in 2 min');

    vi.advanceTimersByTime(3 * 60_000);
    flushSync();
    expect(element().dataset.state).toBe('breached');
    expect(element().textContent?.trim()).toBe('Overdue by 1 min');
    expect(element().querySelector('.badge')?.classList.contains('bad')).toBe(true);
    unmount(timer);
  });

  it('sets nothing ticking for a settled clock', () => {
    const timer = mount(SlaTimer, { target, props: { sla: { state: 'met', dueAt: '2026-03-02T12:00:00Z', running: false, answered: true } } });
    flushSync();
    expect(target.querySelector<HTMLElement>('[data-testid=sla-timer]')?.dataset.state).toBe('met');
    expect(vi.getTimerCount()).toBe(0);
    unmount(timer);
  });
});
