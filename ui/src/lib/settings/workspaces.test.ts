import { describe, expect, it } from 'vitest';
import type { WorkspaceInfo } from '../ipc';
import { providerHost, queuedEditsRefusal, sortWorkspaces } from './workspaces';

const ws = (id: string, name: string): WorkspaceInfo => ({
  id,
  name,
  providerUrl: 'https://api.hostjamstack.com',
  email: `${id}@example.com`,
  userId: id,
  role: 'customer',
  demo: false,
});

describe('workspaces', () => {
  it('recognises the queued-edits refusal only', () => {
    const refusal = {
      code: 'validation_failed',
      message: 'whatever',
      field: 'workspace',
      fields: [{ field: 'workspace', code: 'queued_edits', message: '2 edit(s) are still queued in "Demo"' }],
    };
    expect(queuedEditsRefusal(refusal)).toBe('2 edit(s) are still queued in "Demo"');
    expect(queuedEditsRefusal({ ...refusal, code: 'not_found' })).toBeNull();
    expect(queuedEditsRefusal({ code: 'validation_failed', message: 'x', fields: [{ field: 'key', code: 'c', message: 'm' }] })).toBeNull();
  });

  it('puts the current workspace first, then sorts by name', () => {
    const sorted = sortWorkspaces([ws('b', 'beta'), ws('c', 'Charlie'), ws('a', 'alpha')], 'c');
    expect(sorted.map((w) => w.id)).toEqual(['c', 'a', 'b']);
  });

  it('shows the host of a provider URL', () => {
    expect(providerHost('https://api.hostjamstack.com')).toBe('api.hostjamstack.com');
    expect(providerHost('http://127.0.0.1:4010/api')).toBe('127.0.0.1:4010');
  });
});
