// A list read in pages from the local cache: the first page, "Load more",
// and re-reading what is loaded when `app.revision` moves (so rows already
// loaded stay on screen while they refresh). Any `(limit, offset) => Page`
// read fits: ipc.documents, ipc.tickets, ipc.domains.

import type { Page } from '../ipc';
import { toIpcError } from '../ipc';

/** The most rows one read may ask for (the shell's limit). */
export const MAX_PAGE = 1000;

export type PageReader<T> = (limit: number, offset: number) => Promise<Page<T>>;

export class Pager<T> {
  items = $state.raw<T[]>([]);
  total = $state(0);
  /** True until the first read has answered (successfully or not). */
  loading = $state(true);
  loadingMore = $state(false);
  error = $state<string | null>(null);

  readonly pageSize: number;
  #read: PageReader<T>;
  /** Bumped by every reload, so an answer to an older read is dropped. */
  #generation = 0;

  constructor(read: PageReader<T>, pageSize = 200) {
    this.#read = read;
    this.pageSize = Math.max(1, Math.min(MAX_PAGE, pageSize));
  }

  get hasMore(): boolean {
    return this.items.length < this.total;
  }

  /** Reads again from the start, as many rows as are loaded now (at least a page). */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    const wanted = Math.max(this.pageSize, this.items.length);
    try {
      const items: T[] = [];
      let total = 0;
      while (items.length < wanted) {
        const limit = Math.min(MAX_PAGE, wanted - items.length);
        const page = await this.#read(limit, items.length);
        if (generation !== this.#generation) return;
        total = page.total;
        items.push(...page.items);
        if (page.items.length < limit || items.length >= total) break;
      }
      this.items = items;
      this.total = Math.max(total, items.length);
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = toIpcError(error).message;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Appends the next page. */
  async more(): Promise<void> {
    if (this.loadingMore || !this.hasMore) return;
    const generation = this.#generation;
    this.loadingMore = true;
    try {
      const page = await this.#read(this.pageSize, this.items.length);
      if (generation !== this.#generation) return;
      this.items = [...this.items, ...page.items];
      this.total = Math.max(page.total, this.items.length);
      this.error = null;
    } catch (error) {
      if (generation === this.#generation) this.error = toIpcError(error).message;
    } finally {
      this.loadingMore = false;
    }
  }

  /** Forgets the rows and reads the first page (after a filter change). */
  async reset(): Promise<void> {
    this.items = [];
    this.total = 0;
    this.loading = true;
    await this.reload();
  }
}

/** Reads every row (in pages of 1,000) up to `cap`: one customer's packages or tickets, say. */
export async function readAll<T>(read: PageReader<T>, cap = 10_000): Promise<Page<T>> {
  const items: T[] = [];
  let total = 0;
  while (items.length < cap) {
    const limit = Math.min(MAX_PAGE, cap - items.length);
    const page = await read(limit, items.length);
    total = page.total;
    items.push(...page.items);
    if (page.items.length < limit || items.length >= total) break;
  }
  return { items, total };
}

/**
 * What a DocTable needs from a pager beside its rows: the counts, the
 * states, Retry and Load more. Spread it: `<DocTable rows={p.items} {...pagedList(p)} />`.
 */
export function pagedList<T>(pager: Pager<T>) {
  return {
    total: pager.total,
    loading: pager.loading,
    loadingMore: pager.loadingMore,
    error: pager.error,
    onretry: () => void pager.reload(),
    onmore: () => void pager.more(),
  };
}
