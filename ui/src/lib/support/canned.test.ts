import { describe, expect, it } from 'vitest';
import type { CannedReply, Person } from '../ipc';
import type { Segment } from '../fuzzy';
import {
  authorName,
  CANNED_VARIABLES,
  cannedColumns,
  cannedRows,
  insertAt,
  previewLine,
  previewParts,
  rankReplies,
  unknownVariables,
} from './canned';

const reply = (id: string, title: string, content = '', over: Partial<CannedReply> = {}): CannedReply => ({
  _id: id,
  title,
  content,
  createdBy: 'u-sarah',
  createdAt: '2026-01-01T09:00:00Z',
  updatedAt: '2026-01-02T09:00:00Z',
  version: 1,
  ...over,
});

const shown = (segments: Segment[]) => segments.map((s) => (s.match ? `[${s.text}]` : s.text)).join('');

describe('canned reply variables', () => {
  it('lists the five variables the provider knows, each with a sample', () => {
    expect(CANNED_VARIABLES.map((v) => v.token)).toEqual([
      '{{customer.firstName}}',
      '{{customer.name}}',
      '{{ticket.number}}',
      '{{ticket.subject}}',
      '{{domain}}',
    ]);
    expect(CANNED_VARIABLES.every((v) => v.label !== '' && v.sample !== '')).toBe(true);
  });

  it('previews a text with the samples filled in and unknown ones marked', () => {
    expect(previewParts('Hi {{customer.firstName}}, {{domain}} is up. {{customer.lastName}}')).toEqual([
      { text: 'Hi ', kind: 'text' },
      { text: 'Lena', kind: 'value' },
      { text: ', ', kind: 'text' },
      { text: 'bakery.de', kind: 'value' },
      { text: ' is up. ', kind: 'text' },
      { text: '{{customer.lastName}}', kind: 'unknown' },
    ]);
    expect(previewParts('')).toEqual([]);
    expect(previewParts('No variables {{ here')).toEqual([{ text: 'No variables {{ here', kind: 'text' }]);
  });

  it('names each unknown variable once', () => {
    expect(unknownVariables('{{nope}} {{domain}} {{nope}} {{ticket.id}}')).toEqual(['{{nope}}', '{{ticket.id}}']);
    expect(unknownVariables('Hi {{customer.name}}')).toEqual([]);
  });
});

describe('insertAt', () => {
  it('inserts at the cursor and puts the cursor after the text', () => {
    expect(insertAt('Hello world', 6, 6, 'big ')).toEqual({ text: 'Hello big world', cursor: 10 });
    expect(insertAt('', 0, 0, 'Hi')).toEqual({ text: 'Hi', cursor: 2 });
    expect(insertAt('Thanks', 6, 6, '!')).toEqual({ text: 'Thanks!', cursor: 7 });
  });

  it('replaces the selection, whichever way it was made', () => {
    expect(insertAt('Hello world', 6, 11, 'there')).toEqual({ text: 'Hello there', cursor: 11 });
    expect(insertAt('Hello world', 11, 6, 'there')).toEqual({ text: 'Hello there', cursor: 11 });
  });

  it('keeps positions outside the text inside it', () => {
    expect(insertAt('abc', 10, 20, 'X')).toEqual({ text: 'abcX', cursor: 4 });
    expect(insertAt('abc', -3, 1, 'X')).toEqual({ text: 'Xbc', cursor: 1 });
    expect(insertAt('abc', Number.NaN, Number.NaN, 'X')).toEqual({ text: 'abcX', cursor: 4 });
  });
});

describe('previewLine', () => {
  it('puts a text on one line and cuts it', () => {
    expect(previewLine('Hi Lena,\n\n  the zone   is live.')).toBe('Hi Lena, the zone is live.');
    expect(previewLine('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(previewLine('exactly ten', 11)).toBe('exactly ten');
  });
});

describe('rankReplies', () => {
  const library = [
    reply('c1', 'Billing question', 'Your invoice for {{domain}} is attached.'),
    reply('c2', 'DNS propagation', 'Changes to DNS take up to 48 hours to reach every resolver.'),
    reply('c3', 'Password reset', 'Use the reset link; it is valid for an hour.'),
    reply('c4', 'Server restarted', 'We restarted the server; DNS is unaffected.'),
  ];
  const titles = (query: string) => rankReplies(library, query).map((r) => r.reply.title);

  it('lists every reply in the library’s order for no query, nothing marked', () => {
    const all = rankReplies(library, '  ');
    expect(all.map((r) => r.reply._id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(all.every((r) => r.title.every((s) => !s.match))).toBe(true);
  });

  it('ranks by the title, marking what matched', () => {
    const ranked = rankReplies(library, 'prop');
    expect(ranked.map((r) => r.reply._id)).toEqual(['c2']);
    expect(shown(ranked[0]!.title)).toBe('DNS [prop]agation');
    expect(shown(rankReplies(library, 'pwr')[0]!.title)).toBe('[P]ass[w]o[r]d reset');
  });

  it('counts the text below a title holding the query, above a title with the letters in order', () => {
    // "DNS propagation" by its title; "Server restarted" only because its text mentions DNS.
    expect(titles('dns')).toEqual(['DNS propagation', 'Server restarted']);
    expect(titles('invoice')).toEqual(['Billing question']);
    const mixed = rankReplies(
      [reply('a', 'Second reply SLA', 'nothing'), reply('b', 'Refund', 'We refund within the SLA window.')],
      'sla',
    ).map((r) => r.reply._id);
    expect(mixed).toEqual(['a', 'b']);
    const loose = rankReplies([reply('a', 'Sales call', 'nothing'), reply('b', 'Certificate', 'Your SSL certificate renews.')], 'ssl').map(
      (r) => r.reply._id,
    );
    expect(loose).toEqual(['b', 'a']);
  });

  it('breaks ties between equal titles by the text, then keeps the order', () => {
    const tied = [reply('a', 'Welcome', 'Hello there'), reply('b', 'Welcome back', 'Welcome back, glad to see you')];
    expect(rankReplies(tied, 'wel').map((r) => r.reply._id)).toEqual(['b', 'a']);
    expect(rankReplies([reply('a', 'Welcome'), reply('b', 'Welcome')], 'wel').map((r) => r.reply._id)).toEqual(['a', 'b']);
  });

  it('never matches scattered letters of a text', () => {
    // t…d…y are scattered through the text of "DNS propagation", in no title.
    expect(titles('tdy')).toEqual([]);
    expect(titles('dpg')).toEqual(['DNS propagation']);
  });
});

describe('the management list', () => {
  const sarah: Person = { id: 'u-sarah', fullName: 'Sarah Johnson', email: 's@x', company: null, role: 'support' };
  const tomas: Person = { id: 'u-tomas', fullName: 'Tomás Oliveira', email: 't@x', company: null, role: 'admin' };

  it('names the author from the staff, the signed-in person, or says a staff member', () => {
    expect(authorName('u-sarah', [sarah, tomas], null)).toBe('Sarah Johnson');
    expect(authorName('u-tomas', [], tomas)).toBe('Tomás Oliveira');
    expect(authorName('u-gone', [sarah], tomas)).toBe('A staff member');
  });

  it('shows each reply with its author, one-line text and whether it waits to be sent', () => {
    const rows = cannedRows(
      [reply('c1', 'A', 'one\ntwo'), reply('c2', 'B', '', { version: 0 }), reply('c3', 'C', '', { createdBy: 'u-tomas' })],
      [sarah, tomas],
      sarah,
      [
        { collection: 'cannedReplies', docId: 'c3', status: 'pending' },
        { collection: 'cannedReplies', docId: 'c1', status: 'failed' },
      ],
    );
    expect(rows.map((r) => [r.reply._id, r.author, r.preview, r.pending])).toEqual([
      ['c1', 'Sarah Johnson', 'one two', false],
      ['c2', 'Sarah Johnson', '', true],
      ['c3', 'Tomás Oliveira', '', true],
    ]);
  });

  it('has title, text, author and updated columns, sorting by the title’s text', () => {
    const columns = cannedColumns();
    expect(columns.map((c) => c.key)).toEqual(['title', 'preview', 'author', 'updated']);
    const [row] = cannedRows([reply('c1', 'Refunds', 'x')], [sarah], null, []);
    expect(columns[0]!.get(row!)).toBe('Refunds');
    expect(columns[3]!.kind).toBe('relative');
  });
});
