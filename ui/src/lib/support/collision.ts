// Answering what is already answered: while a person writes, someone else
// (a colleague, the customer) may post on the same ticket. The composer
// remembers the thread as it was when the person started writing; on send,
// messages from others that came in since are shown first, and the person
// chooses to send anyway or to edit. Tested in collision.test.ts.

import type { Person } from '../ipc';
import { str } from '../areas/doc';
import { messageAuthor, messageKind } from './thread';

type Message = Record<string, unknown>;

/** The thread as it was when the person started writing (or last saw what came since). */
export interface Baseline {
  ids: ReadonlySet<string>;
}

export function threadBaseline(messages: readonly Message[]): Baseline {
  return { ids: new Set(messages.map((m) => str(m, '_id')).filter((id): id is string => id != null)) };
}

/**
 * Written by the signed-in person. A customer's messages carry their user
 * id; staff's carry none, only the author's name (`staffInfo.name`, which
 * the desk and the provider both take from the person's full name).
 */
export function isOwnMessage(message: Message, me: Pick<Person, 'id' | 'fullName'> | null): boolean {
  if (me == null) return false;
  const userId = str(message, 'userId');
  if (userId != null) return userId === me.id;
  return message.isFromCustomer !== true && str(message, 'staffInfo.name') === me.fullName;
}

/**
 * The messages others posted since `baseline`, in thread order: replies
 * and internal notes, not status changes (they answer nobody), never the
 * person's own (a message of theirs still queued or just sent). A message
 * merged in from a duplicate counts: it is news to what is being answered.
 */
export function newMessagesSince(baseline: Baseline, messages: readonly Message[], me: Pick<Person, 'id' | 'fullName'> | null): Message[] {
  return messages.filter((message) => {
    const id = str(message, '_id');
    return id != null && !baseline.ids.has(id) && messageKind(message) !== 'status' && !isOwnMessage(message, me);
  });
}

/** `Sarah Johnson replied while you were writing:` (or added an internal note). */
export function collisionLine(message: Message, customer: Person | null): string {
  const verb = messageKind(message) === 'note' ? 'added an internal note' : 'replied';
  return `${messageAuthor(message, customer)} ${verb} while you were writing:`;
}
