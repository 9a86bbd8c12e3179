// The sidebar's entries, which screen lights which entry, and the Alt+1..9
// shortcuts. Shared by the sidebar, the command palette and the settings'
// shortcut table.

import type { Screen } from '../router.svelte';
import { isStaff } from '../support/workflow';

export interface NavEntry {
  screen: Screen;
  label: string;
  /** Other words people may type in the command palette. */
  keywords: string[];
}

export const navEntries: readonly NavEntry[] = [
  { screen: 'dashboard', label: 'Dashboard', keywords: ['home', 'overview', 'renewals'] },
  { screen: 'domains', label: 'Domains', keywords: ['registrations', 'renew', 'whois'] },
  { screen: 'dns', label: 'DNS', keywords: ['records', 'zone', 'nameservers'] },
  { screen: 'forwarding', label: 'E-mail forwarding', keywords: ['email', 'mail', 'forwards', 'aliases'] },
  { screen: 'transfers', label: 'Transfers', keywords: ['transfer in', 'transfer out', 'epp'] },
  { screen: 'billing', label: 'Billing', keywords: ['orders', 'invoices', 'payments', 'payment methods'] },
  { screen: 'hosting', label: 'Hosting', keywords: ['packages', 'projects', 'sites', 'usage'] },
  { screen: 'deployments', label: 'Deployments', keywords: ['builds', 'deploys', 'releases'] },
  { screen: 'support', label: 'Support', keywords: ['tickets', 'help', 'sla'] },
  { screen: 'notifications', label: 'Notifications', keywords: ['alerts', 'unread', 'inbox'] },
  { screen: 'settings', label: 'Settings', keywords: ['preferences', 'theme', 'workspaces', 'shortcuts', 'demo'] },
];

/** The outbox: in the sidebar only while something is queued, always in the palette. */
export const outboxEntry: NavEntry = {
  screen: 'outbox',
  label: 'Outbox',
  keywords: ['queued', 'pending', 'conflicts', 'failed', 'offline edits'],
};

/** The audit log: admins only (their cache holds everyone's changes), after the other screens, so Alt+1..9 stay the same for everyone. */
export const auditEntry: NavEntry = {
  screen: 'audit',
  label: 'Audit log',
  keywords: ['audit trail', 'who changed', 'changes', 'history', 'csv export'],
};

/** Whether someone in `role` gets the audit log in the sidebar and the palette. */
export function seesAuditLog(role: string | null | undefined): boolean {
  return role === 'admin';
}

/** The sidebar's entries for someone in `role`: for admins, the audit log just before Settings. */
export function entriesFor(role: string | null | undefined): readonly NavEntry[] {
  if (!seesAuditLog(role)) return navEntries;
  const settings = navEntries.findIndex((e) => e.screen === 'settings');
  return [...navEntries.slice(0, settings), auditEntry, ...navEntries.slice(settings)];
}

/** The support staff's canned replies: a part of Support (no sidebar entry of its own), in the palette for staff. */
export const cannedEntry: NavEntry = {
  screen: 'canned',
  label: 'Canned replies',
  keywords: ['saved replies', 'templates', 'macros', 'snippets', 'answers'],
};

/** The screens the command palette offers someone in `role`: the sidebar's, the outbox, and for staff the canned replies. */
export function paletteEntriesFor(role: string | null | undefined): NavEntry[] {
  return [...entriesFor(role), outboxEntry, ...(isStaff(role) ? [cannedEntry] : [])];
}

/** How many entries Alt+1..9 reach. */
export const SHORTCUT_ENTRIES = 9;

const parents: Partial<Record<Screen, Screen>> = {
  domain: 'domains',
  customer: 'domains',
  ticket: 'support',
  canned: 'support',
  project: 'hosting',
  deployment: 'deployments',
};

/** The sidebar entry a screen belongs to (`ticket` lights Support). */
export function navScreenFor(screen: Screen): Screen {
  return parents[screen] ?? screen;
}

type KeyLike = Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code' | 'key'>;

/** The entry index (0..8) for Alt+1..Alt+9, else null. Reads the physical key: Alt+digit types other characters on some layouts. */
export function navShortcutIndex(event: KeyLike): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code) ?? /^([1-9])$/.exec(event.key);
  if (!match?.[1]) return null;
  const index = Number(match[1]) - 1;
  return index < SHORTCUT_ENTRIES ? index : null;
}

/** A count for a small badge: `7`, `99+`. Empty for nothing. */
export function badgeText(value: number, cap = 99): string {
  if (!Number.isFinite(value) || value <= 0) return '';
  return value > cap ? `${cap}+` : String(Math.floor(value));
}

const detailTitles: Partial<Record<Screen, string>> = {
  domain: 'Domain',
  customer: 'Customer',
  ticket: 'Ticket',
  canned: 'Canned replies',
  project: 'Project',
  deployment: 'Deployment',
};

/** Where the top bar says you are: the section, and the kind of detail open in it. */
export function screenTrail(screen: Screen): string[] {
  const section = navScreenFor(screen);
  const entry = [...navEntries, outboxEntry, auditEntry].find((e) => e.screen === section);
  const trail = [entry?.label ?? section];
  const detail = detailTitles[screen];
  if (detail) trail.push(detail);
  return trail;
}
