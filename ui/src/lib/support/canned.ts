// Canned replies: the support staff's shared answers. The composer's picker
// ranks them as a query is typed (title first, the text a weaker signal)
// and inserts one's text, filled in for the ticket by the shell, where the
// cursor is; the management screen lists them and previews a reply being
// written with sample values. Pure but for `focusAt`; tested in
// canned.test.ts.

import { tick, type Snippet } from 'svelte';
import type { CannedReply, OutboxEntry, Person } from '../ipc';
import type { Column } from '../components/table';
import { highlight, score, type Segment } from '../fuzzy';
import { pendingDocs } from '../outbox/entries';

export interface CannedVariable {
  /** As written in a reply: `{{customer.firstName}}`. */
  token: string;
  /** What it stands for, on its chip. */
  label: string;
  /** What the preview fills in. */
  sample: string;
}

/** The variables a canned reply may use (the provider refuses any other `{{…}}`), in the shell's order. */
export const CANNED_VARIABLES: readonly CannedVariable[] = [
  { token: '{{customer.firstName}}', label: 'First name', sample: 'Lena' },
  { token: '{{customer.name}}', label: 'Customer name', sample: 'Lena Müller' },
  { token: '{{ticket.number}}', label: 'Ticket number', sample: 'TKT-2026-000042' },
  { token: '{{ticket.subject}}', label: 'Ticket subject', sample: 'Certificate renewal' },
  // The ticket's first related domain; the shell writes "your domain" when it names none.
  { token: '{{domain}}', label: 'Domain', sample: 'bakery.de' },
];

/** A piece of a reply's preview: plain text, a variable's sample value, or a `{{…}}` that is no variable. */
export interface PreviewPart {
  text: string;
  kind: 'text' | 'value' | 'unknown';
}

/** A `{{` up to the first `}}` after it, as the provider reads variables. */
const PLACEHOLDER = /\{\{[\s\S]*?\}\}/g;

/** A reply's text with every variable filled in by its sample value; `{{…}}` that are no variable stay, marked. */
export function previewParts(content: string): PreviewPart[] {
  const parts: PreviewPart[] = [];
  let from = 0;
  for (const match of content.matchAll(PLACEHOLDER)) {
    if (match.index > from) parts.push({ text: content.slice(from, match.index), kind: 'text' });
    const variable = CANNED_VARIABLES.find((v) => v.token === match[0]);
    parts.push(variable ? { text: variable.sample, kind: 'value' } : { text: match[0], kind: 'unknown' });
    from = match.index + match[0].length;
  }
  if (from < content.length) parts.push({ text: content.slice(from), kind: 'text' });
  return parts;
}

/** The `{{…}}` of a text that are no variable, each once: the provider refuses the reply while there are any. */
export function unknownVariables(content: string): string[] {
  return [...new Set(previewParts(content).filter((p) => p.kind === 'unknown').map((p) => p.text))];
}

/**
 * `inserted` put into `text` in place of the selection from `selectionStart`
 * to `selectionEnd` (the cursor when they are equal), and where the cursor
 * goes: just after it. Out-of-range or reversed ends are taken as the text's.
 */
export function insertAt(text: string, selectionStart: number, selectionEnd: number, inserted: string): { text: string; cursor: number } {
  const clamp = (at: number) => (Number.isFinite(at) ? Math.max(0, Math.min(text.length, Math.trunc(at))) : text.length);
  const start = Math.min(clamp(selectionStart), clamp(selectionEnd));
  const end = Math.max(clamp(selectionStart), clamp(selectionEnd));
  return { text: text.slice(0, start) + inserted + text.slice(end), cursor: start + inserted.length };
}

/** Puts the cursor at `cursor` in a text field, once Svelte has written the field's new value. */
export async function focusAt(field: HTMLTextAreaElement | HTMLInputElement | null | undefined, cursor: number): Promise<void> {
  await tick();
  field?.focus();
  field?.setSelectionRange(cursor, cursor);
}

/** A reply's text on one line, cut at `max` characters: what the picker and the list show of it. */
export function previewLine(content: string, max = 140): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

export interface RankedReply {
  reply: CannedReply;
  /** The title, the characters the query matched marked. */
  title: Segment[];
}

/**
 * How a reply's text counts for a query: only when it holds the query
 * (letters scattered through 20,000 characters would match anything), and
 * then between a title with the letters in order (10) and a title holding
 * the query (40 and up).
 */
function contentRank(query: string, content: string): number | null {
  const found = score(query, content);
  return found != null && found >= 40 ? 11 + found / 10 : null;
}

/**
 * The replies matching `query`, best first: by how the title matches
 * (fuzzy.ts), the text a weaker signal that also breaks ties between equal
 * titles; equal ones keep their order (by title, as the shell lists them).
 * All of them, unmarked, for no query.
 */
export function rankReplies(replies: readonly CannedReply[], query: string): RankedReply[] {
  if (query.trim() === '') return replies.map((reply) => ({ reply, title: highlight(reply.title, '') }));
  const ranked: { reply: CannedReply; rank: number; tie: number; index: number }[] = [];
  replies.forEach((reply, index) => {
    const byTitle = score(query, reply.title);
    const byContent = contentRank(query, reply.content);
    if (byTitle == null && byContent == null) return;
    ranked.push({ reply, rank: Math.max(byTitle ?? -1, byContent ?? -1), tie: byTitle != null ? (byContent ?? 0) : 0, index });
  });
  ranked.sort((a, b) => b.rank - a.rank || b.tie - a.tie || a.index - b.index);
  return ranked.map(({ reply }) => ({ reply, title: highlight(reply.title, query) }));
}

/** A reply as the management list shows it. */
export interface CannedRow {
  reply: CannedReply;
  author: string;
  preview: string;
  /** Its edit waits in the outbox, or it was made here and never sent. */
  pending: boolean;
}

/** Who wrote a reply: a staff member by name (the signed-in person too), else a staff member no longer in the cache. */
export function authorName(createdBy: string, staff: readonly Person[], me: Person | null): string {
  const person = staff.find((p) => p.id === createdBy) ?? (me?.id === createdBy ? me : null);
  return person?.fullName || 'A staff member';
}

export function cannedRows(
  replies: readonly CannedReply[],
  staff: readonly Person[],
  me: Person | null,
  entries: readonly Pick<OutboxEntry, 'collection' | 'docId' | 'status'>[],
): CannedRow[] {
  const pending = pendingDocs(replies, entries, 'cannedReplies');
  return replies.map((reply) => ({
    reply,
    author: authorName(reply.createdBy, staff, me),
    preview: previewLine(reply.content),
    pending: pending.has(reply._id),
  }));
}

/** The management list's columns; `title` renders the title cell (with its pending mark). */
export function cannedColumns(title?: Snippet<[CannedRow]>): Column<CannedRow>[] {
  return [
    { key: 'title', label: 'Title', get: (r) => r.reply.title, render: title, width: '16rem' },
    { key: 'preview', label: 'Text', get: (r) => r.preview, sortable: false },
    { key: 'author', label: 'Written by', get: (r) => r.author, width: '11rem' },
    { key: 'updated', label: 'Updated', get: (r) => r.reply.updatedAt, kind: 'relative', width: '8rem' },
  ];
}
