import { describe, expect, it } from 'vitest';
import { addressLines, ownedBy } from './customer';

describe('ownedBy', () => {
  it('keeps one account\'s documents', () => {
    const docs = [
      { _id: '1', userId: 'a' },
      { _id: '2', userId: 'b' },
      { _id: '3', userId: 'a' },
    ];
    expect(ownedBy(docs, 'a').map((d) => d._id)).toEqual(['1', '3']);
    expect(ownedBy(docs, 'z')).toEqual([]);
  });
});

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
