import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../ipc';
import {
  entryProblems,
  extraFields,
  hostList,
  moveItem,
  nameserverErrors,
  pendingSettings,
  normalizeHost,
  sameNameservers,
  tabAfter,
  years,
} from './detail';

describe('tabs', () => {
  it('move with the arrows, wrapping, and jump with Home/End', () => {
    expect(tabAfter('overview', 'ArrowRight')).toBe('settings');
    expect(tabAfter('overview', 'ArrowLeft')).toBe('transfers');
    expect(tabAfter('transfers', 'ArrowRight')).toBe('overview');
    expect(tabAfter('dns', 'Home')).toBe('overview');
    expect(tabAfter('dns', 'End')).toBe('transfers');
    expect(tabAfter('dns', 'Enter')).toBeNull();
  });
});

describe('name-server errors', () => {
  it('sit beside the entry they name', () => {
    const errors = nameserverErrors(
      [
        { field: 'nameservers[1]', code: 'invalid_hostname', message: 'not a host name' },
        { field: 'nameservers[1]', code: 'duplicate', message: 'listed twice' },
        { field: 'nameservers', code: 'invalid_count', message: 'needs 2 to 13' },
        { field: 'nameservers[9]', code: 'invalid_hostname', message: 'past the end' },
      ],
      3,
    );
    expect(errors.perEntry).toEqual([[], ['not a host name', 'listed twice'], []]);
    expect(errors.general).toEqual(['needs 2 to 13', 'past the end']);
  });

  it('are empty for a valid list', () => {
    expect(nameserverErrors([], 2)).toEqual({ perEntry: [[], []], general: [] });
  });
});

describe('name-server lists', () => {
  it('compare as the provider does', () => {
    expect(normalizeHost(' NS1.Example.NET. ')).toBe('ns1.example.net');
    expect(sameNameservers(['ns1.example.net', 'ns2.example.net'], ['NS1.example.net.', 'ns2.example.net'])).toBe(true);
    expect(sameNameservers(['ns1.example.net', 'ns2.example.net'], ['ns2.example.net', 'ns1.example.net'])).toBe(false);
    expect(sameNameservers(['ns1.example.net'], ['ns1.example.net', ''])).toBe(false);
  });

  it('move entries up and down within bounds', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('read only strings from a document', () => {
    expect(hostList(['ns1.a.net', 3, null, 'ns2.a.net'])).toEqual(['ns1.a.net', 'ns2.a.net']);
    expect(hostList(undefined)).toEqual([]);
  });
});

describe('failed edits', () => {
  const entry = (error: OutboxEntry['error']): OutboxEntry => ({
    id: 'e1',
    seq: 1,
    collection: 'domains',
    docId: 'd1',
    operation: { kind: 'domainSettings', settings: { autoRenew: true } },
    description: 'Turn auto-renew on',
    baseVersion: 1,
    status: 'failed',
    attempts: 1,
    error,
    theirs: null,
    theirsDeleted: false,
    conflictDoc: null,
    conflictFields: [],
    createdAt: '2026-01-01T00:00:00Z',
  });

  it('list the field errors first', () => {
    expect(entryProblems(entry({ detail: 'refused', errors: [{ field: 'nameservers[0]', code: 'x', message: 'bad host' }] }))).toEqual([
      { field: 'nameservers[0]', message: 'bad host' },
    ]);
  });

  it('tell which settings wait to be sent', () => {
    const pending = { ...entry(null), status: 'pending' as const };
    const ns = { ...pending, operation: { kind: 'domainSettings' as const, settings: { useDefaultNameservers: true } } };
    const read = { ...pending, operation: { kind: 'notificationRead' as const, isRead: true } };
    expect([...pendingSettings([pending, ns, read])].sort()).toEqual(['autoRenew', 'nameservers']);
    expect(pendingSettings([entry(null)]).size).toBe(0);
  });

  it('fall back to the detail, title or a plain sentence', () => {
    expect(entryProblems(entry({ detail: 'Domain is locked at the registry' }))).toEqual([
      { field: null, message: 'Domain is locked at the registry' },
    ]);
    expect(entryProblems(entry({ title: 'Forbidden' }))[0]?.message).toBe('Forbidden');
    expect(entryProblems(entry(null))[0]?.message).toBe('The provider refused this edit.');
  });
});

describe('the document', () => {
  it('lists the fields the overview has no section for', () => {
    expect(extraFields({ _id: 'd', version: 2, domainName: 'a.com', dnssec: { enabled: true }, aaa: 1 })).toEqual([
      ['aaa', 1],
      ['dnssec', { enabled: true }],
    ]);
  });

  it('writes periods in years', () => {
    expect(years(1)).toBe('1 year');
    expect(years(3)).toBe('3 years');
    expect(years('x')).toBe('');
  });
});
