// Keyboard navigation for lists: ↑/↓ (or j/k), Home/End, PageUp/PageDown
// move the active row, Enter opens it, Space toggles its selection. The
// list owns its rows; this only computes where the active row goes.

export interface ListKeys {
  /** Index of the active row (-1 for none). */
  active: number;
  count: number;
  /** Rows per page for PageUp/PageDown. */
  page?: number;
}

/** The active row after `key`, or null when the key is not a move. */
export function moveActive(key: string, { active, count, page = 10 }: ListKeys): number | null {
  if (count === 0) return null;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return clamp(active + 1);
    case 'ArrowUp':
    case 'k':
      return clamp(active < 0 ? 0 : active - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return clamp(active + page);
    case 'PageUp':
      return clamp(active - page);
    default:
      return null;
  }
}

/** True when the key event comes from a text field, where letters are typing. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** `Ctrl+K` on Linux/Windows, `⌘K` on macOS. */
export function isPaletteShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
}

/**
 * `/` focuses a screen's search box (outside text fields). Shift may be
 * held: on some layouts `/` is a shifted key (Shift+7 on a German keyboard).
 */
export function isSearchShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  return event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
}
