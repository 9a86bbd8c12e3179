// What the composer holds, kept as a draft in the local cache: saved a
// moment after typing stops (not on every key), at once when the composer
// goes away, and never after a send. Posting drops the draft in the
// backend; a save still waiting or in flight then would bring the sent text
// back, so a send first waits for the saves in flight and holds new ones
// until it has answered. Saves go one after another, so an older text
// never lands after a newer one. Tested with fake timers in draft.test.ts.

import type { PostedMessageType, ReplyDraft } from '../ipc';

export interface DraftText {
  messageType: PostedMessageType;
  content: string;
  minutesSpent: number | null;
}

/**
 * `idle`: nothing kept (blank text); `waiting`: typed, saved soon; `saving`;
 * `saved`: the cache holds what is typed; `failed`: the last save was refused.
 */
export type DraftState = 'idle' | 'waiting' | 'saving' | 'saved' | 'failed';

/** The cache's draft as the composer holds it; a note only for staff (who alone write them). */
export function draftText(draft: ReplyDraft | null, staff: boolean): DraftText | null {
  if (draft == null) return null;
  return {
    messageType: staff && draft.messageType === 'note' ? 'note' : 'reply',
    content: draft.content,
    minutesSpent: staff ? draft.minutesSpent : null,
  };
}

/** How long typing must stop before the draft is saved. */
export const DRAFT_DELAY_MS = 400;

/** What a draft is, for comparing: blank text is no draft at all, whatever its type. */
function draftKey(draft: DraftText | null): string {
  if (draft == null || draft.content.trim() === '') return '';
  return JSON.stringify([draft.messageType, draft.content, draft.minutesSpent]);
}

export class DraftKeeper {
  #save: (draft: DraftText) => Promise<unknown>;
  #onstate: (state: DraftState, error: string | null) => void;
  #delay: number;
  /** What the cache holds, as a key ('' for nothing). */
  #saved = '';
  /** The text waiting for the timer. */
  #waiting: DraftText | null = null;
  /** A text whose save was refused: tried again when the composer flushes. */
  #failed: DraftText | null = null;
  /** The last text seen, held or not (to save after a send that failed). */
  #latest: DraftText | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Every save so far, one after another. */
  #chain: Promise<void> = Promise.resolve();
  #started = false;
  /** A send is under way: nothing is saved until it has answered. */
  #held = false;
  #stopped = false;

  constructor(
    save: (draft: DraftText) => Promise<unknown>,
    onstate: (state: DraftState, error: string | null) => void,
    delay = DRAFT_DELAY_MS,
  ) {
    this.#save = save;
    this.#onstate = onstate;
    this.#delay = delay;
  }

  /**
   * The draft the cache held when the composer opened, and what the composer
   * shows now (the draft, or what was typed before it was read). Changes
   * before this are not saved: they could only wipe the draft unread.
   */
  start(held: DraftText | null, current: DraftText): void {
    if (this.#stopped) return;
    this.#started = true;
    this.#saved = draftKey(held);
    this.#emit(this.#saved ? 'saved' : 'idle');
    this.change(current);
  }

  /** The composer's text, type or minutes changed. */
  change(draft: DraftText): void {
    if (this.#stopped || !this.#started) return;
    this.#latest = draft;
    if (this.#held) return;
    this.#cancel();
    this.#failed = null;
    if (draftKey(draft) === this.#saved) {
      this.#waiting = null;
      this.#emit(this.#saved ? 'saved' : 'idle');
      return;
    }
    this.#waiting = draft;
    this.#emit('waiting');
    this.#timer = setTimeout(() => void this.flush(), this.#delay);
  }

  /** Saves what waits now; resolves once every save so far has answered. */
  flush(): Promise<void> {
    this.#cancel();
    const draft = this.#waiting ?? this.#failed;
    this.#waiting = null;
    this.#failed = null;
    if (draft) this.#chain = this.#chain.then(() => this.#write(draft));
    return this.#chain;
  }

  /**
   * A send begins: what waits is dropped (the send carries it) and new
   * changes are held; resolves once the saves in flight have answered, so
   * none lands after the message.
   */
  beforeSend(): Promise<void> {
    this.#held = true;
    this.#cancel();
    this.#waiting = null;
    this.#failed = null;
    return this.#chain;
  }

  /**
   * The send answered. Sent: the backend dropped the draft with it, so the
   * cache holds nothing. Refused: the text stays, and is saved as usual.
   */
  afterSend(sent: boolean): void {
    this.#held = false;
    if (this.#stopped) return;
    if (sent) {
      this.#saved = '';
      this.#latest = null;
      this.#failed = null;
      this.#emit('idle');
    } else if (this.#latest) {
      this.change(this.#latest);
    }
  }

  /** The composer goes away: what waits is saved at once; nothing after. */
  stop(): Promise<void> {
    const done = this.flush();
    this.#stopped = true;
    return done;
  }

  async #write(draft: DraftText): Promise<void> {
    this.#emit('saving');
    try {
      await this.#save(draft);
      this.#saved = draftKey(draft);
      // A newer text may wait already: the state is then its.
      if (this.#waiting == null) this.#emit(this.#saved ? 'saved' : 'idle');
    } catch (error) {
      if (this.#waiting == null && !this.#held) this.#failed = draft;
      this.#emit('failed', error instanceof Error ? error.message : String(error));
    }
  }

  #cancel(): void {
    if (this.#timer != null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #emit(state: DraftState, error: string | null = null): void {
    if (!this.#stopped) this.#onstate(state, error);
  }
}

/** The composer's quiet line about its draft (empty when there is nothing to say). */
export function draftHint(state: DraftState, error: string | null): string {
  switch (state) {
    case 'waiting':
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Draft saved';
    case 'failed':
      return error ? `Draft not saved: ${error}` : 'Draft not saved';
    case 'idle':
      return '';
  }
}
