// Who from support has a ticket open, so two people do not answer the same
// customer at once. The shell forwards the provider's `ticket-presence`
// events (staff workspaces only) and each word of the heartbeat
// (heartbeat.ts) answers the same; the latest of either is kept per
// ticket. Events stop when the provider can no longer be reached, so what
// has had no news for a while is treated as gone rather than shown
// forever. The pure parts are tested in presence.test.ts.

import { SvelteMap } from 'svelte/reactivity';
import * as ipc from '../ipc';
import type { PresentPerson, TicketPresence } from '../ipc';
import { clock } from '../components/clock.svelte';

/**
 * News older than this is gone: the provider forgets viewing after 25 s
 * and desktops repeat it every 10 s, so a live ticket hears more often.
 */
export const PRESENCE_FRESH_MS = 30_000;
/** The provider shows typing for 6 s; without news for longer (and a moment for the event's way), it is viewing again. */
export const TYPING_FRESH_MS = 8_000;

/** A ticket's presence and when it was heard (ms). */
export interface HeardPresence {
  presence: TicketPresence;
  at: number;
}

/** Everyone on a ticket but the signed-in person, as of `now`: nobody once the news is stale. */
export function presentOthers(heard: HeardPresence | undefined, now: number, meId: string | null): PresentPerson[] {
  if (!heard || now - heard.at > PRESENCE_FRESH_MS) return [];
  const typingFaded = now - heard.at > TYPING_FRESH_MS;
  return heard.presence.people
    .filter((person) => person.userId !== meId)
    .map((person): PresentPerson => (typingFaded && person.state === 'typing' ? { ...person, state: 'viewing' } : person));
}

/** A part of the presence line: the people typing, or those viewing. */
export interface PresenceGroup {
  state: PresentPerson['state'];
  text: string;
}

/** The header's words, typing first: `Sarah Johnson is typing a reply…`, `Sarah and Tomás are viewing`. */
export function presenceLine(people: readonly PresentPerson[]): PresenceGroup[] {
  const groups: PresenceGroup[] = [];
  const typing = people.filter((p) => p.state === 'typing');
  const viewing = people.filter((p) => p.state !== 'typing');
  if (typing.length) groups.push({ state: 'typing', text: `${names(typing)} ${typing.length === 1 ? 'is' : 'are'} typing a reply…` });
  if (viewing.length) groups.push({ state: 'viewing', text: `${names(viewing)} ${viewing.length === 1 ? 'is' : 'are'} viewing` });
  return groups;
}

/** One person by full name; several by first names (full ones when two share a first name), the fourth on counted. */
function names(people: readonly PresentPerson[]): string {
  const full = people.map((p) => p.name.trim() || 'Someone');
  if (full.length < 2) return full.join('');
  const first = full.map((name) => name.split(/\s+/, 1).join(''));
  const shown = new Set(first).size === first.length ? first : full;
  if (shown.length > 3) return `${shown.slice(0, 2).join(', ')} and ${shown.length - 2} others`;
  return `${shown.slice(0, -1).join(', ')} and ${shown.slice(-1).join('')}`;
}

/** `SJ` for Sarah Johnson, `T` for Tomás; `?` without a name. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const picked = words.length > 1 ? [...words.slice(0, 1), ...words.slice(-1)] : words;
  // By code point, so a letter outside the BMP is not cut in half.
  return picked.map((word) => Array.from(word).slice(0, 1).join('').toUpperCase()).join('') || '?';
}

class Presence {
  #heard = new SvelteMap<string, HeardPresence>();
  #listening = false;

  /** Follows the shell's `ticket-presence` events, once for the whole app. */
  listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    ipc.onTicketPresence((presence) => this.take(presence)).catch(() => {
      // Outside the desktop shell (tests, a browser) there are no events.
      this.#listening = false;
    });
  }

  /** An event, or the answer of a word of presence: the ticket's latest news. */
  take(presence: TicketPresence, now = Date.now()): void {
    // Stale news is as good as none: it goes, so the map does not grow.
    for (const [ticketId, heard] of [...this.#heard]) {
      if (now - heard.at > PRESENCE_FRESH_MS) this.#heard.delete(ticketId);
    }
    this.#heard.set(presence.ticketId, { presence, at: now });
  }

  /** Everyone on a ticket but the signed-in person. Read in a template, it is read again as news fades. */
  others(ticketId: string, meId: string | null): PresentPerson[] {
    const heard = this.#heard.get(ticketId);
    // Only a ticket with news reads the shared clock, so nothing ticks for one without.
    return heard ? presentOthers(heard, clock.now.getTime(), meId) : [];
  }
}

export const presence = new Presence();
