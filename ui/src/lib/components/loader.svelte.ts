// One thing read from the cache (a document, a thread, a person), read
// again when asked; an older answer never overwrites a newer one.

import { toIpcError } from '../ipc';

export class Loader<T> {
  value = $state.raw<T | null>(null);
  /** True until the first read has answered. */
  loading = $state(true);
  error = $state<string | null>(null);
  /** The error's code (`not_found`...), to word the message. */
  code = $state<string | null>(null);

  #read: () => Promise<T>;
  #generation = 0;

  constructor(read: () => Promise<T>) {
    this.#read = read;
  }

  async reload(): Promise<void> {
    const generation = ++this.#generation;
    try {
      const value = await this.#read();
      if (generation !== this.#generation) return;
      this.value = value;
      this.error = null;
      this.code = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      const e = toIpcError(error);
      this.error = e.message;
      this.code = e.code;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
