import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../ipc';
import {
  blankTicket,
  composerState,
  isCannedShortcut,
  isSendShortcut,
  isStaff,
  MAX_MINUTES_SPENT,
  messageStates,
  minutesSpent,
  placeErrors,
  ticketDraft,
  ticketQueued,
  ticketShortcut,
} from './workflow';

describe('who works tickets', () => {
  it('counts support and admin as staff, everyone else as a customer', () => {
    expect(isStaff('support')).toBe(true);
    expect(isStaff('admin')).toBe(true);
    expect(isStaff('user')).toBe(false);
    expect(isStaff('reseller')).toBe(false);
    expect(isStaff(null)).toBe(false);
  });
});

describe('the composer', () => {
  it('is refused to staff on a closed ticket, with a sentence saying so', () => {
    expect(composerState('closed', true, 'reply').closed).toMatch(/closed/);
    expect(composerState('closed', true, 'note')).toMatchObject({ closed: expect.stringMatching(/no more replies or notes/), followUp: null });
  });

  it('stays open to a customer on a closed ticket, saying the reply opens a follow-up', () => {
    expect(composerState('closed', false, 'reply')).toEqual({
      closed: null,
      hint: null,
      followUp: 'This ticket is closed. Sending opens a follow-up ticket that points back here.',
    });
  });

  it('warns a customer that replying reopens a waiting or resolved ticket', () => {
    expect(composerState('waiting_customer', false, 'reply')).toEqual({ closed: null, hint: 'Replying reopens this ticket', followUp: null });
    expect(composerState('resolved', false, 'reply').hint).toBe('Replying reopens this ticket');
  });

  it('says nothing more for a ticket being worked, or for staff', () => {
    expect(composerState('open', false, 'reply')).toEqual({ closed: null, hint: null, followUp: null });
    expect(composerState('resolved', true, 'reply')).toEqual({ closed: null, hint: null, followUp: null });
    expect(composerState('waiting_customer', true, 'note')).toEqual({ closed: null, hint: null, followUp: null });
  });

  it('sends on Ctrl+Enter or Cmd+Enter, not on Enter alone', () => {
    const key = { key: 'Enter', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
    expect(isSendShortcut({ ...key, ctrlKey: true })).toBe(true);
    expect(isSendShortcut({ ...key, metaKey: true })).toBe(true);
    expect(isSendShortcut(key)).toBe(false);
    expect(isSendShortcut({ ...key, ctrlKey: true, shiftKey: true })).toBe(false);
    expect(isSendShortcut({ ...key, key: 'a', ctrlKey: true })).toBe(false);
  });

  it('opens the canned replies on Ctrl+/ or ⌘+/, shifted or not (layouts differ)', () => {
    const slash = { key: '/', ctrlKey: false, metaKey: false, altKey: false };
    expect(isCannedShortcut({ ...slash, ctrlKey: true })).toBe(true);
    expect(isCannedShortcut({ ...slash, metaKey: true })).toBe(true);
    expect(isCannedShortcut(slash)).toBe(false);
    expect(isCannedShortcut({ ...slash, ctrlKey: true, altKey: true })).toBe(false);
    expect(isCannedShortcut({ ...slash, key: '7', ctrlKey: true })).toBe(false);
  });
});

describe('ticket shortcuts', () => {
  it('gives staff reply, note, assign, status and close', () => {
    expect(['r', 'n', 'a', 's', 'e'].map((k) => ticketShortcut(k, true))).toEqual(['reply', 'note', 'assign', 'status', 'close']);
  });

  it('gives customers only reply and status', () => {
    expect(['r', 'n', 'a', 's', 'e'].map((k) => ticketShortcut(k, false))).toEqual(['reply', null, null, 'status', null]);
  });

  it('ignores other keys and capitals', () => {
    expect(ticketShortcut('R', true)).toBeNull();
    expect(ticketShortcut('E', true)).toBeNull();
    expect(ticketShortcut('j', true)).toBeNull();
  });
});

describe('time spent', () => {
  it('sends nothing for an empty field or 0', () => {
    expect(minutesSpent('')).toEqual({ minutes: null, error: null });
    expect(minutesSpent('  ')).toEqual({ minutes: null, error: null });
    expect(minutesSpent('0')).toEqual({ minutes: null, error: null });
  });

  it('sends whole minutes up to a working day', () => {
    expect(minutesSpent('15')).toEqual({ minutes: 15, error: null });
    expect(minutesSpent('7')).toEqual({ minutes: 7, error: null });
    expect(minutesSpent(String(MAX_MINUTES_SPENT))).toEqual({ minutes: 480, error: null });
  });

  it('refuses fractions, values out of range and what is no number', () => {
    expect(minutesSpent('12.5')).toMatchObject({ minutes: null, error: 'Whole minutes only.' });
    expect(minutesSpent('481').error).toMatch(/0 to 480/);
    expect(minutesSpent('-5').error).toMatch(/0 to 480/);
    expect(minutesSpent('abc').error).toBe('Minutes, as a number.');
    expect(minutesSpent('', true)).toEqual({ minutes: null, error: 'Minutes, as a number.' });
  });
});

describe('queued messages', () => {
  const entry = (docId: string, status: OutboxEntry['status'], collection: OutboxEntry['collection'] = 'supportMessages') => ({ docId, status, collection });

  it('marks messages waiting in the outbox, or made here and never sent, and refused ones by their state', () => {
    const messages = [
      { _id: 'm1', version: 3 },
      { _id: 'm2', version: 0 },
      { _id: 'm3', version: 0 },
      { _id: 'm4', version: 1 },
      { _id: 'm5', version: 1 },
    ];
    const states = messageStates(messages, [entry('m3', 'failed'), entry('m4', 'pending'), entry('m5', 'pending', 'supportTickets')]);
    expect([...states]).toEqual([
      ['m2', 'pending'],
      ['m3', 'failed'],
      ['m4', 'pending'],
    ]);
  });

  it('knows when a ticket has a change queued', () => {
    expect(ticketQueued('t1', [entry('t1', 'pending', 'supportTickets')])).toBe(true);
    expect(ticketQueued('t1', [entry('t1', 'pending')])).toBe(false);
  });
});

describe('errors beside the inputs', () => {
  it('puts each error by its field, whatever the argument it came in', () => {
    const placed = placeErrors(
      [
        { field: 'draft.subject', code: 'required', message: 'a subject is needed' },
        { field: 'relatedDomains[1]', code: 'not_yours', message: 'not your domain' },
        { field: 'change.status', code: 'not_allowed', message: 'closed is final' },
        { field: 'customerId', code: 'not_found', message: 'no such customer' },
      ],
      ['subject', 'relatedDomains', 'status'],
    );
    expect(placed.byField).toEqual({ subject: ['a subject is needed'], relatedDomains: ['not your domain'], status: ['closed is final'] });
    expect(placed.other).toEqual(['no such customer']);
  });
});

describe('a new ticket', () => {
  it('starts as a general, normal-priority ticket for oneself', () => {
    expect(ticketDraft(blankTicket())).toEqual({
      customerId: null,
      subject: '',
      description: '',
      priority: 'normal',
      category: 'general',
      subcategory: null,
      relatedDomains: [],
    });
  });

  it('sends trimmed text and each domain once', () => {
    const draft = ticketDraft({
      ...blankTicket(),
      customerId: 'u1',
      subject: '  Site down ',
      description: ' since 10:00\n',
      relatedDomains: ['example.com', ' example.com', 'shop.example'],
    });
    expect(draft).toMatchObject({ customerId: 'u1', subject: 'Site down', description: 'since 10:00', relatedDomains: ['example.com', 'shop.example'] });
  });
});
