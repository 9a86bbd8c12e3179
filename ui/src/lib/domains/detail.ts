// The domain detail's pure logic: tabs, the name-server editor's checks
// and moves, and reading a failed edit's problem. Tested in detail.test.ts.

import type { Doc, FieldError, OutboxEntry } from '../ipc';

export const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'settings', label: 'Settings' },
  { id: 'nameservers', label: 'Name servers' },
  { id: 'dns', label: 'DNS records' },
  { id: 'forwards', label: 'E-mail forwards' },
  { id: 'transfers', label: 'Transfers & orders' },
] as const;

export type TabId = (typeof TABS)[number]['id'];

/** The tab ←/→/Home/End lead to from `current` (wrapping), or null. */
export function tabAfter(current: TabId, key: string): TabId | null {
  const index = TABS.findIndex((t) => t.id === current);
  const last = TABS.length - 1;
  let next: number;
  switch (key) {
    case 'ArrowRight':
      next = index >= last ? 0 : index + 1;
      break;
    case 'ArrowLeft':
      next = index <= 0 ? last : index - 1;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = last;
      break;
    default:
      return null;
  }
  return TABS[next]?.id ?? null;
}

// --- Name servers -------------------------------------------------------------

/** The registries' limits (crates/model: MIN_NAMESERVERS, MAX_NAMESERVERS). */
export const MIN_NAMESERVERS = 2;
export const MAX_NAMESERVERS = 13;

export interface NameserverErrors {
  /** Messages per entry, by index. */
  perEntry: string[][];
  /** Messages about the whole list (`nameservers`, or an entry past the end). */
  general: string[];
}

/** Places each error beside the entry it names (`nameservers[1]`). */
export function nameserverErrors(errors: readonly FieldError[], count: number): NameserverErrors {
  const perEntry: string[][] = Array.from({ length: count }, () => []);
  const general: string[] = [];
  for (const error of errors) {
    const match = /^nameservers\[(\d+)\]/.exec(error.field);
    const index = match ? Number(match[1]) : -1;
    const slot = index >= 0 ? perEntry[index] : undefined;
    if (slot) slot.push(error.message);
    else general.push(error.message);
  }
  return { perEntry, general };
}

/** How the provider compares host names: trimmed, lower case, no final dot. */
export function normalizeHost(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}

/** Whether two lists name the same servers in the same order. */
export function sameNameservers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((host, i) => normalizeHost(host) === normalizeHost(b[i] ?? ''));
}

/** The list with entry `index` moved by `delta` (a new list; unchanged when it cannot move). */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  const next = [...list];
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return next;
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item as T);
  return next;
}

/** Host names from a document field, ignoring anything else. */
export function hostList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

// --- Outbox entries ---------------------------------------------------------------

export interface Problem {
  field: string | null;
  message: string;
}

/** What the provider said about a failed edit, one line per problem. */
export function entryProblems(entry: OutboxEntry): Problem[] {
  const error = entry.error;
  if (!error) return [{ field: null, message: 'The provider refused this edit.' }];
  const problems: Problem[] = (error.errors ?? []).map((e) => ({ field: e.field || null, message: e.message }));
  if (problems.length === 0) {
    const message = error.detail || error.title || error.code;
    problems.push({ field: null, message: typeof message === 'string' && message ? message : 'The provider refused this edit.' });
  }
  return problems;
}

// --- The document --------------------------------------------------------------------

/** Fields the overview shows in its own sections. */
export const KNOWN_DOMAIN_FIELDS = new Set([
  '_id',
  'domainName',
  'userId',
  'registrationDate',
  'expirationDate',
  'autoRenew',
  'registrationPeriod',
  'isPremium',
  'status',
  'registrar',
  'registrarDomainId',
  'nameservers',
  'useDefaultNameservers',
  'purchasePrice',
  'renewalPrice',
  'currency',
  'whoisPrivacy',
  'transferLock',
  'createdAt',
  'updatedAt',
  'version',
]);

/** Fields of the document the overview has no section for (a newer provider's, DNSSEC...). */
export function extraFields(doc: Doc): [string, unknown][] {
  return Object.entries(doc)
    .filter(([key, value]) => !KNOWN_DOMAIN_FIELDS.has(key) && value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** `1 year`, `2 years`. */
export function years(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  return value === 1 ? '1 year' : `${value} years`;
}

/** The settings that queued (not yet sent) edits change, from a domain's outbox entries. */
export function pendingSettings(entries: readonly OutboxEntry[]): Set<string> {
  const keys = new Set<string>();
  for (const entry of entries) {
    if (entry.status !== 'pending' || entry.operation.kind !== 'domainSettings') continue;
    for (const [key, value] of Object.entries(entry.operation.settings)) {
      if (value === undefined) continue;
      keys.add(key === 'useDefaultNameservers' ? 'nameservers' : key);
    }
  }
  return keys;
}
