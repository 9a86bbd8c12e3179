// Hosting packages: resource usage against the package's limits.

import { meterPercent, type MeterValue } from '../components/table';
import { num } from './doc';

type Source = Record<string, unknown> | null | undefined;

export interface UsageRow {
  key: 'storage' | 'bandwidth' | 'databases' | 'emailAccounts';
  label: string;
  value: MeterValue;
}

const resources: { key: UsageRow['key']; label: string; unit?: string }[] = [
  { key: 'storage', label: 'Storage', unit: 'GB' },
  { key: 'bandwidth', label: 'Bandwidth this month', unit: 'GB' },
  { key: 'databases', label: 'Databases' },
  { key: 'emailAccounts', label: 'E-mail accounts' },
];

/** One resource's use (`currentUsage.<key>`) against its limit (`<key>`). */
export function resourceUsage(doc: Source, key: UsageRow['key']): MeterValue {
  const resource = resources.find((r) => r.key === key);
  return { used: num(doc, `currentUsage.${key}`) ?? 0, limit: num(doc, key), unit: resource?.unit };
}

/** Storage, bandwidth, databases and e-mail accounts of a package. */
export function packageUsage(doc: Source): UsageRow[] {
  return resources.map((r) => ({ key: r.key, label: r.label, value: resourceUsage(doc, r.key) }));
}

/** The fullest resource's percentage (null when nothing is limited). */
export function highestUsage(doc: Source): number | null {
  let highest: number | null = null;
  for (const row of packageUsage(doc)) {
    const percent = meterPercent(row.value);
    if (percent != null && (highest == null || percent > highest)) highest = percent;
  }
  return highest;
}

/** The resources at or above `threshold` percent, by label. */
export function resourcesNearLimit(doc: Source, threshold = 90): string[] {
  return packageUsage(doc)
    .filter((row) => (meterPercent(row.value) ?? 0) >= threshold)
    .map((row) => row.label);
}
