import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PresenceState, TicketPresence } from '../ipc';
import { Heartbeat, TYPING_EVERY_MS, TYPING_LASTS_MS, VIEWING_EVERY_MS } from './heartbeat';

describe('Heartbeat', () => {
  let said: [string, PresenceState][];
  let announce: ReturnType<typeof vi.fn<(ticketId: string, state: PresenceState) => Promise<TicketPresence>>>;
  let answers: TicketPresence[];

  beforeEach(() => {
    vi.useFakeTimers();
    said = [];
    answers = [];
    announce = vi.fn(async (ticketId: string, state: PresenceState) => {
      said.push([ticketId, state]);
      return { ticketId, people: state === 'left' ? [] : [{ userId: 'me', name: 'Me', state: state === 'typing' ? 'typing' : 'viewing' }] };
    });
  });
  afterEach(() => vi.useRealTimers());

  const beat = (visible = true) => new Heartbeat(announce, (p) => answers.push(p), visible);
  const states = () => said.map(([, state]) => state);

  it('says viewing at once and every 10 s, and left when stopped', async () => {
    const heart = beat();
    heart.start('t1');
    expect(said).toEqual([['t1', 'viewing']]);
    await vi.advanceTimersByTimeAsync(VIEWING_EVERY_MS - 1);
    expect(said).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(said).toEqual([
      ['t1', 'viewing'],
      ['t1', 'viewing'],
    ]);
    heart.stop();
    expect(said.at(-1)).toEqual(['t1', 'left']);
    await vi.advanceTimersByTimeAsync(VIEWING_EVERY_MS * 3);
    expect(said).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hands on every answer', async () => {
    const heart = beat();
    heart.start('t1');
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toEqual([{ ticketId: 't1', people: [{ userId: 'me', name: 'Me', state: 'viewing' }] }]);
  });

  it('says typing at most every 2 s', async () => {
    const heart = beat();
    heart.start('t1');
    heart.typing();
    heart.typing();
    expect(states()).toEqual(['viewing', 'typing']);
    await vi.advanceTimersByTimeAsync(TYPING_EVERY_MS - 1);
    heart.typing();
    expect(states()).toEqual(['viewing', 'typing']);
    await vi.advanceTimersByTimeAsync(1);
    heart.typing();
    expect(states()).toEqual(['viewing', 'typing', 'typing']);
  });

  it('does not cut a typing short with viewing, and says viewing again once it faded', async () => {
    const heart = beat();
    heart.start('t1');
    await vi.advanceTimersByTimeAsync(VIEWING_EVERY_MS - 1000);
    heart.typing();
    // The beat at 10 s comes 1 s after typing: skipped.
    await vi.advanceTimersByTimeAsync(1000);
    expect(states()).toEqual(['viewing', 'typing']);
    // The next one, 11 s after typing, is said.
    await vi.advanceTimersByTimeAsync(VIEWING_EVERY_MS);
    expect(states()).toEqual(['viewing', 'typing', 'viewing']);
    expect(VIEWING_EVERY_MS + TYPING_LASTS_MS).toBeLessThan(25_000);
  });

  it('says nothing before a ticket is open, or after', async () => {
    const heart = beat();
    heart.typing();
    heart.stop();
    heart.start('t1');
    heart.stop();
    heart.typing();
    expect(states()).toEqual(['viewing', 'left']);
  });

  it('leaves the ticket before another, and ignores the same one twice', () => {
    const heart = beat();
    heart.start('t1');
    heart.start('t1');
    heart.start('t2');
    expect(said).toEqual([
      ['t1', 'viewing'],
      ['t1', 'left'],
      ['t2', 'viewing'],
    ]);
    heart.stop();
  });

  it('repeats nothing while the window is hidden, and says viewing once it is shown', async () => {
    const heart = beat(false);
    heart.start('t1');
    heart.typing();
    await vi.advanceTimersByTimeAsync(VIEWING_EVERY_MS * 2);
    expect(said).toEqual([]);
    heart.setVisible(true);
    expect(states()).toEqual(['viewing']);
    heart.setVisible(false);
    await vi.advanceTimersByTimeAsync(VIEWING_EVERY_MS * 2);
    expect(states()).toEqual(['viewing']);
    heart.setVisible(true);
    heart.setVisible(true);
    expect(states()).toEqual(['viewing', 'viewing']);
    heart.stop();
    expect(states()).toEqual(['viewing', 'viewing', 'left']);
  });

  it('keeps quiet when a word fails', async () => {
    announce.mockRejectedValue(new Error('offline'));
    const heart = beat();
    heart.start('t1');
    heart.typing();
    heart.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(announce).toHaveBeenCalledTimes(3);
    expect(answers).toEqual([]);
  });
});
