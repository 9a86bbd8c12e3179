// The dashboard's data shaping: renewal rows, chart series, hosting usage
// bars and deployment rows. Pure functions, tested in dashboard.test.ts.

import type { Count, Doc, HostingUsage, RenewalItem } from '../ipc';
import { label } from '../format';

// --- Renewal risk -----------------------------------------------------------

export interface RenewalRow {
  id: string;
  name: string;
  domainName: string;
  daysLeft: number;
  autoRenew: boolean;
  expirationDate: string;
  pending: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value != null && typeof value === 'object' && !Array.isArray(value);
}

/** The renewal list's rows: the name people read (the ASCII form when there is no other). */
export function renewalRows(items: readonly RenewalItem[]): RenewalRow[] {
  return items.map((item) => ({
    id: item.id,
    domainName: item.domainName,
    name: item.displayName !== '' ? item.displayName : item.domainName,
    daysLeft: item.daysLeft,
    autoRenew: item.autoRenew,
    expirationDate: item.expirationDate,
    pending: item.pending,
  }));
}

/** `today`, `1 day`, `12 days`. */
export function daysLeftLabel(days: number): string {
  if (days <= 0) return 'today';
  return days === 1 ? '1 day' : `${days} days`;
}

// --- Charts -----------------------------------------------------------------

/** A chart's data: one value per key, coloured by a CSS variable name. */
export interface Series {
  keys: string[];
  labels: string[];
  values: number[];
  /** CSS custom properties (`--chart-2`), read at draw time for the theme. */
  colors: string[];
}

export const PALETTE = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'] as const;

/** Fixed colours for known keys, so a status keeps its colour everywhere. */
export const DOMAIN_STATUS_COLORS: Record<string, string> = {
  active: '--chart-2',
  pending: '--chart-3',
  expired: '--chart-4',
  suspended: '--chart-5',
  transferred: '--chart-6',
};

export const PRIORITY_COLORS: Record<string, string> = {
  urgent: '--chart-4',
  high: '--chart-3',
  normal: '--chart-1',
  low: '--chart-6',
};

export const DEPLOYMENT_STATUS_COLORS: Record<string, string> = {
  ready: '--chart-2',
  building: '--chart-1',
  error: '--chart-4',
  cancelled: '--chart-6',
};

/**
 * A series from counts in the order given. Keys without a fixed colour take
 * the palette's colours in turn; `dropEmpty` leaves out zero counts.
 */
export function series(counts: readonly Count[], colors: Record<string, string>, dropEmpty = false): Series {
  const out: Series = { keys: [], labels: [], values: [], colors: [] };
  let spare = 0;
  for (const { key, count } of counts) {
    if (dropEmpty && count === 0) continue;
    out.keys.push(key);
    out.labels.push(key === '' ? 'Unknown' : label(key));
    out.values.push(count);
    out.colors.push(colors[key] ?? PALETTE[spare++ % PALETTE.length] ?? '--chart-1');
  }
  return out;
}

export function seriesTotal(s: Series): number {
  return s.values.reduce((sum, value) => sum + value, 0);
}

/** One sentence describing a chart for screen readers. */
export function describeSeries(title: string, s: Series): string {
  if (s.values.length === 0) return `${title}: nothing to show`;
  return `${title}: ${s.labels.map((l, i) => `${l} ${s.values[i] ?? 0}`).join(', ')}`;
}

// --- Hosting usage ----------------------------------------------------------

export type UsageLevel = 'ok' | 'warn' | 'over' | 'unlimited';

export interface UsageBar {
  key: 'storage' | 'bandwidth' | 'databases' | 'emailAccounts';
  label: string;
  used: number;
  limit: number | null;
  /** Used / limit (unclamped); null when unlimited. */
  ratio: number | null;
  /** The bar's filled width, 0 to 100. */
  fill: number;
  level: UsageLevel;
  /** `2.5 GB of 10 GB`, `3 of unlimited`. */
  text: string;
}

const RESOURCES: { key: UsageBar['key']; label: string; unit: string }[] = [
  { key: 'storage', label: 'Storage', unit: 'GB' },
  { key: 'bandwidth', label: 'Bandwidth', unit: 'GB' },
  { key: 'databases', label: 'Databases', unit: '' },
  { key: 'emailAccounts', label: 'E-mail accounts', unit: '' },
];

/** Over 80% warns, over 100% is over the limit. */
export function usageLevel(used: number, limit: number | null): UsageLevel {
  if (limit == null) return 'unlimited';
  if (limit <= 0) return used > 0 ? 'over' : 'ok';
  const ratio = used / limit;
  if (ratio > 1) return 'over';
  if (ratio > 0.8) return 'warn';
  return 'ok';
}

/** A quantity with at most one decimal: `2.5`, `10`, `1,024`. */
export function quantity(value: number): string {
  return new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(value);
}

export function usageBars(usage: HostingUsage): UsageBar[] {
  return RESOURCES.map(({ key, label: name, unit }) => {
    const [used, limit] = usage[key];
    const suffix = unit ? ` ${unit}` : '';
    const ratio = limit == null ? null : limit > 0 ? used / limit : used > 0 ? Infinity : 0;
    return {
      key,
      label: name,
      used,
      limit,
      ratio,
      fill: ratio == null ? 0 : Math.max(0, Math.min(100, ratio * 100)),
      level: usageLevel(used, limit),
      text:
        limit == null
          ? `${quantity(used)}${suffix} of unlimited`
          : `${quantity(used)}${suffix} of ${quantity(limit)}${suffix}`,
    };
  });
}

/** The package's worst level, for its heading. */
export function worstLevel(bars: readonly UsageBar[]): UsageLevel {
  if (bars.some((b) => b.level === 'over')) return 'over';
  if (bars.some((b) => b.level === 'warn')) return 'warn';
  return 'ok';
}

// --- Deployments ------------------------------------------------------------

export interface DeploymentRow {
  id: string;
  deploymentId: string;
  projectId: string;
  status: string;
  environment: string;
  message: string;
  branch: string;
  commit: string;
  createdAt: string;
  /** Build time in milliseconds, when known. */
  duration: number | null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function deploymentRow(doc: Doc): DeploymentRow {
  const source = isRecord(doc.source) ? doc.source : {};
  let duration: number | null = typeof doc.buildDuration === 'number' ? doc.buildDuration : null;
  if (duration == null) {
    const started = Date.parse(str(doc.buildStartedAt));
    const completed = Date.parse(str(doc.buildCompletedAt));
    if (Number.isFinite(started) && Number.isFinite(completed) && completed >= started) duration = completed - started;
  }
  const message = str(source.commitMessage) || (source.type === 'upload' ? 'Uploaded files' : '');
  return {
    id: doc._id,
    deploymentId: str(doc.deploymentId) || doc._id,
    projectId: str(doc.projectId),
    status: str(doc.status),
    environment: str(doc.environment),
    message,
    branch: str(source.branch),
    commit: str(source.commitSha).slice(0, 7),
    createdAt: str(doc.createdAt),
    duration,
  };
}

/** A project's name from its document: the display name, else the project name. */
export function projectName(doc: Doc | null | undefined): string {
  if (!doc) return '';
  return str(doc.displayName) || str(doc.projectName);
}
