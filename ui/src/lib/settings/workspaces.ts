// Workspace list helpers for the settings screen.

import type { CommandError, WorkspaceInfo } from '../ipc';

/** The refusal to remove a workspace whose edits are still queued: its message, else null. */
export function queuedEditsRefusal(error: Pick<CommandError, 'code' | 'field' | 'fields' | 'message'>): string | null {
  if (error.code !== 'validation_failed') return null;
  const named = error.fields.find((f) => f.field === 'workspace');
  if (!named && error.field !== 'workspace') return null;
  return named?.message ?? error.message;
}

/** The current workspace first, then by name. */
export function sortWorkspaces(list: readonly WorkspaceInfo[], currentId: string | null | undefined): WorkspaceInfo[] {
  return [...list].sort((a, b) => {
    if (a.id === currentId) return -1;
    if (b.id === currentId) return 1;
    return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
  });
}

/** `api.hostjamstack.com`, `127.0.0.1:4010`: the host of a provider URL, for compact display. */
export function providerHost(url: string): string {
  const withoutScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return withoutScheme.replace(/\/.*$/, '') || url;
}
