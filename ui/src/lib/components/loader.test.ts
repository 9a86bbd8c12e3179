import { describe, expect, it, vi } from 'vitest';
import { Loader } from './loader.svelte';

describe('Loader', () => {
  it('holds the value once read', async () => {
    const loader = new Loader(async () => ({ name: 'x' }));
    expect(loader.loading).toBe(true);
    await loader.reload();
    expect(loader.loading).toBe(false);
    expect(loader.value).toEqual({ name: 'x' });
  });

  it('keeps the last value and reports the error with its code', async () => {
    const read = vi.fn().mockResolvedValueOnce(1).mockRejectedValueOnce({ code: 'not_found', message: 'ticket t1', fields: [] });
    const loader = new Loader<number>(read);
    await loader.reload();
    await loader.reload();
    expect(loader.value).toBe(1);
    expect(loader.error).toBe('ticket t1');
    expect(loader.code).toBe('not_found');
  });

  it('drops an older answer', async () => {
    let first: (v: number) => void = () => {};
    const read = vi
      .fn()
      .mockImplementationOnce(() => new Promise<number>((resolve) => (first = resolve)))
      .mockResolvedValueOnce(2);
    const loader = new Loader<number>(read);
    const pending = loader.reload();
    await loader.reload();
    first(1);
    await pending;
    expect(loader.value).toBe(2);
  });
});
