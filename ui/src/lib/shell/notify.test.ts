import { describe, expect, it } from 'vitest';
import type { NotificationItem } from '../ipc';
import { notificationToasts } from './notify';

const note = (id: string, isRead = false): NotificationItem => ({
  id,
  userId: 'u',
  type: 'dns_changed',
  title: `title ${id}`,
  message: `message ${id}`,
  isRead,
  createdAt: '2026-01-01T00:00:00Z',
  pending: false,
});

describe('notification toasts', () => {
  it('shows a few one by one', () => {
    expect(notificationToasts([note('a'), note('b')]).map((t) => t.id)).toEqual(['a', 'b']);
    expect(notificationToasts([note('a', true)])).toEqual([]);
  });

  it('sums up the rest of a big batch', () => {
    const toasts = notificationToasts([note('a'), note('b'), note('c'), note('d'), note('e')]);
    expect(toasts).toHaveLength(3);
    expect(toasts.map((t) => t.id)).toEqual(['a', 'b', null]);
    expect(toasts[2]?.title).toBe('3 more new notifications');
  });
});
