import { describe, expect, it } from 'vitest';
import { actorText, fieldDiff, valueText, viaText } from './history';

describe('field diff of an audit event', () => {
  it('lists changed fields and leaves out bookkeeping', () => {
    const before = { _id: 'd', version: 2, updatedAt: 'a', autoRenew: true, nameservers: ['ns1.a', 'ns2.a'], comment: 'x' };
    const after = { _id: 'd', version: 3, updatedAt: 'b', autoRenew: false, nameservers: ['ns1.a', 'ns2.a'], ttl: 300 };
    expect(fieldDiff(before, after)).toEqual([
      { field: 'autoRenew', before: 'true', after: 'false' },
      { field: 'comment', before: 'x', after: null },
      { field: 'ttl', before: null, after: '300' },
    ]);
  });

  it('shows every field of a create or a delete', () => {
    expect(fieldDiff(null, { _id: 'r', type: 'A', value: '1.1.1.1' })).toEqual([
      { field: 'type', before: null, after: 'A' },
      { field: 'value', before: null, after: '1.1.1.1' },
    ]);
    expect(fieldDiff({ fromEmail: 'a@b.c' }, null)).toEqual([{ field: 'fromEmail', before: 'a@b.c', after: null }]);
  });

  it('writes values on one line', () => {
    expect(valueText(['a', 'b'])).toBe('a, b');
    expect(valueText({ a: 1 })).toBe('{"a":1}');
    expect(valueText(null)).toBeNull();
    expect(valueText(false)).toBe('false');
  });
});

describe('who made a change', () => {
  it('names the way it came', () => {
    expect(viaText({ userId: 'u', role: 'admin', via: 'desktop' })).toBe('desktop app');
    expect(viaText({ userId: 'u', role: 'reseller', via: 'api_token', detail: 'deploy-bot' })).toBe('API token deploy-bot');
    expect(viaText({ userId: null, role: null, via: 'job', detail: 'renewals' })).toBe('job renewals');
  });

  it('prefers the person, else the role or the provider itself', () => {
    expect(actorText({ userId: 'u', role: 'admin', via: 'desktop' }, 'Ada')).toBe('Ada (admin)');
    expect(actorText({ userId: 'u', role: 'admin', via: 'desktop' })).toBe('an admin');
    expect(actorText({ userId: null, role: null, via: 'job', detail: 'renewals' })).toBe('HostJamstack');
  });
});
