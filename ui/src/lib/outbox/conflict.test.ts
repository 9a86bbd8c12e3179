import { describe, expect, it } from 'vitest';
import type { Doc } from '../ipc';
import { conflictFields, fieldLabel, reportedFields, sameHosts, theirsMeta } from './conflict';

const theirs: Doc = {
  _id: 'd1',
  version: 7,
  domainName: 'example.com',
  autoRenew: true,
  whoisPrivacy: false,
  transferLock: true,
  nameservers: ['ns1.hostjamstack.com', 'ns2.hostjamstack.com'],
  useDefaultNameservers: true,
  updatedAt: '2026-01-02T03:04:05.000Z',
};

describe('conflict fields', () => {
  it('shows only the fields the edit touches and marks the differing ones', () => {
    const fields = conflictFields({ operation: { kind: 'domainSettings', settings: { autoRenew: false, transferLock: true } }, theirs });
    expect(fields.map((f) => f.key)).toEqual(['autoRenew', 'transferLock']);
    expect(fields[0]).toMatchObject({ theirs: ['On'], mine: ['Off'], differs: true });
    expect(fields[1]).toMatchObject({ theirs: ['On'], mine: ['On'], differs: false });
  });

  it('compares custom name servers with the provider defaults', () => {
    const [ns] = conflictFields({
      operation: { kind: 'domainSettings', settings: { nameservers: ['ns1.example.net', 'ns2.example.net'] } },
      theirs,
    });
    expect(ns).toMatchObject({ key: 'nameservers', differs: true, mine: ['ns1.example.net', 'ns2.example.net'] });
    expect(ns?.theirs[0]).toBe('Provider defaults');

    const [same] = conflictFields({ operation: { kind: 'domainSettings', settings: { useDefaultNameservers: true } }, theirs });
    expect(same?.differs).toBe(false);

    const custom: Doc = { ...theirs, useDefaultNameservers: false, nameservers: ['NS2.example.net.', 'ns1.example.net'] };
    const [reordered] = conflictFields({
      operation: { kind: 'domainSettings', settings: { nameservers: ['ns1.example.net', 'ns2.example.net'] } },
      theirs: custom,
    });
    expect(reordered?.differs).toBe(false);
  });

  it('handles a read flag and a missing provider version', () => {
    const [read] = conflictFields({ operation: { kind: 'notificationRead', isRead: true }, theirs: { _id: 'n', version: 2, isRead: false } });
    expect(read).toMatchObject({ theirs: ['Unread'], mine: ['Read'], differs: true });
    const [unknown] = conflictFields({ operation: { kind: 'domainSettings', settings: { whoisPrivacy: true } }, theirs: null });
    expect(unknown).toMatchObject({ theirs: ['Unknown'], differs: true });
  });

  it('compares host lists without case, dots or order', () => {
    expect(sameHosts(['A.example.', 'b.example'], ['b.example', 'a.example'])).toBe(true);
    expect(sameHosts(['a.example'], ['a.example', 'b.example'])).toBe(false);
  });

  it('says how far the provider moved on', () => {
    expect(theirsMeta({ theirs, baseVersion: 5 })).toEqual({ version: 7, updatedAt: '2026-01-02T03:04:05.000Z', behind: 2 });
    expect(theirsMeta({ theirs: null, baseVersion: 5 })).toEqual({ version: null, updatedAt: null, behind: null });
  });
});

describe('conflicts of any edit', () => {
  it('shows the fields the shell reports, theirs beside mine', () => {
    const fields = conflictFields({
      operation: { kind: 'forwardUpdate', zone: 'example.com', draft: { fromEmail: 'a@example.com', toEmails: ['x@example.net'], isActive: true, catchAll: false } },
      theirs: null,
      conflictFields: [
        { field: 'toEmails', theirs: 'y@example.net', mine: 'x@example.net' },
        { field: 'isActive', theirs: 'true', mine: 'true' },
      ],
    });
    expect(fields.map((f) => [f.key, f.label, f.differs])).toEqual([
      ['toEmails', 'To emails', true],
      ['isActive', 'Is active', false],
    ]);
  });

  it('names the change of a plan a field belongs to and keeps multi-line values apart', () => {
    const [field] = reportedFields([{ field: 'changes[2].value', theirs: 'a\nb', mine: '' }]);
    expect(field).toMatchObject({ label: 'Change 3 · value', theirs: ['a', 'b'], mine: ['None'], differs: true });
    expect(fieldLabel('changes[0]')).toBe('Change 1');
  });
});
