import { describe, expect, it } from 'vitest';
import { counted, daysUntil, field, label, minutesText, money, sentence, text, tone } from './format';
import { isSearchShortcut, moveActive } from './keyboard';

describe('format', () => {
  it('reads wire names as words', () => {
    expect(label('in_progress')).toBe('In progress');
    expect(label('waitingCustomer')).toBe('Waiting customer');
    expect(label(undefined)).toBe('');
  });

  it('counts whole days until a date, negative when past', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    expect(daysUntil('2026-11-25T12:00:00Z', now)).toBe(1);
    expect(daysUntil('2026-11-24T18:00:00Z', now)).toBe(0);
    expect(daysUntil('2026-11-20T12:00:00Z', now)).toBe(-4);
  });

  it('writes amounts in their currency and refuses what is not a number', () => {
    expect(money('12.99', 'EUR')).toContain('12.99');
    expect(money('abc', 'EUR')).toBe('');
  });

  it('reaches nested fields by dotted path', () => {
    expect(field({ repository: { branch: 'main' } }, 'repository.branch')).toBe('main');
    expect(field({ repository: null }, 'repository.branch')).toBeUndefined();
  });

  it('writes cells as text', () => {
    expect(text(true)).toBe('Yes');
    expect(text(['a', 'b'])).toBe('a, b');
    expect(text(null)).toBe('');
  });

  it('shows messages from the shell as sentences', () => {
    expect(sentence('could not open the demo workspace: port in use')).toBe('Could not open the demo workspace: port in use.');
    expect(sentence(' Could not open “Acme”. ')).toBe('Could not open “Acme”.');
    expect(sentence('Is it on?')).toBe('Is it on?');
    expect(sentence('')).toBe('');
  });

  it('counts things in the singular or the plural', () => {
    expect(counted(1, 'document', 'documents')).toBe('1 document');
    expect(counted(0, 'document', 'documents')).toBe('0 documents');
    expect(counted(1200, 'document', 'documents')).toMatch(/^1.?200 documents$/);
  });

  it('writes minutes as minutes, hours and days', () => {
    expect(minutesText(0)).toBe('0 min');
    expect(minutesText(42)).toBe('42 min');
    expect(minutesText(185)).toBe('3 h 5 min');
    expect(minutesText(185, true)).toBe('3 h 05 min');
    expect(minutesText(180, true)).toBe('3 h');
    expect(minutesText(52 * 60 + 30)).toBe('2 d 4 h');
    expect(minutesText(48 * 60)).toBe('2 d');
    expect(minutesText(-1)).toBe('');
    expect(minutesText(Number.NaN)).toBe('');
  });

  it('gives statuses a tone', () => {
    expect(tone('expired')).toBe('bad');
    expect(tone('active')).toBe('good');
    expect(tone('something-new')).toBe('neutral');
  });
});

describe('list keys', () => {
  it('moves within bounds', () => {
    expect(moveActive('ArrowDown', { active: -1, count: 3 })).toBe(0);
    expect(moveActive('ArrowDown', { active: 2, count: 3 })).toBe(2);
    expect(moveActive('ArrowUp', { active: 0, count: 3 })).toBe(0);
    expect(moveActive('End', { active: 0, count: 3 })).toBe(2);
    expect(moveActive('PageDown', { active: 0, count: 100, page: 20 })).toBe(20);
    expect(moveActive('x', { active: 0, count: 3 })).toBeNull();
    expect(moveActive('ArrowDown', { active: 0, count: 0 })).toBeNull();
  });

  it('takes / for the search box, with Shift (some layouts) but never with Ctrl, ⌘ or Alt', () => {
    const key = (over: Partial<KeyboardEvent>) => ({ key: '/', ctrlKey: false, metaKey: false, altKey: false, ...over });
    expect(isSearchShortcut(key({}))).toBe(true);
    expect(isSearchShortcut(key({ shiftKey: true }))).toBe(true);
    expect(isSearchShortcut(key({ ctrlKey: true }))).toBe(false);
    expect(isSearchShortcut(key({ metaKey: true }))).toBe(false);
    expect(isSearchShortcut(key({ altKey: true }))).toBe(false);
    expect(isSearchShortcut(key({ key: '?' }))).toBe(false);
  });
});
