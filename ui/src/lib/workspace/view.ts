// What the window shows for the open workspace. A workspace that has synced
// once stays browsable from its cache, offline or not; one that never has
// holds nothing to browse, so when its provider cannot be reached the window
// says why and what to do instead of showing empty screens.

import type { SyncStatus, WorkspaceInfo } from '../ipc';

export type WorkspaceView = 'none' | 'ready' | 'unreachable';

/** How long "Retry" waits for the sync loop's answer before letting go. */
export const RETRY_PATIENCE_MS = 15_000;

/** Nothing has ever come from the provider: no sync, nothing in the cache. */
export function neverSynced(status: Pick<SyncStatus, 'lastSyncedAt' | 'seq'>): boolean {
  return status.lastSyncedAt == null && status.seq === 0;
}

export function workspaceView(
  current: WorkspaceInfo | null,
  status: Pick<SyncStatus, 'connection' | 'lastSyncedAt' | 'seq' | 'lastAttemptAt'>,
): WorkspaceView {
  if (!current) return 'none';
  if (!neverSynced(status)) return 'ready';
  switch (status.connection) {
    case 'offline':
      return 'unreachable';
    case 'unknown':
    case 'syncing':
      // Before the first answer the screens show, filling as the download
      // lands (its progress is in the sync pill). Once an attempt failed,
      // the loop's next one (a retry, the backoff) keeps the unreachable
      // panel up, so what someone is typing there stays.
      return status.lastAttemptAt == null ? 'ready' : 'unreachable';
    default:
      // Online means data is on its way; signed out has its own way back
      // (the sync pill's "Sign in again").
      return 'ready';
  }
}

function time(value: string | null): number | null {
  if (value == null) return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/** The sync loop tried again since `before` (the last attempt when "Retry" was pressed). */
export function triedSince(before: string | null, after: string | null): boolean {
  const then = time(after);
  if (then == null) return false;
  const was = time(before);
  return was == null || then > was;
}
