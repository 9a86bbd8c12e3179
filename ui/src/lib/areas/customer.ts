// A customer as the desk sees them: their address, and the reads of what
// they hold (packages, tickets, domains, orders) shared by the customer's
// page and the customer pane beside a ticket, all from the local cache.

import * as ipc from '../ipc';
import type { Collection, Doc, DomainListItem, Page, TicketListItem, TicketView } from '../ipc';
import { readAll } from '../components/pager.svelte';
import { str } from './doc';

type Source = Record<string, unknown> | null | undefined;

/** A user's billing address as lines (`street`, `zip city`, `state country`); empty without one. */
export function addressLines(user: Source): string[] {
  const street = str(user, 'billing.billingAddress.street');
  const city = str(user, 'billing.billingAddress.city');
  const zip = str(user, 'billing.billingAddress.zipCode');
  const state = str(user, 'billing.billingAddress.state');
  const country = str(user, 'billing.billingAddress.country');
  const lines = [street, [zip, city].filter(Boolean).join(' '), [state, country].filter(Boolean).join(', ')];
  return lines.filter((line): line is string => !!line && line.trim() !== '');
}

/** Every document of `collection` the customer owns (their hosting or support packages). */
export async function ownedDocuments(collection: Collection, userId: string): Promise<Doc[]> {
  return (await readAll((limit, offset) => ipc.documents(collection, null, limit, offset, userId))).items;
}

/** The customer's tickets, most urgent first; `active`: only those still being worked (not resolved or closed). */
export async function customerTickets(userId: string, view: TicketView = 'all'): Promise<TicketListItem[]> {
  return (await readAll((limit, offset) => ipc.tickets({ userId, view, limit, offset }))).items;
}

/** The customer's first `limit` domains by expiry, soonest first, and how many they hold in all. */
export function soonestDomains(userId: string, limit: number): Promise<Page<DomainListItem>> {
  return ipc.domains({ userId, sort: 'expirationDate', limit, offset: 0 });
}

/** The customer's latest `limit` domain orders (orders come newest first), and how many in all. */
export function recentOrders(userId: string, limit: number): Promise<Page<Doc>> {
  return ipc.documents('domainOrders', null, limit, 0, userId);
}

/** The support packages in force (a customer may have had others). */
export function activePackages(packages: readonly Doc[]): Doc[] {
  return packages.filter((p) => str(p, 'status') === 'active');
}

/** A list cut for a compact pane: its first `limit` items, and how many more there are of `total` (all read, or more). */
export function firstFew<T>(items: readonly T[], limit: number, total = items.length): { shown: T[]; more: number } {
  const shown = items.slice(0, Math.max(0, limit));
  return { shown, more: Math.max(0, total - shown.length) };
}
