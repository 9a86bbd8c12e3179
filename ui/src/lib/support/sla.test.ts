import { describe, expect, it } from 'vitest';
import type { Sla, SupportPackageUsage } from '../ipc';
import { date } from '../format';
import { packageFacts, promiseText, rowSla, slaView, threadClock, type SlaClock } from './sla';

const DUE = '2026-03-02T12:00:00Z';
/** A fixed clock `minutes` before the due time (negative: after it). */
const before = (minutes: number) => new Date(Date.parse(DUE) - minutes * 60_000);
const running: SlaClock = { state: 'running', dueAt: DUE, running: true, answered: false };

describe('a running clock', () => {
  it('counts down in minutes, hours and days', () => {
    expect(slaView(running, before(42))).toEqual({ state: 'warning', text: 'due in 42 min', tone: 'warn' });
    expect(slaView(running, before(3 * 60 + 5))).toEqual({ state: 'running', text: 'due in 3 h 05 min', tone: 'info' });
    expect(slaView(running, before(3 * 60))).toMatchObject({ text: 'due in 3 h' });
    expect(slaView(running, before(2 * 24 * 60 + 4 * 60 + 30))).toMatchObject({ state: 'running', text: 'due in 2 d 4 h' });
  });

  it('rounds the time left up, so it never says 0 min before it is overdue', () => {
    expect(slaView(running, new Date(Date.parse(DUE) - 41 * 60_000 - 20_000)).text).toBe('due in 42 min');
    expect(slaView(running, new Date(Date.parse(DUE) - 10_000)).text).toBe('due in 1 min');
    expect(slaView(running, new Date(DUE)).state).toBe('warning');
  });

  it('warns for the last hour, not before', () => {
    expect(slaView(running, before(61)).state).toBe('running');
    expect(slaView(running, before(60))).toMatchObject({ state: 'warning', text: 'due in 1 h', tone: 'warn' });
    expect(slaView(running, before(1)).tone).toBe('warn');
  });

  it('turns overdue by itself once the due time passes, whatever the provider said at the read', () => {
    expect(slaView(running, before(-5))).toEqual({ state: 'breached', text: 'overdue by 5 min', tone: 'bad' });
    expect(slaView(running, new Date(Date.parse(DUE) + 20_000))).toMatchObject({ state: 'breached', text: 'overdue by 1 min' });
    expect(slaView(running, before(-(2 * 60 + 7))).text).toBe('overdue by 2 h 07 min');
    expect(slaView({ ...running, state: 'breached' }, before(-90)).text).toBe('overdue by 1 h 30 min');
  });

  it('says breached when the provider flagged it before the due time', () => {
    expect(slaView({ ...running, state: 'breached' }, before(30))).toEqual({ state: 'breached', text: 'breached', tone: 'bad' });
  });
});

describe('a clock that no longer runs', () => {
  const now = before(-600);

  it('was met, answered late, stopped or breached', () => {
    expect(slaView({ state: 'met', dueAt: DUE, running: false, answered: true }, now)).toEqual({ state: 'met', text: 'answered in time', tone: 'good' });
    expect(slaView({ state: 'breached', dueAt: DUE, running: false, answered: true }, now)).toEqual({ state: 'breached', text: 'answered late', tone: 'bad' });
    expect(slaView({ state: 'breached', dueAt: DUE, running: false, answered: false }, now)).toEqual({ state: 'breached', text: 'breached', tone: 'bad' });
    expect(slaView({ state: 'stopped', dueAt: DUE, running: false, answered: false }, now)).toEqual({ state: 'stopped', text: 'clock stopped', tone: 'neutral' });
  });

  it('does not count down without a due time', () => {
    expect(slaView({ ...running, dueAt: null }, now)).toMatchObject({ state: 'running', tone: 'info' });
    expect(slaView({ ...running, dueAt: 'not a time' }, now).state).toBe('running');
  });
});

describe('threadClock', () => {
  const sla = (state: Sla['state']): Sla => ({ state, dueAt: DUE, minutes: 60 });

  it('runs while an open or in-progress ticket waits for its first staff reply', () => {
    expect(threadClock(sla('running'), { status: 'open' })).toEqual({ state: 'running', dueAt: DUE, running: true, answered: false });
    expect(threadClock(sla('running'), { status: 'in_progress' }).running).toBe(true);
  });

  it('keeps an unanswered breach counting, so it reads overdue by more each minute', () => {
    const clock = threadClock(sla('breached'), { status: 'open' });
    expect(clock).toMatchObject({ running: true, answered: false });
    expect(slaView(clock, before(-15)).text).toBe('overdue by 15 min');
  });

  it('stops once answered, waiting on the customer or done', () => {
    expect(threadClock(sla('breached'), { status: 'open', firstResponseAt: '2026-03-02T13:00:00Z' })).toMatchObject({ running: false, answered: true });
    expect(threadClock(sla('met'), { status: 'in_progress' })).toMatchObject({ running: false, answered: true });
    expect(threadClock(sla('breached'), { status: 'waiting_customer' }).running).toBe(false);
    expect(threadClock(sla('stopped'), { status: 'closed' }).running).toBe(false);
    expect(threadClock(sla('running'), null).running).toBe(false);
  });
});

describe('rowSla', () => {
  it('counts a running row down, says breached for a flagged one, nothing else', () => {
    expect(rowSla({ responseDueAt: DUE, slaBreached: false }, before(42))?.text).toBe('due in 42 min');
    expect(rowSla({ responseDueAt: DUE, slaBreached: false }, before(-3))).toEqual({ state: 'breached', text: 'overdue by 3 min', tone: 'bad' });
    expect(rowSla({ responseDueAt: DUE, slaBreached: true }, before(-3))?.text).toBe('overdue by 3 min');
    expect(rowSla({ responseDueAt: null, slaBreached: true }, before(0))).toEqual({ state: 'breached', text: 'breached', tone: 'bad' });
    expect(rowSla({ responseDueAt: null, slaBreached: false }, before(0))).toBeNull();
  });
});

describe('the support package', () => {
  const usage: SupportPackageUsage = {
    id: 'p1',
    packageName: 'Business Support',
    monthlyTickets: 10,
    responseTimeGuarantee: 60,
    ticketsUsed: 3,
    hoursUsed: 2.4166,
    resetDate: '2026-04-01T00:00:00Z',
  };

  it('reads its month: tickets of the allowance, hours to one decimal, the reset, the promise', () => {
    expect(packageFacts(usage)).toEqual({
      name: 'Business Support',
      tickets: { used: 3, limit: 10, unit: 'tickets' },
      hours: '2.4 h',
      resets: date('2026-04-01T00:00:00Z'),
      guarantee: 'First reply within 1 h',
    });
  });

  it('knows unlimited tickets and whole hours', () => {
    expect(packageFacts({ ...usage, monthlyTickets: -1, hoursUsed: 0 })).toMatchObject({ tickets: { used: 3, limit: null }, hours: '0.0 h' });
    expect(promiseText(1440)).toBe('First reply within 1 d');
    expect(promiseText(90)).toBe('First reply within 1 h 30 min');
  });
});
