import { describe, expect, it } from 'vitest';
import { highestUsage, packageUsage, resourceUsage, resourcesNearLimit } from './usage';

const pkg = {
  storage: 10,
  bandwidth: 100,
  databases: 5,
  emailAccounts: 10,
  currentUsage: { storage: 2.5, bandwidth: 95, databases: 2, emailAccounts: 3 },
};

describe('package usage', () => {
  it('pairs each resource with its limit and unit', () => {
    expect(resourceUsage(pkg, 'storage')).toEqual({ used: 2.5, limit: 10, unit: 'GB' });
    expect(resourceUsage(pkg, 'databases')).toEqual({ used: 2, limit: 5, unit: undefined });
    expect(packageUsage(pkg).map((r) => r.key)).toEqual(['storage', 'bandwidth', 'databases', 'emailAccounts']);
  });

  it('reads missing usage as none', () => {
    expect(resourceUsage({ storage: 10 }, 'storage').used).toBe(0);
  });

  it('finds the fullest resource', () => {
    expect(highestUsage(pkg)).toBe(95);
    expect(highestUsage({})).toBeNull();
  });

  it('names the resources near their limit', () => {
    expect(resourcesNearLimit(pkg)).toEqual(['Bandwidth this month']);
    expect(resourcesNearLimit(pkg, 25)).toEqual(['Storage', 'Bandwidth this month', 'Databases', 'E-mail accounts']);
    expect(resourcesNearLimit({ ...pkg, currentUsage: { storage: 12 } })).toEqual(['Storage']);
  });
});
