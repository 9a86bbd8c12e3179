// Which theme is on screen, from the setting and the system's preference.

import type { Theme } from '../ipc';

export type Effective = 'light' | 'dark';

export function effectiveTheme(setting: Theme | undefined, systemDark: boolean): Effective {
  if (setting === 'light' || setting === 'dark') return setting;
  return systemDark ? 'dark' : 'light';
}

/** The quick toggle flips what is on screen, whatever the setting was. */
export function toggledTheme(onScreen: Effective): Effective {
  return onScreen === 'dark' ? 'light' : 'dark';
}

export const themeLabels: Record<Theme, string> = {
  system: 'Follow the system',
  light: 'Light',
  dark: 'Dark',
};
