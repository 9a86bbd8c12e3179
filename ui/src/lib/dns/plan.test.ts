import { describe, expect, it } from 'vitest';
import type { DnsRecord, OutboxEntry, PlanChange, PlanPreview } from '../ipc';
import {
  blankDraft,
  changeErrors,
  changeMessages,
  changeRecordLine,
  cleanDraft,
  describeChange,
  draftOf,
  editorChange,
  emptyPlan,
  errorChangeIndex,
  errorLabel,
  groupByType,
  isPending,
  newObjectId,
  planBlocked,
  planOps,
  queuedRecordIds,
  recordChanges,
  recordLine,
  withChange,
  withoutChange,
} from './plan';

function record(partial: Partial<DnsRecord> & Pick<DnsRecord, '_id' | 'type' | 'name' | 'value'>): DnsRecord {
  return {
    domainId: 'd',
    userId: 'u',
    ttl: 3600,
    priority: null,
    isActive: true,
    isSystemRecord: false,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    version: 1,
    ...partial,
  };
}

const www = record({ _id: 'a1', type: 'A', name: 'www', value: '198.51.100.7', version: 3 });

describe('ids', () => {
  it('makes 24 hex digits from 12 random bytes', () => {
    expect(newObjectId()).toMatch(/^[0-9a-f]{24}$/);
    expect(newObjectId((b) => b.fill(0xab))).toBe('ab'.repeat(12));
    expect(newObjectId()).not.toBe(newObjectId());
  });
});

describe('building a plan', () => {
  const create: PlanChange = { op: 'create', id: 'n1', record: { ...blankDraft(), value: '192.0.2.1' } };

  it('adds changes and unconfirms the plan whenever it changes', () => {
    const plan = withChange({ ...emptyPlan(), confirmed: true }, create);
    expect(plan).toEqual({ changes: [create], confirmed: false });
  });

  it('keeps one change per record: a second edit replaces the first', () => {
    const first = editorChange('a1', { ...draftOf(www), ttl: 300 }, www);
    const second = editorChange('a1', { ...draftOf(www), ttl: 60 }, www);
    const plan = withChange(withChange(emptyPlan(), first), second);
    expect(plan.changes).toEqual([{ op: 'update', id: 'a1', version: 3, record: { ...draftOf(www), ttl: 60 } }]);
  });

  it('keeps editing a planned record a create, and withdraws it when deleted', () => {
    let plan = withChange(emptyPlan(), create);
    plan = withChange(plan, { op: 'update', id: 'n1', version: 0, record: { ...create.record, value: '192.0.2.2' } });
    expect(plan.changes).toEqual([{ op: 'create', id: 'n1', record: { ...create.record, value: '192.0.2.2' } }]);
    expect(withChange(plan, { op: 'delete', id: 'n1', version: 0 }).changes).toEqual([]);
  });

  it('turns an update into a delete and can drop a change again', () => {
    let plan = withChange(emptyPlan(), editorChange('a1', draftOf(www), www));
    plan = withChange(plan, { op: 'delete', id: 'a1', version: 3 });
    expect(planOps(plan).get('a1')).toBe('delete');
    expect(withoutChange(plan, 'a1').changes).toEqual([]);
  });

  it('sends no priority for types without one, whole numbers and no empty comment', () => {
    expect(cleanDraft({ ...blankDraft(), priority: 10, ttl: 300.7, comment: '  ' })).toMatchObject({ priority: null, ttl: 300, comment: null });
    expect(cleanDraft({ ...blankDraft(), type: 'MX', priority: 10 }).priority).toBe(10);
    expect(cleanDraft({ ...blankDraft(), ttl: Number.NaN }).ttl).toBe(0);
  });
});

describe('rule errors beside the inputs', () => {
  const errors = [
    { field: 'changes[1].value', code: 'invalid_ipv4', message: 'not an IPv4 address' },
    { field: 'changes[1].ttl', code: 'ttl_range', message: 'TTL out of range' },
    { field: 'changes[1]', code: 'stale_version', message: 'changed since' },
    { field: 'changes[0].name', code: 'cname_conflict', message: 'CNAME beside other records' },
    { field: 'changes[10].value', code: 'x', message: 'the eleventh' },
    { field: 'confirmed', code: 'confirmation_required', message: 'confirm' },
  ];

  it('takes only the errors of that change, by field', () => {
    expect(changeErrors(errors, 1)).toEqual({
      byField: { value: ['not an IPv4 address'], ttl: ['TTL out of range'] },
      general: ['changed since'],
    });
    expect(changeErrors(errors, 0).byField).toEqual({ name: ['CNAME beside other records'] });
    expect(changeErrors(errors, 10).byField).toEqual({ value: ['the eleventh'] });
    expect(changeErrors(errors, 2)).toEqual({ byField: {}, general: [] });
  });

  it('lists the errors of a change as lines, fields first', () => {
    expect(changeMessages(errors, 1)).toEqual(['value: not an IPv4 address', 'ttl: TTL out of range', 'changed since']);
    expect(changeMessages(errors, 2)).toEqual([]);
  });

  it('reads a record. prefix the same way and finds the change an error names', () => {
    expect(changeErrors([{ field: 'changes[0].record.value', code: 'c', message: 'm' }], 0).byField).toEqual({ value: ['m'] });
    expect(errorChangeIndex(errors[4]!)).toBe(10);
    expect(errorChangeIndex(errors[5]!)).toBeNull();
  });
});

describe('the zone on screen', () => {
  const records = [
    record({ _id: '1', type: 'MX', name: '@', value: 'mx2.example', priority: 20 }),
    record({ _id: '2', type: 'A', name: 'www', value: '1.1.1.1' }),
    record({ _id: '3', type: 'NS', name: '@', value: 'ns1.hostjamstack.com', isSystemRecord: true }),
    record({ _id: '4', type: 'MX', name: '@', value: 'mx1.example', priority: 10 }),
    record({ _id: '5', type: 'A', name: '@', value: '2.2.2.2', version: 0 }),
  ];

  it('groups by type in zone order, each group in zone order', () => {
    const groups = groupByType(records);
    expect(groups.map((g) => g.type)).toEqual(['NS', 'A', 'MX']);
    expect(groups[1]!.records.map((r) => r.name)).toEqual(['@', 'www']);
    expect(groups[2]!.records.map((r) => r.priority)).toEqual([10, 20]);
  });

  it('marks records made here or touched by a queued plan as pending', () => {
    const entry = {
      operation: { kind: 'dnsPlan', domainId: 'd', zone: 'example.com', userId: 'u', plan: { changes: [{ op: 'delete', id: '2', version: 1 }], confirmed: false } },
    } as unknown as OutboxEntry;
    const other = { operation: { kind: 'domainSettings', settings: {} } } as unknown as OutboxEntry;
    const queued = queuedRecordIds([entry, other]);
    expect([...queued]).toEqual(['2']);
    expect(records.filter((r) => isPending(r, queued)).map((r) => r._id)).toEqual(['2', '5']);
  });
});

describe('a diff in words', () => {
  it('writes a record as a zone file line, with the priority where it has one', () => {
    expect(recordLine(www)).toBe('www 3600 A 198.51.100.7');
    expect(recordLine({ type: 'MX', name: '@', value: 'mx1.example', ttl: 300, priority: 10 })).toBe('@ 300 MX 10 mx1.example');
  });

  it('lists the fields a change touches, before and after', () => {
    const after = { ...www, ttl: 300, comment: 'load balancer' };
    expect(recordChanges(www, after)).toEqual([
      { field: 'TTL', before: '3600', after: '300' },
      { field: 'comment', before: '—', after: 'load balancer' },
    ]);
    expect(recordChanges(www, { ...www, isActive: false })).toEqual([{ field: 'active', before: 'yes', after: 'no' }]);
  });

  it('writes the record a change makes, leaves or removes', () => {
    expect(changeRecordLine({ op: 'update', id: 'a1', version: 3, record: { ...draftOf(www), ttl: 300 } }, [www])).toBe('www 300 A 198.51.100.7');
    expect(changeRecordLine({ op: 'delete', id: 'a1', version: 3 }, [www])).toBe('www 3600 A 198.51.100.7');
    expect(changeRecordLine({ op: 'delete', id: 'zz', version: 3 }, [www])).toBeNull();
  });

  it('describes a change for its error list', () => {
    expect(describeChange({ op: 'create', id: 'n', record: { ...blankDraft(), name: 'api' } }, [])).toBe('add api A');
    expect(describeChange({ op: 'delete', id: 'a1', version: 3 }, [www])).toBe('delete www A');
    expect(describeChange({ op: 'delete', id: 'zz', version: 3 }, [www])).toBe('delete a record');
  });

  it('labels a rule error with the change it names, else its field', () => {
    const plan = { changes: [{ op: 'delete', id: 'a1', version: 3 } as PlanChange], confirmed: false };
    expect(errorLabel({ field: 'changes[0].value', code: 'x', message: 'm' }, plan, [www])).toBe('delete www A');
    expect(errorLabel({ field: 'changes[4].value', code: 'x', message: 'm' }, plan, [www])).toBe('changes[4].value');
    expect(errorLabel({ field: 'confirmed', code: 'x', message: 'm' }, plan, [www])).toBe('confirmed');
  });
});

describe('whether a plan can be sent', () => {
  const plan = { changes: [{ op: 'delete', id: 'a1', version: 3 } as PlanChange], confirmed: false };
  const checked = (partial: Partial<PlanPreview>): PlanPreview => ({
    plan,
    summary: '1 removed',
    diff: { added: [], changed: [], removed: [] },
    errors: [],
    safety: [],
    stale: false,
    lint: [],
    ...partial,
  });

  it('waits for a check of a non-empty plan the rules accept', () => {
    expect(planBlocked(plan, checked({}), false)).toBe(false);
    expect(planBlocked(plan, checked({}), true)).toBe(true);
    expect(planBlocked(plan, null, false)).toBe(true);
    expect(planBlocked(emptyPlan(), checked({}), false)).toBe(true);
    expect(planBlocked(plan, checked({ errors: [{ field: 'changes[0]', code: 'stale_version', message: 'changed since' }] }), false)).toBe(true);
  });

  it('needs an "I understand" when the check found reasons to ask', () => {
    const risky = checked({ safety: [{ code: 'apex_mx_removed', message: 'mail stops' }] });
    expect(planBlocked(plan, risky, false)).toBe(true);
    expect(planBlocked({ ...plan, confirmed: true }, risky, false)).toBe(false);
  });
});
