import { describe, expect, it } from 'vitest';
import { comboLabel, isMac, shortcuts } from './shortcuts';

describe('shortcuts', () => {
  it('prints combos for each platform', () => {
    expect(comboLabel(['Mod', 'K'], false)).toBe('Ctrl+K');
    expect(comboLabel(['Mod', 'K'], true)).toBe('⌘K');
    expect(comboLabel(['Alt', '←'], false)).toBe('Alt+←');
    expect(comboLabel(['Mod', '/'], false)).toBe('Ctrl+/');
    expect(comboLabel(['Mod', '/'], true)).toBe('⌘/');
    expect(isMac('MacIntel')).toBe(true);
    expect(isMac('Linux x86_64')).toBe(false);
  });

  it('lists every shortcut the app handles', () => {
    const keys = shortcuts.flatMap((s) => s.combos.map((c) => c.join('+')));
    for (const expected of ['Mod+K', 'Alt+1…9', 'Alt+←', '↑', 'k', '↓', 'j', 'Home', 'End', 'PageUp', 'PageDown', 'Enter', 'Space', '/', 'Mod+A', 'T', 'r', 'n', 'a', 's', 'e', 'Mod+Enter', 'Mod+/', 'Esc']) {
      expect(keys).toContain(expected);
    }
    expect(shortcuts.every((s) => s.description.length > 0 && s.where.length > 0)).toBe(true);
  });
});
