import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import * as ipc from '../ipc';
import type { Collection, Doc, DomainListItem, TicketListItem } from '../ipc';
import { router } from '../router.svelte';
import CustomerSummary from './CustomerSummary.svelte';

vi.mock('../ipc', async (original) => ({
  ...(await original<typeof import('../ipc')>()),
  domains: vi.fn(),
  documents: vi.fn(),
  tickets: vi.fn(),
}));

const domain = (n: number): DomainListItem => ({
  id: `d${n}`,
  domainName: `site${n}.com`,
  displayName: `site${n}.com`,
  userId: 'u1',
  ownerName: null,
  ownerEmail: null,
  status: 'active',
  expirationDate: '2030-01-01T00:00:00Z',
  autoRenew: true,
  whoisPrivacy: false,
  transferLock: true,
  version: 1,
  pending: false,
});

const ticket = (id: string, status: string): TicketListItem =>
  ({ id, ticketNumber: `TKT-2026-00000${id}`, subject: `Subject ${id}`, status, priority: 'normal' }) as TicketListItem;

describe('CustomerSummary', () => {
  let target: HTMLElement;
  let pane: ReturnType<typeof mount>;

  beforeEach(() => {
    target = document.createElement('div');
    document.body.append(target);
    vi.mocked(ipc.domains).mockResolvedValue({ items: [1, 2, 3, 4, 5].map(domain), total: 12 });
    vi.mocked(ipc.documents).mockImplementation(async (collection: Collection) => {
      const docs: Record<string, Doc[]> = {
        hostingPackages: [{ _id: 'h1', version: 1, packageName: 'Business', status: 'active', storage: 10, currentUsage: { storage: 9.5 } }],
        domainOrders: [{ _id: 'o1', version: 1, orderNumber: 'ORD-1', domainName: 'site1.com', total: 12.99, currency: 'EUR', status: 'completed' }],
      };
      const items = docs[collection] ?? [];
      return { items, total: collection === 'domainOrders' ? 9 : items.length };
    });
    vi.mocked(ipc.tickets).mockResolvedValue({ items: [ticket('1', 'closed'), ticket('2', 'open'), ticket('3', 'in_progress')], total: 3 });
    router.route = { screen: 'ticket', id: '2' };
  });
  afterEach(() => {
    unmount(pane);
    target.remove();
    vi.clearAllMocks();
  });

  it('shows the customer, a few of what they hold, and the way to the rest', async () => {
    pane = mount(CustomerSummary, {
      target,
      props: { userId: 'u1', customer: { id: 'u1', fullName: 'Marco Bianchi', email: 'marco@example.com', company: 'Bianchi Srl', role: 'user' }, ticketId: '2', supportPackage: null },
    });
    await vi.waitFor(() => expect(target.querySelectorAll('[data-testid=customer-360-ticket]')).toHaveLength(2));
    flushSync();
    const pane360 = target.querySelector('[data-testid=customer-360]')!;
    expect(pane360.textContent).toContain('marco@example.com');
    expect(pane360.textContent).toContain('Bianchi Srl');
    expect(ipc.domains).toHaveBeenCalledWith({ userId: 'u1', sort: 'expirationDate', limit: 5, offset: 0 });
    expect(target.querySelectorAll('[data-testid=customer-360-domain]')).toHaveLength(5);
    expect(target.querySelector('[data-testid=customer-360-more-domains]')?.textContent).toBe('7 more');
    expect(target.querySelectorAll('[data-testid=customer-360-package] [role=meter]').length).toBe(4);
    expect(target.querySelector('[data-testid=customer-360-orders]')?.textContent).toContain('3 of 9');
    // This ticket left out, those still being worked first.
    expect([...target.querySelectorAll<HTMLElement>('[data-testid=customer-360-ticket]')].map((t) => t.dataset.id)).toEqual(['3', '1']);
    expect(target.querySelector('[data-testid=ticket-no-package]')).not.toBeNull();

    target.querySelector<HTMLButtonElement>('[data-testid=customer-360-more-domains]')!.click();
    expect(router.route).toEqual({ screen: 'customer', id: 'u1' });
  });
});
