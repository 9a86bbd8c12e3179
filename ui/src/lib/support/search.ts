// The ticket queue's search: the form as typed, the route params that
// reopen it, the request it sends, where a hit opens and the columns of
// the hits. Pure; the component (QueueSearch) only handles keys and
// timing. Tested in search.test.ts.

import type { Snippet } from 'svelte';
import type { FieldError, Segment, TicketSearch, TicketSearchHit } from '../ipc';
import type { Route } from '../router.svelte';
import type { Column } from '../components/table';
import { sentence } from '../format';
import { shouldSearch } from '../shell/palette';
import { assigneeParam, isDocId, pick, statusRank, TICKET_STATUSES } from './tickets';

/** The search as typed; '' for a filter left open. */
export interface SearchForm {
  text: string;
  status: string;
  /** '' for anyone, `unassigned`, or a staff member's id. */
  assignee: string;
  /** One customer's tickets (their user id). */
  userId: string;
  /** Opened on or after this day (`YYYY-MM-DD`, as a date input gives it). */
  from: string;
  /** Opened on or before this day. */
  to: string;
}

export const NO_SEARCH: SearchForm = { text: '', status: '', assignee: '', userId: '', from: '', to: '' };

/** The newest hits shown; the provider's default. More words or a filter narrow them. */
export const SEARCH_LIMIT = 50;

/** The pause after the last key before searching. */
export const SEARCH_PAUSE_MS = 200;

/**
 * The route params each field is kept in. Status and assignee have their
 * own names: the queue's `status` and `assignedTo` filter the queue, and
 * the two are chosen apart.
 */
const PARAMS: Readonly<Record<keyof SearchForm, string>> = {
  text: 'q',
  status: 'searchStatus',
  assignee: 'searchAssignee',
  userId: 'userId',
  from: 'from',
  to: 'to',
};

function day(value: string | undefined): string {
  const v = (value ?? '').trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '';
}

/**
 * The search from a route's params (`{ q: 'certificate', userId }`: a
 * customer's tickets that mention it); unknown values are ignored.
 */
export function searchFromParams(params: Record<string, string>): SearchForm {
  const userId = (params[PARAMS.userId] ?? '').trim();
  return {
    text: params[PARAMS.text] ?? '',
    status: pick(params[PARAMS.status], TICKET_STATUSES),
    assignee: assigneeParam(params[PARAMS.assignee]),
    userId: isDocId(userId) ? userId : '',
    from: day(params[PARAMS.from]),
    to: day(params[PARAMS.to]),
  };
}

/** `params` with the search in them instead of any they held: the route that reopens the queue as it is. */
export function withSearch(params: Record<string, string>, form: SearchForm): Record<string, string> {
  const names = Object.values(PARAMS);
  const out = Object.fromEntries(Object.entries(params).filter(([name]) => !names.includes(name)));
  for (const field of Object.keys(PARAMS) as (keyof SearchForm)[]) {
    const value = form[field].trim();
    if (value !== '') out[PARAMS[field]] = value;
  }
  return out;
}

/** The search shows instead of the queue once two letters are typed. */
export function isSearching(form: SearchForm): boolean {
  return shouldSearch(form.text);
}

/** The shell's request for the form; null while too little is typed to search. */
export function ticketSearch(form: SearchForm): TicketSearch | null {
  if (!isSearching(form)) return null;
  return {
    text: form.text.trim(),
    status: form.status || null,
    assignedTo: form.assignee || null,
    userId: form.userId || null,
    from: form.from || null,
    to: form.to || null,
    limit: SEARCH_LIMIT,
  };
}

/** A refusal's field errors as sentences, for beside the search box. */
export function searchErrorText(fields: readonly FieldError[]): string {
  return fields.map((f) => sentence(f.message)).join(' ');
}

/** The ticket a hit opens, at the message that matched when one did. */
export function searchHitRoute(hit: Pick<TicketSearchHit, 'id' | 'messageId'>): Route {
  return hit.messageId ? { screen: 'ticket', id: hit.id, params: { message: hit.messageId } } : { screen: 'ticket', id: hit.id };
}

/** A snippet as plain text (to filter, and for a tooltip). */
export function snippetText(snippet: readonly Segment[]): string {
  return snippet.map((s) => s.text).join('');
}

/** The hits' columns; `match` renders the snippet with its matched words marked. */
export function searchColumns(match?: Snippet<[TicketSearchHit]>): Column<TicketSearchHit>[] {
  return [
    { key: 'number', label: 'Number', get: (h) => h.ticketNumber, kind: 'mono', width: '8rem' },
    { key: 'subject', label: 'Subject', get: (h) => h.subject },
    { key: 'status', label: 'Status', get: (h) => h.status, kind: 'badge', sortBy: (h) => statusRank(h.status) },
    { key: 'customer', label: 'Customer', get: (h) => h.customerName },
    { key: 'opened', label: 'Opened', get: (h) => h.createdAt, kind: 'date', width: '8rem' },
    { key: 'match', label: 'Match', get: (h) => snippetText(h.snippet), render: match, sortable: false },
  ];
}
