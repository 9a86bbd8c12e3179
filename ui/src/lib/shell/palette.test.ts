import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../ipc';
import { navEntries } from './nav';
import { flatItems, hitRoute, matchScreens, paletteGroups, shouldSearch } from './palette';

const hit = (over: Partial<SearchHit>): SearchHit => ({
  kind: 'domain',
  id: 'd1',
  title: 'example.com',
  subtitle: 'active, expires 2027-01-01',
  parentId: null,
  ...over,
});

describe('palette matching', () => {
  it('lists every screen for no query and the matching ones best first', () => {
    expect(matchScreens('', navEntries)).toHaveLength(navEntries.length);
    const found = matchScreens('de', navEntries).map((e) => e.screen);
    expect(found[0]).toBe('deployments');
    expect(matchScreens('tickets', navEntries).map((e) => e.screen)).toEqual(['support']);
    expect(matchScreens('zzz', navEntries)).toEqual([]);
  });

  it('searches from two characters', () => {
    expect(shouldSearch('a')).toBe(false);
    expect(shouldSearch(' a ')).toBe(false);
    expect(shouldSearch('ab')).toBe(true);
  });
});

describe('palette hits', () => {
  it('opens each kind where it belongs; a message opens its ticket, at the message', () => {
    expect(hitRoute(hit({ kind: 'domain', id: 'd' }))).toEqual({ screen: 'domain', id: 'd' });
    expect(hitRoute(hit({ kind: 'customer', id: 'u' }))).toEqual({ screen: 'customer', id: 'u' });
    expect(hitRoute(hit({ kind: 'ticket', id: 't' }))).toEqual({ screen: 'ticket', id: 't' });
    expect(hitRoute(hit({ kind: 'message', id: 'm', parentId: 't' }))).toEqual({ screen: 'ticket', id: 't', params: { message: 'm' } });
    expect(hitRoute(hit({ kind: 'message', id: 'm', parentId: null }))).toBeNull();
  });

  it('groups screens first, then hits by kind in a fixed order, dropping duplicates', () => {
    const groups = paletteGroups(
      'car',
      navEntries,
      [
        hit({ kind: 'ticket', id: 't1', title: 'TKT-1 Car trouble' }),
        hit({ kind: 'domain', id: 'd1', title: 'carter.com' }),
        hit({ kind: 'message', id: 'm1', title: 'reply', parentId: 't1' }),
        hit({ kind: 'domain', id: 'd2', title: 'carterplumbing.com' }),
        hit({ kind: 'domain', id: 'd1', title: 'carter.com' }),
        hit({ kind: 'customer', id: 'u1', title: 'Carl Carter' }),
      ],
      { support: 'Alt+9' },
    );
    expect(groups.map((g) => g.key)).toEqual(['domain', 'customer', 'ticket', 'message']);
    expect(groups[0]?.items.map((i) => i.label)).toEqual(['carter.com', 'carterplumbing.com']);
    const flat = flatItems(groups);
    expect(flat).toHaveLength(5);
    expect(new Set(flat.map((i) => i.key)).size).toBe(5);
    expect(flat[4]?.route).toEqual({ screen: 'ticket', id: 't1', params: { message: 'm1' } });
  });

  it('puts matching screens with their shortcut before hits', () => {
    const groups = paletteGroups('support', navEntries, [hit({ title: 'support.example' })], { support: 'Alt+9' });
    expect(groups[0]?.key).toBe('screen');
    expect(groups[0]?.items[0]).toMatchObject({ label: 'Support', shortcut: 'Alt+9', route: { screen: 'support' } });
    expect(groups[1]?.key).toBe('domain');
  });
});
