import { describe, expect, it } from 'vitest';
import { billingTab, manyOwners, priceText, responseTime, ticketUsage } from './billing';

describe('billingTab', () => {
  it('reads the tab parameter loosely', () => {
    expect(billingTab(undefined)).toBe('orders');
    expect(billingTab('orders')).toBe('orders');
    expect(billingTab('paymentMethods')).toBe('payment-methods');
    expect(billingTab('payment_methods')).toBe('payment-methods');
    expect(billingTab('support')).toBe('support-packages');
    expect(billingTab('supportPackages')).toBe('support-packages');
    expect(billingTab('nonsense')).toBe('orders');
  });
});

describe('priceText', () => {
  it('adds the billing cycle', () => {
    expect(priceText({ price: 9.99, currency: 'EUR', billingCycle: 'monthly' })).toMatch(/9\.99.* \/ month$/);
    expect(priceText({ price: 99, currency: 'EUR', billingCycle: 'yearly' })).toMatch(/ \/ year$/);
    expect(priceText({ price: 5, currency: 'EUR' })).not.toContain('/');
    expect(priceText({ currency: 'EUR' })).toBe('');
  });
});

describe('ticketUsage', () => {
  it('reads -1 as unlimited', () => {
    expect(ticketUsage({ monthlyTickets: 10, currentUsage: { ticketsUsed: 3 } })).toEqual({ used: 3, limit: 10, unit: 'tickets' });
    expect(ticketUsage({ monthlyTickets: -1, currentUsage: { ticketsUsed: 12 } }).limit).toBeNull();
    expect(ticketUsage({}).used).toBe(0);
  });
});

describe('responseTime', () => {
  it('writes minutes in hours and days', () => {
    expect(responseTime(30)).toBe('30 min');
    expect(responseTime(60)).toBe('1 h');
    expect(responseTime(90)).toBe('1 h 30 min');
    expect(responseTime(1440)).toBe('1 d');
    expect(responseTime(1560)).toBe('1 d 2 h');
    expect(responseTime(null)).toBe('');
  });
});

describe('manyOwners', () => {
  it('is true only for rows of several accounts', () => {
    expect(manyOwners([{ userId: 'a' }, { userId: 'a' }])).toBe(false);
    expect(manyOwners([{ userId: 'a' }, { userId: 'b' }])).toBe(true);
    expect(manyOwners([])).toBe(false);
  });
});
