// A ticket's thread: who wrote each message, how it is shown, and when it
// was first answered.

import type { Person } from '../ipc';
import { label } from '../format';
import { bytes, num, objects, str } from '../areas/doc';
import { responseTime } from '../areas/billing';

type Source = Record<string, unknown> | null | undefined;

/** How a message is shown: the customer's, staff's reply, an internal note, or a status change. */
export type MessageKind = 'customer' | 'staff' | 'note' | 'status';

export function messageKind(message: Source): MessageKind {
  const type = str(message, 'messageType');
  if (type === 'note') return 'note';
  if (type === 'status_change') return 'status';
  return message?.isFromCustomer === true ? 'customer' : 'staff';
}

/** Who wrote a message: the customer's name, or the staff member's. */
export function messageAuthor(message: Source, customer: Person | null): string {
  if (messageKind(message) === 'customer') return customer?.fullName || customer?.email || 'Customer';
  return str(message, 'staffInfo.name') ?? 'Support team';
}

/** The staff member's role and department (`Technical Support · Support`). */
export function authorRole(message: Source): string | null {
  const parts = [str(message, 'staffInfo.role'), str(message, 'staffInfo.department')].filter((p): p is string => !!p);
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  return unique.length ? unique.join(' · ') : null;
}

/** `Status changed from Open to In progress` (or the message's own words). */
export function statusChangeText(message: Source): string {
  const from = str(message, 'statusChange.from');
  const to = str(message, 'statusChange.to');
  if (from && to) return `Status changed from ${label(from)} to ${label(to).toLowerCase()}`;
  if (to) return `Status changed to ${label(to).toLowerCase()}`;
  return str(message, 'content') ?? 'Status changed';
}

export interface AttachmentRow {
  filename: string;
  /** Readable (`86 KB`). */
  size: string;
  mimeType: string;
  url: string;
  /** The provider's id of the file (its progress events name it); null for older storage URLs. */
  id: string | null;
}

export function attachments(message: Source): AttachmentRow[] {
  return objects(message, 'attachments').map((a) => {
    const url = str(a, 'url') ?? '';
    return {
      filename: str(a, 'filename') ?? 'attachment',
      size: bytes(num(a, 'fileSize')),
      mimeType: str(a, 'mimeType') ?? '',
      url,
      id: attachmentId(url),
    };
  });
}

const ATTACHMENT_URL = /^(?:https?:\/\/[^/?#]+)?\/api\/v1\/attachments\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/;

/**
 * The id of an attachment the provider keeps, from its URL
 * (`/api/v1/attachments/{id}`, maybe on the provider's address); null for
 * anything else (the older demo data's storage URLs).
 */
export function attachmentId(url: string | null | undefined): string | null {
  return url?.trim().match(ATTACHMENT_URL)?.[1] ?? null;
}

/** Minutes between two times, or null. */
export function minutesBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 60_000) : null;
}

export interface SlaFacts {
  /** `45 min`, or null before the first response. */
  firstResponseAfter: string | null;
  /** First response later than the allowance (by the times, whatever the provider's flag says). */
  late: boolean;
}

/** The first response measured against the allowance in minutes (the package's guarantee or the default). */
export function slaFacts(ticket: Source, allowanceMinutes: number | null): SlaFacts {
  const after = minutesBetween(str(ticket, 'createdAt'), str(ticket, 'firstResponseAt'));
  return {
    firstResponseAfter: after == null ? null : responseTime(after),
    late: after != null && allowanceMinutes != null && after > allowanceMinutes,
  };
}

/** The index of the next message for j/k (or ↓/↑), clamped; null for other keys. */
export function nextMessage(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return Math.min(count - 1, current + 1);
    case 'k':
    case 'ArrowUp':
      return Math.max(0, current < 0 ? 0 : current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * Where message `id` is in the thread (the one a search found), or -1:
 * none asked for, or not in the thread (moved by a merge, say).
 */
export function messageIndex(messages: readonly Source[], id: string | null | undefined): number {
  return id ? messages.findIndex((m) => str(m, '_id') === id) : -1;
}

/** A piece of a ticket's text: plain, or a ticket number (`ticket`, upper case) shown as a link. */
export interface TextPart {
  text: string;
  ticket: string | null;
}

const TICKET_NUMBER = /\bTKT-\d{4}-\d{6}\b/gi;

/**
 * A description or message cut where it names a ticket (`TKT-2026-000123`,
 * any case): a merge or a follow-up points at the other ticket, and the
 * number opens it. Parts are rendered as text, never as HTML.
 */
export function ticketRefs(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(TICKET_NUMBER)) {
    const start = match.index ?? 0;
    if (start > at) parts.push({ text: text.slice(at, start), ticket: null });
    parts.push({ text: match[0], ticket: match[0].toUpperCase() });
    at = start + match[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), ticket: null });
  return parts;
}
