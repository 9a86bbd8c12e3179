// Deployments: build log lines and timing.

import { duration } from '../format';
import { num, str } from './doc';

type Source = Record<string, unknown> | null | undefined;

export interface LogLine {
  /** Time since the build started: `+0:07`, `+1:02:03`. */
  offset: string;
  timestamp: string | null;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** `+m:ss` (or `+h:mm:ss`) after the start; empty when either time is unknown. */
export function logOffset(at: string | null, start: string | null): string {
  if (!at || !start) return '';
  const ms = Date.parse(at) - Date.parse(start);
  if (!Number.isFinite(ms)) return '';
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `+${h}:${String(m).padStart(2, '0')}:${s}` : `+${m}:${s}`;
}

function level(value: string | null): LogLine['level'] {
  const v = (value ?? '').toLowerCase();
  if (v === 'error' || v === 'err' || v === 'fatal') return 'error';
  if (v === 'warn' || v === 'warning') return 'warn';
  return 'info';
}

/** The build log, with each line's time since the build started. Plain strings count as info lines. */
export function logLines(doc: Source): LogLine[] {
  const start = str(doc, 'buildStartedAt') ?? str(doc, 'createdAt');
  const raw = doc?.buildLogs;
  if (!Array.isArray(raw)) return [];
  return raw.map((entry) => {
    if (typeof entry === 'string') return { offset: '', timestamp: null, level: 'info' as const, message: entry };
    const e = entry != null && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
    const timestamp = str(e, 'timestamp');
    return { offset: logOffset(timestamp, start), timestamp, level: level(str(e, 'level')), message: str(e, 'message') ?? '' };
  });
}

/** The log as plain text, to copy. */
export function logText(lines: readonly LogLine[]): string {
  return lines.map((l) => `${l.timestamp ?? ''} ${l.level.toUpperCase().padEnd(5)} ${l.message}`.trim()).join('\n');
}

/** How long the build took, or how long it has run so far. */
export function buildTime(doc: Source, now: Date = new Date()): string {
  const ms = num(doc, 'buildDuration');
  if (ms != null) return duration(ms);
  const started = str(doc, 'buildStartedAt');
  if (started && str(doc, 'status') === 'building') {
    const so = now.getTime() - Date.parse(started);
    return Number.isFinite(so) && so >= 0 ? `${duration(so)} so far` : '';
  }
  return '';
}

/** Counts of warnings and errors in a log. */
export function logCounts(lines: readonly LogLine[]): { warn: number; error: number } {
  return { warn: lines.filter((l) => l.level === 'warn').length, error: lines.filter((l) => l.level === 'error').length };
}
