import { describe, expect, it } from 'vitest';
import { activeStatus, expiryText, isExpired, paymentStatus } from './status';

describe('activeStatus', () => {
  it('reads the isActive flag', () => {
    expect(activeStatus({ isActive: false })).toBe('inactive');
    expect(activeStatus({ isActive: true })).toBe('active');
    expect(activeStatus({})).toBe('active');
  });
});

describe('card expiry', () => {
  const now = new Date(2026, 4, 15); // May 2026

  it('writes MM/YYYY', () => {
    expect(expiryText({ expiryMonth: 3, expiryYear: 2027 })).toBe('03/2027');
    expect(expiryText({ type: 'paypal' })).toBe('');
  });

  it('is valid through its month', () => {
    expect(isExpired({ expiryMonth: 5, expiryYear: 2026 }, now)).toBe(false);
    expect(isExpired({ expiryMonth: 4, expiryYear: 2026 }, now)).toBe(true);
    expect(isExpired({ expiryMonth: 12, expiryYear: 2025 }, now)).toBe(true);
    expect(isExpired({}, now)).toBe(false);
  });

  it('puts expiry before the active flag', () => {
    expect(paymentStatus({ expiryMonth: 1, expiryYear: 2020, isActive: true }, now)).toBe('expired');
    expect(paymentStatus({ isActive: false }, now)).toBe('inactive');
    expect(paymentStatus({ isActive: true }, now)).toBe('active');
  });
});
