// Typed reads of a cached document's fields (documents arrive as JSON).

import { field } from '../format';

type Source = Record<string, unknown> | null | undefined;

/** A text field, or null when missing or not text. */
export function str(doc: Source, path: string): string | null {
  const value = field(doc, path);
  return typeof value === 'string' ? value : null;
}

/** A number field (numbers written as text count too), or null. */
export function num(doc: Source, path: string): number | null {
  const value = field(doc, path);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function bool(doc: Source, path: string): boolean | null {
  const value = field(doc, path);
  return typeof value === 'boolean' ? value : null;
}

/** An array field; empty when missing. */
export function list(doc: Source, path: string): unknown[] {
  const value = field(doc, path);
  return Array.isArray(value) ? value : [];
}

/** An object field (or an array's object item), or null. */
export function obj(value: unknown): Record<string, unknown> | null {
  return value != null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The objects of an array field. */
export function objects(doc: Source, path: string): Record<string, unknown>[] {
  return list(doc, path)
    .map(obj)
    .filter((o): o is Record<string, unknown> => o != null);
}

/** The texts of an array field. */
export function strings(doc: Source, path: string): string[] {
  return list(doc, path).filter((v): v is string => typeof v === 'string');
}

/** `a1b2c3d4e5` → `a1b2c3d` (a commit's short form). */
export function shortSha(sha: string | null): string | null {
  return sha ? sha.slice(0, 7) : null;
}

/** Seconds as `5 min`, `1 h`, `1 d`, `90 s`, `1 h 30 min`. */
export function seconds(value: number | null): string {
  if (value == null || !Number.isFinite(value)) return '';
  const s = Math.round(value);
  if (s < 60 || s % 60 !== 0) return `${s} s`;
  const m = s / 60;
  if (m < 60) return `${m} min`;
  if (m % 60 !== 0) return `${Math.floor(m / 60)} h ${m % 60} min`;
  const h = m / 60;
  if (h < 24 || h % 24 !== 0) return `${h} h`;
  return `${h / 24} d`;
}

/** Bytes as `1.2 MB`, `86 KB`, `512 B`. */
export function bytes(value: number | null): string {
  if (value == null || !Number.isFinite(value) || value < 0) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = value;
  let unit = 0;
  while (n >= 1000 && unit < units.length - 1) {
    n /= 1024;
    unit++;
  }
  const digits = unit === 0 || n >= 10 ? 0 : 1;
  return `${n.toFixed(digits)} ${units[unit]}`;
}
