import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ipc from '../ipc';
import type { Doc } from '../ipc';
import { activePackages, addressLines, customerTickets, firstFew, ownedDocuments, recentOrders, soonestDomains } from './customer';

vi.mock('../ipc', async (original) => ({
  ...(await original<typeof import('../ipc')>()),
  documents: vi.fn(),
  tickets: vi.fn(),
  domains: vi.fn(),
}));

afterEach(() => vi.clearAllMocks());

describe('addressLines', () => {
  it('writes the address in lines, leaving out what is missing', () => {
    const user = { billing: { billingAddress: { street: '123 Main St', city: 'New York', state: 'NY', zipCode: '10001', country: 'US' } } };
    expect(addressLines(user)).toEqual(['123 Main St', '10001 New York', 'NY, US']);
    const noState = { billing: { billingAddress: { street: 'Via Roma 1', city: 'Milano', state: null, zipCode: '20121', country: 'IT' } } };
    expect(addressLines(noState)).toEqual(['Via Roma 1', '20121 Milano', 'IT']);
  });

  it('is empty without an address', () => {
    expect(addressLines({ billing: { billingAddress: null } })).toEqual([]);
    expect(addressLines(null)).toEqual([]);
  });
});

describe('what a customer holds, read from the cache', () => {
  it('reads every package the customer owns, page after page', async () => {
    const doc = (n: number): Doc => ({ _id: `p${n}`, version: 1 });
    vi.mocked(ipc.documents)
      .mockResolvedValueOnce({ items: Array.from({ length: 1000 }, (_, i) => doc(i)), total: 1001 })
      .mockResolvedValueOnce({ items: [doc(1000)], total: 1001 });
    expect(await ownedDocuments('hostingPackages', 'u1')).toHaveLength(1001);
    expect(ipc.documents).toHaveBeenNthCalledWith(1, 'hostingPackages', null, 1000, 0, 'u1');
    expect(ipc.documents).toHaveBeenNthCalledWith(2, 'hostingPackages', null, 1000, 1000, 'u1');
  });

  it('asks for the customer’s tickets in the view wanted', async () => {
    vi.mocked(ipc.tickets).mockResolvedValue({ items: [], total: 0 });
    await customerTickets('u1', 'active');
    expect(ipc.tickets).toHaveBeenCalledWith({ userId: 'u1', view: 'active', limit: 1000, offset: 0 });
  });

  it('asks for the soonest expiring domains and the latest orders', async () => {
    vi.mocked(ipc.domains).mockResolvedValue({ items: [], total: 12 });
    vi.mocked(ipc.documents).mockResolvedValue({ items: [], total: 3 });
    expect((await soonestDomains('u1', 5)).total).toBe(12);
    expect(ipc.domains).toHaveBeenCalledWith({ userId: 'u1', sort: 'expirationDate', limit: 5, offset: 0 });
    await recentOrders('u1', 3);
    expect(ipc.documents).toHaveBeenCalledWith('domainOrders', null, 3, 0, 'u1');
  });
});

describe('activePackages', () => {
  it('keeps the packages in force', () => {
    const packages: Doc[] = [
      { _id: 'a', version: 1, status: 'active' },
      { _id: 'b', version: 1, status: 'expired' },
    ];
    expect(activePackages(packages).map((p) => p._id)).toEqual(['a']);
  });
});

describe('firstFew', () => {
  it('cuts a list and counts the rest, of those read or of a larger total', () => {
    expect(firstFew([1, 2, 3, 4, 5, 6, 7], 5)).toEqual({ shown: [1, 2, 3, 4, 5], more: 2 });
    expect(firstFew([1, 2], 5)).toEqual({ shown: [1, 2], more: 0 });
    expect(firstFew([1, 2, 3, 4, 5], 5, 12)).toEqual({ shown: [1, 2, 3, 4, 5], more: 7 });
  });
});
