import { describe, expect, it } from 'vitest';
import type { Person } from '../ipc';
import { collisionLine, isOwnMessage, newMessagesSince, threadBaseline } from './collision';

const customer: Person = { id: 'u-cust', fullName: 'Marco Bianchi', email: 'marco@example.com', company: null, role: 'user' };
const sarah: Person = { id: 'u-sarah', fullName: 'Sarah Johnson', email: 'sarah@example.com', company: null, role: 'support' };
const staffInfo = (name: string) => ({ name, role: 'support', department: 'Support' });

const fromCustomer = (id: string, content = 'Any news?') => ({ _id: id, userId: 'u-cust', isFromCustomer: true, messageType: 'reply', content });
const fromStaff = (id: string, name: string, messageType = 'reply') => ({
  _id: id,
  userId: null,
  isFromCustomer: false,
  messageType,
  staffInfo: staffInfo(name),
  content: `${messageType} by ${name}`,
});
const statusChange = (id: string, name: string) => ({ ...fromStaff(id, name, 'status_change'), statusChange: { from: 'open', to: 'in_progress' } });

describe('isOwnMessage', () => {
  it('knows a customer by user id and staff by name', () => {
    expect(isOwnMessage(fromCustomer('m1'), customer)).toBe(true);
    expect(isOwnMessage(fromCustomer('m1'), sarah)).toBe(false);
    expect(isOwnMessage(fromStaff('m2', 'Sarah Johnson'), sarah)).toBe(true);
    expect(isOwnMessage(fromStaff('m2', 'Tomás Oliveira'), sarah)).toBe(false);
    expect(isOwnMessage(fromStaff('m2', 'Sarah Johnson'), customer)).toBe(false);
    expect(isOwnMessage(fromStaff('m2', 'Sarah Johnson'), null)).toBe(false);
  });
});

describe('newMessagesSince', () => {
  const before = [fromCustomer('m1'), fromStaff('m2', 'Sarah Johnson')];
  const baseline = threadBaseline(before);

  it('is nothing while the thread is as it was', () => {
    expect(newMessagesSince(baseline, before, sarah)).toEqual([]);
    expect(newMessagesSince(threadBaseline([]), [], sarah)).toEqual([]);
  });

  it('finds what others posted since, replies and notes, in order', () => {
    const now = [...before, fromCustomer('m3', 'Still down'), fromStaff('m4', 'Tomás Oliveira', 'note'), fromStaff('m5', 'Tomás Oliveira')];
    expect(newMessagesSince(baseline, now, sarah).map((m) => m._id)).toEqual(['m3', 'm4', 'm5']);
  });

  it('leaves out the person’s own messages and every status change', () => {
    const now = [...before, fromStaff('m3', 'Sarah Johnson'), statusChange('m4', 'Sarah Johnson'), statusChange('m5', 'Tomás Oliveira')];
    expect(newMessagesSince(baseline, now, sarah)).toEqual([]);
  });

  it('sees staff replies to a customer who is writing, not the customer’s own', () => {
    const now = [...before, fromCustomer('m3'), fromStaff('m4', 'Tomás Oliveira')];
    expect(newMessagesSince(baseline, now, customer).map((m) => m._id)).toEqual(['m4']);
  });

  it('counts a message merged in from a duplicate, whenever it was written', () => {
    const merged = { ...fromCustomer('m0', 'Also the mail'), createdAt: '2020-01-01T00:00:00Z' };
    expect(newMessagesSince(baseline, [merged, ...before], sarah)).toEqual([merged]);
  });

  it('moves on once the person has seen them', () => {
    const now = [...before, fromCustomer('m3')];
    expect(newMessagesSince(threadBaseline(now), now, sarah)).toEqual([]);
  });
});

describe('collisionLine', () => {
  it('names who posted and what', () => {
    expect(collisionLine(fromCustomer('m1'), customer)).toBe('Marco Bianchi replied while you were writing:');
    expect(collisionLine(fromStaff('m2', 'Sarah Johnson'), customer)).toBe('Sarah Johnson replied while you were writing:');
    expect(collisionLine(fromStaff('m2', 'Tomás Oliveira', 'note'), customer)).toBe('Tomás Oliveira added an internal note while you were writing:');
  });
});
