// A ticket's thread: who wrote each message, how it is shown, and the SLA
// facts of the ticket.

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
  size: string;
  mimeType: string;
}

export function attachments(message: Source): AttachmentRow[] {
  return objects(message, 'attachments').map((a) => ({
    filename: str(a, 'filename') ?? 'attachment',
    size: bytes(num(a, 'fileSize')),
    mimeType: str(a, 'mimeType') ?? '',
  }));
}

/** Minutes between two times, or null. */
export function minutesBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 60_000) : null;
}

export interface SlaFacts {
  breached: boolean;
  /** `45 min`, or null before the first response. */
  firstResponseAfter: string | null;
  /** The package's promise (`1 h`), when known. */
  guarantee: string | null;
  /** First response later than promised (by the times, whatever the flag says). */
  late: boolean;
}

export function slaFacts(ticket: Source, guaranteeMinutes: number | null): SlaFacts {
  const after = minutesBetween(str(ticket, 'createdAt'), str(ticket, 'firstResponseAt'));
  return {
    breached: ticket?.slaBreached === true,
    firstResponseAfter: after == null ? null : responseTime(after),
    guarantee: guaranteeMinutes == null ? null : responseTime(guaranteeMinutes),
    late: after != null && guaranteeMinutes != null && after > guaranteeMinutes,
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
