import { describe, expect, it } from 'vitest';
import type { Connection, SyncStatus, WorkspaceInfo } from '../ipc';
import { neverSynced, triedSince, workspaceView } from './view';

const acme: WorkspaceInfo = {
  id: 'w1',
  name: 'Acme',
  providerUrl: 'https://api.acme.example',
  email: 'ops@acme.example',
  userId: 'u1',
  role: 'reseller',
  demo: false,
};

const fresh = (connection: Connection): SyncStatus => ({
  connection,
  lastSyncedAt: null,
  lastAttemptAt: null,
  seq: 0,
  pending: 0,
  conflicts: 0,
  failed: 0,
  message: null,
});

describe('workspace view', () => {
  it('is none without an open workspace', () => {
    expect(workspaceView(null, fresh('offline'))).toBe('none');
    expect(workspaceView(null, fresh('online'))).toBe('none');
  });

  it('knows a workspace that never synced', () => {
    expect(neverSynced(fresh('offline'))).toBe(true);
    expect(neverSynced({ lastSyncedAt: null, seq: 12 })).toBe(false);
    expect(neverSynced({ lastSyncedAt: '2026-03-01T10:00:00Z', seq: 0 })).toBe(false);
  });

  it('says unreachable when a workspace that never synced is offline', () => {
    expect(workspaceView(acme, fresh('offline'))).toBe('unreachable');
  });

  it('shows the screens while a workspace that never synced is first reached', () => {
    expect(workspaceView(acme, fresh('unknown'))).toBe('ready');
    expect(workspaceView(acme, fresh('syncing'))).toBe('ready');
  });

  it('stays unreachable while the loop tries again after a failed attempt', () => {
    const tried = { lastAttemptAt: '2026-03-01T10:00:00Z' };
    expect(workspaceView(acme, { ...fresh('syncing'), ...tried })).toBe('unreachable');
    expect(workspaceView(acme, { ...fresh('unknown'), ...tried })).toBe('unreachable');
  });

  it('shows the workspace otherwise', () => {
    expect(workspaceView(acme, fresh('online'))).toBe('ready');
    expect(workspaceView(acme, fresh('signed_out'))).toBe('ready');
  });

  it('keeps a workspace that synced once browsable offline', () => {
    for (const connection of ['offline', 'unknown', 'syncing', 'online', 'signed_out'] as const) {
      expect(workspaceView(acme, { ...fresh(connection), seq: 40 })).toBe('ready');
      expect(workspaceView(acme, { ...fresh(connection), lastSyncedAt: '2026-03-01T10:00:00Z' })).toBe('ready');
    }
  });
});

describe('retry', () => {
  it('waits for an attempt newer than the one before', () => {
    expect(triedSince('2026-03-01T10:00:00Z', '2026-03-01T10:00:05Z')).toBe(true);
    expect(triedSince('2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z')).toBe(false);
    expect(triedSince('2026-03-01T10:00:05Z', '2026-03-01T10:00:00Z')).toBe(false);
    expect(triedSince(null, '2026-03-01T10:00:00Z')).toBe(true);
    expect(triedSince('2026-03-01T10:00:00Z', null)).toBe(false);
    expect(triedSince(null, null)).toBe(false);
  });

  it('compares times, not texts', () => {
    // The same instant written with an offset, then a later one with fractions.
    expect(triedSince('2026-03-01T10:00:00Z', '2026-03-01T11:00:00+01:00')).toBe(false);
    expect(triedSince('2026-03-01T10:00:00Z', '2026-03-01T10:00:00.5Z')).toBe(true);
    // The shell writes nanoseconds.
    expect(triedSince('2026-03-01T10:00:00.123456789Z', '2026-03-01T10:00:15.000000001Z')).toBe(true);
  });
});
