import { describe, expect, it } from 'vitest';
import { envRows, MASK, projectDomains, providerName } from './project';

const project = {
  environmentVariables: [
    { key: 'API_URL', value: 'https://api.example.com', environment: 'production' },
    { key: 'API_URL', value: 'https://staging.example.com', environment: 'preview' },
    { key: 'STRIPE_SECRET', value: null, environment: 'production', isSecret: true },
    { key: 'EMPTY', value: '', environment: 'development' },
  ],
  domains: [
    { domain: 'preview.example.com', type: 'preview', sslEnabled: false, createdAt: '2026-01-02T00:00:00Z' },
    { domain: 'example.com', type: 'production', sslEnabled: true, createdAt: '2026-01-01T00:00:00Z' },
  ],
};

describe('envRows', () => {
  const rows = envRows(project);

  it('never carries a value', () => {
    const text = JSON.stringify(rows);
    expect(text).not.toContain('api.example.com');
    expect(text).not.toContain('staging.example.com');
    expect(rows.find((r) => r.id === 'API_URL/production')?.value).toBe(MASK);
  });

  it('says a secret is kept by the provider and an empty value is empty', () => {
    expect(rows.find((r) => r.key === 'STRIPE_SECRET')).toMatchObject({ secret: true, value: `${MASK} (secret, kept by the provider)` });
    expect(rows.find((r) => r.key === 'EMPTY')?.value).toBe('(empty)');
  });

  it('sorts by key, then production, preview, development', () => {
    expect(rows.map((r) => r.id)).toEqual(['API_URL/production', 'API_URL/preview', 'EMPTY/development', 'STRIPE_SECRET/production']);
  });

  it('is empty without variables', () => {
    expect(envRows({})).toEqual([]);
  });
});

describe('projectDomains', () => {
  it('lists production domains first with their SSL state', () => {
    expect(projectDomains(project)).toEqual([
      { domain: 'example.com', type: 'production', ssl: true, createdAt: '2026-01-01T00:00:00Z' },
      { domain: 'preview.example.com', type: 'preview', ssl: false, createdAt: '2026-01-02T00:00:00Z' },
    ]);
  });
});

describe('providerName', () => {
  it('spells Git hosts as they do', () => {
    expect(providerName('github')).toBe('GitHub');
    expect(providerName('gitlab')).toBe('GitLab');
    expect(providerName('gitea')).toBe('gitea');
    expect(providerName(null)).toBe('');
  });
});
