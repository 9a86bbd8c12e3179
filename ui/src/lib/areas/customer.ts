// A customer's page: their address.

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
