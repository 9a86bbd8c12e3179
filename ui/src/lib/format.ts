// How values read on screen. Pure functions, tested in format.test.ts.

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** `2026-12-01T00:00:00.000Z` → `Dec 1, 2026`; empty for nothing. */
export function date(value: unknown): string {
  const parsed = parseDate(value);
  return parsed ? dateFormat.format(parsed) : '';
}

export function dateTime(value: unknown): string {
  const parsed = parseDate(value);
  return parsed ? dateTimeFormat.format(parsed) : '';
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** Whole days from `now` until `value` (negative when past). */
export function daysUntil(value: string, now: Date = new Date()): number {
  const then = new Date(value).getTime();
  return Math.floor((then - now.getTime()) / 86_400_000);
}

/** `in 3 days`, `today`, `2 days ago`, `in 4 months`. */
export function relative(value: unknown, now: Date = new Date()): string {
  const parsed = parseDate(value);
  if (!parsed) return '';
  const seconds = Math.round((parsed.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86_400 * 45) return rtf.format(Math.round(seconds / 86_400), 'day');
  if (abs < 86_400 * 365) return rtf.format(Math.round(seconds / (86_400 * 30)), 'month');
  return rtf.format(Math.round(seconds / (86_400 * 365)), 'year');
}

/** An amount as the provider writes it (`12.99`, a string or a number) with its currency. */
export function money(amount: unknown, currency: unknown): string {
  const value = typeof amount === 'string' ? Number(amount) : typeof amount === 'number' ? amount : NaN;
  if (Number.isNaN(value)) return '';
  const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : 'EUR';
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: code }).format(value);
}

export function count(value: number): string {
  return new Intl.NumberFormat().format(value);
}

/** `1 document`, `1,200 documents`. */
export function counted(value: number, one: string, many: string): string {
  return `${count(value)} ${value === 1 ? one : many}`;
}

/**
 * A message from the shell (`could not reach …`) as a sentence on screen:
 * a capital first letter and a final full stop, unless it has its own.
 */
export function sentence(message: string): string {
  const trimmed = message.trim();
  if (trimmed === '') return '';
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

/** `in_progress` → `In progress`. */
export function label(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const words = value.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Milliseconds as `45 s` or `2 min 5 s`. */
export function duration(ms: unknown): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * Whole minutes as `42 min`, `3 h 5 min`, `2 d 4 h`. `padded` writes the
 * minutes after hours with two digits (`3 h 05 min`), so a countdown keeps
 * its width.
 */
export function minutesText(minutes: number, padded = false): string {
  if (!Number.isFinite(minutes) || minutes < 0) return '';
  const whole = Math.floor(minutes);
  if (whole < 60) return `${whole} min`;
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours < 24) return rest ? `${hours} h ${padded ? String(rest).padStart(2, '0') : rest} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${days} d ${h} h` : `${days} d`;
}

/** The tone of a status badge: good, warn, bad or neutral. */
export type Tone = 'good' | 'warn' | 'bad' | 'neutral' | 'info';

const tones: Record<string, Tone> = {
  active: 'good',
  ready: 'good',
  completed: 'good',
  resolved: 'good',
  closed: 'neutral',
  verified: 'good',
  pending: 'warn',
  building: 'info',
  in_progress: 'info',
  processing: 'info',
  waiting_customer: 'warn',
  open: 'info',
  expired: 'bad',
  suspended: 'bad',
  failed: 'bad',
  error: 'bad',
  cancelled: 'neutral',
  transferred: 'neutral',
  disabled: 'neutral',
  urgent: 'bad',
  high: 'warn',
  normal: 'neutral',
  low: 'neutral',
  conflict: 'bad',
};

export function tone(status: unknown): Tone {
  return (typeof status === 'string' && tones[status]) || 'neutral';
}

/** A nested field of a document by dotted path (`repository.branch`). */
export function field(doc: Record<string, unknown> | null | undefined, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split('.')) {
    if (value == null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A value as text for a table cell or CSV. */
export function text(value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map(text).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
