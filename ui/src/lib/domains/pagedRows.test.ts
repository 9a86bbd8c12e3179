import { describe, expect, it } from 'vitest';
import type { Page } from '../ipc';
import { PagedRows, type Fetch } from './pagedRows.svelte';

/** A fetch whose answers the test releases by hand, in any order. */
function controlled(rows: string[]) {
  const waiting: { offset: number; limit: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const fetch: Fetch<string> = (offset, limit) =>
    new Promise<Page<string>>((resolve, reject) => {
      waiting.push({
        offset,
        limit,
        resolve: () => resolve({ items: rows.slice(offset, offset + limit), total: rows.length }),
        reject,
      });
    });
  return { fetch, waiting };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('paged rows', () => {
  it('reads the first page, then only the pages a range needs', async () => {
    const { fetch, waiting } = controlled(names('a', 25));
    const totals: number[] = [];
    const rows = new PagedRows<string>(fetch, { pageSize: 10, onTotal: (t) => totals.push(t) });
    const first = rows.reset(fetch);
    expect(rows.loading).toBe(true);
    waiting.shift()?.resolve();
    await first;
    expect(rows.loading).toBe(false);
    expect(rows.total).toBe(25);
    expect(totals).toEqual([25]);
    expect(rows.at(3)).toBe('a3');
    expect(rows.at(12)).toBeUndefined();

    const reads = rows.ensure(5, 24);
    expect(reads).toHaveLength(2);
    expect(waiting.map((w) => w.offset)).toEqual([10, 20]);
    // Asking again while they are being read starts nothing new.
    expect(rows.ensure(5, 24)).toHaveLength(0);
    waiting.splice(0).forEach((w) => w.resolve());
    await Promise.all(reads);
    expect(rows.at(24)).toBe('a24');
    expect(rows.isLoaded(2)).toBe(true);
  });

  it('keeps the old rows on screen until the new query answers, and drops late answers of the old one', async () => {
    const old = controlled(names('old', 30));
    const rows = new PagedRows<string>(old.fetch, { pageSize: 10 });
    const first = rows.reset(old.fetch);
    old.waiting.shift()?.resolve();
    await first;
    const late = rows.ensure(10, 19);
    expect(old.waiting).toHaveLength(1);

    const next = controlled(names('new', 5));
    const reset = rows.reset(next.fetch);
    expect(rows.at(2)).toBe('old2');
    // The old query's page answers after the reset: ignored.
    old.waiting.shift()?.resolve();
    await Promise.all(late);
    expect(rows.isLoaded(1)).toBe(false);

    next.waiting.shift()?.resolve();
    await reset;
    expect(rows.at(2)).toBe('new2');
    expect(rows.at(12)).toBeUndefined();
    expect(rows.total).toBe(5);
  });

  it('lets the newest read of a page win', async () => {
    const data = names('v1-', 10);
    const { fetch, waiting } = controlled(data);
    const rows = new PagedRows<string>(fetch, { pageSize: 10 });
    void rows.reset(fetch);
    const refresh = rows.refresh(0, 5);
    expect(waiting).toHaveLength(2);
    data[0] = 'v2-0';
    // The newer read answers first; the older one, arriving later, is dropped.
    waiting[1]?.resolve();
    await flush();
    data[0] = 'stale';
    waiting[0]?.resolve();
    await refresh;
    await flush();
    expect(rows.at(0)).toBe('v2-0');
  });

  it('forgets pages out of view on refresh and reads the visible ones again', async () => {
    const { fetch, waiting } = controlled(names('r', 50));
    const rows = new PagedRows<string>(fetch, { pageSize: 10 });
    const first = rows.reset(fetch);
    waiting.shift()?.resolve();
    await first;
    const more = rows.ensure(0, 49);
    waiting.splice(0).forEach((w) => w.resolve());
    await Promise.all(more);
    expect([0, 1, 2, 3, 4].every((p) => rows.isLoaded(p))).toBe(true);

    const refresh = rows.refresh(22, 35);
    expect(rows.isLoaded(0)).toBe(false);
    expect(rows.isLoaded(4)).toBe(false);
    expect(waiting.map((w) => w.offset)).toEqual([20, 30]);
    waiting.splice(0).forEach((w) => w.resolve());
    await refresh;
    expect(rows.at(25)).toBe('r25');
  });

  it('reports a failed read and stops showing the old rows', async () => {
    const { fetch, waiting } = controlled(names('x', 5));
    const rows = new PagedRows<string>(fetch, { pageSize: 10 });
    const first = rows.reset(fetch);
    waiting.shift()?.resolve();
    await first;
    const failing = rows.reset(fetch);
    expect(rows.at(1)).toBe('x1');
    waiting.shift()?.reject({ code: 'cache', message: 'database is locked', fields: [] });
    await failing;
    expect(rows.error).toBe('database is locked');
    expect(rows.loading).toBe(false);
    expect(rows.at(1)).toBeUndefined();
  });

  it('waits for pages already being read when settling a range', async () => {
    const { fetch, waiting } = controlled(names('s', 30));
    const rows = new PagedRows<string>(fetch, { pageSize: 10 });
    const first = rows.reset(fetch);
    waiting.shift()?.resolve();
    await first;
    void rows.ensure(10, 19);
    let settled = false;
    const settle = rows.settle(0, 25).then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    waiting.splice(0).forEach((w) => w.resolve());
    await settle;
    expect(rows.at(15)).toBe('s15');
    expect(rows.at(25)).toBe('s25');
  });
});
