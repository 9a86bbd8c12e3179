import { describe, expect, it, vi } from 'vitest';
import { Pager, readAll } from './pager.svelte';

/** A fake collection of `n` numbered rows, read like ipc.documents. */
function source(n: number) {
  const rows = Array.from({ length: n }, (_, i) => i);
  const read = vi.fn(async (limit: number, offset: number) => ({ items: rows.slice(offset, offset + limit), total: rows.length }));
  return { rows, read };
}

describe('Pager', () => {
  it('reads the first page and knows there is more', async () => {
    const { read } = source(450);
    const pager = new Pager(read, 200);
    expect(pager.loading).toBe(true);
    await pager.reload();
    expect(pager.loading).toBe(false);
    expect(pager.items).toHaveLength(200);
    expect(pager.total).toBe(450);
    expect(pager.hasMore).toBe(true);
    expect(read).toHaveBeenCalledWith(200, 0);
  });

  it('appends pages until everything is loaded', async () => {
    const { read } = source(450);
    const pager = new Pager(read, 200);
    await pager.reload();
    await pager.more();
    await pager.more();
    expect(pager.items).toHaveLength(450);
    expect(pager.items[449]).toBe(449);
    expect(pager.hasMore).toBe(false);
    await pager.more();
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('re-reads as many rows as are loaded, in reads of at most 1000', async () => {
    const { rows, read } = source(2500);
    const pager = new Pager(read, 1000);
    await pager.reload();
    await pager.more();
    await pager.more();
    expect(pager.items).toHaveLength(2500);
    rows[0] = -1;
    read.mockClear();
    await pager.reload();
    expect(pager.items).toHaveLength(2500);
    expect(pager.items[0]).toBe(-1);
    expect(read.mock.calls).toEqual([
      [1000, 0],
      [1000, 1000],
      [500, 2000],
    ]);
  });

  it('keeps the rows it has and reports the error when a read fails', async () => {
    const { read } = source(10);
    const pager = new Pager(read, 5);
    await pager.reload();
    read.mockRejectedValueOnce({ code: 'not_signed_in', message: 'Sign in first', fields: [] });
    await pager.reload();
    expect(pager.error).toBe('Sign in first');
    expect(pager.items).toHaveLength(5);
    await pager.reload();
    expect(pager.error).toBeNull();
  });

  it('drops the answer of an older read', async () => {
    let resolveFirst: (page: { items: number[]; total: number }) => void = () => {};
    const read = vi
      .fn()
      .mockImplementationOnce(() => new Promise((resolve) => (resolveFirst = resolve)))
      .mockImplementationOnce(async () => ({ items: [7], total: 1 }));
    const pager = new Pager<number>(read, 10);
    const first = pager.reload();
    await pager.reload();
    resolveFirst({ items: [1, 2, 3], total: 3 });
    await first;
    expect(pager.items).toEqual([7]);
  });

  it('starts over after reset', async () => {
    const { read } = source(30);
    const pager = new Pager(read, 10);
    await pager.reload();
    await pager.more();
    await pager.reset();
    expect(pager.items).toHaveLength(10);
  });
});

describe('readAll', () => {
  it('reads every page up to the cap', async () => {
    const { read } = source(2300);
    const all = await readAll(read);
    expect(all.items).toHaveLength(2300);
    expect(all.total).toBe(2300);
    const capped = await readAll(read, 1500);
    expect(capped.items).toHaveLength(1500);
  });
});
