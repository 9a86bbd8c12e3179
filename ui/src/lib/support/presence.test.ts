import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PresentPerson, TicketPresence } from '../ipc';
import { initials, presence, presenceLine, presentOthers, PRESENCE_FRESH_MS, TYPING_FRESH_MS } from './presence.svelte';

const sarah: PresentPerson = { userId: 'u-sarah', name: 'Sarah Johnson', state: 'viewing' };
const tomas: PresentPerson = { userId: 'u-tomas', name: 'Tomás Oliveira', state: 'viewing' };
const amelia: PresentPerson = { userId: 'u-amelia', name: 'Amelia Hartmann', state: 'viewing' };
const me: PresentPerson = { userId: 'u-me', name: 'Me Myself', state: 'typing' };
const typing = (person: PresentPerson): PresentPerson => ({ ...person, state: 'typing' });
const on = (ticketId: string, ...people: PresentPerson[]): TicketPresence => ({ ticketId, people });

describe('presentOthers', () => {
  const at = 1_000_000;

  it('is everyone but the signed-in person', () => {
    expect(presentOthers({ presence: on('t1', me, sarah), at }, at, 'u-me')).toEqual([sarah]);
    expect(presentOthers({ presence: on('t1', me), at }, at, 'u-me')).toEqual([]);
    expect(presentOthers(undefined, at, 'u-me')).toEqual([]);
  });

  it('lets news without a word for 30 s go', () => {
    const heard = { presence: on('t1', sarah), at };
    expect(presentOthers(heard, at + PRESENCE_FRESH_MS, 'u-me')).toEqual([sarah]);
    expect(presentOthers(heard, at + PRESENCE_FRESH_MS + 1, 'u-me')).toEqual([]);
  });

  it('shows typing without news as viewing once the provider would have', () => {
    const heard = { presence: on('t1', typing(sarah), tomas), at };
    expect(presentOthers(heard, at + TYPING_FRESH_MS, null)).toEqual([typing(sarah), tomas]);
    expect(presentOthers(heard, at + TYPING_FRESH_MS + 1, null)).toEqual([sarah, tomas]);
  });
});

describe('presenceLine', () => {
  it('names one person in full', () => {
    expect(presenceLine([sarah])).toEqual([{ state: 'viewing', text: 'Sarah Johnson is viewing' }]);
    expect(presenceLine([typing(sarah)])).toEqual([{ state: 'typing', text: 'Sarah Johnson is typing a reply…' }]);
  });

  it('names several by first name, and many counted', () => {
    expect(presenceLine([sarah, tomas])).toEqual([{ state: 'viewing', text: 'Sarah and Tomás are viewing' }]);
    expect(presenceLine([sarah, tomas, amelia])[0]?.text).toBe('Sarah, Tomás and Amelia are viewing');
    const fourth = { userId: 'u-x', name: 'Xavier Ruiz', state: 'viewing' } as const;
    expect(presenceLine([sarah, tomas, amelia, fourth])[0]?.text).toBe('Sarah, Tomás and 2 others are viewing');
    expect(presenceLine([typing(sarah), typing(tomas)])[0]?.text).toBe('Sarah and Tomás are typing a reply…');
  });

  it('uses full names when two share a first name', () => {
    const other = { userId: 'u-s2', name: 'Sarah Lee', state: 'viewing' } as const;
    expect(presenceLine([sarah, other])[0]?.text).toBe('Sarah Johnson and Sarah Lee are viewing');
  });

  it('puts typing first', () => {
    expect(presenceLine([sarah, typing(tomas)])).toEqual([
      { state: 'typing', text: 'Tomás Oliveira is typing a reply…' },
      { state: 'viewing', text: 'Sarah Johnson is viewing' },
    ]);
    expect(presenceLine([])).toEqual([]);
  });
});

describe('initials', () => {
  it('takes the first and last names’ letters', () => {
    expect(initials('Sarah Johnson')).toBe('SJ');
    expect(initials('  tomás  de  oliveira ')).toBe('TO');
    expect(initials('Amelia')).toBe('A');
    expect(initials('')).toBe('?');
  });
});

describe('presence', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('keeps the latest news per ticket, and lets stale news go', () => {
    presence.take(on('t1', sarah));
    presence.take(on('t2', tomas));
    presence.take(on('t1', typing(sarah), me));
    expect(presence.others('t1', 'u-me')).toEqual([typing(sarah)]);
    expect(presence.others('t2', 'u-me')).toEqual([tomas]);
    expect(presence.others('t3', 'u-me')).toEqual([]);
    vi.advanceTimersByTime(PRESENCE_FRESH_MS + 1);
    expect(presence.others('t1', 'u-me')).toEqual([]);
    presence.take(on('t1', amelia));
    expect(presence.others('t1', 'u-me')).toEqual([amelia]);
    expect(presence.others('t2', 'u-me')).toEqual([]);
  });
});
