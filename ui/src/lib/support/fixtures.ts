// Queue rows and search hits for the support desk's tests: a plain open
// ticket, which each test adjusts with the fields it is about.

import type { TicketListItem, TicketSearchHit } from '../ipc';

export function ticketItem(over: Partial<TicketListItem> = {}): TicketListItem {
  return {
    id: 't1',
    ticketNumber: 'TKT-2026-000001',
    subject: 'Site down',
    status: 'open',
    priority: 'normal',
    userId: 'u1',
    customerName: null,
    customerEmail: null,
    assignedTo: null,
    assigneeName: null,
    category: 'general',
    slaBreached: false,
    responseDueAt: null,
    messageCount: 1,
    lastResponseAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    pending: false,
    ...over,
  };
}

export function searchHit(over: Partial<TicketSearchHit> = {}): TicketSearchHit {
  return {
    id: 't1',
    ticketNumber: 'TKT-2026-000123',
    subject: 'Certificate expired',
    status: 'open',
    priority: 'normal',
    customerName: 'Lena Fischer',
    createdAt: '2026-03-02T09:30:00Z',
    messageId: null,
    snippet: [
      { text: 'the ', hit: false },
      { text: 'certificate', hit: true },
      { text: ' ran out', hit: false },
    ],
    ...over,
  };
}
