// Reading outbox entries for people: the provider's refusal per field, field
// names in words, counts and filters by status, and which editor corrects a
// refused one.

import type { Collection, EntryStatus, FieldError, OutboxEntry, ProviderProblem } from '../ipc';
import { label } from '../format';

export interface ShownProblem {
  /** The provider's own words about the whole refusal. */
  detail: string | null;
  /** The provider's error code (`gone`, `validation_failed`...). */
  code: string | null;
  fields: { field: string; label: string; message: string }[];
}

const fieldLabels: Record<string, string> = {
  autoRenew: 'Auto-renew',
  whoisPrivacy: 'WHOIS privacy',
  transferLock: 'Transfer lock',
  nameservers: 'Name servers',
  useDefaultNameservers: 'Default name servers',
  isRead: 'Read',
  ttl: 'TTL',
  isActive: 'Active',
};

/** `nameservers[1]` → `Name server 2`; `autoRenew` → `Auto-renew`. */
export function fieldLabel(field: string): string {
  const indexed = /^([A-Za-z_]+)\[(\d+)\]$/.exec(field);
  if (indexed?.[1] === 'nameservers' && indexed[2]) return `Name server ${Number(indexed[2]) + 1}`;
  return fieldLabels[field] ?? label(field);
}

function isFieldError(value: unknown): value is FieldError {
  return value != null && typeof value === 'object' && typeof (value as FieldError).message === 'string';
}

/** A failed entry's problem: per field when the provider named fields, else its detail. */
export function shownProblem(problem: ProviderProblem | null): ShownProblem {
  if (!problem) return { detail: null, code: null, fields: [] };
  const errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
  const detail = typeof problem.detail === 'string' && problem.detail.trim() !== '' ? problem.detail : typeof problem.title === 'string' ? problem.title : null;
  return {
    detail,
    code: typeof problem.code === 'string' && problem.code !== '' ? problem.code : null,
    fields: errors.map((e) => ({ field: e.field ?? '', label: e.field ? fieldLabel(e.field) : 'Edit', message: e.message })),
  };
}

/**
 * The documents of `collection` that look pending: an edit of theirs waits
 * in the outbox, or they were made here and never sent (version 0).
 */
export function pendingDocs(
  docs: readonly { _id: string; version: number }[],
  entries: readonly Pick<OutboxEntry, 'collection' | 'docId' | 'status'>[],
  collection: Collection,
): Set<string> {
  const queued = new Set(entries.filter((e) => e.collection === collection && e.status === 'pending').map((e) => e.docId));
  return new Set(docs.filter((d) => d.version === 0 || queued.has(d._id)).map((d) => d._id));
}

export type StatusFilter = 'all' | EntryStatus;

export function countByStatus(entries: readonly Pick<OutboxEntry, 'status'>[]): Record<StatusFilter, number> {
  const counts: Record<StatusFilter, number> = { all: entries.length, pending: 0, conflict: 0, failed: 0 };
  for (const e of entries) counts[e.status]++;
  return counts;
}

export function filterEntries<T extends Pick<OutboxEntry, 'status'>>(entries: readonly T[], filter: StatusFilter): T[] {
  return filter === 'all' ? [...entries] : entries.filter((e) => e.status === filter);
}

/** The name a queued document goes by, from its cached document. */
export function documentName(collection: string, doc: Record<string, unknown> | null): string | null {
  if (!doc) return null;
  const pick = (key: string) => (typeof doc[key] === 'string' && doc[key] !== '' ? (doc[key] as string) : null);
  if (collection === 'domains') return pick('domainName');
  if (collection === 'notifications') return pick('title');
  return pick('name') ?? pick('title') ?? null;
}

/** Which collections have a screen to open an entry's document on. */
export function documentRoute(
  collection: string,
  docId: string,
): { screen: 'domain'; id: string } | { screen: 'notifications' } | { screen: 'canned' } | null {
  if (collection === 'domains') return { screen: 'domain', id: docId };
  if (collection === 'notifications') return { screen: 'notifications' };
  if (collection === 'cannedReplies') return { screen: 'canned' };
  return null;
}

/** The editor a refused edit is corrected in. */
export type EntryEditor = 'settings' | 'forward' | 'plan';

/** Which editor corrects an entry: only refused ones, and only edits with something to change (not a removal or a read mark). */
export function entryEditor(entry: Pick<OutboxEntry, 'status' | 'operation'>): EntryEditor | null {
  if (entry.status !== 'failed') return null;
  switch (entry.operation.kind) {
    case 'domainSettings':
      return 'settings';
    case 'forwardCreate':
    case 'forwardUpdate':
      return 'forward';
    case 'dnsPlan':
      return 'plan';
    default:
      return null;
  }
}
