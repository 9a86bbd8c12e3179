// A document's audit trail and a zone's versions, put into words: who made
// a change (and how it reached the provider), and what it changed field by
// field. Pure; tested in history.test.ts. An event's one-line summary
// ("changed autoRenew") comes with it from the engine (`AuditEntry.summary`),
// which the audit log's search and CSV use too.

import type { AuditActor } from '../ipc';

/** Bookkeeping every write changes: left out of a field diff. */
const BOOKKEEPING = new Set(['_id', 'version', 'updatedAt', 'createdAt']);

export interface FieldDiff {
  field: string;
  before: string | null;
  after: string | null;
}

/** A value in one short line: lists joined, objects as JSON, nothing as null. */
export function valueText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.map(String).join(', ');
  return JSON.stringify(value);
}

/** The fields that differ between two versions of a document, in a stable order. */
export function fieldDiff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldDiff[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => !BOOKKEEPING.has(k));
  const out: FieldDiff[] = [];
  for (const field of keys) {
    const a = valueText(before?.[field]);
    const b = valueText(after?.[field]);
    if (a !== b) out.push({ field, before: a, after: b });
  }
  return out;
}

/** How a change reached the provider: "desktop app", "API token deploy-bot", "job renewals". */
export function viaText(actor: AuditActor): string {
  switch (actor.via) {
    case 'desktop':
      return 'desktop app';
    case 'api_token':
      return actor.detail ? `API token ${actor.detail}` : 'API token';
    case 'job':
      return actor.detail ? `job ${actor.detail}` : 'background job';
    case 'anonymous':
      return 'no session';
  }
}

/** Who made a change: a person's name when known, else the role or the job. */
export function actorText(actor: AuditActor, name?: string | null): string {
  if (name) return actor.role ? `${name} (${actor.role})` : name;
  if (actor.via === 'job') return 'HostJamstack';
  if (actor.role) return `${/^[aeiou]/i.test(actor.role) ? 'an' : 'a'} ${actor.role}`;
  return actor.userId ? 'someone' : 'nobody signed in';
}
