import { describe, expect, it } from 'vitest';
import type { TicketListItem } from '../ipc';
import { columnText, sortRows } from '../components/table';
import {
  chooseView,
  currentView,
  filtersFromParams,
  isFiltered,
  mergeTargets,
  NO_FILTERS,
  otherTickets,
  priorityRank,
  queueViews,
  ticketColumns,
  ticketQuery,
  ticketRowClass,
} from './tickets';
import { ticketItem } from './fixtures';

const ME = '65a1b2c3d4e5f60718293a4b';
const DUE = '2026-03-02T12:00:00Z';
/** A fixed clock `minutes` before the due time (negative: after it). */
const before = (minutes: number) => new Date(Date.parse(DUE) - minutes * 60_000);

function ticket(over: Partial<TicketListItem> = {}): TicketListItem {
  return ticketItem({
    ticketNumber: 'TKT-2026-0001',
    customerName: 'Marco Bianchi',
    customerEmail: 'marco@example.com',
    category: 'technical',
    messageCount: 3,
    updatedAt: '2026-01-02T00:00:00Z',
    ...over,
  });
}

describe('filtersFromParams', () => {
  it('takes known statuses and priorities', () => {
    expect(filtersFromParams({ status: 'in_progress', priority: 'URGENT' })).toEqual({ ...NO_FILTERS, status: 'in_progress', priority: 'urgent' });
  });

  it('takes the view, the category and the order', () => {
    expect(filtersFromParams({ view: 'active', sort: 'due', category: 'Billing' })).toEqual({ ...NO_FILTERS, view: 'active', sort: 'due', category: 'billing' });
    expect(filtersFromParams({ view: 'breaching' }).view).toBe('breaching');
  });

  it('ignores unknown values', () => {
    expect(filtersFromParams({ status: 'everything', priority: 'meh', assignedTo: 'bob', view: 'mine', sort: 'random', category: 'sales' })).toEqual(NO_FILTERS);
    expect(filtersFromParams({})).toEqual(NO_FILTERS);
  });

  it('reads the assignee: unassigned or a user id', () => {
    expect(filtersFromParams({ assignedTo: 'unassigned' }).assignee).toBe('unassigned');
    expect(filtersFromParams({ assignee: ME }).assignee).toBe(ME);
  });
});

describe('ticketQuery', () => {
  it('sends null for no filter, and the view and order always', () => {
    expect(ticketQuery({ ...NO_FILTERS, priority: 'high' }, 200, 400)).toEqual({
      status: null,
      priority: 'high',
      assignedTo: null,
      category: null,
      view: 'all',
      sort: 'queue',
      limit: 200,
      offset: 400,
    });
    expect(ticketQuery({ ...NO_FILTERS, category: 'migration', view: 'breaching', sort: 'due' }, 10, 0)).toMatchObject({
      category: 'migration',
      view: 'breaching',
      sort: 'due',
    });
  });

  it('counts the order as no filter', () => {
    expect(isFiltered({ ...NO_FILTERS, sort: 'due' })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, category: 'billing' })).toBe(true);
    expect(isFiltered({ ...NO_FILTERS, view: 'active' })).toBe(true);
  });
});

describe('queue views', () => {
  it('offers Mine and Unassigned to staff only, Mine only with someone signed in', () => {
    expect(queueViews(true, ME, null).map((v) => v.key)).toEqual(['active', 'mine', 'unassigned', 'breaching', 'waiting']);
    expect(queueViews(true, null, null).map((v) => v.key)).toEqual(['active', 'unassigned', 'breaching', 'waiting']);
    expect(queueViews(false, ME, null).map((v) => v.key)).toEqual(['active', 'breaching', 'waiting']);
  });

  it('counts each view once the counts are in, breaches in red', () => {
    const counts = { active: 1204, mine: 3, unassigned: 7, breaching: 2, waiting: 0 };
    expect(queueViews(true, ME, counts)).toEqual([
      { key: 'active', label: 'Active', count: '1,204', tone: undefined },
      { key: 'mine', label: 'Mine', count: '3', tone: undefined },
      { key: 'unassigned', label: 'Unassigned', count: '7', tone: undefined },
      { key: 'breaching', label: 'Breaching ≤ 1 h', count: '2', tone: 'bad' },
      { key: 'waiting', label: 'Waiting on customer', count: '0', tone: undefined },
    ]);
    expect(queueViews(false, ME, { ...counts, breaching: 0 }).find((v) => v.key === 'breaching')?.tone).toBeUndefined();
    expect(queueViews(false, ME, null).every((v) => v.count === '')).toBe(true);
  });

  it('sets what each view means and keeps priority, category and order', () => {
    const chosen = { ...NO_FILTERS, priority: 'urgent', category: 'billing', sort: 'due' as const, status: 'open' };
    const kept = { priority: 'urgent', category: 'billing', sort: 'due' };
    expect(chooseView(chosen, 'active', ME)).toEqual({ ...kept, status: '', assignee: '', view: 'active' });
    expect(chooseView(chosen, 'mine', ME)).toEqual({ ...kept, status: '', assignee: ME, view: 'active' });
    expect(chooseView(chosen, 'unassigned', ME)).toEqual({ ...kept, status: '', assignee: 'unassigned', view: 'active' });
    expect(chooseView(chosen, 'breaching', ME)).toEqual({ ...kept, status: '', assignee: '', view: 'breaching' });
    expect(chooseView(chosen, 'waiting', ME)).toEqual({ ...kept, status: 'waiting_customer', assignee: '', view: 'all' });
    expect(chooseView({ ...chosen, view: 'breaching' }, null, ME)).toEqual({ ...kept, status: '', assignee: '', view: 'all' });
  });

  it('knows which view the filters are, and none once a filter is added on top', () => {
    for (const view of ['active', 'mine', 'unassigned', 'breaching', 'waiting'] as const) {
      expect(currentView(chooseView(NO_FILTERS, view, ME), ME), view).toBe(view);
    }
    expect(currentView(filtersFromParams({ view: 'active', sort: 'due' }), ME)).toBe('active');
    expect(currentView({ ...chooseView(NO_FILTERS, 'active', ME), status: 'open' }, ME)).toBeNull();
    expect(currentView(NO_FILTERS, ME)).toBeNull();
    expect(currentView({ ...NO_FILTERS, assignee: ME, view: 'active' }, null)).toBeNull();
  });
});

describe('ticket columns', () => {
  it('counts a running SLA down with the clock it is given, says Breached for a flagged one', () => {
    let now = before(42);
    const sla = ticketColumns(true, () => now).find((c) => c.key === 'sla')!;
    const runningTicket = ticket({ responseDueAt: DUE });
    expect(columnText(sla, runningTicket)).toBe('Due in 42 min');
    expect(sla.tone?.(sla.get(runningTicket), runningTicket)).toBe('warn');
    now = before(-5);
    expect(columnText(sla, runningTicket)).toBe('Overdue by 5 min');
    expect(sla.tone?.(sla.get(runningTicket), runningTicket)).toBe('bad');
    expect(columnText(sla, ticket({ slaBreached: true }))).toBe('Breached');
    expect(columnText(sla, ticket())).toBe('');
  });

  it('sorts the SLA by due time, soonest first, clockless rows last', () => {
    const sla = ticketColumns().find((c) => c.key === 'sla')!;
    const rows = [
      ticket({ id: 'none' }),
      ticket({ id: 'later', responseDueAt: '2026-03-02T15:00:00Z' }),
      ticket({ id: 'flagged', slaBreached: true }),
      ticket({ id: 'soon', responseDueAt: DUE }),
    ];
    expect(sortRows(rows, sla, 'asc').map((t) => t.id)).toEqual(['soon', 'later', 'flagged', 'none']);
  });

  it('names the assignee', () => {
    const assignee = ticketColumns().find((c) => c.key === 'assignee')!;
    expect(columnText(assignee, ticket())).toBe('Unassigned');
    expect(columnText(assignee, ticket({ assignedTo: 'x', assigneeName: 'Sarah Johnson' }))).toBe('Sarah Johnson');
    expect(columnText(assignee, ticket({ assignedTo: 'x' }))).toBe('Support staff');
  });

  it('leaves the customer out on a customer page', () => {
    expect(ticketColumns(false).some((c) => c.key === 'customer')).toBe(false);
  });

  it('sorts priority by urgency, not by name', () => {
    const priority = ticketColumns().find((c) => c.key === 'priority')!;
    const rows = [ticket({ id: 'a', priority: 'low' }), ticket({ id: 'b', priority: 'urgent' }), ticket({ id: 'c', priority: 'high' })];
    expect(sortRows(rows, priority, 'asc').map((t) => t.id)).toEqual(['b', 'c', 'a']);
    expect(priorityRank('bogus')).toBe(4);
  });
});

describe('ticketRowClass', () => {
  it('marks breached or urgent open tickets and mutes finished ones', () => {
    const now = before(0);
    expect(ticketRowClass(ticket({ slaBreached: true }), now)).toBe('alert');
    expect(ticketRowClass(ticket({ priority: 'urgent' }), now)).toBe('alert');
    expect(ticketRowClass(ticket({ status: 'closed', slaBreached: true }), now)).toBe('muted');
    expect(ticketRowClass(ticket(), now)).toBeNull();
  });

  it('marks a running ticket once the clock passes its due time, before the provider flags it', () => {
    const running = ticket({ responseDueAt: DUE });
    expect(ticketRowClass(running, before(1))).toBeNull();
    expect(ticketRowClass(running, before(0))).toBeNull();
    expect(ticketRowClass(running, before(-1))).toBe('alert');
  });
});

describe('a customer’s other tickets', () => {
  const rows = [
    ticket({ id: 'closed', status: 'closed' }),
    ticket({ id: 'this', status: 'open' }),
    ticket({ id: 'resolved', status: 'resolved' }),
    ticket({ id: 'urgent', status: 'in_progress', priority: 'urgent' }),
    ticket({ id: 'waiting', status: 'waiting_customer' }),
  ];

  it('leaves this ticket out and puts those still being worked first, keeping the order read', () => {
    expect(otherTickets(rows, 'this').map((t) => t.id)).toEqual(['urgent', 'waiting', 'resolved', 'closed']);
  });

  it('offers as merge targets only those that still take messages', () => {
    expect(mergeTargets(rows, 'this').map((t) => t.id)).toEqual(['urgent', 'waiting', 'resolved']);
    expect(mergeTargets([ticket({ id: 'this' })], 'this')).toEqual([]);
  });
});
