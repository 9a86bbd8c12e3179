// Saving the app's settings: the shell keeps them, the window shows them at
// once. Used by the settings screen and the top bar's theme toggle.

import { app } from '../app.svelte';
import * as ipc from '../ipc';
import type { Settings } from '../ipc';

/** Saves `patch` over the current settings and shows the saved ones. */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const state = app.state;
  if (!state) throw new ipc.IpcError({ code: 'no_workspace', message: 'the app has not started yet', fields: [] });
  const saved = await ipc.saveSettings({ ...state.settings, ...patch });
  if (app.state) app.state.settings = saved;
  return saved;
}
