import { describe, expect, it } from 'vitest';
import type { Person } from '../ipc';
import { attachmentId, attachments, authorRole, messageAuthor, messageKind, messageIndex, minutesBetween, nextMessage, slaFacts, statusChangeText, ticketRefs } from './thread';

const customer: Person = { id: 'u1', fullName: 'Marco Bianchi', email: 'marco@example.com', company: null, role: 'user' };
const staff = { name: 'Sarah Johnson', role: 'Technical Support', department: 'Support' };

describe('messages', () => {
  it('tells customer, staff, note and status messages apart', () => {
    expect(messageKind({ messageType: 'reply', isFromCustomer: true })).toBe('customer');
    expect(messageKind({ messageType: 'reply', isFromCustomer: false })).toBe('staff');
    expect(messageKind({ messageType: 'note', isFromCustomer: false })).toBe('note');
    expect(messageKind({ messageType: 'status_change' })).toBe('status');
  });

  it('names the author', () => {
    expect(messageAuthor({ messageType: 'reply', isFromCustomer: true }, customer)).toBe('Marco Bianchi');
    expect(messageAuthor({ messageType: 'reply', isFromCustomer: true }, null)).toBe('Customer');
    expect(messageAuthor({ messageType: 'reply', isFromCustomer: false, staffInfo: staff }, customer)).toBe('Sarah Johnson');
    expect(messageAuthor({ messageType: 'note', isFromCustomer: false }, customer)).toBe('Support team');
    expect(authorRole({ staffInfo: staff })).toBe('Technical Support · Support');
    expect(authorRole({ staffInfo: { name: 'x', role: 'Support', department: 'Support' } })).toBe('Support');
    expect(authorRole({})).toBeNull();
  });

  it('words status changes', () => {
    expect(statusChangeText({ statusChange: { from: 'open', to: 'in_progress' } })).toBe('Status changed from Open to in progress');
    expect(statusChangeText({ content: 'Closed by the system' })).toBe('Closed by the system');
  });

  it('lists attachments with readable sizes', () => {
    expect(attachments({ attachments: [{ filename: 'build.log', fileSize: 88_213, mimeType: 'text/plain', url: 'https://x' }] })).toEqual([
      { filename: 'build.log', size: '86 KB', mimeType: 'text/plain', url: 'https://x', id: null },
    ]);
    expect(attachments({ attachments: [{ filename: 'a.png', fileSize: 10, mimeType: 'image/png', url: '/api/v1/attachments/65f1c0ffee' }] })[0]?.id).toBe('65f1c0ffee');
    expect(attachments({})).toEqual([]);
  });

  it('reads an attachment’s id from its provider URL, and none from anything else', () => {
    expect(attachmentId('/api/v1/attachments/65f1a2b3c4d5e6f708192a3b')).toBe('65f1a2b3c4d5e6f708192a3b');
    expect(attachmentId('/api/v1/attachments/0b7c9e2a-51d4-4a7e-9c3f-2d1e8f6a4b5c')).toBe('0b7c9e2a-51d4-4a7e-9c3f-2d1e8f6a4b5c');
    expect(attachmentId('https://desk.example.com/api/v1/attachments/abc123')).toBe('abc123');
    expect(attachmentId('/api/v1/attachments/abc123/')).toBe('abc123');
    expect(attachmentId('/api/v1/attachments/abc123?download=1')).toBe('abc123');
    // The older demo data's storage URLs have none.
    expect(attachmentId('https://storage.hostjamstack.com/attachments/65f1a2b3c4d5e6f708192a3b.pdf')).toBeNull();
    expect(attachmentId('/api/v1/attachments/')).toBeNull();
    expect(attachmentId('/api/v1/attachments/abc/raw')).toBeNull();
    expect(attachmentId('/api/v1/attachments/../users')).toBeNull();
    expect(attachmentId('/api/v2/attachments/abc123')).toBeNull();
    expect(attachmentId('')).toBeNull();
    expect(attachmentId(null)).toBeNull();
  });
});

describe('SLA', () => {
  const ticket = { createdAt: '2026-01-01T10:00:00Z', firstResponseAt: '2026-01-01T13:10:00Z' };

  it('measures the first response against the promise', () => {
    expect(minutesBetween('2026-01-01T10:00:00Z', '2026-01-01T10:45:00Z')).toBe(45);
    expect(minutesBetween(null, '2026-01-01T10:45:00Z')).toBeNull();
    expect(slaFacts(ticket, 60)).toEqual({ firstResponseAfter: '3 h 10 min', late: true });
    expect(slaFacts(ticket, 240)).toEqual({ firstResponseAfter: '3 h 10 min', late: false });
    expect(slaFacts({ createdAt: '2026-01-01T10:00:00Z' }, null)).toEqual({ firstResponseAfter: null, late: false });
  });
});

describe('messageIndex', () => {
  it('finds the message a search matched, by id', () => {
    const messages = [{ _id: 'm1' }, { _id: 'm2' }, { _id: 'm3' }];
    expect(messageIndex(messages, 'm2')).toBe(1);
    expect(messageIndex(messages, 'gone')).toBe(-1);
    expect(messageIndex(messages, null)).toBe(-1);
    expect(messageIndex([], 'm1')).toBe(-1);
  });
});

describe('nextMessage', () => {
  it('moves with j/k and stays inside the thread', () => {
    expect(nextMessage('j', 0, 3)).toBe(1);
    expect(nextMessage('j', 2, 3)).toBe(2);
    expect(nextMessage('k', 0, 3)).toBe(0);
    expect(nextMessage('k', -1, 3)).toBe(0);
    expect(nextMessage('End', 0, 3)).toBe(2);
    expect(nextMessage('x', 0, 3)).toBeNull();
    expect(nextMessage('j', 0, 0)).toBeNull();
  });
});

describe('ticketRefs', () => {
  it('cuts out the ticket numbers a text names, any case, keeping the rest as it is', () => {
    expect(ticketRefs('Follow-up to TKT-2026-000123 (closed).\n\nSee also tkt-2025-000009.')).toEqual([
      { text: 'Follow-up to ', ticket: null },
      { text: 'TKT-2026-000123', ticket: 'TKT-2026-000123' },
      { text: ' (closed).\n\nSee also ', ticket: null },
      { text: 'tkt-2025-000009', ticket: 'TKT-2025-000009' },
      { text: '.', ticket: null },
    ]);
  });

  it('takes whole numbers only', () => {
    expect(ticketRefs('TKT-2026-0001234 and XTKT-2026-000123 and TKT-26-000123').every((p) => p.ticket == null)).toBe(true);
    expect(ticketRefs('TKT-2026-000123')).toEqual([{ text: 'TKT-2026-000123', ticket: 'TKT-2026-000123' }]);
  });

  it('leaves markup as text, for the page to show as text', () => {
    expect(ticketRefs('<b>TKT-2026-000001</b>')).toEqual([
      { text: '<b>', ticket: null },
      { text: 'TKT-2026-000001', ticket: 'TKT-2026-000001' },
      { text: '</b>', ticket: null },
    ]);
    expect(ticketRefs('')).toEqual([]);
  });
});
