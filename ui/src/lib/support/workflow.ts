// Working a ticket: what the composer says before a reply, the thread
// page's shortcuts, which messages still wait in the outbox, and the
// provider's field errors placed beside their inputs. Which statuses a
// ticket may move to comes with its thread (`nextStatuses`, from the
// model's status machine). Tested in workflow.test.ts.

import type { EntryStatus, FieldError, OutboxEntry, PostedMessageType, TicketCategory, TicketDraft, TicketPriority, TicketStatus } from '../ipc';

export const TICKET_CATEGORIES: readonly TicketCategory[] = ['technical', 'billing', 'general', 'migration'];

/** Support and admin work tickets for the provider; everyone else is a customer. */
export function isStaff(role: string | null | undefined): boolean {
  return role === 'support' || role === 'admin';
}

export interface ComposerState {
  /** Why nothing can be posted, in a sentence; null when the composer is open. */
  closed: string | null;
  /** What posting does besides adding the message (a customer's reply reopens the ticket). */
  hint: string | null;
  /**
   * The ticket is closed but the customer may still write: sending opens a
   * follow-up ticket that points back (the provider makes it); null otherwise.
   */
  followUp: string | null;
}

/** What the composer says for a ticket in `status`, written by staff or by the customer. */
export function composerState(status: string | null | undefined, staff: boolean, mode: PostedMessageType): ComposerState {
  if (status === 'closed') {
    // Closed is final for staff (the provider refuses); a customer's reply becomes a new ticket.
    return staff
      ? { closed: 'This ticket is closed, so it takes no more replies or notes. Open a new ticket for the customer to follow up.', hint: null, followUp: null }
      : { closed: null, hint: null, followUp: 'This ticket is closed. Sending opens a follow-up ticket that points back here.' };
  }
  const reopens = !staff && mode === 'reply' && (status === 'waiting_customer' || status === 'resolved');
  return { closed: null, hint: reopens ? 'Replying reopens this ticket' : null, followUp: null };
}

/** Ctrl+Enter (⌘+Enter on macOS) sends what the composer holds. */
export function isSendShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}

/**
 * Ctrl+/ (⌘+/ on macOS) opens the canned-reply picker (staff). Shift may be
 * held: on some layouts `/` is a shifted key (Shift+7 on a German keyboard).
 */
export function isCannedShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  return event.key === '/' && (event.ctrlKey || event.metaKey) && !event.altKey;
}

/** What a key does on a ticket's page (outside inputs): `r` reply, `n` note, `a` assign to me, `s` status, `e` close. */
export type TicketShortcut = 'reply' | 'note' | 'assign' | 'status' | 'close';

export function ticketShortcut(key: string, staff: boolean): TicketShortcut | null {
  switch (key) {
    case 'r':
      return 'reply';
    case 's':
      return 'status';
    case 'n':
      return staff ? 'note' : null;
    case 'a':
      return staff ? 'assign' : null;
    // Staff's "done with it" (as archiving a mail); customers close from the status.
    case 'e':
      return staff ? 'close' : null;
    default:
      return null;
  }
}

/** The longest time staff log on one message: a working day (the provider refuses more). */
export const MAX_MINUTES_SPENT = 480;

export interface MinutesSpent {
  /** What to send: null for nothing logged (empty, 0, or not valid). */
  minutes: number | null;
  /** Why the value cannot be sent, for beside the input. */
  error: string | null;
}

/**
 * The composer's "Time spent" as typed: nothing when empty or 0, else whole
 * minutes up to {@link MAX_MINUTES_SPENT}. `unreadable`: the input holds
 * something that is no number at all (the browser then reports it empty).
 */
export function minutesSpent(text: string, unreadable = false): MinutesSpent {
  const value = text.trim();
  if (unreadable) return { minutes: null, error: 'Minutes, as a number.' };
  if (value === '') return { minutes: null, error: null };
  const minutes = Number(value);
  if (!Number.isFinite(minutes)) return { minutes: null, error: 'Minutes, as a number.' };
  if (!Number.isInteger(minutes)) return { minutes: null, error: 'Whole minutes only.' };
  if (minutes < 0 || minutes > MAX_MINUTES_SPENT) return { minutes: null, error: `From 0 to ${MAX_MINUTES_SPENT} minutes (8 h) on one message.` };
  return { minutes: minutes === 0 ? null : minutes, error: null };
}

/**
 * The outbox state of each message written here and not yet on the provider:
 * `pending` while it waits (a message made here and never sent is version 0),
 * `failed` or `conflict` when the provider refused it.
 */
export function messageStates(
  messages: readonly Record<string, unknown>[],
  entries: readonly Pick<OutboxEntry, 'collection' | 'docId' | 'status'>[],
): Map<string, EntryStatus> {
  const queued = new Map(entries.filter((e) => e.collection === 'supportMessages').map((e) => [e.docId, e.status]));
  const out = new Map<string, EntryStatus>();
  for (const message of messages) {
    const id = typeof message._id === 'string' ? message._id : null;
    if (!id) continue;
    const state = queued.get(id) ?? (message.version === 0 ? 'pending' : undefined);
    if (state) out.set(id, state);
  }
  return out;
}

/** A ticket has an edit (a status, priority or assignee change) waiting in the outbox. */
export function ticketQueued(ticketId: string, entries: readonly Pick<OutboxEntry, 'collection' | 'docId'>[]): boolean {
  return entries.some((e) => e.collection === 'supportTickets' && e.docId === ticketId);
}

export interface PlacedErrors {
  /** By field (`subject`, `relatedDomains`, `status`), without the argument's name. */
  byField: Record<string, string[]>;
  /** About fields no input shows. */
  other: string[];
}

/**
 * Places the provider's field errors (`draft.subject`, `change.status`,
 * `relatedDomains[1]`) beside the inputs named in `shown`; the rest are
 * `other`, for a line above the form.
 */
export function placeErrors(errors: readonly FieldError[], shown: readonly string[]): PlacedErrors {
  const out: PlacedErrors = { byField: {}, other: [] };
  for (const error of errors) {
    const field = error.field.replace(/^(draft|change)\./, '').replace(/\[.*$/, '');
    if (shown.includes(field)) out.byField[field] = [...(out.byField[field] ?? []), error.message];
    else out.other.push(error.message);
  }
  return out;
}

/** The form of a new ticket, as typed. */
export interface TicketForm {
  customerId: string | null;
  subject: string;
  description: string;
  priority: TicketPriority;
  category: TicketCategory;
  relatedDomains: string[];
}

export function blankTicket(): TicketForm {
  return { customerId: null, subject: '', description: '', priority: 'normal', category: 'general', relatedDomains: [] };
}

/** The draft the form sends: text trimmed, each domain once. */
export function ticketDraft(form: TicketForm): TicketDraft {
  return {
    customerId: form.customerId || null,
    subject: form.subject.trim(),
    description: form.description.trim(),
    priority: form.priority,
    category: form.category,
    subcategory: null,
    relatedDomains: [...new Set(form.relatedDomains.map((d) => d.trim()).filter(Boolean))],
  };
}
