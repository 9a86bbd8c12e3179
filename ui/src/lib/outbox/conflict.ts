// A conflict side by side: for each field the queued edit touches, the
// provider's value now ("theirs") and the edit's ("mine"), and whether they
// differ. Pure, for ConflictView and its tests.

import type { ConflictField as ReportedField, Doc, DomainSettings, Operation, OutboxEntry } from '../ipc';

export interface ConflictField {
  key: string;
  label: string;
  /** Lines to show (a name-server list is one per line). */
  theirs: string[];
  mine: string[];
  differs: boolean;
}

const booleanFields: { key: 'autoRenew' | 'whoisPrivacy' | 'transferLock'; label: string }[] = [
  { key: 'autoRenew', label: 'Auto-renew' },
  { key: 'whoisPrivacy', label: 'WHOIS privacy' },
  { key: 'transferLock', label: 'Transfer lock' },
];

const onOff = (value: unknown): string => (value === true ? 'On' : value === false ? 'Off' : 'Unknown');

function hostList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Compared without case, trailing dots or order: the same delegation either way. */
export function sameHosts(a: readonly string[], b: readonly string[]): boolean {
  const norm = (list: readonly string[]) => [...new Set(list.map((h) => h.trim().toLowerCase().replace(/\.$/, '')))].sort();
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((h, i) => h === y[i]);
}

function nameserverField(settings: DomainSettings, theirs: Doc | null): ConflictField | null {
  if (settings.nameservers === undefined && settings.useDefaultNameservers === undefined) return null;
  const theirDefault = theirs?.['useDefaultNameservers'] === true;
  const theirHosts = hostList(theirs?.['nameservers']);
  const myDefault = settings.useDefaultNameservers === true;
  const myHosts = settings.nameservers ?? [];
  const theirLines = theirs == null ? ['Unknown'] : theirDefault ? ['Provider defaults', ...theirHosts] : theirHosts.length ? theirHosts : ['None'];
  const mineLines = myDefault ? ['Provider defaults'] : myHosts.length ? [...myHosts] : ['None'];
  let differs: boolean;
  if (theirs == null) differs = true;
  else if (myDefault || theirDefault) differs = myDefault !== theirDefault;
  else differs = !sameHosts(theirHosts, myHosts);
  return { key: 'nameservers', label: 'Name servers', theirs: theirLines, mine: mineLines, differs };
}

/** A field name for people: `changes[2].value` → `Change 3 · value`, `toEmails` → `To emails`. */
export function fieldLabel(field: string): string {
  const spaced = field
    .replace(/changes\[(\d+)\]\.?/g, (_, i: string) => `Change ${Number(i) + 1} · `)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/ · $/, '');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * The shell's own field-by-field comparison (any kind of edit: a DNS plan,
 * a forward), as lines. Values already come as text; empty reads "None".
 */
export function reportedFields(fields: readonly ReportedField[]): ConflictField[] {
  const lines = (value: string) => (value === '' ? ['None'] : value.split('\n'));
  return fields.map((f) => ({ key: f.field, label: fieldLabel(f.field), theirs: lines(f.theirs), mine: lines(f.mine), differs: f.theirs !== f.mine }));
}

/** The fields an operation touches, theirs against mine. */
export function conflictFields(entry: {
  operation: Operation;
  theirs: Doc | null;
  conflictFields?: readonly ReportedField[];
}): ConflictField[] {
  const theirs = entry.theirs;
  const op = entry.operation;
  const reported = entry.conflictFields ?? [];
  if (op.kind !== 'notificationRead' && op.kind !== 'domainSettings') return reportedFields(reported);
  if (op.kind === 'notificationRead') {
    const value = theirs?.['isRead'];
    return [
      {
        key: 'isRead',
        label: 'Read',
        theirs: [value === true ? 'Read' : value === false ? 'Unread' : 'Unknown'],
        mine: [op.isRead ? 'Read' : 'Unread'],
        differs: value !== op.isRead,
      },
    ];
  }
  const fields: ConflictField[] = [];
  for (const { key, label } of booleanFields) {
    const mine = op.settings[key];
    if (mine === undefined) continue;
    const their = theirs?.[key];
    fields.push({ key, label, theirs: [onOff(their)], mine: [onOff(mine)], differs: their !== mine });
  }
  const ns = nameserverField(op.settings, theirs);
  if (ns) fields.push(ns);
  return fields.length === 0 ? reportedFields(reported) : fields;
}

/** What the provider's version says about itself: version and last change. */
export function theirsMeta(entry: Pick<OutboxEntry, 'theirs' | 'baseVersion'>): { version: number | null; updatedAt: string | null; behind: number | null } {
  const version = typeof entry.theirs?.version === 'number' ? entry.theirs.version : null;
  const updatedAt = typeof entry.theirs?.['updatedAt'] === 'string' ? (entry.theirs['updatedAt'] as string) : null;
  return { version, updatedAt, behind: version == null ? null : Math.max(0, version - entry.baseVersion) };
}
