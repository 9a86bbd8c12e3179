// The keys of a plain (non-virtual) list or table: ↑/↓ j/k Home/End
// PageUp/PageDown move the active row, Enter opens it. Shared by the
// dashboard's lists and the domain detail's tables.

import { isTyping, moveActive } from '../keyboard';

export type ListKeyResult = { move: number } | { open: number } | null;

/** What `event` does to a list with `count` rows whose active row is `active`. */
export function listKey(event: KeyboardEvent, active: number, count: number, page = 10): ListKeyResult {
  if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event)) return null;
  if (event.key === 'Enter') return active >= 0 && active < count ? { open: active } : null;
  const next = moveActive(event.key, { active, count, page });
  return next === null ? null : { move: next };
}

/** Scrolls the row with `data-index="index"` inside `container` into view. */
export function revealRow(container: HTMLElement | undefined, index: number): void {
  const row = container?.querySelector<HTMLElement>(`[data-index="${index}"]`);
  row?.scrollIntoView?.({ block: 'nearest' });
}
