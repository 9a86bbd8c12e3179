import { describe, expect, it } from 'vitest';
import { highlight, normalize, score, type Segment } from './fuzzy';

/** The segments as `plain[marked]plain`, to read at a glance. */
const shown = (segments: Segment[]) => segments.map((s) => (s.match ? `[${s.text}]` : s.text)).join('');

describe('fuzzy matching', () => {
  it('normalizes case, accents and spaces', () => {
    expect(normalize('  Bäckerei   MÜLLER ')).toBe('backerei muller');
  });

  it('ranks exact over prefix over word start over substring over letters in order', () => {
    const exact = score('dns', 'DNS')!;
    const prefix = score('dom', 'Domains')!;
    const word = score('forw', 'E-mail forwarding')!;
    const inside = score('main', 'Domains')!;
    const loose = score('efw', 'E-mail forwarding')!;
    expect(exact).toBeGreaterThan(prefix);
    expect(prefix).toBeGreaterThan(word);
    expect(word).toBeGreaterThan(inside);
    expect(inside).toBeGreaterThan(loose);
    expect(score('xyz', 'Domains')).toBeNull();
    expect(score('', 'Domains')).toBe(0);
  });
});

describe('highlight', () => {
  it('marks what the score matched: prefix, word, substring, letters in order', () => {
    expect(shown(highlight('DNS propagation', 'dns'))).toBe('[DNS] propagation');
    expect(shown(highlight('DNS propagation', 'prop'))).toBe('DNS [prop]agation');
    expect(shown(highlight('Domains', 'main'))).toBe('Do[main]s');
    expect(shown(highlight('E-mail forwarding', 'efw'))).toBe('[E]-mail [f]or[w]arding');
    expect(shown(highlight('E-mail forwarding', 'e f'))).toBe('[E]-mail [f]orwarding');
  });

  it('prefers a word start to an earlier match inside a word', () => {
    expect(shown(highlight('Current renewal', 'ren'))).toBe('Current [ren]ewal');
  });

  it('maps accents, decomposed letters and runs of spaces back to the text as written', () => {
    expect(shown(highlight('Bäckerei Müller', 'backerei m'))).toBe('[Bäckerei M]üller');
    expect(shown(highlight('Bäckerei Müller', 'mu'))).toBe('Bäckerei [Mü]ller');
    expect(shown(highlight('Mu\u0308ller', 'mul'))).toBe('[Mu\u0308l]ler');
    expect(shown(highlight('  SSL   renewal', 'ssl r'))).toBe('  [SSL   r]enewal');
  });

  it('keeps the text whole when nothing matches or nothing is asked', () => {
    expect(highlight('Refund policy', 'xyz')).toEqual([{ text: 'Refund policy', match: false }]);
    expect(highlight('Refund policy', '  ')).toEqual([{ text: 'Refund policy', match: false }]);
    expect(highlight('', 'a')).toEqual([]);
  });

  it('never splits a character of two code units', () => {
    expect(shown(highlight('Launch 🚀 day', '🚀'))).toBe('Launch [🚀] day');
    expect(shown(highlight('a🚀b', 'ab'))).toBe('[a]🚀[b]');
  });
});
