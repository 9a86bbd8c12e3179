import { describe, expect, it } from 'vitest';
import type { Doc, HostingUsage } from '../ipc';
import {
  daysLeftLabel,
  deploymentRow,
  describeSeries,
  DOMAIN_STATUS_COLORS,
  projectName,
  renewalRows,
  series,
  seriesTotal,
  usageBars,
  usageLevel,
  worstLevel,
} from './dashboard';

const domain = {
  id: 'd1',
  domainName: 'xn--bckerei-mller-wjb.de',
  displayName: 'bäckerei-müller.de',
  userId: 'u1',
  ownerName: 'Ann',
  ownerEmail: 'ann@example.com',
  status: 'active',
  expirationDate: '2026-12-01T00:00:00.000Z',
  autoRenew: false,
  whoisPrivacy: true,
  transferLock: true,
  version: 3,
  pending: true,
};

describe('renewal rows', () => {
  it('reads the items the shell sends', () => {
    const rows = renewalRows([{ ...domain, daysLeft: 12 }]);
    expect(rows).toEqual([
      {
        id: 'd1',
        name: 'bäckerei-müller.de',
        domainName: 'xn--bckerei-mller-wjb.de',
        daysLeft: 12,
        autoRenew: false,
        expirationDate: '2026-12-01T00:00:00.000Z',
        pending: true,
      },
    ]);
  });

  it('names a domain by its ASCII form when it has no other', () => {
    const rows = renewalRows([{ ...domain, autoRenew: true, displayName: '', daysLeft: 3 }]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toBe('xn--bckerei-mller-wjb.de');
    expect(rows[0]?.autoRenew).toBe(true);
    expect(rows[0]?.daysLeft).toBe(3);
  });

  it('says how many days are left', () => {
    expect(daysLeftLabel(0)).toBe('today');
    expect(daysLeftLabel(1)).toBe('1 day');
    expect(daysLeftLabel(45)).toBe('45 days');
  });
});

describe('chart series', () => {
  const counts = [
    { key: 'active', count: 10 },
    { key: 'expired', count: 0 },
    { key: 'parked', count: 2 },
    { key: 'held', count: 1 },
  ];

  it('keeps fixed colours for known keys and hands out the palette to the rest', () => {
    const s = series(counts, DOMAIN_STATUS_COLORS);
    expect(s.keys).toEqual(['active', 'expired', 'parked', 'held']);
    expect(s.labels).toEqual(['Active', 'Expired', 'Parked', 'Held']);
    expect(s.colors).toEqual(['--chart-2', '--chart-4', '--chart-1', '--chart-2']);
    expect(seriesTotal(s)).toBe(13);
  });

  it('drops empty counts when asked', () => {
    const s = series(counts, DOMAIN_STATUS_COLORS, true);
    expect(s.keys).toEqual(['active', 'parked', 'held']);
    expect(s.values).toEqual([10, 2, 1]);
  });

  it('names an unknown key and describes the chart in words', () => {
    const s = series([{ key: '', count: 4 }], {});
    expect(s.labels).toEqual(['Unknown']);
    expect(describeSeries('Deployments', s)).toBe('Deployments: Unknown 4');
    expect(describeSeries('Empty', series([], {}))).toBe('Empty: nothing to show');
  });
});

describe('hosting usage', () => {
  it('warns over 80% and flags over 100%', () => {
    expect(usageLevel(8, 10)).toBe('ok');
    expect(usageLevel(8.1, 10)).toBe('warn');
    expect(usageLevel(10, 10)).toBe('warn');
    expect(usageLevel(11, 10)).toBe('over');
    expect(usageLevel(1, 0)).toBe('over');
    expect(usageLevel(0, 0)).toBe('ok');
    expect(usageLevel(500, null)).toBe('unlimited');
  });

  it('builds one labelled bar per resource', () => {
    const usage: HostingUsage = {
      id: 'h1',
      packageName: 'Starter',
      packageType: 'shared',
      status: 'active',
      userId: 'u1',
      storage: [2.5, 10],
      bandwidth: [120, 100],
      databases: [3, null],
      emailAccounts: [9, 10],
    };
    const bars = usageBars(usage);
    expect(bars.map((b) => b.key)).toEqual(['storage', 'bandwidth', 'databases', 'emailAccounts']);
    expect(bars[0]).toMatchObject({ text: '2.5 GB of 10 GB', fill: 25, level: 'ok', ratio: 0.25 });
    expect(bars[1]).toMatchObject({ fill: 100, level: 'over', ratio: 1.2 });
    expect(bars[2]).toMatchObject({ text: '3 of unlimited', fill: 0, level: 'unlimited', ratio: null });
    expect(bars[3]?.level).toBe('warn');
    expect(worstLevel(bars)).toBe('over');
    expect(worstLevel(bars.slice(2))).toBe('warn');
    expect(worstLevel(bars.slice(0, 1))).toBe('ok');
  });
});

describe('deployment rows', () => {
  it('reads the source and the build time', () => {
    const doc: Doc = {
      _id: 'x1',
      version: 1,
      deploymentId: 'dpl_abc',
      projectId: 'p1',
      status: 'ready',
      environment: 'production',
      source: { type: 'git', commitSha: 'a1b2c3d4e5', commitMessage: 'Fix header', branch: 'main' },
      buildDuration: 45000,
      createdAt: '2026-01-01T00:00:00Z',
    };
    expect(deploymentRow(doc)).toMatchObject({
      id: 'x1',
      deploymentId: 'dpl_abc',
      message: 'Fix header',
      branch: 'main',
      commit: 'a1b2c3d',
      duration: 45000,
    });
  });

  it('computes the build time from its ends and names uploads', () => {
    const doc: Doc = {
      _id: 'x2',
      version: 1,
      source: { type: 'upload' },
      buildDuration: null,
      buildStartedAt: '2026-01-01T00:00:00Z',
      buildCompletedAt: '2026-01-01T00:01:30Z',
    };
    const row = deploymentRow(doc);
    expect(row.duration).toBe(90000);
    expect(row.message).toBe('Uploaded files');
    expect(row.deploymentId).toBe('x2');
    expect(deploymentRow({ _id: 'x3', version: 1, buildStartedAt: '2026-01-01T00:00:00Z' }).duration).toBeNull();
  });

  it('names projects by display name first', () => {
    expect(projectName({ _id: 'p', version: 1, displayName: 'My Site', projectName: 'my-site' })).toBe('My Site');
    expect(projectName({ _id: 'p', version: 1, displayName: '', projectName: 'my-site' })).toBe('my-site');
    expect(projectName(null)).toBe('');
  });
});
