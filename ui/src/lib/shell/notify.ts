// Which toasts a batch of new notifications makes: the first few one by
// one, the rest summed up.

import type { NotificationItem } from '../ipc';

export interface NotificationToast {
  title: string;
  message: string;
  /** The one notification it shows, or null for a summary. */
  id: string | null;
}

export function notificationToasts(items: readonly NotificationItem[], atOnce = 3): NotificationToast[] {
  const fresh = items.filter((n) => !n.isRead);
  if (fresh.length <= atOnce) return fresh.map((n) => ({ title: n.title, message: n.message, id: n.id }));
  const shown = fresh.slice(0, atOnce - 1).map((n) => ({ title: n.title, message: n.message, id: n.id }));
  const rest = fresh.length - shown.length;
  return [...shown, { title: `${rest} more new notifications`, message: 'Open the notifications center to read them.', id: null }];
}
