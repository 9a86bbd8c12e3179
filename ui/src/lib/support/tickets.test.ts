import { describe, expect, it } from 'vitest';
import type { TicketListItem } from '../ipc';
import { columnText, sortRows } from '../components/table';
import { filtersFromParams, priorityRank, ticketColumns, ticketQuery, ticketRowClass } from './tickets';

function ticket(over: Partial<TicketListItem> = {}): TicketListItem {
  return {
    id: 't1',
    ticketNumber: 'TKT-2026-0001',
    subject: 'Site down',
    status: 'open',
    priority: 'normal',
    userId: 'u1',
    customerName: 'Marco Bianchi',
    customerEmail: 'marco@example.com',
    assignedTo: null,
    assigneeName: null,
    slaBreached: false,
    messageCount: 3,
    lastResponseAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-02T00:00:00Z',
    pending: false,
    ...over,
  };
}

describe('filtersFromParams', () => {
  it('takes known statuses and priorities', () => {
    expect(filtersFromParams({ status: 'in_progress', priority: 'URGENT' })).toEqual({ status: 'in_progress', priority: 'urgent', assignee: '' });
  });

  it('ignores unknown values', () => {
    expect(filtersFromParams({ status: 'everything', priority: 'meh', assignedTo: 'bob' })).toEqual({ status: '', priority: '', assignee: '' });
  });

  it('reads the assignee: unassigned or a user id', () => {
    expect(filtersFromParams({ assignedTo: 'unassigned' }).assignee).toBe('unassigned');
    expect(filtersFromParams({ assignee: '65a1b2c3d4e5f60718293a4b' }).assignee).toBe('65a1b2c3d4e5f60718293a4b');
  });
});

describe('ticketQuery', () => {
  it('sends null for no filter', () => {
    expect(ticketQuery({ status: '', priority: 'high', assignee: '' }, 200, 400)).toEqual({
      status: null,
      priority: 'high',
      assignedTo: null,
      limit: 200,
      offset: 400,
    });
  });
});

describe('ticket columns', () => {
  it('flags a breached SLA and names the assignee', () => {
    const columns = ticketColumns();
    const sla = columns.find((c) => c.key === 'sla')!;
    const assignee = columns.find((c) => c.key === 'assignee')!;
    expect(columnText(sla, ticket({ slaBreached: true }))).toBe('Breached');
    expect(columnText(sla, ticket())).toBe('');
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
    expect(ticketRowClass(ticket({ slaBreached: true }))).toBe('alert');
    expect(ticketRowClass(ticket({ priority: 'urgent' }))).toBe('alert');
    expect(ticketRowClass(ticket({ status: 'closed', slaBreached: true }))).toBe('muted');
    expect(ticketRowClass(ticket())).toBeNull();
  });
});
