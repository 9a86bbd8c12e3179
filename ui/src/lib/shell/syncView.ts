// What the sync pill says for a SyncStatus: its label, tone and the counts
// of queued edits worth a chip.

import type { BootstrapProgress, Connection, SyncStatus } from '../ipc';
import { count, type Tone } from '../format';

export interface PillView {
  label: string;
  tone: Tone;
  /** A second line: what the state means for the person. */
  detail: string;
}

export function pillView(status: Pick<SyncStatus, 'connection'>, progress: BootstrapProgress | null): PillView {
  const connection: Connection = status.connection;
  switch (connection) {
    case 'online':
      return { label: 'Online', tone: 'good', detail: 'Up to date with the provider' };
    case 'syncing':
      return {
        label: progress && !progress.done ? `Syncing… ${count(progress.documents)} docs` : 'Syncing…',
        tone: 'info',
        detail: progress && !progress.done ? 'Downloading the workspace into the local cache' : 'Exchanging changes with the provider',
      };
    case 'offline':
      return { label: 'Offline', tone: 'warn', detail: 'Working from the cache; edits wait in the outbox' };
    case 'signed_out':
      return { label: 'Signed out', tone: 'bad', detail: 'The session ended: sign in again to sync' };
    default:
      return { label: 'Connecting…', tone: 'neutral', detail: 'Reaching the provider' };
  }
}

export interface Chip {
  key: 'pending' | 'conflicts' | 'failed';
  label: string;
  tone: Tone;
  value: number;
}

function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** Chips for queued edits, only those with something to count. */
export function outboxChips(status: Pick<SyncStatus, 'pending' | 'conflicts' | 'failed'>): Chip[] {
  const chips: Chip[] = [
    { key: 'pending', label: `${count(status.pending)} pending`, tone: 'warn', value: status.pending },
    { key: 'conflicts', label: plural(status.conflicts, 'conflict', 'conflicts'), tone: 'bad', value: status.conflicts },
    { key: 'failed', label: `${count(status.failed)} failed`, tone: 'bad', value: status.failed },
  ];
  return chips.filter((chip) => chip.value > 0);
}
