// Statuses derived from documents' flags, named so badges read well.

import { bool, num } from './doc';

type Source = Record<string, unknown> | null | undefined;

/** `active` or `inactive` from an `isActive` flag (missing counts as active). */
export function activeStatus(doc: Source): 'active' | 'inactive' {
  return bool(doc, 'isActive') === false ? 'inactive' : 'active';
}

/** A card's expiry as `MM/YYYY`; empty when the method has none. */
export function expiryText(doc: Source): string {
  const month = num(doc, 'expiryMonth');
  const year = num(doc, 'expiryYear');
  if (month == null || year == null) return '';
  return `${String(month).padStart(2, '0')}/${year}`;
}

/** Whether a card's expiry month has passed (a card is valid through its month). */
export function isExpired(doc: Source, now: Date = new Date()): boolean {
  const month = num(doc, 'expiryMonth');
  const year = num(doc, 'expiryYear');
  if (month == null || year == null) return false;
  return year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1);
}

/** A payment method's status: expired cards first, then inactive, else active. */
export function paymentStatus(doc: Source, now: Date = new Date()): 'expired' | 'inactive' | 'active' {
  if (isExpired(doc, now)) return 'expired';
  return activeStatus(doc);
}
