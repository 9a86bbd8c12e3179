// A zone plan as the DNS screen builds it: ids for new records, changes
// added, replaced and withdrawn, the rule errors of one change placed beside
// its inputs, the zone grouped by type, and a diff put into words. Pure:
// every rule itself lives in the shell (`preview_dns_plan`); this only
// arranges what it answers. Tested in plan.test.ts.

import type { DnsRecord, FieldError, OutboxEntry, PlanChange, PlanPreview, RecordDraft, ZonePlan } from '../ipc';
import { compareRecords, compareTypes } from './zonefile';

/** A new 24-hex ObjectId, made here so a created record keeps its id on the provider. */
export function newObjectId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return [...random(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The types that carry a priority. */
export const hasPriority = (type: string): boolean => type === 'MX' || type === 'SRV';

export const emptyPlan = (): ZonePlan => ({ changes: [], confirmed: false });

/** A blank record for the "add" editor. */
export function blankDraft(): RecordDraft {
  return { type: 'A', name: '@', value: '', ttl: 3600, priority: null, isActive: true, comment: null };
}

/** A record's editable part. */
export function draftOf(record: DnsRecord): RecordDraft {
  return {
    type: record.type,
    name: record.name,
    value: record.value,
    ttl: record.ttl,
    priority: record.priority,
    isActive: record.isActive,
    comment: record.comment ?? null,
  };
}

/** A draft as sent: no priority where the type has none, an empty comment as none. */
export function cleanDraft(draft: RecordDraft): RecordDraft {
  const comment = draft.comment?.trim() ? draft.comment : null;
  const ttl = Number.isFinite(draft.ttl) ? Math.trunc(draft.ttl) : 0;
  const priority = hasPriority(draft.type) && draft.priority != null && Number.isFinite(draft.priority) ? Math.trunc(draft.priority) : null;
  return { ...draft, ttl, priority, comment };
}

/**
 * The plan with `change` in it. One change per record: a second edit of the
 * same record replaces the first; editing a record the plan creates stays a
 * create; deleting it withdraws the create altogether.
 */
export function withChange(plan: ZonePlan, change: PlanChange): ZonePlan {
  const index = plan.changes.findIndex((c) => c.id === change.id);
  const changes = [...plan.changes];
  if (index < 0) return { changes: [...changes, change], confirmed: false };
  const previous = changes[index]!;
  if (previous.op === 'create' && change.op === 'update') changes[index] = { op: 'create', id: change.id, record: change.record };
  else if (previous.op === 'create' && change.op === 'delete') changes.splice(index, 1);
  else changes[index] = change;
  // What was confirmed is not what is planned now.
  return { changes, confirmed: false };
}

/** The plan without the change of record `id`. */
export function withoutChange(plan: ZonePlan, id: string): ZonePlan {
  return { changes: plan.changes.filter((c) => c.id !== id), confirmed: false };
}

/**
 * Whether a plan cannot be applied (or queued again) yet: empty, still
 * being checked, refused by the zone's rules, or with safety reasons not
 * confirmed.
 */
export function planBlocked(plan: ZonePlan, preview: PlanPreview | null, checking: boolean): boolean {
  if (plan.changes.length === 0 || checking || preview == null) return true;
  return preview.errors.length > 0 || (preview.safety.length > 0 && !plan.confirmed);
}

/** The change the editor stands for: a create for a new id, else an update of `record`. */
export function editorChange(id: string, draft: RecordDraft, record: DnsRecord | null): PlanChange {
  const clean = cleanDraft(draft);
  return record ? { op: 'update', id, version: record.version, record: clean } : { op: 'create', id, record: clean };
}

/** What the plan does to each record, by id. */
export function planOps(plan: ZonePlan): Map<string, PlanChange['op']> {
  return new Map(plan.changes.map((c) => [c.id, c.op]));
}

export interface ChangeErrors {
  /** Messages by record field (`value`, `ttl`, …). */
  byField: Record<string, string[]>;
  /** Messages about the change as a whole (stale, a zone rule without a field). */
  general: string[];
}

const CHANGE_FIELD = /^changes\[(\d+)\](?:\.(?:record\.)?(.+))?$/;

/** The errors of change `index` (`changes[2].value` → `value`), for the inputs of its editor. */
export function changeErrors(errors: readonly FieldError[], index: number): ChangeErrors {
  const result: ChangeErrors = { byField: {}, general: [] };
  for (const error of errors) {
    const match = CHANGE_FIELD.exec(error.field);
    if (!match || Number(match[1]) !== index) continue;
    const field = match[2];
    if (field) (result.byField[field] ??= []).push(error.message);
    else result.general.push(error.message);
  }
  return result;
}

/** The errors of change `index` as lines for a list of changes: `value: …`, then those about the change as a whole. */
export function changeMessages(errors: readonly FieldError[], index: number): string[] {
  const found = changeErrors(errors, index);
  const byField = Object.entries(found.byField).flatMap(([field, messages]) => messages.map((message) => `${field}: ${message}`));
  return [...byField, ...found.general];
}

/** The index of the change an error names, or null for the plan as a whole. */
export function errorChangeIndex(error: FieldError): number | null {
  const match = CHANGE_FIELD.exec(error.field);
  return match ? Number(match[1]) : null;
}

export interface TypeGroup {
  type: string;
  records: DnsRecord[];
}

/** Records by type in zone order (NS, A, AAAA, …), each group in zone order. */
export function groupByType(records: readonly DnsRecord[]): TypeGroup[] {
  const groups = new Map<string, DnsRecord[]>();
  for (const record of records) {
    const list = groups.get(record.type) ?? [];
    list.push(record);
    groups.set(record.type, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareTypes(a, b))
    .map(([type, list]) => ({ type, records: list.sort(compareRecords) }));
}

/** Records a queued plan of the outbox touches (shown as pending until the provider has them). */
export function queuedRecordIds(entries: readonly OutboxEntry[]): Set<string> {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.operation.kind !== 'dnsPlan') continue;
    for (const change of entry.operation.plan.changes) ids.add(change.id);
  }
  return ids;
}

/** Not yet on the provider: made here (version 0) or changed by a queued plan. */
export function isPending(record: DnsRecord, queued: ReadonlySet<string>): boolean {
  return record.version === 0 || queued.has(record._id);
}

/** One line of a record, as a zone file reads: `www 3600 MX 10 mail.example.com`. */
export function recordLine(record: Pick<RecordDraft, 'type' | 'name' | 'value' | 'ttl' | 'priority'>): string {
  const priority = record.priority != null && hasPriority(record.type) ? `${record.priority} ` : '';
  return `${record.name} ${record.ttl} ${record.type} ${priority}${record.value}`;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const RECORD_FIELDS: { key: keyof RecordDraft; label: string }[] = [
  { key: 'type', label: 'type' },
  { key: 'name', label: 'name' },
  { key: 'value', label: 'value' },
  { key: 'ttl', label: 'TTL' },
  { key: 'priority', label: 'priority' },
  { key: 'isActive', label: 'active' },
  { key: 'comment', label: 'comment' },
];

const shown = (value: unknown): string => (value == null || value === '' ? '—' : value === true ? 'yes' : value === false ? 'no' : String(value));

/** What a change does to a record, field by field (`TTL 3600 → 300`). */
export function recordChanges(before: DnsRecord | RecordDraft, after: DnsRecord | RecordDraft): FieldChange[] {
  const out: FieldChange[] = [];
  for (const { key, label } of RECORD_FIELDS) {
    const a = shown(before[key]);
    const b = shown(after[key]);
    if (a !== b) out.push({ field: label, before: a, after: b });
  }
  return out;
}

/** A plan's change in words, for the list of rule errors: "add www A", "delete @ MX". */
export function describeChange(change: PlanChange, records: readonly DnsRecord[]): string {
  if (change.op === 'create') return `add ${change.record.name} ${change.record.type}`;
  if (change.op === 'update') return `change ${change.record.name} ${change.record.type}`;
  const record = records.find((r) => r._id === change.id);
  return record ? `delete ${record.name} ${record.type}` : 'delete a record';
}

/** What a rule error is about, for a list of them: the change it names in words, else its field. */
export function errorLabel(error: FieldError, plan: ZonePlan, records: readonly DnsRecord[]): string {
  const index = errorChangeIndex(error);
  const change = index == null ? undefined : plan.changes[index];
  return change ? describeChange(change, records) : error.field;
}

/** The record a change makes or leaves (its draft), or removes (as cached; null when it is not). */
export function changeRecordLine(change: PlanChange, records: readonly DnsRecord[]): string | null {
  if (change.op !== 'delete') return recordLine(change.record);
  const record = records.find((r) => r._id === change.id);
  return record ? recordLine(record) : null;
}
