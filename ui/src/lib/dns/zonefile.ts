// DNS records: their order, grouping and the RFC 1035 master-file text of a
// zone ("zone file"), built from the records the cache holds.

import { num, str, bool } from '../areas/doc';

/** The record types the provider knows, in the order a zone file lists them. */
export const RECORD_TYPES = ['NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'CAA'] as const;

/** The fields of a DNS record the zone file needs. */
export interface ZoneRecord {
  type: string;
  /** Relative owner name, `@` for the apex. */
  name: string;
  value: string;
  ttl: number | null;
  priority: number | null;
  isActive: boolean;
}

/** A cached dnsRecords document as a ZoneRecord. */
export function zoneRecord(doc: Record<string, unknown>): ZoneRecord {
  return {
    type: (str(doc, 'type') ?? '').toUpperCase(),
    name: str(doc, 'name') ?? '@',
    value: str(doc, 'value') ?? '',
    ttl: num(doc, 'ttl'),
    priority: num(doc, 'priority'),
    isActive: bool(doc, 'isActive') ?? true,
  };
}

/** A type's place in zone order; unknown types after the known ones. */
export function typeRank(type: string): number {
  const i = (RECORD_TYPES as readonly string[]).indexOf(type.toUpperCase());
  return i < 0 ? RECORD_TYPES.length : i;
}

/** Types in zone order (NS, A, AAAA, …); unknown types after, by name. */
export function compareTypes(a: string, b: string): number {
  return typeRank(a) - typeRank(b) || a.localeCompare(b);
}

/** `@` first, then names alphabetically. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '@') return -1;
  if (b === '@') return 1;
  return a.localeCompare(b);
}

/** Zone order: type, owner name, priority, value. */
export function compareRecords(a: ZoneRecord, b: ZoneRecord): number {
  return (
    compareTypes(a.type, b.type) ||
    compareNames(a.name, b.name) ||
    (a.priority ?? 0) - (b.priority ?? 0) ||
    a.value.localeCompare(b.value)
  );
}

/** The zone's origin with its final dot: `example.com.`. */
export function originOf(domain: string): string {
  const name = domain.trim().toLowerCase();
  return name.endsWith('.') ? name : `${name}.`;
}

/** An owner name relative to the origin (`www.example.com` → `www`, the apex → `@`). */
export function ownerName(name: string, domain: string): string {
  const n = name.trim();
  if (n === '' || n === '@') return '@';
  const origin = originOf(domain);
  const bare = origin.slice(0, -1);
  const lower = n.toLowerCase();
  if (lower === origin || lower === bare) return '@';
  if (lower.endsWith(`.${origin}`)) return n.slice(0, -origin.length - 1);
  if (lower.endsWith(`.${bare}`) && !n.endsWith('.')) return n.slice(0, -bare.length - 1);
  return n;
}

/** The fully qualified name of a record (`www.example.com`). */
export function fqdn(name: string, domain: string): string {
  const owner = ownerName(name, domain);
  const bare = originOf(domain).slice(0, -1);
  if (owner === '@') return bare;
  return owner.endsWith('.') ? owner.slice(0, -1) : `${owner}.${bare}`;
}

/**
 * A host name as a master file writes it: names with a dot are absolute
 * (`mx1.example.net.`); `@` and single labels stay relative to the origin.
 */
export function hostName(value: string): string {
  const v = value.trim();
  if (v === '' || v === '@' || v.endsWith('.') || !v.includes('.')) return v;
  return `${v}.`;
}

/** RFC 1035 character-string escaping: `"` and `\` escaped, bytes outside printable ASCII as `\DDD`. */
function escapeCharacters(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${String(byte).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}

/** Already written as quoted strings (`"a" "b"`): kept as they are. */
const QUOTED = /^"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*$/;

/** TXT data as quoted strings of at most 255 bytes each. */
export function txtData(value: string): string {
  const v = value.trim();
  if (QUOTED.test(v)) return v;
  const bytes = new TextEncoder().encode(value);
  if (bytes.length === 0) return '""';
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + 255, bytes.length);
    // Never split a UTF-8 character: back up over continuation bytes.
    while (end < bytes.length && end > start && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    chunks.push(`"${escapeCharacters(decoder.decode(bytes.subarray(start, end)))}"`);
    start = end;
  }
  return chunks.join(' ');
}

/** The RDATA of a record as a master file writes it. */
export function rdata(record: ZoneRecord): string {
  const type = record.type.toUpperCase();
  const value = record.value.trim();
  switch (type) {
    case 'MX':
      return `${record.priority ?? 0} ${hostName(value)}`;
    case 'SRV': {
      // The provider keeps "weight port target" with the priority apart.
      const parts = value.split(/\s+/);
      if (parts.length === 3 && record.priority != null) return `${record.priority} ${parts[0]} ${parts[1]} ${hostName(parts[2] ?? '')}`;
      if (parts.length === 4) return `${parts[0]} ${parts[1]} ${parts[2]} ${hostName(parts[3] ?? '')}`;
      if (parts.length === 3) return `0 ${parts[0]} ${parts[1]} ${hostName(parts[2] ?? '')}`;
      return value;
    }
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return hostName(value);
    case 'TXT':
      return txtData(record.value);
    default:
      return value;
  }
}

/** The most used TTL of the records (the zone's `$TTL`); 3600 for none. */
export function defaultTtl(records: readonly ZoneRecord[]): number {
  const counts = new Map<number, number>();
  for (const r of records) if (r.ttl != null && r.isActive) counts.set(r.ttl, (counts.get(r.ttl) ?? 0) + 1);
  let best = 3600;
  let most = 0;
  for (const [ttl, n] of counts) {
    if (n > most || (n === most && ttl < best)) {
      best = ttl;
      most = n;
    }
  }
  return best;
}

/**
 * The zone as RFC 1035 master-file text: `$ORIGIN`, `$TTL`, then one line
 * per record in zone order (`owner TTL IN TYPE RDATA`). Inactive records
 * are written as comments so the text shows them without serving them.
 */
export function zoneFile(domain: string, records: readonly ZoneRecord[]): string {
  const origin = originOf(domain);
  const ttl = defaultTtl(records);
  const sorted = [...records].sort(compareRecords);
  const rows = sorted.map((r) => ({
    active: r.isActive,
    owner: ownerName(r.name, domain),
    ttl: String(r.ttl ?? ttl),
    type: r.type.toUpperCase(),
    data: rdata(r),
  }));
  const width = (pick: (row: (typeof rows)[number]) => string, cap: number) =>
    Math.min(cap, Math.max(0, ...rows.map((row) => pick(row).length)));
  const ownerWidth = width((r) => r.owner, 32);
  const ttlWidth = width((r) => r.ttl, 8);
  const typeWidth = width((r) => r.type, 6);
  const lines = [
    `; Zone ${origin} as held in the local cache (${rows.length} ${rows.length === 1 ? 'record' : 'records'})`,
    '; The SOA record is kept by the provider\'s name servers and is not part of this text.',
    `$ORIGIN ${origin}`,
    `$TTL ${ttl}`,
    '',
  ];
  let lastType = '';
  for (const row of rows) {
    if (lastType !== '' && row.type !== lastType) lines.push('');
    lastType = row.type;
    const line = `${row.owner.padEnd(ownerWidth)} ${row.ttl.padStart(ttlWidth)} IN ${row.type.padEnd(typeWidth)} ${row.data}`;
    lines.push(row.active ? line : `; inactive: ${line}`);
  }
  return `${lines.join('\n')}\n`;
}
