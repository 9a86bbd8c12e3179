// A ticket's first-response promise as people read it: `due in 42 min`,
// `overdue by 5 min`, `answered in time`, with a tone. The provider says
// where a ticket stood when it was read; a running clock is counted down
// here against `now` (the shared clock on screen, a fixed one in tests),
// so a ticket turns overdue on time, offline too. Tested in sla.test.ts.

import type { Sla, SlaState, SupportPackageUsage, TicketListItem } from '../ipc';
import { date, minutesText, type Tone } from '../format';
import type { MeterValue } from '../components/table';
import { responseTime, ticketUsage } from '../areas/billing';
import { str } from '../areas/doc';

/** Time left under which a running clock warns: the queue's `breaching` view uses the same hour. */
export const WARN_MS = 60 * 60_000;

/** The state a timer shows: the provider's, with `warning` for the last hour and a running clock past due as `breached`. */
export type SlaLive = 'running' | 'warning' | 'breached' | 'met' | 'stopped';

/** A first-response clock as read. */
export interface SlaClock {
  /** The provider's state when it was read. */
  state: SlaState;
  /** When the first staff reply is (or was) due. */
  dueAt: string | null;
  /** The clock still runs: open or in progress, no staff reply yet. A breached ticket is then overdue, by more every minute. */
  running: boolean;
  /** Staff have replied (so a breach means the reply was late). */
  answered: boolean;
}

export interface SlaView {
  state: SlaLive;
  /** Lower case, for a badge or a sentence: `due in 3 h 05 min`. */
  text: string;
  tone: Tone;
}

const MINUTE_MS = 60_000;

/** Where a clock stands at `now`. */
export function slaView(clock: SlaClock, now: Date): SlaView {
  const due = clock.dueAt ? Date.parse(clock.dueAt) : NaN;
  if (clock.running && Number.isFinite(due)) {
    const left = due - now.getTime();
    // Past due is overdue, whatever the provider said when it was read.
    if (left < 0) return { state: 'breached', text: `overdue by ${minutesText(Math.max(1, Math.floor(-left / MINUTE_MS)), true)}`, tone: 'bad' };
    if (clock.state === 'breached') return { state: 'breached', text: 'breached', tone: 'bad' };
    // Rounded up: a clock never says `due in 0 min` before it is overdue.
    const text = `due in ${minutesText(Math.max(1, Math.ceil(left / MINUTE_MS)), true)}`;
    return left <= WARN_MS ? { state: 'warning', text, tone: 'warn' } : { state: 'running', text, tone: 'info' };
  }
  switch (clock.state) {
    case 'met':
      return { state: 'met', text: 'answered in time', tone: 'good' };
    case 'breached':
      return { state: 'breached', text: clock.answered ? 'answered late' : 'breached', tone: 'bad' };
    case 'stopped':
      return { state: 'stopped', text: 'clock stopped', tone: 'neutral' };
    case 'running':
      return { state: 'running', text: 'awaiting the first reply', tone: 'info' };
  }
}

/** The clock of an open thread: the provider's SLA at the read, and whether it still runs by the ticket. */
export function threadClock(sla: Sla, ticket: Record<string, unknown> | null | undefined): SlaClock {
  const answered = sla.state === 'met' || str(ticket, 'firstResponseAt') != null;
  const status = str(ticket, 'status');
  const runs = status === 'open' || status === 'in_progress';
  return {
    state: sla.state,
    dueAt: sla.dueAt,
    running: !answered && runs && (sla.state === 'running' || sla.state === 'breached'),
    answered,
  };
}

/**
 * A queue row's SLA: counted down while its clock runs, `breached` when the
 * provider flagged it, nothing otherwise (a row does not say whether an
 * answered ticket was answered in time).
 */
export function rowSla(ticket: Pick<TicketListItem, 'responseDueAt' | 'slaBreached'>, now: Date): SlaView | null {
  if (ticket.responseDueAt) {
    return slaView({ state: ticket.slaBreached ? 'breached' : 'running', dueAt: ticket.responseDueAt, running: true, answered: false }, now);
  }
  return ticket.slaBreached ? { state: 'breached', text: 'breached', tone: 'bad' } : null;
}

/** `First reply within 1 h`. */
export function promiseText(minutes: number): string {
  return `First reply within ${responseTime(minutes)}`;
}

/** The support package of a ticket, as its box shows it. */
export interface PackageFacts {
  name: string;
  /** Tickets used this month of the allowance (null limit: unlimited). */
  tickets: MeterValue;
  /** `2.5 h`. */
  hours: string;
  /** The date the month's usage starts over. */
  resets: string;
  /** `First reply within 1 h`. */
  guarantee: string;
}

const hoursFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function packageFacts(usage: SupportPackageUsage): PackageFacts {
  return {
    name: usage.packageName,
    tickets: ticketUsage({ monthlyTickets: usage.monthlyTickets, currentUsage: { ticketsUsed: usage.ticketsUsed } }),
    hours: `${hoursFormat.format(Number.isFinite(usage.hoursUsed) ? usage.hoursUsed : 0)} h`,
    resets: date(usage.resetDate),
    guarantee: promiseText(usage.responseTimeGuarantee),
  };
}
