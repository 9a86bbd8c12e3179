import { describe, expect, it } from 'vitest';
import type { Operation } from '../ipc';
import { countByStatus, documentName, documentRoute, entryEditor, fieldLabel, filterEntries, pendingDocs, shownProblem } from './entries';

describe('outbox entries', () => {
  it('names fields in words', () => {
    expect(fieldLabel('nameservers[1]')).toBe('Name server 2');
    expect(fieldLabel('autoRenew')).toBe('Auto-renew');
    expect(fieldLabel('ttl')).toBe('TTL');
    expect(fieldLabel('someOtherField')).toBe('Some other field');
  });

  it('shows a refusal per field, or its detail', () => {
    const problem = shownProblem({
      code: 'validation_failed',
      detail: 'the request is invalid',
      errors: [{ field: 'nameservers[0]', code: 'invalid_hostname', message: "'ns1..x' is not a host name" }],
    });
    expect(problem.code).toBe('validation_failed');
    expect(problem.fields).toEqual([{ field: 'nameservers[0]', label: 'Name server 1', message: "'ns1..x' is not a host name" }]);
    expect(problem.detail).toBe('the request is invalid');

    expect(shownProblem({ code: 'gone', detail: 'the document was deleted', errors: [] })).toEqual({
      code: 'gone',
      detail: 'the document was deleted',
      fields: [],
    });
    expect(shownProblem(null)).toEqual({ code: null, detail: null, fields: [] });
  });

  it('counts and filters by status', () => {
    const entries = [{ status: 'pending' as const }, { status: 'failed' as const }, { status: 'failed' as const }, { status: 'conflict' as const }];
    expect(countByStatus(entries)).toEqual({ all: 4, pending: 1, conflict: 1, failed: 2 });
    expect(filterEntries(entries, 'failed')).toHaveLength(2);
    expect(filterEntries(entries, 'all')).toHaveLength(4);
  });

  it('names documents and where they open', () => {
    expect(documentName('domains', { domainName: 'example.com' })).toBe('example.com');
    expect(documentName('notifications', { title: 'Domain expiring' })).toBe('Domain expiring');
    expect(documentName('domains', null)).toBeNull();
    expect(documentRoute('domains', 'd1')).toEqual({ screen: 'domain', id: 'd1' });
    expect(documentRoute('users', 'u1')).toBeNull();
    expect(documentName('cannedReplies', { title: 'DNS propagation' })).toBe('DNS propagation');
    expect(documentRoute('cannedReplies', 'c1')).toEqual({ screen: 'canned' });
  });

  it('finds the documents of one collection that wait to be sent', () => {
    const docs = [
      { _id: 'sent', version: 3 },
      { _id: 'new', version: 0 },
      { _id: 'changed', version: 2 },
      { _id: 'refused', version: 2 },
    ];
    const entries = [
      { collection: 'cannedReplies' as const, docId: 'changed', status: 'pending' as const },
      { collection: 'cannedReplies' as const, docId: 'refused', status: 'failed' as const },
      { collection: 'emailForwardings' as const, docId: 'sent', status: 'pending' as const },
    ];
    expect([...pendingDocs(docs, entries, 'cannedReplies')].sort()).toEqual(['changed', 'new']);
  });

  it('corrects only refused edits, each kind in its editor, and nothing that has nothing to change', () => {
    const draft = { fromEmail: 'a@e.com', toEmails: ['b@x.net'], isActive: true, catchAll: false };
    const failed = (operation: Operation) => entryEditor({ status: 'failed', operation });
    expect(failed({ kind: 'domainSettings', settings: { autoRenew: true } })).toBe('settings');
    expect(failed({ kind: 'forwardCreate', domainId: 'd', zone: 'e.com', userId: 'u', draft })).toBe('forward');
    expect(failed({ kind: 'forwardUpdate', zone: 'e.com', draft })).toBe('forward');
    expect(failed({ kind: 'dnsPlan', domainId: 'd', zone: 'e.com', userId: 'u', plan: { changes: [], confirmed: false } })).toBe('plan');
    expect(failed({ kind: 'forwardDelete', fromEmail: 'a@e.com' })).toBeNull();
    expect(failed({ kind: 'notificationRead', isRead: true })).toBeNull();
    expect(entryEditor({ status: 'pending', operation: { kind: 'forwardUpdate', zone: 'e.com', draft } })).toBeNull();
    expect(entryEditor({ status: 'conflict', operation: { kind: 'domainSettings', settings: {} } })).toBeNull();
  });
});
