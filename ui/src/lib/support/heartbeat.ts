// Saying "I am on this ticket" to the other support staff. The provider
// forgets "viewing" after 25 s and "typing" after 6 s unless they are said
// again, so a desktop that vanishes fades out by itself: while a ticket is
// open (and the window can be seen) this says viewing every 10 s, typing
// at most every 2 s while the person types, and left when the ticket
// closes. Presence is best effort: a word that fails (offline) is simply
// not said. Tested with fake timers in heartbeat.test.ts.

import type { PresenceState, TicketPresence } from '../ipc';

/** How often "viewing" is said again while a ticket is open. */
export const VIEWING_EVERY_MS = 10_000;
/** The least time between two words of "typing". */
export const TYPING_EVERY_MS = 2_000;
/** How long the provider shows "typing" before it is viewing again. */
export const TYPING_LASTS_MS = 6_000;

export type Announce = (ticketId: string, state: PresenceState) => Promise<TicketPresence>;

export class Heartbeat {
  #announce: Announce;
  #onanswer: (presence: TicketPresence) => void;
  /** The ticket open now; null when none. */
  #ticket: string | null = null;
  #visible: boolean;
  #timer: ReturnType<typeof setInterval> | null = null;
  /** When "typing" was last said (ms); null when not since the ticket opened. */
  #typedAt: number | null = null;

  /** `onanswer` takes everyone on the ticket, as each word answers it. */
  constructor(announce: Announce, onanswer: (presence: TicketPresence) => void, visible = true) {
    this.#announce = announce;
    this.#onanswer = onanswer;
    this.#visible = visible;
  }

  /** A ticket opens: viewing now and every 10 s (another one open before is left). */
  start(ticketId: string): void {
    if (this.#ticket === ticketId) return;
    this.stop();
    this.#ticket = ticketId;
    if (this.#visible) this.#beat();
  }

  /** The person typed: "typing", unless said less than 2 s ago. */
  typing(): void {
    if (this.#ticket == null || !this.#visible) return;
    const now = Date.now();
    if (this.#typedAt != null && now - this.#typedAt < TYPING_EVERY_MS) return;
    this.#typedAt = now;
    this.#say(this.#ticket, 'typing');
  }

  /**
   * The window was hidden or shown. Hidden, nothing is repeated (the
   * provider lets the person fade); shown again, viewing is said at once.
   */
  setVisible(visible: boolean): void {
    if (visible === this.#visible) return;
    this.#visible = visible;
    this.#cancel();
    if (visible && this.#ticket != null) this.#beat();
  }

  /** The ticket closes: left, at once rather than fading. */
  stop(): void {
    const ticket = this.#ticket;
    if (ticket == null) return;
    this.#cancel();
    this.#ticket = null;
    this.#typedAt = null;
    this.#say(ticket, 'left');
  }

  /** Viewing now, then every 10 s. */
  #beat(): void {
    this.#viewing();
    this.#timer = setInterval(() => this.#viewing(), VIEWING_EVERY_MS);
  }

  #viewing(): void {
    if (this.#ticket == null) return;
    // "Viewing" would end a "typing" still shown; and typing keeps the
    // person there as long as viewing does, so there is nothing to repeat.
    if (this.#typedAt != null && Date.now() - this.#typedAt < TYPING_LASTS_MS) return;
    this.#say(this.#ticket, 'viewing');
  }

  #say(ticketId: string, state: PresenceState): void {
    this.#announce(ticketId, state).then(this.#onanswer, () => {
      // Best effort: offline (or refused) it is simply not said.
    });
  }

  #cancel(): void {
    if (this.#timer != null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
