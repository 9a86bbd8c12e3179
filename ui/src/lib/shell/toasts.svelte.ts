// Short-lived messages in the window's corner: new notifications, the
// outcome of an action. Any component may push one; Toasts.svelte shows them.

import type { Tone } from '../format';

export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  title: string;
  message?: string;
  tone: Tone;
  action?: ToastAction;
  /** Milliseconds on screen; 0 keeps it until closed. */
  timeout: number;
}

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  push(toast: Omit<Toast, 'id' | 'timeout' | 'tone'> & { tone?: Tone; timeout?: number }): number {
    const id = this.#next++;
    const item: Toast = { tone: 'info', timeout: 7000, ...toast, id };
    // At most five on screen: the oldest go first.
    this.items = [...this.items, item].slice(-5);
    if (item.timeout > 0) this.#timers.set(id, setTimeout(() => this.dismiss(id), item.timeout));
    return id;
  }

  dismiss(id: number): void {
    const timer = this.#timers.get(id);
    if (timer) clearTimeout(timer);
    this.#timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  /** Keeps a toast while the pointer or focus is on it. */
  hold(id: number): void {
    const timer = this.#timers.get(id);
    if (timer) clearTimeout(timer);
    this.#timers.delete(id);
  }

  release(id: number, after = 3000): void {
    if (!this.items.some((t) => t.id === id) || this.#timers.has(id)) return;
    this.#timers.set(id, setTimeout(() => this.dismiss(id), after));
  }
}

export const toasts = new Toasts();
