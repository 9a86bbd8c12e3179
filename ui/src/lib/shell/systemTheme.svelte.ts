// The system's light/dark preference, kept live for Theme.svelte and the
// top bar's toggle.

const query = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

class SystemTheme {
  dark = $state(query?.matches ?? false);

  constructor() {
    query?.addEventListener('change', (event) => (this.dark = event.matches));
  }
}

export const systemTheme = new SystemTheme();
