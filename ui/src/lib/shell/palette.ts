// The command palette's matching and ordering: screens by name (and a few
// other words, matched with the app's fuzzy matcher, fuzzy.ts), then the
// cache's search hits grouped by kind. Pure, so the palette component only
// handles keys and timing.

import { normalize, score } from '../fuzzy';
import type { SearchHit, SearchKind } from '../ipc';
import type { Route } from '../router.svelte';
import type { NavEntry } from './nav';

/** Screens matching `query`, best first (ties keep the sidebar's order); all of them for no query. */
export function matchScreens(query: string, screens: readonly NavEntry[]): NavEntry[] {
  if (normalize(query) === '') return [...screens];
  const scored: { entry: NavEntry; score: number; index: number }[] = [];
  screens.forEach((entry, index) => {
    const byLabel = score(query, entry.label);
    // Other words count, a little less than the name, and never as a loose subsequence.
    const byKeyword = Math.max(
      -1,
      ...entry.keywords.map((word) => {
        const s = score(query, word);
        return s == null || s <= 10 ? -1 : s - 5;
      }),
    );
    const best = Math.max(byLabel ?? -1, byKeyword);
    if (best >= 0) scored.push({ entry, score: best, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.entry);
}

/** Whether the text is long enough to ask the cache's search. */
export function shouldSearch(query: string): boolean {
  return normalize(query).length >= 2;
}

/** Where a search hit opens: a message opens its ticket, scrolled to it. Null when it cannot open. */
export function hitRoute(hit: SearchHit): Route | null {
  switch (hit.kind) {
    case 'domain':
      return { screen: 'domain', id: hit.id };
    case 'customer':
      return { screen: 'customer', id: hit.id };
    case 'ticket':
      return { screen: 'ticket', id: hit.id };
    case 'message':
      return hit.parentId ? { screen: 'ticket', id: hit.parentId, params: { message: hit.id } } : null;
    default:
      return null;
  }
}

export type GroupKey = 'screen' | SearchKind;

export const groupLabels: Record<GroupKey, string> = {
  screen: 'Screens',
  domain: 'Domains',
  customer: 'Customers',
  ticket: 'Tickets',
  message: 'Messages',
};

const groupOrder: GroupKey[] = ['screen', 'domain', 'customer', 'ticket', 'message'];

export interface PaletteItem {
  /** Unique in the list (for keyed each blocks and test ids). */
  key: string;
  group: GroupKey;
  label: string;
  detail: string;
  route: Route;
  /** The Alt+n shortcut of a screen, when it has one. */
  shortcut?: string;
}

export interface PaletteGroup {
  key: GroupKey;
  label: string;
  items: PaletteItem[];
}

/**
 * The palette's groups: matching screens, then hits by kind (domains,
 * customers, tickets, messages), keeping the search's order within a kind.
 * Empty groups are left out; hits that cannot open are dropped.
 */
export function paletteGroups(
  query: string,
  screens: readonly NavEntry[],
  hits: readonly SearchHit[],
  shortcuts: Partial<Record<string, string>> = {},
): PaletteGroup[] {
  const items: PaletteItem[] = matchScreens(query, screens).map((entry) => ({
    key: `screen:${entry.screen}`,
    group: 'screen',
    label: entry.label,
    detail: 'Go to screen',
    route: { screen: entry.screen },
    shortcut: shortcuts[entry.screen],
  }));
  const seen = new Set<string>();
  for (const hit of hits) {
    const route = hitRoute(hit);
    const key = `${hit.kind}:${hit.id}`;
    if (!route || seen.has(key)) continue;
    seen.add(key);
    items.push({ key, group: hit.kind, label: hit.title || hit.subtitle || hit.id, detail: hit.subtitle, route });
  }
  return groupOrder
    .map((group) => ({ key: group, label: groupLabels[group], items: items.filter((item) => item.group === group) }))
    .filter((group) => group.items.length > 0);
}

/** The groups' items in display order, for ↑/↓. */
export function flatItems(groups: readonly PaletteGroup[]): PaletteItem[] {
  return groups.flatMap((group) => group.items);
}
