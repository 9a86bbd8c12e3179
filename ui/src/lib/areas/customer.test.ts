import { describe, expect, it } from 'vitest';
import { addressLines } from './customer';

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
