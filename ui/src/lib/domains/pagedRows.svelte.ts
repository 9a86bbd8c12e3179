// Rows of a long list read in pages on demand: each page is read once and
// kept; a new query forgets them (showing the old rows until the first new
// page answers, so the table never blanks); answers to an older query or an
// older read of the same page are dropped. Tested in pagedRows.test.ts.

import { SvelteMap } from 'svelte/reactivity';
import type { Page } from '../ipc';
import { toIpcError } from '../ipc';
import { pageOf, pagesForRange } from './domains';

/** Reads `limit` rows from `offset` of the current query. */
export type Fetch<T> = (offset: number, limit: number) => Promise<Page<T>>;

export class PagedRows<T> {
  readonly pageSize: number;
  /** How many rows the query matches (from the latest answer). */
  total = $state(0);
  /** The current query's first answer has not come yet. */
  loading = $state(true);
  error = $state<string | null>(null);

  #pages = new SvelteMap<number, T[]>();
  #previous: Map<number, T[]> | null = null;
  #showPrevious = $state(false);
  /** Pages being read: page → request number (the newest read wins). */
  #inFlight = new Map<number, number>();
  #requests = 0;
  #generation = 0;
  #fetch: Fetch<T>;
  #onTotal: (total: number) => void;

  constructor(fetch: Fetch<T>, options: { pageSize: number; onTotal?: (total: number) => void }) {
    this.#fetch = fetch;
    this.pageSize = options.pageSize;
    this.#onTotal = options.onTotal ?? (() => {});
  }

  /** Moves with every new query; work started for an older one is moot. */
  get generation(): number {
    return this.#generation;
  }

  /** The row at `index`, if its page is loaded (or, while a new query loads, the old row). */
  at(index: number): T | undefined {
    const page = pageOf(index, this.pageSize);
    const rows = this.#pages.get(page);
    if (rows) return rows[index % this.pageSize];
    return this.#showPrevious ? this.#previous?.get(page)?.[index % this.pageSize] : undefined;
  }

  isLoaded(page: number): boolean {
    return this.#pages.has(page);
  }

  isReading(page: number): boolean {
    return this.#inFlight.has(page);
  }

  /** A new query: forget every page and read the first. */
  reset(fetch: Fetch<T>): Promise<void> {
    this.#generation++;
    this.#fetch = fetch;
    this.#previous = new Map(this.#pages);
    this.#showPrevious = this.#previous.size > 0;
    this.#pages.clear();
    this.#inFlight.clear();
    this.loading = true;
    this.error = null;
    return this.load(0);
  }

  /** Reads one page (again, if it is loaded). */
  async load(page: number): Promise<void> {
    const mine = ++this.#requests;
    const generation = this.#generation;
    const fetch = this.#fetch;
    this.#inFlight.set(page, mine);
    try {
      const answer = await fetch(page * this.pageSize, this.pageSize);
      if (generation !== this.#generation || this.#inFlight.get(page) !== mine) return;
      this.#pages.set(page, answer.items);
      this.#dropPrevious();
      this.error = null;
      if (answer.total !== this.total) {
        this.total = answer.total;
        this.#onTotal(answer.total);
      }
    } catch (error) {
      if (generation === this.#generation) {
        this.error = toIpcError(error).message;
        this.#dropPrevious();
      }
    } finally {
      if (this.#inFlight.get(page) === mine) this.#inFlight.delete(page);
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Reads the pages of rows `start`..`end` that are neither loaded nor being read. */
  ensure(start: number, end: number): Promise<void>[] {
    return pagesForRange(start, end, this.total, this.pageSize)
      .filter((p) => !this.#pages.has(p) && !this.#inFlight.has(p))
      .map((p) => this.load(p));
  }

  /** Loads rows `start`..`end` and waits for every page of them, also those already being read. */
  async settle(start: number, end: number): Promise<void> {
    await Promise.all(this.ensure(start, end));
    const generation = this.#generation;
    while (generation === this.#generation && pagesForRange(start, end, this.total, this.pageSize).some((p) => this.#inFlight.has(p))) {
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }

  /** The data may have changed: read rows `start`..`end` again and forget the other pages. */
  refresh(start: number, end: number): Promise<void> {
    const visible = this.total > 0 ? pagesForRange(start, end, this.total, this.pageSize) : [];
    const keep = visible.length ? visible : [0];
    for (const page of [...this.#pages.keys()]) if (!keep.includes(page)) this.#pages.delete(page);
    return Promise.all(keep.map((page) => this.load(page))).then(() => undefined);
  }

  #dropPrevious(): void {
    if (!this.#showPrevious && !this.#previous) return;
    this.#previous = null;
    this.#showPrevious = false;
  }
}
