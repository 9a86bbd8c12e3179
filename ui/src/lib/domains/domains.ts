// The domain table's pure logic: filters from the route's params, the
// query they make, page math for the virtual table, selection ranges, and
// how expiry reads. Tested in domains.test.ts.

import type { DomainQuery, DomainSettings, DomainSort } from '../ipc';
import { count } from '../format';

/** Rows per page read from the cache. */
export const PAGE_SIZE = 200;
/** The fixed height of a table row, in pixels. */
export const ROW_HEIGHT = 34;
/** Bulk edits above this many domains ask first. */
export const CONFIRM_ABOVE = 50;

export const STATUSES = ['active', 'pending', 'expired', 'suspended', 'transferred'] as const;
export const EXPIRING_CHOICES = [30, 60, 90, 365] as const;

export interface Filters {
  /** '' for any status. */
  status: string;
  /** Days as text, '' for any. */
  expiring: string;
  autoRenew: '' | 'true' | 'false';
  userId: string;
  text: string;
}

export const NO_FILTERS: Filters = { status: '', expiring: '', autoRenew: '', userId: '', text: '' };

/** The filters a route's params ask for; anything unreadable is left out. */
export function filtersFromParams(params: Record<string, string> | undefined): Filters {
  const p = params ?? {};
  const days = Number.parseInt(p.expiring ?? '', 10);
  return {
    status: (STATUSES as readonly string[]).includes(p.status ?? '') ? (p.status ?? '') : '',
    expiring: Number.isFinite(days) && days >= 1 && days <= 3650 ? String(days) : '',
    autoRenew: p.autoRenew === 'true' || p.autoRenew === 'false' ? p.autoRenew : '',
    userId: (p.userId ?? '').trim(),
    text: (p.text ?? '').trim(),
  };
}

export function hasFilters(f: Filters): boolean {
  return f.status !== '' || f.expiring !== '' || f.autoRenew !== '' || f.userId !== '' || f.text.trim() !== '';
}

/** The query for the filters and order (without a page). */
export function buildQuery(f: Filters, sort: DomainSort): DomainQuery {
  const query: DomainQuery = { sort };
  if (f.status) query.status = f.status;
  const days = Number.parseInt(f.expiring, 10);
  if (Number.isFinite(days) && days > 0) query.expiringWithinDays = days;
  if (f.autoRenew) query.autoRenew = f.autoRenew === 'true';
  if (f.userId) query.userId = f.userId;
  const text = f.text.trim();
  if (text) query.text = text.slice(0, 200);
  return query;
}

/** A stable key for a query: equal keys read the same rows. */
export function queryKey(query: DomainQuery): string {
  return JSON.stringify([query.status ?? null, query.expiringWithinDays ?? null, query.autoRenew ?? null, query.userId ?? null, query.text ?? null, query.sort ?? 'name']);
}

export function pageOf(index: number, size = PAGE_SIZE): number {
  return Math.floor(Math.max(0, index) / size);
}

/** The pages holding rows `start` to `end` (inclusive), within `total` rows. */
export function pagesForRange(start: number, end: number, total: number, size = PAGE_SIZE): number[] {
  if (total <= 0 || end < start) return [];
  const last = Math.min(end, total - 1);
  const pages: number[] = [];
  for (let p = pageOf(start, size); p <= pageOf(last, size); p++) pages.push(p);
  return pages;
}

/**
 * The rows to have read for a view of rows `first` to `last` that showed
 * `previousFirst` first before: the view and, on the side it is moving
 * towards, a page more, so rows are there before they scroll into view.
 */
export function rowsToRead(first: number, last: number, previousFirst: number, size = PAGE_SIZE): [number, number] {
  if (first > previousFirst) return [first, last + size];
  if (first < previousFirst) return [Math.max(0, first - size), last];
  return [first, last];
}

// --- Sorting ----------------------------------------------------------------

export type SortColumn = 'name' | 'expirationDate';

/** Clicking a header: the same column flips, another column starts ascending. */
export function nextSort(current: DomainSort, column: SortColumn): DomainSort {
  if (current === column) return `-${column}` as DomainSort;
  return column;
}

export function sortState(current: DomainSort, column: SortColumn): 'ascending' | 'descending' | 'none' {
  if (current === column) return 'ascending';
  if (current === `-${column}`) return 'descending';
  return 'none';
}

// --- Selection --------------------------------------------------------------

/** `selected` with `id` flipped (a new set). */
export function toggled(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** The row indexes from `anchor` to `target`, both included, in either order. */
export function indexRange(anchor: number, target: number): [number, number] {
  const from = anchor < 0 ? target : anchor;
  return from <= target ? [from, target] : [target, from];
}

/**
 * Shift+click: rows `anchor`..`target` take the state `on` (what the
 * clicked row becomes). `idAt` gives the id at an index, if loaded.
 */
export function withRange(
  selected: ReadonlySet<string>,
  anchor: number,
  target: number,
  on: boolean,
  idAt: (index: number) => string | undefined,
): Set<string> {
  const [lo, hi] = indexRange(anchor, target);
  const next = new Set(selected);
  for (let i = lo; i <= hi; i++) {
    const id = idAt(i);
    if (id === undefined) continue;
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}

// --- Expiry -----------------------------------------------------------------

/** Red within 30 days (or past), amber within 90. */
export function expiryTone(days: number): 'bad' | 'warn' | '' {
  if (days <= 30) return 'bad';
  if (days <= 90) return 'warn';
  return '';
}

/** `12 d left`, `today`, `3 d ago`, `2.1 y left`. */
export function daysLeft(days: number): string {
  if (days === 0) return 'today';
  if (days < 0) return `${-days} d ago`;
  if (days >= 730) return `${(days / 365).toFixed(1)} y left`;
  return `${days} d left`;
}

// --- Bulk edits -------------------------------------------------------------

export type BulkSetting = 'autoRenew' | 'transferLock' | 'whoisPrivacy';

export const BULK_SETTINGS: { key: BulkSetting; label: string }[] = [
  { key: 'autoRenew', label: 'Auto-renew' },
  { key: 'transferLock', label: 'Lock' },
  { key: 'whoisPrivacy', label: 'Privacy' },
];

export function bulkSettings(key: BulkSetting, on: boolean): DomainSettings {
  return { [key]: on };
}

/** `turn auto-renew off for 120 domains`. */
export function bulkDescription(key: BulkSetting, on: boolean, n: number): string {
  const name = key === 'autoRenew' ? 'auto-renew' : key === 'transferLock' ? 'the transfer lock' : 'WHOIS privacy';
  return `turn ${name} ${on ? 'on' : 'off'} for ${count(n)} ${n === 1 ? 'domain' : 'domains'}`;
}

export function queuedLine(n: number): string {
  return n === 1 ? 'Queued 1 edit' : `Queued ${count(n)} edits`;
}

// --- The view remembered across navigation ------------------------------------

export interface SavedView {
  /** The route's params it was opened with. */
  key: string;
  filters: Filters;
  sort: DomainSort;
  scrollTop: number;
  active: number;
  selected: string[];
}

let saved: SavedView | null = null;

export function paramsKey(params: Record<string, string> | undefined): string {
  const p = params ?? {};
  return JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));
}

/** Keeps the table's state so coming back to the same route restores it. */
export function rememberView(view: SavedView): void {
  saved = view;
}

/** The state saved for `key`, if the last table shown was opened with it. */
export function recallView(key: string): SavedView | null {
  return saved && saved.key === key ? saved : null;
}
