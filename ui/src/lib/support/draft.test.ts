import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAFT_DELAY_MS, DraftKeeper, draftHint, draftText, type DraftState, type DraftText } from './draft';

const reply = (content: string, minutesSpent: number | null = null): DraftText => ({ messageType: 'reply', content, minutesSpent });
const blank = reply('');

/** A save whose answer the test gives, one at a time. */
function deferredSave() {
  const calls: { draft: DraftText; resolve: () => void; reject: (e: Error) => void }[] = [];
  const save = vi.fn(
    (draft: DraftText) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ draft, resolve, reject });
      }),
  );
  return { save, calls };
}

function keeper(save: (d: DraftText) => Promise<unknown>) {
  const states: DraftState[] = [];
  let error: string | null = null;
  const k = new DraftKeeper(save, (state, e) => {
    states.push(state);
    error = e;
  });
  return { k, states, last: () => states[states.length - 1], error: () => error };
}

describe('DraftKeeper', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once, a moment after typing stops', async () => {
    const save = vi.fn(async () => null);
    const { k, last } = keeper(save);
    k.start(null, blank);
    expect(last()).toBe('idle');
    k.change(reply('H'));
    vi.advanceTimersByTime(DRAFT_DELAY_MS - 1);
    k.change(reply('He'));
    vi.advanceTimersByTime(DRAFT_DELAY_MS - 1);
    k.change(reply('Hello'));
    expect(last()).toBe('waiting');
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith(reply('Hello'));
    expect(last()).toBe('saved');
  });

  it('saves nothing for the draft it was opened with, nor before it was read', async () => {
    const save = vi.fn(async () => null);
    const { k, last } = keeper(save);
    // The composer's first (blank) state, before the draft is read: never saved, it would wipe the draft.
    k.change(blank);
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS * 2);
    k.start(reply('Half written', 15), reply('Half written', 15));
    expect(last()).toBe('saved');
    k.change(reply('Half written', 15));
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS * 2);
    expect(save).not.toHaveBeenCalled();
  });

  it('keeps what was typed before the draft was read', async () => {
    const save = vi.fn(async () => null);
    const { k } = keeper(save);
    k.start(reply('old'), reply('typed first'));
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(save).toHaveBeenCalledWith(reply('typed first'));
  });

  it('counts a change of type or minutes, and blank text as no draft whatever its type', async () => {
    const save = vi.fn(async () => null);
    const { k, last } = keeper(save);
    k.start(reply('text'), reply('text'));
    k.change({ messageType: 'note', content: 'text', minutesSpent: null });
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    k.change({ messageType: 'note', content: 'text', minutesSpent: 10 });
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(save).toHaveBeenCalledTimes(2);
    // Clearing the text drops the draft (the backend deletes it on blank text)...
    k.change({ messageType: 'note', content: '  ', minutesSpent: 10 });
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(save).toHaveBeenCalledTimes(3);
    expect(last()).toBe('idle');
    // ...and switching the type of nothing saves nothing.
    k.change({ messageType: 'reply', content: '', minutesSpent: null });
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(save).toHaveBeenCalledTimes(3);
  });

  it('saves at once what waits when the composer goes away, and nothing after', async () => {
    const save = vi.fn(async () => null);
    const { k } = keeper(save);
    k.start(null, blank);
    k.change(reply('last keystrokes'));
    await k.stop();
    expect(save).toHaveBeenCalledWith(reply('last keystrokes'));
    k.change(reply('after'));
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS * 2);
    expect(save).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('saves one after another, so an older text never lands last', async () => {
    const { save, calls } = deferredSave();
    const { k } = keeper(save);
    k.start(null, blank);
    k.change(reply('first'));
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(calls).toHaveLength(1);
    k.change(reply('second'));
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    // The second waits for the first to answer.
    expect(calls).toHaveLength(1);
    calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.draft.content)).toEqual(['first', 'second']);
  });

  it('never saves the sent text again: a send waits for the save in flight and drops the one waiting', async () => {
    const { save, calls } = deferredSave();
    const { k, last } = keeper(save);
    k.start(null, blank);
    k.change(reply('Hel'));
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(calls).toHaveLength(1);
    // More typing, then Ctrl+Enter before the debounce: the send carries the text.
    k.change(reply('Hello'));
    let settled = false;
    const ready = k.beforeSend().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    calls[0]!.resolve();
    await ready;
    // While the message is being posted, changes (a switch of type) are held.
    k.change({ messageType: 'note', content: 'Hello', minutesSpent: null });
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS * 3);
    k.afterSend(true);
    expect(last()).toBe('idle');
    // The composer clears: nothing to save, the backend dropped the draft.
    k.change(blank);
    await k.stop();
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS * 3);
    expect(calls.map((c) => c.draft.content)).toEqual(['Hel']);
  });

  it('saves the text again after a send that was refused', async () => {
    const save = vi.fn(async () => null);
    const { k } = keeper(save);
    k.start(null, blank);
    k.change(reply('Hello'));
    await k.beforeSend();
    k.afterSend(false);
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(save).toHaveBeenCalledWith(reply('Hello'));
  });

  it('says when a save is refused, and tries again when the composer goes away', async () => {
    const save = vi.fn().mockRejectedValueOnce(new Error('at most 10000 characters')).mockResolvedValue(null);
    const { k, last, error } = keeper(save);
    k.start(null, blank);
    k.change(reply('x'));
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(last()).toBe('failed');
    expect(error()).toBe('at most 10000 characters');
    await k.stop();
    expect(save).toHaveBeenCalledTimes(2);
  });
});

describe('draftHint', () => {
  it('says quietly where the draft stands', () => {
    expect(draftHint('idle', null)).toBe('');
    expect(draftHint('waiting', null)).toBe('Saving…');
    expect(draftHint('saving', null)).toBe('Saving…');
    expect(draftHint('saved', null)).toBe('Draft saved');
    expect(draftHint('failed', 'too long')).toBe('Draft not saved: too long');
  });
});

describe('draftText', () => {
  const held = { ticketId: 't1', messageType: 'note' as const, content: 'Check the DNS', minutesSpent: 20, updatedAt: '2026-03-02T12:00:00Z' };

  it('takes the cache draft into the composer', () => {
    expect(draftText(held, true)).toEqual({ messageType: 'note', content: 'Check the DNS', minutesSpent: 20 });
    expect(draftText(null, true)).toBeNull();
  });

  it('gives customers a reply without minutes (notes and minutes are staff’s)', () => {
    expect(draftText(held, false)).toEqual({ messageType: 'reply', content: 'Check the DNS', minutesSpent: null });
  });
});
