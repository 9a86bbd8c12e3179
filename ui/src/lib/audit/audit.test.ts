import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../ipc';
import {
  NO_FILTERS,
  PAGE_SIZE,
  actorLine,
  appendPage,
  buildQuery,
  documentLine,
  eventFields,
  exportName,
  filtersFromParams,
  filtersKey,
  hasFilters,
  reloadSize,
  viaLine,
} from './audit';

function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    _id: 'e1',
    userId: 'u1',
    actor: { userId: 'a1', role: 'admin', via: 'desktop' },
    collection: 'domains',
    docId: '0123456789abcdef01234567',
    operation: 'update',
    before: { _id: 'd', version: 1, autoRenew: true, status: 'active' },
    after: { _id: 'd', version: 2, autoRenew: false, status: 'active' },
    createdAt: '2026-11-23T16:00:00.000Z',
    version: 1,
    summary: 'changed autoRenew',
    document: 'example.com',
    actorName: 'Ada Lovelace',
    actorEmail: 'ada@example.com',
    ...over,
  };
}

describe('the filter bar', () => {
  it('asks only for the filters given, trimmed', () => {
    expect(buildQuery(NO_FILTERS)).toEqual({ limit: PAGE_SIZE });
    const f = { ...NO_FILTERS, user: ' sarah ', action: 'delete', collection: 'dnsRecords', since: '2026-11-01', search: '  autoRenew ' };
    expect(buildQuery(f, 'cursor', 10)).toEqual({
      user: 'sarah',
      action: 'delete',
      collection: 'dnsRecords',
      since: '2026-11-01',
      search: 'autoRenew',
      after: 'cursor',
      limit: 10,
    });
  });

  it('drops an action the engine does not know', () => {
    expect(buildQuery({ ...NO_FILTERS, action: 'rename' }).action).toBeUndefined();
  });

  it('reads a route that opens the log filtered, leaving out what is unreadable', () => {
    const f = filtersFromParams({ docId: '0123456789abcdef01234567', role: 'admin', via: 'fax', since: 'yesterday', until: '2026-12-01' });
    expect(f).toEqual({ ...NO_FILTERS, docId: '0123456789abcdef01234567', role: 'admin', until: '2026-12-01' });
    expect(filtersFromParams({ docId: 'nope' }).docId).toBe('');
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, search: 'x' })).toBe(true);
  });

  it('keys equal filters equally, whatever the spacing', () => {
    expect(filtersKey({ ...NO_FILTERS, user: 'a ' })).toBe(filtersKey({ ...NO_FILTERS, user: ' a' }));
    expect(filtersKey({ ...NO_FILTERS, user: 'a' })).not.toBe(filtersKey({ ...NO_FILTERS, user: 'b' }));
  });
});

describe('pages', () => {
  it('appends a page without showing an event twice', () => {
    const loaded = { items: [entry({ _id: 'a' }), entry({ _id: 'b' })], next: 'b' };
    const next = appendPage(loaded, { items: [entry({ _id: 'b' }), entry({ _id: 'c' })], next: null });
    expect(next.items.map((e) => e._id)).toEqual(['a', 'b', 'c']);
    expect(next.next).toBeNull();
  });

  it('reads again as many rows as are shown, within the shell limit', () => {
    expect(reloadSize(0)).toBe(PAGE_SIZE);
    expect(reloadSize(340)).toBe(340);
    expect(reloadSize(5000)).toBe(1000);
  });
});

describe('one event', () => {
  it('names the person, the role and the way it came', () => {
    expect(actorLine(entry())).toBe('Ada Lovelace (admin)');
    expect(actorLine(entry({ actorName: null }))).toBe('ada@example.com (admin)');
    expect(actorLine(entry({ actorName: null, actorEmail: null, actor: { userId: null, role: null, via: 'job', detail: 'renewals' } }))).toBe(
      'HostJamstack',
    );
    expect(viaLine(entry({ actor: { userId: 'a', role: 'reseller', via: 'api_token', detail: 'deploy-bot' } }))).toBe('API token deploy-bot');
  });

  it('names the document, or says what it is', () => {
    expect(documentLine(entry())).toBe('example.com');
    expect(documentLine(entry({ document: null, collection: 'supportMessages' }))).toBe('Support messages 0123456789abcdef01234567');
  });

  it('shows what an update changed, and every field of a create', () => {
    expect(eventFields(entry())).toEqual([{ field: 'autoRenew', before: 'true', after: 'false' }]);
    const created = entry({ operation: 'create', before: null, after: { _id: 'r', name: 'www', type: 'A' } });
    expect(eventFields(created).map((f) => f.field)).toEqual(['name', 'type']);
  });

  it('suggests a file name with the day and the collection', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    expect(exportName(NO_FILTERS, now)).toBe('audit-log-2026-12-07.csv');
    expect(exportName({ ...NO_FILTERS, collection: 'domains' }, now)).toBe('audit-log-domains-2026-12-07.csv');
  });
});
