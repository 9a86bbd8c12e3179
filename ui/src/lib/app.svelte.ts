// The app's shared state: the workspace, the sync status and a `revision`
// that moves whenever the cache may have changed (a pull, a queued edit),
// so screens know to read again.

import * as ipc from './ipc';
import type { AppState, BootstrapProgress, SyncStatus } from './ipc';
import { homeRoute, router } from './router.svelte';

const emptyStatus: SyncStatus = {
  connection: 'unknown',
  lastSyncedAt: null,
  lastAttemptAt: null,
  seq: 0,
  pending: 0,
  conflicts: 0,
  failed: 0,
  message: null,
};

class App {
  state = $state<AppState | null>(null);
  status = $state<SyncStatus>(emptyStatus);
  progress = $state<BootstrapProgress | null>(null);
  /** Moves when the cache may hold something new; screens read again. */
  revision = $state(0);
  /** Why the app could not start, if it could not. */
  fatal = $state<string | null>(null);

  get signedIn(): boolean {
    return this.state?.current != null;
  }

  /** Takes a fresh AppState (after sign-in, a switch, a sign-out...). */
  /** A workspace was opened (signed in, switched to): its home screen, then its state. */
  open(state: AppState): void {
    router.go(homeRoute(state.current?.role));
    this.adopt(state);
  }

  adopt(state: AppState): void {
    this.state = state;
    this.applyStatus(state.status);
    this.revision++;
  }

  applyStatus(status: SyncStatus): void {
    const changed =
      status.seq !== this.status.seq ||
      status.pending !== this.status.pending ||
      status.conflicts !== this.status.conflicts ||
      status.failed !== this.status.failed;
    this.status = status;
    if (changed) this.revision++;
  }

  /** Reads the app state and follows the shell's events. */
  async start(): Promise<void> {
    await ipc.onSyncStatus((status) => this.applyStatus(status));
    await ipc.onBootstrapProgress((progress) => {
      this.progress = progress.done ? null : progress;
      if (progress.done) this.revision++;
    });
    await ipc.onWorkspaceChanged((state) => this.adopt(state));
    try {
      const state = await ipc.appState();
      // The workspace of last time opens where its person works.
      if (router.route.screen === 'dashboard') router.route = homeRoute(state.current?.role);
      this.adopt(state);
    } catch (error) {
      this.fatal = ipc.toIpcError(error).message;
    }
  }
}

export const app = new App();
