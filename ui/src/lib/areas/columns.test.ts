import { describe, expect, it, vi } from 'vitest';
import type { Doc } from '../ipc';
import { columnText } from '../components/table';

vi.mock('./names.svelte', () => ({ nameOf: (kind: string, id: string | null) => (id ? `${kind}:${id}` : undefined) }));

const { deploymentColumns, deploymentRowClass, packageColumns, packageRowClass, projectColumns } = await import('./columns');

function texts(columns: ReturnType<typeof deploymentColumns>, doc: Doc): Record<string, string> {
  return Object.fromEntries(columns.map((c) => [c.key, columnText(c, doc)]));
}

const deployment: Doc = {
  _id: 'd1',
  version: 1,
  projectId: 'p1',
  deploymentId: 'dpl_abc123def456',
  status: 'error',
  environment: 'production',
  source: { type: 'git', commitSha: 'a1b2c3d4e5f6', commitMessage: 'Fix header', branch: 'main', author: 'Jo' },
  buildDuration: 125_000,
  createdAt: '2026-01-01T00:00:00Z',
};

describe('deployment columns', () => {
  it('shows the project only when asked', () => {
    expect(deploymentColumns(true).some((c) => c.key === 'project')).toBe(true);
    expect(deploymentColumns(false).some((c) => c.key === 'project')).toBe(false);
  });

  it('reads the source and timing', () => {
    const t = texts(deploymentColumns(true), deployment);
    expect(t.id).toBe('dpl_abc123def456');
    expect(t.project).toBe('project:p1');
    expect(t.sha).toBe('a1b2c3d');
    expect(t.commit).toBe('Fix header');
    expect(t.branch).toBe('main');
    expect(t.duration).toBe('2 min 5 s');
    expect(t.status).toBe('Error');
  });

  it('calls an upload an upload', () => {
    const upload = { ...deployment, source: { type: 'upload' } };
    expect(texts(deploymentColumns(false), upload).commit).toBe('Upload');
  });

  it('flags failed deployments', () => {
    expect(deploymentRowClass(deployment)).toBe('alert');
    expect(deploymentRowClass({ ...deployment, status: 'ready' })).toBeNull();
  });
});

describe('package and project columns', () => {
  const pkg: Doc = {
    _id: 'k1',
    version: 1,
    userId: 'u1',
    packageName: 'Starter',
    packageType: 'shared',
    storage: 10,
    bandwidth: 100,
    databases: 5,
    emailAccounts: 10,
    currentUsage: { storage: 9.5, bandwidth: 10, databases: 1, emailAccounts: 1 },
    price: 9.99,
    currency: 'EUR',
    billingCycle: 'monthly',
  };

  it('shows usage against limits and the owner when asked', () => {
    const t = texts(packageColumns(true), pkg);
    expect(t.storage).toBe('9.5 of 10 GB');
    expect(t.customer).toBe('person:u1');
    expect(t.type).toBe('Shared');
    expect(packageColumns(false).some((c) => c.key === 'customer')).toBe(false);
    expect(packageRowClass(pkg)).toBe('alert');
  });

  it('lists a project\'s domains', () => {
    const project: Doc = { _id: 'p1', version: 1, displayName: '', projectName: 'site', domains: [{ domain: 'a.com' }, { domain: 'b.com' }] };
    const t = texts(projectColumns(), project);
    expect(t.name).toBe('site');
    expect(t.domains).toBe('a.com, b.com');
  });
});
