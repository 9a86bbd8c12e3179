import { describe, expect, it } from 'vitest';
import type { TicketSearchHit } from '../ipc';
import { columnText } from '../components/table';
import {
  isSearching,
  NO_SEARCH,
  SEARCH_LIMIT,
  searchColumns,
  searchErrorText,
  searchFromParams,
  searchHitRoute,
  snippetText,
  ticketSearch,
  withSearch,
} from './search';
import { searchHit } from './fixtures';

const LENA = '65a1b2c3d4e5f60718293a4b';
const STAFF = '65a1b2c3d4e5f60718293a4c';

function hit(over: Partial<TicketSearchHit> = {}): TicketSearchHit {
  return searchHit({ priority: 'high', ...over });
}

describe('searchFromParams', () => {
  it('reads the text, the filters and the customer', () => {
    expect(
      searchFromParams({ q: 'cert', searchStatus: 'Resolved', searchAssignee: 'unassigned', userId: LENA, from: '2026-01-01', to: '2026-03-31' }),
    ).toEqual({ text: 'cert', status: 'resolved', assignee: 'unassigned', userId: LENA, from: '2026-01-01', to: '2026-03-31' });
    expect(searchFromParams({ searchAssignee: STAFF }).assignee).toBe(STAFF);
  });

  it('ignores what it does not know, and leaves the queue’s own filters to the queue', () => {
    expect(searchFromParams({ searchStatus: 'lost', searchAssignee: 'bob', userId: 'lena', from: '1 March', to: '2026-3-1' })).toEqual(NO_SEARCH);
    expect(searchFromParams({ status: 'open', assignedTo: 'unassigned', view: 'active' })).toEqual(NO_SEARCH);
    expect(searchFromParams({})).toEqual(NO_SEARCH);
  });
});

describe('withSearch', () => {
  it('keeps the queue’s params and adds the search, so coming back reopens both', () => {
    const form = { ...NO_SEARCH, text: ' cert ', status: 'open', userId: LENA, from: '2026-01-01' };
    const params = withSearch({ view: 'active', sort: 'due' }, form);
    expect(params).toEqual({ view: 'active', sort: 'due', q: 'cert', searchStatus: 'open', userId: LENA, from: '2026-01-01' });
    expect(searchFromParams(params)).toEqual({ ...form, text: 'cert' });
  });

  it('replaces a search the params held, leaving out the filters let go of', () => {
    expect(withSearch({ q: 'old', to: '2026-01-31', priority: 'urgent' }, { ...NO_SEARCH, text: 'new' })).toEqual({ priority: 'urgent', q: 'new' });
  });
});

describe('ticketSearch', () => {
  it('asks nothing until two letters are typed', () => {
    for (const text of ['', ' ', 'c', ' c ']) {
      expect(isSearching({ ...NO_SEARCH, text })).toBe(false);
      expect(ticketSearch({ ...NO_SEARCH, text })).toBeNull();
    }
    expect(isSearching({ ...NO_SEARCH, text: 'ce' })).toBe(true);
  });

  it('sends the text trimmed and each filter chosen, null for those left open', () => {
    expect(ticketSearch({ ...NO_SEARCH, text: '  cert renewal ' })).toEqual({
      text: 'cert renewal',
      status: null,
      assignedTo: null,
      userId: null,
      from: null,
      to: null,
      limit: SEARCH_LIMIT,
    });
    expect(ticketSearch({ text: 'cert', status: 'closed', assignee: STAFF, userId: LENA, from: '2026-01-01', to: '2026-01-31' })).toEqual({
      text: 'cert',
      status: 'closed',
      assignedTo: STAFF,
      userId: LENA,
      from: '2026-01-01',
      to: '2026-01-31',
      limit: SEARCH_LIMIT,
    });
    expect(ticketSearch({ ...NO_SEARCH, text: 'cert', assignee: 'unassigned' })?.assignedTo).toBe('unassigned');
  });
});

describe('search hits', () => {
  it('open the ticket, at the message that matched when one did', () => {
    expect(searchHitRoute(hit())).toEqual({ screen: 'ticket', id: 't1' });
    expect(searchHitRoute(hit({ messageId: 'm9' }))).toEqual({ screen: 'ticket', id: 't1', params: { message: 'm9' } });
  });

  it('read their snippet as plain text', () => {
    expect(snippetText(hit().snippet)).toBe('the certificate ran out');
    expect(snippetText([])).toBe('');
  });

  it('show number, subject, status, customer, opening day and the match', () => {
    const columns = searchColumns();
    expect(columns.map((c) => c.key)).toEqual(['number', 'subject', 'status', 'customer', 'opened', 'match']);
    const cells = Object.fromEntries(columns.map((c) => [c.key, columnText(c, hit())]));
    expect(cells).toMatchObject({ number: 'TKT-2026-000123', subject: 'Certificate expired', status: 'Open', customer: 'Lena Fischer', match: 'the certificate ran out' });
    expect(cells.opened).not.toBe('');
    expect(columns.find((c) => c.key === 'match')?.sortable).toBe(false);
  });
});

describe('searchErrorText', () => {
  it('words the refusal’s field errors as sentences', () => {
    expect(
      searchErrorText([
        { field: 'from', code: 'invalid_date', message: 'from must be a day written YYYY-MM-DD' },
        { field: 'to', code: 'out_of_range', message: 'to must not be before from' },
      ]),
    ).toBe('From must be a day written YYYY-MM-DD. To must not be before from.');
    expect(searchErrorText([])).toBe('');
  });
});
