import { describe, expect, it } from 'vitest';
import type { EmailForwarding, OutboxEntry } from '../ipc';
import { blankForward, catchAllAddress, draftOf, forwardErrors, parseTargets, pendingForwards, sortForwards, targetsText, withCatchAll } from './forwards';

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
