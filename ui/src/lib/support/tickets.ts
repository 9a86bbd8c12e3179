// The ticket queue: its filters (from a route's params), its views with
// their counts, and its columns.

import type { QueueCounts, TicketListItem, TicketQuery, TicketSort, TicketView } from '../ipc';
import type { Column } from '../components/table';
import type { FilterChip } from '../components/FilterChips.svelte';
import { count } from '../format';
import { rowSla } from './sla';
import { TICKET_CATEGORIES } from './workflow';

export const TICKET_STATUSES = ['open', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const;
export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
const TICKET_VIEWS: readonly TicketView[] = ['all', 'active', 'breaching'];
/** The queue's orders, as the sort select offers them. */
export const TICKET_SORTS: readonly { value: TicketSort; label: string }[] = [
  { value: 'queue', label: 'Most urgent first' },
  { value: 'due', label: 'SLA due first' },
];
/** The assignee filter's value for tickets nobody has taken. */
export const UNASSIGNED = 'unassigned';

export interface QueueFilters {
  status: string;
  priority: string;
  /** '' for anyone, `unassigned`, or a staff user's id. */
  assignee: string;
  category: string;
  view: TicketView;
  sort: TicketSort;
}

/** Every ticket, most urgent first: the queue with nothing chosen. */
export const NO_FILTERS: QueueFilters = { status: '', priority: '', assignee: '', category: '', view: 'all', sort: 'queue' };

/** A route param as one of `allowed` (any case), else '' (unknown values are ignored). */
export function pick(value: string | undefined, allowed: readonly string[]): string {
  const v = (value ?? '').trim().toLowerCase();
  return allowed.includes(v) ? v : '';
}

/** A provider's document id: 24 hexadecimal digits. */
export function isDocId(value: string): boolean {
  return /^[0-9a-f]{24}$/i.test(value);
}

/** An assignee filter from a route param: `unassigned`, a staff member's id, or '' (anyone). */
export function assigneeParam(value: string | undefined): string {
  const v = (value ?? '').trim();
  return v.toLowerCase() === UNASSIGNED ? UNASSIGNED : isDocId(v) ? v : '';
}

/**
 * The queue's filters from a route's params (`{ priority: 'urgent' }`,
 * `{ view: 'active', sort: 'due' }`); unknown values are ignored.
 */
export function filtersFromParams(params: Record<string, string>): QueueFilters {
  return {
    status: pick(params.status, TICKET_STATUSES),
    priority: pick(params.priority, TICKET_PRIORITIES),
    assignee: assigneeParam(params.assignedTo ?? params.assignee),
    category: pick(params.category, TICKET_CATEGORIES),
    view: (pick(params.view, TICKET_VIEWS) || 'all') as TicketView,
    sort: (pick(params.sort, TICKET_SORTS.map((s) => s.value)) || 'queue') as TicketSort,
  };
}

/** The shell's query for the filters and a page. */
export function ticketQuery(filters: QueueFilters, limit: number, offset: number): TicketQuery {
  return {
    status: filters.status || null,
    priority: filters.priority || null,
    assignedTo: filters.assignee || null,
    category: filters.category || null,
    view: filters.view,
    sort: filters.sort,
    limit,
    offset,
  };
}

/** Any filter chosen besides the order (which narrows nothing). */
export function isFiltered(filters: QueueFilters): boolean {
  return filters.status !== '' || filters.priority !== '' || filters.assignee !== '' || filters.category !== '' || filters.view !== 'all';
}

/** The queue's views: the usual ways of looking at it, one press each. */
export type QueueView = keyof QueueCounts;

const VIEWS: readonly { key: QueueView; label: string; staffOnly: boolean }[] = [
  { key: 'active', label: 'Active', staffOnly: false },
  { key: 'mine', label: 'Mine', staffOnly: true },
  { key: 'unassigned', label: 'Unassigned', staffOnly: true },
  { key: 'breaching', label: 'Breaching ≤ 1 h', staffOnly: false },
  { key: 'waiting', label: 'Waiting on customer', staffOnly: false },
];

/**
 * The views offered, with their counts (none while unknown): Mine (with
 * someone signed in) and Unassigned only to staff, who take tickets. A
 * breach in the making shows red.
 */
export function queueViews(staff: boolean, meId: string | null, counts: QueueCounts | null): FilterChip<QueueView>[] {
  return VIEWS.filter((v) => !v.staffOnly || (staff && (v.key !== 'mine' || meId != null))).map(({ key, label }) => ({
    key,
    label,
    count: counts ? count(counts[key]) : '',
    tone: key === 'breaching' && (counts?.breaching ?? 0) > 0 ? 'bad' : undefined,
  }));
}

/** What a view sets: status, assignee and state; priority, category and the order stay as chosen. */
function viewPart(view: QueueView | null, meId: string | null): Pick<QueueFilters, 'status' | 'assignee' | 'view'> {
  switch (view) {
    case 'active':
      return { status: '', assignee: '', view: 'active' };
    case 'mine':
      return { status: '', assignee: meId ?? '', view: 'active' };
    case 'unassigned':
      return { status: '', assignee: UNASSIGNED, view: 'active' };
    case 'breaching':
      return { status: '', assignee: '', view: 'breaching' };
    case 'waiting':
      return { status: 'waiting_customer', assignee: '', view: 'all' };
    default:
      return { status: '', assignee: '', view: 'all' };
  }
}

/** The filters after choosing a view (null: back to every ticket). */
export function chooseView(filters: QueueFilters, view: QueueView | null, meId: string | null): QueueFilters {
  return { ...filters, ...viewPart(view, meId) };
}

/** The view the filters are exactly, if any (a status picked on top of Active is no view any more). */
export function currentView(filters: QueueFilters, meId: string | null): QueueView | null {
  const views: QueueView[] = ['active', 'mine', 'unassigned', 'breaching', 'waiting'];
  return (
    views.find((view) => {
      if (view === 'mine' && meId == null) return false;
      const part = viewPart(view, meId);
      return part.status === filters.status && part.assignee === filters.assignee && part.view === filters.view;
    }) ?? null
  );
}

/**
 * The columns of a ticket list; without the customer on a customer's own
 * page. `now` is read for the SLA of rows whose clock runs (pass the shared
 * clock's, and the column counts down).
 */
export function ticketColumns(withCustomer = true, now: () => Date = () => new Date()): Column<TicketListItem>[] {
  // Only a running clock needs the time; the rest never read (and so never tick) the live one.
  const sla = (t: TicketListItem) => rowSla(t, t.responseDueAt ? now() : new Date(0));
  return [
    { key: 'number', label: 'Number', get: (t) => t.ticketNumber, kind: 'mono', width: '8rem' },
    { key: 'subject', label: 'Subject', get: (t) => t.subject },
    ...(withCustomer ? [{ key: 'customer', label: 'Customer', get: (t: TicketListItem) => t.customerName ?? t.customerEmail }] : []),
    { key: 'priority', label: 'Priority', get: (t) => t.priority, kind: 'badge', sortBy: (t) => priorityRank(t.priority) },
    { key: 'status', label: 'Status', get: (t) => t.status, kind: 'badge', sortBy: (t) => statusRank(t.status) },
    { key: 'assignee', label: 'Assignee', get: (t) => t.assigneeName ?? (t.assignedTo ? 'Support staff' : 'Unassigned') },
    {
      key: 'sla',
      label: 'SLA',
      get: (t) => sla(t)?.text ?? null,
      kind: 'badge',
      tone: (_, t) => sla(t)?.tone,
      // By the due time: the soonest first; flagged rows without a running clock after, then the rest.
      sortBy: (t) => (t.responseDueAt ? Date.parse(t.responseDueAt) : t.slaBreached ? Number.MAX_SAFE_INTEGER : null),
      width: '9rem',
    },
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

/**
 * A ticket row stands out when its SLA is breached (flagged, or its clock
 * ran past the due time by `now`) or it is urgent and still open.
 */
export function ticketRowClass(ticket: TicketListItem, now: Date): string | null {
  const done = ticket.status === 'resolved' || ticket.status === 'closed';
  if (done) return 'muted';
  const overdue = ticket.responseDueAt != null && Date.parse(ticket.responseDueAt) < now.getTime();
  return ticket.slaBreached || overdue || ticket.priority === 'urgent' ? 'alert' : null;
}

/** Still being worked: neither resolved nor closed. */
function stillWorked(status: string): boolean {
  return status !== 'resolved' && status !== 'closed';
}

/**
 * A customer's tickets other than `ticketId`: those still being worked
 * first, then resolved, then closed, each group in the order read (most
 * urgent first).
 */
export function otherTickets(tickets: readonly TicketListItem[], ticketId: string): TicketListItem[] {
  const rank = (t: TicketListItem) => (stillWorked(t.status) ? 0 : t.status === 'resolved' ? 1 : 2);
  return tickets.filter((t) => t.id !== ticketId).sort((a, b) => rank(a) - rank(b));
}

/** The tickets `ticketId` can be merged into: the customer's others that still take messages (not closed). */
export function mergeTargets(tickets: readonly TicketListItem[], ticketId: string): TicketListItem[] {
  return otherTickets(tickets, ticketId).filter((t) => t.status !== 'closed');
}
