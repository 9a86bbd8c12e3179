// The audit screen's pure logic: the filter bar's values and the query
// they make, opening the screen already filtered (a route's params), how a
// page of the log joins the rows already shown, and how one event reads —
// who, how, and the document before and after. Tested in audit.test.ts.
// What an event says ("changed autoRenew") comes from the engine
// (`AuditEntry.summary`), which the search and the CSV use too.

import type { AuditEntry, AuditPage, AuditQuery, Collection } from '../ipc';
import { actorText, fieldDiff, viaText, type FieldDiff } from '../dns/history';
import { label } from '../format';

/** Events read per page (the shell's limit is 1,000). */
export const PAGE_SIZE = 100;
/** How long the search box waits after the last key before reading. */
export const SEARCH_DELAY_MS = 250;

export const ROLES = ['user', 'reseller', 'support', 'admin'] as const;
export const VIAS = ['desktop', 'api_token', 'job', 'anonymous'] as const;
export const ACTIONS = ['create', 'update', 'delete'] as const;
/** The collections whose writes are audited (audit events and zone versions are not). */
export const COLLECTIONS: readonly Collection[] = [
  'users',
  'domains',
  'dnsRecords',
  'emailForwardings',
  'domainTransfers',
  'domainOrders',
  'paymentMethods',
  'hostingPackages',
  'hostingProjects',
  'deployments',
  'supportPackages',
  'supportTickets',
  'supportMessages',
  'notifications',
];

/** The filter bar; '' means "any". Dates are `YYYY-MM-DD` (UTC days, both included). */
export interface AuditFilters {
  user: string;
  role: string;
  via: string;
  collection: string;
  action: string;
  docId: string;
  since: string;
  until: string;
  search: string;
}

export const NO_FILTERS: AuditFilters = {
  user: '',
  role: '',
  via: '',
  collection: '',
  action: '',
  docId: '',
  since: '',
  until: '',
  search: '',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function oneOf(value: string | undefined, all: readonly string[]): string {
  return value != null && all.includes(value) ? value : '';
}

/**
 * The filters a route asks for (`{ docId, user, collection, ... }`), so
 * other screens can open the log on a document or a person; anything
 * unreadable is left out.
 */
export function filtersFromParams(params: Record<string, string> | undefined): AuditFilters {
  const p = params ?? {};
  return {
    user: (p.user ?? '').trim(),
    role: oneOf(p.role, ROLES),
    via: oneOf(p.via, VIAS),
    collection: oneOf(p.collection, COLLECTIONS),
    action: oneOf(p.action, ACTIONS),
    docId: /^[0-9a-f]{24}$/.test(p.docId ?? '') ? (p.docId ?? '') : '',
    since: DATE.test(p.since ?? '') ? (p.since ?? '') : '',
    until: DATE.test(p.until ?? '') ? (p.until ?? '') : '',
    search: (p.search ?? '').trim(),
  };
}

export function hasFilters(f: AuditFilters): boolean {
  return Object.values(f).some((value) => value.trim() !== '');
}

/** The engine's query for the filters: given ones only, trimmed. */
export function buildQuery(f: AuditFilters, after: string | null = null, limit = PAGE_SIZE): AuditQuery {
  const query: AuditQuery = { limit };
  const put = (key: 'user' | 'role' | 'via' | 'collection' | 'docId' | 'since' | 'until' | 'search', value: string) => {
    const trimmed = value.trim();
    if (trimmed) query[key] = trimmed;
  };
  put('user', f.user);
  put('role', f.role);
  put('via', f.via);
  put('collection', f.collection);
  put('docId', f.docId);
  put('since', f.since);
  put('until', f.until);
  put('search', f.search);
  const action = oneOf(f.action, ACTIONS);
  if (action) query.action = action as AuditQuery['action'];
  if (after) query.after = after;
  return query;
}

/** A stable key for the filters: equal keys read the same events. */
export function filtersKey(f: AuditFilters): string {
  return JSON.stringify(buildQuery(f));
}

/** The loaded rows, and where the log goes on. */
export interface Loaded {
  items: AuditEntry[];
  next: string | null;
}

/** A page after the rows shown: appended, any event already shown left out (a reload may overlap). */
export function appendPage(loaded: Loaded, page: AuditPage): Loaded {
  const seen = new Set(loaded.items.map((e) => e._id));
  return { items: [...loaded.items, ...page.items.filter((e) => !seen.has(e._id))], next: page.next };
}

/** How many rows to read when the log is read again: what is shown, at least a page, at most the shell's limit. */
export function reloadSize(shown: number): number {
  return Math.min(1000, Math.max(PAGE_SIZE, shown));
}

/** Who made the change: `Ada Lovelace (admin)`, `a support`, `HostJamstack` (a job). */
export function actorLine(entry: AuditEntry): string {
  return actorText(entry.actor, entry.actorName ?? entry.actorEmail);
}

/** How the change came: `desktop app`, `API token deploy-bot`, `job renewals`. */
export function viaLine(entry: AuditEntry): string {
  return viaText(entry.actor);
}

/** What the document is called, else its collection and id. */
export function documentLine(entry: AuditEntry): string {
  return entry.document ?? `${label(entry.collection)} ${entry.docId}`;
}

/** The fields to show for an event: what an update changed; every field of what was created or deleted. */
export function eventFields(entry: AuditEntry): FieldDiff[] {
  return fieldDiff(entry.before, entry.after);
}

/** The CSV file's suggested name: `audit-log-2026-12-07.csv`, with the collection when filtered by one. */
export function exportName(f: AuditFilters, now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  return f.collection ? `audit-log-${f.collection}-${day}.csv` : `audit-log-${day}.csv`;
}
