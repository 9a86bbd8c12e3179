// Billing: which tab a route opens, prices with their cycle, support usage.

import { minutesText, money } from '../format';
import type { MeterValue } from '../components/table';
import { num, str } from './doc';

type Source = Record<string, unknown> | null | undefined;

export type BillingTab = 'orders' | 'payment-methods' | 'support-packages';

const tabAliases: Record<string, BillingTab> = {
  orders: 'orders',
  order: 'orders',
  domainorders: 'orders',
  'payment-methods': 'payment-methods',
  paymentmethods: 'payment-methods',
  payments: 'payment-methods',
  cards: 'payment-methods',
  'support-packages': 'support-packages',
  supportpackages: 'support-packages',
  support: 'support-packages',
  packages: 'support-packages',
};

/** The tab a route's `tab` parameter names (`orders` when none or unknown). */
export function billingTab(param: string | undefined): BillingTab {
  const key = (param ?? '').trim().toLowerCase().replace(/_/g, '-');
  return tabAliases[key] ?? tabAliases[key.replace(/-/g, '')] ?? 'orders';
}

/** `€9.99 / month`; the bare amount when there is no cycle. */
export function priceText(doc: Source): string {
  const amount = money(num(doc, 'price'), str(doc, 'currency'));
  const cycle = str(doc, 'billingCycle');
  if (!amount) return '';
  if (cycle === 'monthly') return `${amount} / month`;
  if (cycle === 'yearly') return `${amount} / year`;
  return amount;
}

/** Tickets used this month against the package's allowance (-1: unlimited). */
export function ticketUsage(doc: Source): MeterValue {
  const limit = num(doc, 'monthlyTickets');
  return {
    used: num(doc, 'currentUsage.ticketsUsed') ?? 0,
    limit: limit == null || limit < 0 ? null : limit,
    unit: 'tickets',
  };
}

/** A response-time guarantee in minutes as `1 h`, `30 min`, `1 d 2 h`. */
export function responseTime(minutes: number | null): string {
  return minutes == null ? '' : minutesText(minutes);
}

/** True when the rows belong to more than one account (show whose each is). */
export function manyOwners(rows: readonly Source[]): boolean {
  const owners = new Set(rows.map((r) => str(r, 'userId')));
  return owners.size > 1;
}
