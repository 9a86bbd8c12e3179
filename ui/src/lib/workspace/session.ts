// Where the open workspace's session is kept, in words: the top bar's
// "This run only" marker and the settings' About facts say the same thing.

import type { AppState } from '../ipc';

export const THIS_RUN_ONLY_MARKER = 'This run only';

/** Why the marker shows, and what it means for the next start. */
export const THIS_RUN_ONLY_DETAIL =
  'The session is kept in memory because there is no keyring on this computer. The app will ask you to sign in at the next start.';

const stores: Record<string, string> = {
  'secret-service': 'the Secret Service (GNOME Keyring, KWallet)',
  keyutils: 'the kernel keyring',
  session: 'the kernel session keyring, until you log out',
};

/** `the kernel keyring`: the keyring the shell names, in words. */
export function keyringName(store: string): string {
  return stores[store] ?? store;
}

/** The About fact for the session of the open workspace, or null when none is open. */
export function sessionFact(state: Pick<AppState, 'current' | 'keyring' | 'thisRunOnly'>): string | null {
  if (!state.current) return null;
  if (state.thisRunOnly) return `For this run only. ${THIS_RUN_ONLY_DETAIL}`;
  // The demo's provider is inside the app: it signs in by itself at each start.
  if (state.current.demo) return 'Signed in by the app at each start (demo workspace)';
  if (state.keyring.store) return `Kept in ${keyringName(state.keyring.store)}`;
  return 'Kept in the keyring';
}
