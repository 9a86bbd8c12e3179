import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import PresenceLine from './PresenceLine.svelte';
import { presence, PRESENCE_FRESH_MS } from './presence.svelte';

describe('PresenceLine', () => {
  let target: HTMLElement;
  let line: ReturnType<typeof mount>;

  beforeEach(() => {
    vi.useFakeTimers();
    target = document.createElement('div');
    document.body.append(target);
  });
  afterEach(() => {
    unmount(line);
    target.remove();
    vi.useRealTimers();
  });

  const shown = () => target.querySelector<HTMLElement>('[data-testid=ticket-presence]');
  const show = (ticketId: string) => {
    line = mount(PresenceLine, { target, props: { ticketId, meId: 'u-me' } });
    flushSync();
  };

  it('shows nobody but the others, typing in front', () => {
    presence.take({
      ticketId: 'p1',
      people: [
        { userId: 'u-me', name: 'Me Myself', state: 'viewing' },
        { userId: 'u-sarah', name: 'Sarah Johnson', state: 'viewing' },
        { userId: 'u-tomas', name: 'Tomás Oliveira', state: 'typing' },
      ],
    });
    show('p1');
    expect(shown()?.dataset.state).toBe('typing');
    expect(shown()?.textContent).toContain('Tomás Oliveira is typing a reply… · Sarah Johnson is viewing');
    expect([...target.querySelectorAll('.face')].map((f) => f.textContent)).toEqual(['SJ', 'TO']);
  });

  it('is nothing when the signed-in person is alone, and goes when the news is stale', async () => {
    presence.take({ ticketId: 'p2', people: [{ userId: 'u-me', name: 'Me Myself', state: 'typing' }] });
    show('p2');
    expect(shown()).toBeNull();
    presence.take({ ticketId: 'p2', people: [{ userId: 'u-sarah', name: 'Sarah Johnson', state: 'viewing' }] });
    flushSync();
    expect(shown()?.textContent).toContain('Sarah Johnson is viewing');
    expect(shown()?.dataset.state).toBe('viewing');
    await vi.advanceTimersByTimeAsync(PRESENCE_FRESH_MS + 1000);
    flushSync();
    expect(shown()).toBeNull();
  });
});
