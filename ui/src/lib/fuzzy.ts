// The app's one fuzzy matcher: how well a typed query matches a name, and
// which characters of the name matched, for highlighting. The command
// palette ranks screens with it and the composer's canned-reply picker
// ranks replies, so both answer a query the same way. Pure; tested in
// fuzzy.test.ts.

/** Lower case, no accents, single spaces: `Bäckerei  Müller` → `backerei muller`. */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** How well `query` matches `text` (higher is better), or null for no match. */
export function score(query: string, text: string): number | null {
  const q = normalize(query);
  const t = normalize(text);
  if (q === '') return 0;
  if (t === q) return 100;
  if (t.startsWith(q)) return 80;
  if (wordStart(q, t) >= 0) return 60;
  if (t.includes(q)) return 40;
  // Letters in order (`efw` → `e-mail forwarding`), first letters of words first.
  return inOrder(q, t) ? 10 : null;
}

/** Where `q` starts a word of `t` (after a space or `-_./@`), or -1. */
function wordStart(q: string, t: string): number {
  const match = new RegExp(`(^|[\\s\\-_./@])${escapeRegExp(q)}`).exec(t);
  return match ? match.index + (match[1]?.length ?? 0) : -1;
}

/** The positions in `t` of the letters of `q` (spaces left out), leftmost first; null when they are not all there in order. */
function inOrder(q: string, t: string): number[] | null {
  const at: number[] = [];
  let from = 0;
  for (const char of q.replace(/ /g, '')) {
    const found = t.indexOf(char, from);
    if (found < 0) return null;
    // A letter may be two code units (an emoji): every unit is part of the match.
    for (let unit = 0; unit < char.length; unit++) at.push(found + unit);
    from = found + char.length;
  }
  return at;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A piece of a name, matched by the query or not: names are shown as these, never as HTML. */
export interface Segment {
  text: string;
  match: boolean;
}

/**
 * {@link normalize}'s text with, for each of its code units, the span of
 * `text` it came from: a dropped accent belongs to its letter, a run of
 * white space to the one space it became.
 */
function normalizeSpans(text: string): { text: string; spans: [number, number][] } {
  let out = '';
  const spans: [number, number][] = [];
  /** Where white space began that is still to be written as one space (none before the first letter). */
  let space: number | null = null;
  let index = 0;
  for (const char of text) {
    const start = index;
    index += char.length;
    if (/\s/.test(char)) {
      if (out !== '' && space == null) space = start;
      continue;
    }
    const folded = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    const last = spans[spans.length - 1];
    if (folded === '') {
      if (last && space == null) last[1] = index;
      continue;
    }
    if (space != null) {
      out += ' ';
      spans.push([space, start]);
      space = null;
    }
    out += folded;
    for (let unit = 0; unit < folded.length; unit++) spans.push([start, index]);
  }
  return { text: out, spans };
}

/**
 * `text` in segments, the characters `query` matched marked, as
 * {@link score} matched them: the whole text, the prefix, the word or the
 * substring, or else the letters in order. One unmatched segment when
 * nothing (or no query) matches.
 */
export function highlight(text: string, query: string): Segment[] {
  const q = normalize(query);
  const { text: t, spans } = normalizeSpans(text);
  let positions: number[] | null = null;
  if (q !== '') {
    const start = t.startsWith(q) ? 0 : [wordStart(q, t), t.indexOf(q)].find((i) => i >= 0);
    positions = start != null && start >= 0 ? Array.from({ length: q.length }, (_, i) => start + i) : inOrder(q, t);
  }
  if (!positions?.length) return text === '' ? [] : [{ text, match: false }];
  const marked = new Array<boolean>(text.length).fill(false);
  for (const position of positions) {
    const [from, to] = spans[position] ?? [0, 0];
    marked.fill(true, from, to);
  }
  const segments: Segment[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = segments[segments.length - 1];
    if (last && last.match === marked[i]) last.text += text[i];
    else segments.push({ text: text[i]!, match: marked[i]! });
  }
  return segments;
}
