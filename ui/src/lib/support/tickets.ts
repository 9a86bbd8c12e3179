// The ticket queue: its filters (from a route's params) and its columns.

import type { TicketListItem, TicketQuery } from '../ipc';
import type { Column } from '../components/table';

export const TICKET_STATUSES = ['open', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const;
export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
/** The assignee filter's value for tickets nobody has taken. */
export const UNASSIGNED = 'unassigned';

export interface QueueFilters {
  status: string;
  priority: string;
  /** '' for anyone, `unassigned`, or a staff user's id. */
  assignee: string;
}

function pick(value: string | undefined, allowed: readonly string[]): string {
  const v = (value ?? '').trim().toLowerCase();
  return allowed.includes(v) ? v : '';
}

/** The queue's filters from a route's params (`{ priority: 'urgent' }`); unknown values are ignored. */
export function filtersFromParams(params: Record<string, string>): QueueFilters {
  const assignee = (params.assignedTo ?? params.assignee ?? '').trim();
  return {
    status: pick(params.status, TICKET_STATUSES),
    priority: pick(params.priority, TICKET_PRIORITIES),
    assignee: assignee.toLowerCase() === UNASSIGNED ? UNASSIGNED : /^[0-9a-f]{24}$/i.test(assignee) ? assignee : '',
  };
}

/** The shell's query for the filters and a page. */
export function ticketQuery(filters: QueueFilters, limit: number, offset: number): TicketQuery {
  return {
    status: filters.status || null,
    priority: filters.priority || null,
    assignedTo: filters.assignee || null,
    limit,
    offset,
  };
}

/** The columns of a ticket list; without the customer on a customer's own page. */
export function ticketColumns(withCustomer = true): Column<TicketListItem>[] {
  return [
    { key: 'number', label: 'Number', get: (t) => t.ticketNumber, kind: 'mono', width: '8rem' },
    { key: 'subject', label: 'Subject', get: (t) => t.subject },
    ...(withCustomer ? [{ key: 'customer', label: 'Customer', get: (t: TicketListItem) => t.customerName ?? t.customerEmail }] : []),
    { key: 'priority', label: 'Priority', get: (t) => t.priority, kind: 'badge', sortBy: (t) => priorityRank(t.priority) },
    { key: 'status', label: 'Status', get: (t) => t.status, kind: 'badge', sortBy: (t) => statusRank(t.status) },
    { key: 'assignee', label: 'Assignee', get: (t) => t.assigneeName ?? (t.assignedTo ? 'Support staff' : 'Unassigned') },
    { key: 'sla', label: 'SLA', get: (t) => t.slaBreached, kind: 'flag', flag: 'Breached' },
    { key: 'messages', label: 'Messages', get: (t) => t.messageCount, kind: 'number', align: 'end' },
    { key: 'lastResponse', label: 'Last response', get: (t) => t.lastResponseAt, kind: 'relative' },
    { key: 'updated', label: 'Updated', get: (t) => t.updatedAt, kind: 'relative' },
  ];
}

/** Urgent first. */
export function priorityRank(priority: string): number {
  const i = (TICKET_PRIORITIES as readonly string[]).indexOf(priority);
  return i < 0 ? TICKET_PRIORITIES.length : i;
}

/** Open first, closed last. */
export function statusRank(status: string): number {
  const i = (TICKET_STATUSES as readonly string[]).indexOf(status);
  return i < 0 ? TICKET_STATUSES.length : i;
}

/** A ticket row stands out when its SLA is breached or it is urgent and still open. */
export function ticketRowClass(ticket: TicketListItem): string | null {
  const done = ticket.status === 'resolved' || ticket.status === 'closed';
  if (done) return 'muted';
  return ticket.slaBreached || ticket.priority === 'urgent' ? 'alert' : null;
}
