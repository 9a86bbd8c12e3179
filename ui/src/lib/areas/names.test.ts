import { beforeEach, describe, expect, it, vi } from 'vitest';

const document = vi.fn();
const person = vi.fn();
vi.mock('../ipc', () => ({
  document: (...args: unknown[]) => document(...args),
  person: (...args: unknown[]) => person(...args),
  toIpcError: (e: unknown) => e,
}));
vi.mock('../app.svelte', () => ({ app: { state: { current: { id: 'ws' } } } }));

const { nameOf, remember } = await import('./names.svelte');

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('nameOf', () => {
  beforeEach(() => {
    document.mockReset();
    person.mockReset();
  });

  it('asks the cache once and answers once the name is known', async () => {
    document.mockResolvedValue({ _id: 'd1', version: 1, domainName: 'example.com' });
    expect(nameOf('domain', 'd1')).toBeUndefined();
    expect(nameOf('domain', 'd1')).toBeUndefined();
    await settle();
    expect(nameOf('domain', 'd1')).toBe('example.com');
    expect(document).toHaveBeenCalledTimes(1);
    expect(document).toHaveBeenCalledWith('domains', 'd1');
  });

  it('uses a project display name, then its short name', async () => {
    document.mockResolvedValue({ _id: 'p1', version: 1, displayName: '', projectName: 'my-site' });
    nameOf('project', 'p1');
    await settle();
    expect(nameOf('project', 'p1')).toBe('my-site');
  });

  it('stays unknown when the cache does not hold the thing', async () => {
    person.mockRejectedValue({ code: 'not_found', message: 'user u9' });
    nameOf('person', 'u9');
    await settle();
    expect(nameOf('person', 'u9')).toBeUndefined();
    expect(person).toHaveBeenCalledTimes(1);
  });

  it('takes names already at hand without asking', () => {
    remember('package', 'k1', 'Starter');
    expect(nameOf('package', 'k1')).toBe('Starter');
    expect(document).not.toHaveBeenCalled();
    expect(nameOf('package', null)).toBeUndefined();
  });
});
