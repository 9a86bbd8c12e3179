// The notifications center's logic: type names and icons, the filter, and
// finding the domain a notification talks about (best effort, from its words).

import type { NotificationItem, SearchHit } from '../ipc';
import { label } from '../format';

export type NotificationFilter = 'all' | 'unread';

export interface TypeInfo {
  label: string;
  /** An SVG path (16×16, stroked) for the type's icon. */
  icon: string;
  tone: 'warn' | 'info' | 'good' | 'neutral';
}

const types: Record<string, TypeInfo> = {
  domain_expiring: { label: 'Domain expiring', icon: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM8 4.5V8l2.5 1.5', tone: 'warn' },
  dns_changed: { label: 'DNS changed', icon: 'M2.5 5h9m0 0-2.5-2.5M11.5 5 9 7.5M13.5 11h-9m0 0L7 8.5M4.5 11 7 13.5', tone: 'info' },
  transfer_complete: { label: 'Transfer complete', icon: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM5 8.2l2 2 4-4.2', tone: 'good' },
};

const fallback: TypeInfo = { label: '', icon: 'M8 2.5a4 4 0 0 0-4 4v3l-1.5 2h11L12 9.5v-3a4 4 0 0 0-4-4ZM6.5 13.5a1.5 1.5 0 0 0 3 0', tone: 'neutral' };

export function typeInfo(type: string): TypeInfo {
  return types[type] ?? { ...fallback, label: label(type) || 'Notification' };
}

export function filterNotifications(items: readonly NotificationItem[], filter: NotificationFilter): NotificationItem[] {
  return filter === 'unread' ? items.filter((n) => !n.isRead) : [...items];
}

/** Newest first, whatever order they came in (ISO times compare as text). */
export function newestFirst(items: readonly NotificationItem[]): NotificationItem[] {
  return [...items].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** The types that are about one domain, and so can open it. */
export function aboutADomain(type: string): boolean {
  return type === 'domain_expiring' || type === 'dns_changed' || type === 'transfer_complete';
}

const hostPattern = /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:[\p{L}]{2,63}|xn--[a-z0-9-]{1,59})(?![\p{L}\p{N}-])/giu;

/**
 * Domain names a text mentions, most likely first: each host name as
 * written, then its parents (`api.brightpath.io` → `brightpath.io`), since
 * DNS notifications name records rather than domains.
 */
export function domainCandidates(text: string): string[] {
  const found: string[] = [];
  const add = (name: string) => {
    if (!found.includes(name)) found.push(name);
  };
  const hosts = [...text.matchAll(hostPattern)].map((m) => m[0].toLowerCase());
  for (const host of hosts) add(host);
  for (const host of hosts) {
    const labels = host.split('.');
    for (let i = 1; labels.length - i >= 2; i++) add(labels.slice(i).join('.'));
  }
  return found;
}

/** The hit that is exactly `name` (its shown name, or its ASCII name when that differs). */
export function matchingDomain(hits: readonly SearchHit[], name: string): SearchHit | null {
  const wanted = name.toLowerCase();
  return (
    hits.find(
      (h) => h.kind === 'domain' && (h.title.toLowerCase() === wanted || h.subtitle.toLowerCase().startsWith(`${wanted} ·`)),
    ) ?? null
  );
}
