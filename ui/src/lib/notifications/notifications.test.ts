import { describe, expect, it } from 'vitest';
import type { NotificationItem, SearchHit } from '../ipc';
import { aboutADomain, domainCandidates, filterNotifications, matchingDomain, newestFirst, typeInfo } from './notifications';

const note = (id: string, createdAt: string, isRead: boolean): NotificationItem => ({
  id,
  userId: 'u',
  type: 'domain_expiring',
  title: 't',
  message: 'm',
  isRead,
  createdAt,
  pending: false,
});

describe('notifications', () => {
  it('names types, with a fallback for new ones', () => {
    expect(typeInfo('domain_expiring').label).toBe('Domain expiring');
    expect(typeInfo('dns_changed').label).toBe('DNS changed');
    expect(typeInfo('invoice_due').label).toBe('Invoice due');
    expect(aboutADomain('transfer_complete')).toBe(true);
    expect(aboutADomain('invoice_due')).toBe(false);
  });

  it('filters unread and orders newest first', () => {
    const items = [note('a', '2026-01-01T00:00:00Z', true), note('b', '2026-03-01T00:00:00Z', false), note('c', '2026-02-01T00:00:00Z', false)];
    expect(filterNotifications(items, 'unread').map((n) => n.id)).toEqual(['b', 'c']);
    expect(filterNotifications(items, 'all')).toHaveLength(3);
    expect(newestFirst(items).map((n) => n.id)).toEqual(['b', 'c', 'a']);
  });

  it('finds the domains a message names, parents after the names', () => {
    expect(domainCandidates('Your domain brownfamilydental.com expires in 1 day; it will renew automatically.')).toEqual([
      'brownfamilydental.com',
    ]);
    expect(domainCandidates('Your domain bäckerei-müller.de expires in 7 days.')).toEqual(['bäckerei-müller.de']);
    expect(domainCandidates('A record api.brightpath.io now points to 198.51.100.42.')).toEqual(['api.brightpath.io', 'brightpath.io']);
    expect(domainCandidates('The MX records of lotusyoga.co.uk were updated.')).toEqual(['lotusyoga.co.uk', 'co.uk']);
    expect(domainCandidates('4 of your clients\u2019 domains expire within 7 days.')).toEqual([]);
  });

  it('takes only an exact domain hit', () => {
    const hits: SearchHit[] = [
      { kind: 'domain', id: 'd1', title: 'brightpath.io.example', subtitle: 'active', parentId: null },
      { kind: 'domain', id: 'd2', title: 'brightpath.io', subtitle: 'active, expires 2027-01-01', parentId: null },
      { kind: 'domain', id: 'd3', title: 'bäckerei-müller.de', subtitle: 'xn--bckerei-mller-gsbf.de · active', parentId: null },
      { kind: 'customer', id: 'u1', title: 'brightpath.io', subtitle: '', parentId: null },
    ];
    expect(matchingDomain(hits, 'brightpath.io')?.id).toBe('d2');
    expect(matchingDomain(hits, 'BÄCKEREI-MÜLLER.DE')?.id).toBe('d3');
    expect(matchingDomain(hits, 'xn--bckerei-mller-gsbf.de')?.id).toBe('d3');
    expect(matchingDomain(hits, 'nothing.com')).toBeNull();
  });
});
