// The pure part of DocTable and DetailList: how a value of each kind reads
// as text, how rows sort, filter and group. Kept free of Svelte so it is
// tested on its own (table.test.ts).

import type { Snippet } from 'svelte';
import { count, date, dateTime, duration, label, money, relative, text, type Tone } from '../format';

/** How a cell (or a detail value) is shown. */
export type CellKind =
  | 'text'
  | 'mono'
  | 'date'
  | 'datetime'
  | 'relative'
  | 'badge'
  | 'money'
  | 'bool'
  | 'number'
  | 'duration'
  | 'flag'
  | 'meter'
  | 'list';

/** A usage against a limit (`null` limit: unlimited), for `meter` cells. */
export interface MeterValue {
  used: number;
  limit: number | null;
  unit?: string;
}

export interface Column<T> {
  /** Stable key, used for sorting and the header's test id. */
  key: string;
  label: string;
  get: (row: T) => unknown;
  kind?: CellKind;
  /** The currency of a `money` cell (ISO code); EUR when absent. */
  currency?: (row: T) => unknown;
  /** For `badge` cells: a tone other than the usual one for the value (or for the row). */
  tone?: (value: unknown, row: T) => Tone | undefined;
  /** For `flag` cells: the words shown when the value is true (`SLA breached`). */
  flag?: string;
  /** What the column sorts by, when not its value (a TTL shown as `1 h` sorts by seconds). */
  sortBy?: (row: T) => number | string | null;
  /** Clicking the header sorts by the column; true unless said otherwise. */
  sortable?: boolean;
  /** A CSS width such as `8rem`. */
  width?: string;
  /** Numbers read best right-aligned. */
  align?: 'start' | 'end';
  /** Custom content for the cell (a pending mark beside the text); `get` still sorts and filters. */
  render?: Snippet<[T]>;
}

export type SortDirection = 'asc' | 'desc';

export interface SortState {
  key: string;
  direction: SortDirection;
}

function isMeter(value: unknown): value is MeterValue {
  return value != null && typeof value === 'object' && 'used' in value && 'limit' in value;
}

/** Compact number text: `2.5`, `1,250`. */
function numberText(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Number.isInteger(value) ? count(value) : new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(value);
  }
  if (typeof value === 'string' && value !== '' && !Number.isNaN(Number(value))) return numberText(Number(value));
  return text(value);
}

/** `2.5 of 10 GB`, `3 of unlimited`. */
export function meterText(value: MeterValue): string {
  const unit = value.unit ? ` ${value.unit}` : '';
  const limit = value.limit == null ? 'unlimited' : numberText(value.limit);
  return `${numberText(value.used)} of ${limit}${unit}`;
}

/** Percentage used (may exceed 100); null when unlimited or nothing is allowed and nothing used. */
export function meterPercent(value: MeterValue): number | null {
  if (value.limit == null || !Number.isFinite(value.limit)) return null;
  if (value.limit <= 0) return value.used > 0 ? Infinity : null;
  return (value.used / value.limit) * 100;
}

/** A value as the text people read, for the given kind. Empty for nothing. */
export function cellText(kind: CellKind, value: unknown, currency?: unknown, flag?: string): string {
  if (value == null || value === '') return '';
  switch (kind) {
    case 'date':
      return date(value);
    case 'datetime':
      return dateTime(value);
    case 'relative':
      return relative(value);
    case 'badge':
      return label(value);
    case 'money':
      return money(value, currency);
    case 'bool':
      return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : text(value);
    case 'number':
      return numberText(value);
    case 'duration':
      return duration(value);
    case 'flag':
      return value === true ? (flag ?? 'Yes') : '';
    case 'meter':
      return isMeter(value) ? meterText(value) : text(value);
    case 'list':
      return Array.isArray(value) ? value.map(text).filter(Boolean).join(', ') : text(value);
    default:
      return text(value);
  }
}

/** The text a column shows for a row. */
export function columnText<T>(column: Column<T>, row: T): string {
  return cellText(column.kind ?? 'text', column.get(row), column.currency?.(row), column.flag);
}

/** What a cell sorts by: numbers for amounts, dates, flags and meters; text otherwise. */
export function sortValue<T>(column: Column<T>, row: T): number | string | null {
  if (column.sortBy) {
    const by = column.sortBy(row);
    return typeof by === 'string' ? by.toLowerCase() : by;
  }
  const value = column.get(row);
  if (value == null || value === '') return null;
  switch (column.kind) {
    case 'date':
    case 'datetime':
    case 'relative': {
      const time = typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(time) ? null : time;
    }
    case 'money':
    case 'number':
    case 'duration': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isNaN(n) ? null : n;
    }
    case 'bool':
    case 'flag':
      return value === true ? 1 : 0;
    case 'meter':
      return isMeter(value) ? (meterPercent(value) ?? -1) : null;
    default:
      return typeof value === 'number' ? value : columnText(column, row).toLowerCase();
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Compares two sort values; nothing sorts last whatever the direction. */
function compareValues(a: number | string | null, b: number | string | null, direction: SortDirection): number {
  if (a === b) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  const sign = direction === 'asc' ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return (a - b) * sign;
  return collator.compare(String(a), String(b)) * sign;
}

/** The rows sorted by one column (stable: equal rows keep their order). */
export function sortRows<T>(rows: readonly T[], column: Column<T> | undefined, direction: SortDirection): T[] {
  if (!column) return [...rows];
  const keyed = rows.map((row, index) => ({ row, index, value: sortValue(column, row) }));
  keyed.sort((a, b) => compareValues(a.value, b.value, direction) || a.index - b.index);
  return keyed.map((k) => k.row);
}

/** The next sort after a click on a header: ascending, then descending, then none. */
export function nextSort(current: SortState | null, key: string): SortState | null {
  if (!current || current.key !== key) return { key, direction: 'asc' };
  if (current.direction === 'asc') return { key, direction: 'desc' };
  return null;
}

/** Lower-case words of a filter; every one must occur in a row. */
export function filterTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term !== '');
}

/** Rows whose shown text (any column) contains every word of the query. */
export function filterRows<T>(rows: readonly T[], columns: readonly Column<T>[], query: string): T[] {
  const terms = filterTerms(query);
  if (terms.length === 0) return [...rows];
  return rows.filter((row) => {
    const haystack = columns
      .map((column) => {
        const raw = column.get(row);
        const shown = columnText(column, row);
        return typeof raw === 'string' && raw !== shown ? `${shown} ${raw}` : shown;
      })
      .join(' ')
      .toLowerCase();
    return terms.every((term) => haystack.includes(term));
  });
}

export interface Group<T> {
  key: string;
  rows: T[];
}

/** Rows in groups, in `order` (or first appearance); rows keep their order inside a group. */
export function groupRows<T>(rows: readonly T[], groupOf: (row: T) => string, order?: (a: string, b: string) => number): Group<T>[] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = groupOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  const result = [...groups].map(([key, list]) => ({ key, rows: list }));
  if (order) result.sort((a, b) => order(a.key, b.key));
  return result;
}

/** A noun for a count: `record`/`records`, or an explicit pair (`entry`, `entries`). */
export type Noun = string | readonly [string, string];

export function plural(n: number, noun: Noun): string {
  const [one, many] = typeof noun === 'string' ? [noun, `${noun}s`] : noun;
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** `340 records`, `200 of 1,234 records loaded`, `12 of 200 loaded records match`. */
export function countSummary(shown: number, loaded: number, total: number, noun: Noun, filtered: boolean): string {
  if (filtered) {
    const many = typeof noun === 'string' ? `${noun}s` : noun[1];
    return `${count(shown)} of ${count(loaded)} loaded ${many} match`;
  }
  if (total > loaded) return `${count(loaded)} of ${plural(total, noun)} loaded`;
  return plural(Math.max(total, loaded), noun);
}

/** The tone of a usage bar: good below 75 %, a warning to 90 %, bad beyond. */
export function meterTone(percent: number | null): 'good' | 'warn' | 'bad' | 'neutral' {
  if (percent == null) return 'neutral';
  if (percent >= 90) return 'bad';
  if (percent >= 75) return 'warn';
  return 'good';
}
