import { describe, expect, it } from 'vitest';
import type { EmailForwarding, Operation, OutboxEntry } from '../ipc';
import {
  blankForward,
  catchAllAddress,
  draftOf,
  forwardErrors,
  parseTargets,
  pendingForwards,
  queuedForward,
  sortForwards,
  targetsText,
  withCatchAll,
  withQueuedDraft,
} from './forwards';

function forward(partial: Partial<EmailForwarding> & Pick<EmailForwarding, '_id' | 'fromEmail'>): EmailForwarding {
  return {
    domainId: 'd',
    userId: 'u',
    toEmails: ['me@example.net'],
    isActive: true,
    catchAll: false,
    forwardedCount: 0,
    lastForwardedAt: null,
    createdAt: '',
    updatedAt: '',
    version: 1,
    ...partial,
  };
}

describe('drafts', () => {
  it('starts at the domain and copies a forward', () => {
    expect(blankForward('example.com')).toEqual({ fromEmail: '@example.com', toEmails: [], isActive: true, catchAll: false });
    const f = forward({ _id: '1', fromEmail: 'info@example.com', toEmails: ['a@x.net', 'b@y.org'], isActive: false });
    expect(draftOf(f)).toEqual({ fromEmail: 'info@example.com', toEmails: ['a@x.net', 'b@y.org'], isActive: false, catchAll: false });
  });

  it('reads a target list typed with commas, semicolons or spaces', () => {
    expect(parseTargets(' a@x.net, b@y.org;c@z.io\n d@w.com ,, ')).toEqual(['a@x.net', 'b@y.org', 'c@z.io', 'd@w.com']);
    expect(parseTargets('')).toEqual([]);
    expect(targetsText(['a@x.net', 'b@y.org'])).toBe('a@x.net, b@y.org');
  });

  it('writes a catch-all as *@domain and gives the address back when switched off', () => {
    const on = withCatchAll(blankForward('example.com'), true, 'example.com');
    expect(on).toMatchObject({ catchAll: true, fromEmail: catchAllAddress('example.com') });
    expect(withCatchAll(on, false, 'example.com')).toMatchObject({ catchAll: false, fromEmail: '@example.com' });
    expect(withCatchAll({ ...on, fromEmail: 'kept@example.com' }, false, 'example.com').fromEmail).toBe('kept@example.com');
  });
});

describe('errors beside the inputs', () => {
  it('puts each error by its field, a target by its index', () => {
    const errors = forwardErrors([
      { field: 'fromEmail', code: 'foreign_domain', message: 'not at this domain' },
      { field: 'toEmails[1]', code: 'loop', message: 'forwards to itself' },
      { field: 'draft.toEmails[1]', code: 'invalid_email', message: 'not an address' },
      { field: 'toEmails', code: 'duplicate', message: 'listed twice' },
      { field: 'catchAll', code: 'one_catch_all', message: 'already has one' },
    ]);
    expect(errors.fromEmail).toEqual(['not at this domain']);
    expect(errors.target.get(1)).toEqual(['forwards to itself', 'not an address']);
    expect(errors.toEmails).toEqual(['listed twice']);
    expect(errors.other).toEqual(['already has one']);
  });
});

describe('the list', () => {
  it('puts catch-alls last and the rest by address', () => {
    const list = [forward({ _id: '1', fromEmail: '*@e.com', catchAll: true }), forward({ _id: '2', fromEmail: 'sales@e.com' }), forward({ _id: '3', fromEmail: 'info@e.com' })];
    expect(sortForwards(list).map((f) => f._id)).toEqual(['3', '2', '1']);
  });

  it('marks forwards made here or with a queued edit as pending', () => {
    const list = [forward({ _id: 'new', fromEmail: 'a@e.com', version: 0 }), forward({ _id: 'q', fromEmail: 'b@e.com' }), forward({ _id: 'c', fromEmail: 'c@e.com' })];
    const entries = [
      { collection: 'emailForwardings', docId: 'q', status: 'pending' },
      { collection: 'emailForwardings', docId: 'c', status: 'failed' },
      { collection: 'domains', docId: 'c', status: 'pending' },
    ] as OutboxEntry[];
    expect([...pendingForwards(list, entries)]).toEqual(['new', 'q']);
  });
});

describe('correcting a refused forward edit', () => {
  const draft = { fromEmail: 'sales@e.com', toEmails: ['a@x.net'], isActive: true, catchAll: false };
  const create: Operation = { kind: 'forwardCreate', domainId: 'd1', zone: 'e.com', userId: 'u1', draft };
  const update: Operation = { kind: 'forwardUpdate', zone: 'e.com', draft };

  it('opens with the queued draft, a copy, and knows the domain of a create', () => {
    const opened = queuedForward(create);
    expect(opened).toEqual({ zone: 'e.com', draft, domainId: 'd1' });
    opened!.draft.toEmails.push('b@y.org');
    expect(draft.toEmails).toEqual(['a@x.net']);
    expect(queuedForward(update)).toEqual({ zone: 'e.com', draft, domainId: null });
    expect(queuedForward({ kind: 'forwardDelete', fromEmail: 'sales@e.com' })).toBeNull();
    expect(queuedForward({ kind: 'domainSettings', settings: {} })).toBeNull();
  });

  it('sends the same edit with the new draft, whatever else it carries', () => {
    const fixed = { ...draft, fromEmail: 'sales2@e.com' };
    expect(withQueuedDraft(create, fixed)).toEqual({ ...create, draft: fixed });
    expect(withQueuedDraft(update, fixed)).toEqual({ kind: 'forwardUpdate', zone: 'e.com', draft: fixed });
    const settings: Operation = { kind: 'domainSettings', settings: { autoRenew: true } };
    expect(withQueuedDraft(settings, fixed)).toBe(settings);
  });
});
