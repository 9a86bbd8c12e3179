import { describe, expect, it } from 'vitest';
import {
  cellText,
  columnText,
  countSummary,
  filterRows,
  filterTerms,
  groupRows,
  meterPercent,
  meterText,
  meterTone,
  nextSort,
  plural,
  sortRows,
  type Column,
} from './table';

interface Row {
  id: string;
  name: string;
  amount: number | null;
  created: string | null;
  active: boolean;
  kind: string;
}

const rows: Row[] = [
  { id: '1', name: 'beta.com', amount: 12.5, created: '2025-03-01T00:00:00Z', active: true, kind: 'MX' },
  { id: '2', name: 'Alpha.io', amount: 2, created: '2024-01-01T00:00:00Z', active: false, kind: 'A' },
  { id: '3', name: 'gamma.net', amount: null, created: null, active: true, kind: 'A' },
  { id: '4', name: 'delta10.org', amount: 100, created: '2026-01-01T00:00:00Z', active: false, kind: 'TXT' },
];

const name: Column<Row> = { key: 'name', label: 'Name', get: (r) => r.name };
const amount: Column<Row> = { key: 'amount', label: 'Amount', get: (r) => r.amount, kind: 'money', currency: () => 'EUR' };
const created: Column<Row> = { key: 'created', label: 'Created', get: (r) => r.created, kind: 'date' };
const active: Column<Row> = { key: 'active', label: 'Active', get: (r) => r.active, kind: 'bool' };
const kind: Column<Row> = { key: 'kind', label: 'Type', get: (r) => r.kind, kind: 'badge' };

describe('cellText', () => {
  it('reads nothing as empty whatever the kind', () => {
    expect(cellText('money', null)).toBe('');
    expect(cellText('date', undefined)).toBe('');
    expect(cellText('text', '')).toBe('');
  });

  it('shows booleans, flags and lists in words', () => {
    expect(cellText('bool', true)).toBe('Yes');
    expect(cellText('bool', false)).toBe('No');
    expect(cellText('flag', true, undefined, 'SLA breached')).toBe('SLA breached');
    expect(cellText('flag', false, undefined, 'SLA breached')).toBe('');
    expect(cellText('list', ['a@x.com', 'b@y.com'])).toBe('a@x.com, b@y.com');
  });

  it('labels badges and formats durations and money', () => {
    expect(cellText('badge', 'waiting_customer')).toBe('Waiting customer');
    expect(cellText('duration', 45_000)).toBe('45 s');
    expect(cellText('money', 12.99, 'USD')).toContain('12.99');
  });

  it('writes meters as used of limit with the unit', () => {
    expect(cellText('meter', { used: 2.5, limit: 10, unit: 'GB' })).toBe('2.5 of 10 GB');
    expect(meterText({ used: 3, limit: null })).toBe('3 of unlimited');
  });
});

describe('meterPercent', () => {
  it('is the share used, null when unlimited', () => {
    expect(meterPercent({ used: 5, limit: 20 })).toBe(25);
    expect(meterPercent({ used: 30, limit: 20 })).toBe(150);
    expect(meterPercent({ used: 5, limit: null })).toBeNull();
  });

  it('treats use of a zero allowance as over the limit', () => {
    expect(meterPercent({ used: 0, limit: 0 })).toBeNull();
    expect(meterPercent({ used: 1, limit: 0 })).toBe(Infinity);
  });
});

describe('sortRows', () => {
  it('sorts text naturally and case-insensitively', () => {
    expect(sortRows(rows, name, 'asc').map((r) => r.id)).toEqual(['2', '1', '4', '3']);
    expect(sortRows(rows, name, 'desc').map((r) => r.id)).toEqual(['3', '4', '1', '2']);
  });

  it('sorts money as numbers and keeps missing values last both ways', () => {
    expect(sortRows(rows, amount, 'asc').map((r) => r.id)).toEqual(['2', '1', '4', '3']);
    expect(sortRows(rows, amount, 'desc').map((r) => r.id)).toEqual(['4', '1', '2', '3']);
  });

  it('sorts dates by time, not by their text', () => {
    expect(sortRows(rows, created, 'asc').map((r) => r.id)).toEqual(['2', '1', '4', '3']);
  });

  it('is stable for equal values', () => {
    expect(sortRows(rows, active, 'asc').map((r) => r.id)).toEqual(['2', '4', '1', '3']);
  });

  it('sorts by the column\'s own key when it has one', () => {
    const byLength: Column<Row> = { key: 'len', label: 'Len', get: (r) => `${r.name.length} chars`, sortBy: (r) => r.name.length };
    expect(sortRows(rows, byLength, 'desc').map((r) => r.id)).toEqual(['4', '3', '1', '2']);
  });

  it('leaves the order alone without a column', () => {
    expect(sortRows(rows, undefined, 'asc')).toEqual(rows);
  });
});

describe('nextSort', () => {
  it('cycles ascending, descending, none', () => {
    expect(nextSort(null, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'desc' }, 'name')).toBeNull();
    expect(nextSort({ key: 'name', direction: 'desc' }, 'amount')).toEqual({ key: 'amount', direction: 'asc' });
  });
});

describe('filterRows', () => {
  const columns = [name, amount, created, active, kind];

  it('splits the query into lower-case words', () => {
    expect(filterTerms('  Foo   BAR ')).toEqual(['foo', 'bar']);
  });

  it('keeps rows containing every word in any column', () => {
    expect(filterRows(rows, columns, 'alpha').map((r) => r.id)).toEqual(['2']);
    expect(filterRows(rows, columns, 'txt delta').map((r) => r.id)).toEqual(['4']);
    expect(filterRows(rows, columns, 'txt alpha')).toEqual([]);
  });

  it('matches shown text such as badge labels and yes/no', () => {
    expect(filterRows(rows, [name, active], 'no').map((r) => r.id)).toEqual(['2', '4']);
  });

  it('keeps everything for an empty query', () => {
    expect(filterRows(rows, columns, '   ')).toHaveLength(4);
  });

  it('uses the same text as the cell', () => {
    expect(columnText(kind, rows[0]!)).toBe('Mx');
    expect(filterRows(rows, [kind], 'mx').map((r) => r.id)).toEqual(['1']);
  });
});

describe('groupRows', () => {
  it('groups in first-seen order keeping row order', () => {
    const groups = groupRows(rows, (r) => r.kind);
    expect(groups.map((g) => g.key)).toEqual(['MX', 'A', 'TXT']);
    expect(groups[1]!.rows.map((r) => r.id)).toEqual(['2', '3']);
  });

  it('orders groups when asked', () => {
    const groups = groupRows(rows, (r) => r.kind, (a, b) => a.localeCompare(b));
    expect(groups.map((g) => g.key)).toEqual(['A', 'MX', 'TXT']);
  });
});

describe('countSummary', () => {
  it('says how much is loaded and how much matches', () => {
    expect(countSummary(4, 4, 4, 'record', false)).toBe('4 records');
    expect(countSummary(1, 1, 1, 'record', false)).toBe('1 record');
    expect(countSummary(200, 200, 1234, 'record', false)).toBe('200 of 1,234 records loaded');
    expect(countSummary(3, 200, 1234, 'record', true)).toBe('3 of 200 loaded records match');
    expect(countSummary(2, 2, 2, ['entry', 'entries'], false)).toBe('2 entries');
    expect(plural(1, ['entry', 'entries'])).toBe('1 entry');
  });
});

describe('meterTone', () => {
  it('warns from 75 % and alarms from 90 %', () => {
    expect(meterTone(null)).toBe('neutral');
    expect(meterTone(74.9)).toBe('good');
    expect(meterTone(75)).toBe('warn');
    expect(meterTone(90)).toBe('bad');
    expect(meterTone(Infinity)).toBe('bad');
  });
});
