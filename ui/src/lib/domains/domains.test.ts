import { describe, expect, it } from 'vitest';
import {
  buildQuery,
  bulkDescription,
  bulkSettings,
  daysLeft,
  expiryTone,
  filtersFromParams,
  hasFilters,
  indexRange,
  NO_FILTERS,
  nextSort,
  pageOf,
  pagesForRange,
  paramsKey,
  queryKey,
  queuedLine,
  recallView,
  rememberView,
  rowsToRead,
  sortState,
  toggled,
  withRange,
} from './domains';
import { listKey } from './listKeys';

describe('filters from params', () => {
  it('reads every known param', () => {
    expect(filtersFromParams({ status: 'expired', expiring: '30', autoRenew: 'false', userId: ' u1 ', text: ' shop ' })).toEqual({
      status: 'expired',
      expiring: '30',
      autoRenew: 'false',
      userId: 'u1',
      text: 'shop',
    });
  });

  it('leaves out what it cannot read', () => {
    expect(filtersFromParams({ status: 'parked', expiring: 'soon', autoRenew: 'yes' })).toEqual(NO_FILTERS);
    expect(filtersFromParams({ expiring: '0' }).expiring).toBe('');
    expect(filtersFromParams({ expiring: '9999' }).expiring).toBe('');
    expect(filtersFromParams(undefined)).toEqual(NO_FILTERS);
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, text: 'a' })).toBe(true);
  });
});

describe('queries', () => {
  it('sends only the filters set', () => {
    expect(buildQuery(NO_FILTERS, 'name')).toEqual({ sort: 'name' });
    expect(
      buildQuery({ status: 'active', expiring: '90', autoRenew: 'true', userId: 'u1', text: '  bäck ' }, '-expirationDate'),
    ).toEqual({ sort: '-expirationDate', status: 'active', expiringWithinDays: 90, autoRenew: true, userId: 'u1', text: 'bäck' });
    expect(buildQuery({ ...NO_FILTERS, autoRenew: 'false' }, 'name').autoRenew).toBe(false);
  });

  it('keys equal queries equally and pages them', () => {
    const a = buildQuery({ ...NO_FILTERS, status: 'active' }, 'name');
    const b = buildQuery({ ...NO_FILTERS, status: 'active' }, 'name');
    expect(queryKey(a)).toBe(queryKey(b));
    expect(queryKey(a)).not.toBe(queryKey(buildQuery({ ...NO_FILTERS, status: 'active' }, '-name')));
  });
});

describe('page math', () => {
  it('finds the pages a range of rows needs', () => {
    expect(pageOf(0)).toBe(0);
    expect(pageOf(199)).toBe(0);
    expect(pageOf(200)).toBe(1);
    expect(pageOf(-5)).toBe(0);
    expect(pagesForRange(190, 410, 10_000)).toEqual([0, 1, 2]);
    expect(pagesForRange(0, 40, 10)).toEqual([0]);
    expect(pagesForRange(9_990, 10_050, 10_000)).toEqual([49]);
    expect(pagesForRange(0, 10, 0)).toEqual([]);
    expect(pagesForRange(5, 4, 100)).toEqual([]);
  });

  it('reads a page ahead of a scroll, on the side it moves towards', () => {
    expect(rowsToRead(0, 30, 0)).toEqual([0, 30]);
    expect(rowsToRead(400, 430, 320)).toEqual([400, 630]);
    expect(rowsToRead(400, 430, 480)).toEqual([200, 430]);
    expect(rowsToRead(50, 80, 120)).toEqual([0, 80]);
    // Down a 10k-row table, the page after the view is asked for before it shows.
    const [, readTo] = rowsToRead(9_700, 9_730, 9_600);
    expect(pagesForRange(9_700, readTo, 10_000)).toEqual([48, 49]);
  });
});

describe('sorting', () => {
  it('flips the same column and starts another ascending', () => {
    expect(nextSort('name', 'name')).toBe('-name');
    expect(nextSort('-name', 'name')).toBe('name');
    expect(nextSort('-name', 'expirationDate')).toBe('expirationDate');
    expect(sortState('-expirationDate', 'expirationDate')).toBe('descending');
    expect(sortState('name', 'name')).toBe('ascending');
    expect(sortState('name', 'expirationDate')).toBe('none');
  });
});

describe('selection', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const idAt = (i: number) => ids[i];

  it('toggles one id without touching the old set', () => {
    const start = new Set(['a']);
    const next = toggled(start, 'b');
    expect([...next].sort()).toEqual(['a', 'b']);
    expect([...toggled(next, 'a')]).toEqual(['b']);
    expect([...start]).toEqual(['a']);
  });

  it('selects and clears ranges in either direction', () => {
    expect(indexRange(4, 1)).toEqual([1, 4]);
    expect(indexRange(-1, 3)).toEqual([3, 3]);
    expect([...withRange(new Set(), 3, 1, true, idAt)].sort()).toEqual(['b', 'c', 'd']);
    expect([...withRange(new Set(ids), 1, 3, false, idAt)].sort()).toEqual(['a', 'e']);
    // Rows not loaded yet are skipped, not invented.
    expect([...withRange(new Set(), 3, 7, true, idAt)].sort()).toEqual(['d', 'e']);
  });
});

describe('expiry', () => {
  it('colours and words the days left', () => {
    expect(expiryTone(-3)).toBe('bad');
    expect(expiryTone(30)).toBe('bad');
    expect(expiryTone(31)).toBe('warn');
    expect(expiryTone(90)).toBe('warn');
    expect(expiryTone(91)).toBe('');
    expect(daysLeft(0)).toBe('today');
    expect(daysLeft(12)).toBe('12 d left');
    expect(daysLeft(-3)).toBe('3 d ago');
    expect(daysLeft(800)).toBe('2.2 y left');
  });
});

describe('bulk edits', () => {
  it('builds the settings and says what they do', () => {
    expect(bulkSettings('autoRenew', true)).toEqual({ autoRenew: true });
    expect(bulkSettings('whoisPrivacy', false)).toEqual({ whoisPrivacy: false });
    expect(bulkDescription('transferLock', false, 120)).toBe('turn the transfer lock off for 120 domains');
    expect(bulkDescription('autoRenew', true, 1)).toBe('turn auto-renew on for 1 domain');
    expect(queuedLine(120)).toBe('Queued 120 edits');
    expect(queuedLine(1)).toBe('Queued 1 edit');
    expect(queuedLine(0)).toBe('Queued 0 edits');
    expect(bulkDescription('whoisPrivacy', true, 2)).toBe('turn WHOIS privacy on for 2 domains');
  });
});

describe('remembered view', () => {
  it('comes back only for the same params', () => {
    const key = paramsKey({ status: 'active', expiring: '30' });
    expect(paramsKey({ expiring: '30', status: 'active' })).toBe(key);
    rememberView({ key, filters: NO_FILTERS, sort: '-name', scrollTop: 340, active: 10, selected: ['a'] });
    expect(recallView(key)?.scrollTop).toBe(340);
    expect(recallView(paramsKey({}))).toBeNull();
  });
});

describe('list keys', () => {
  const key = (k: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key: k, ...init });

  it('moves, opens and ignores', () => {
    expect(listKey(key('j'), 0, 5)).toEqual({ move: 1 });
    expect(listKey(key('End'), 0, 5)).toEqual({ move: 4 });
    expect(listKey(key('Enter'), 2, 5)).toEqual({ open: 2 });
    expect(listKey(key('Enter'), -1, 5)).toBeNull();
    expect(listKey(key('j', { ctrlKey: true }), 0, 5)).toBeNull();
    expect(listKey(key('x'), 0, 5)).toBeNull();
  });
});
