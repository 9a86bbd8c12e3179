import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ipc from '../ipc';
import { forgetPreviews, NO_PREVIEW_RETRY_MS, preview, previewMayHaveChanged, transfers } from './transfers.svelte';

vi.mock('../ipc', async (original) => ({
  ...(await original<typeof import('../ipc')>()),
  attachmentThumbnail: vi.fn(),
}));

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('preview', () => {
  afterEach(() => {
    forgetPreviews();
    vi.clearAllMocks();
    vi.useRealTimers();
  });

  it('asks the shell once per file, and never for what is no raster image', async () => {
    vi.mocked(ipc.attachmentThumbnail).mockResolvedValue(PNG);
    const [a, b] = await Promise.all([preview('/api/v1/attachments/a', 'a.png', 'image/png'), preview('/api/v1/attachments/a', 'a.png', 'image/png')]);
    expect([a, b]).toEqual([PNG, PNG]);
    expect(await preview('/api/v1/attachments/a', 'a.png', 'image/png')).toBe(PNG);
    expect(await preview('/api/v1/attachments/s', 'logo.svg', 'image/svg+xml')).toBeNull();
    expect(await preview('/api/v1/attachments/h', 'page.html', 'text/html')).toBeNull();
    expect(ipc.attachmentThumbnail).toHaveBeenCalledTimes(1);
  });

  it('asks again for one the shell had none of, after a while or a download', async () => {
    vi.useFakeTimers();
    vi.mocked(ipc.attachmentThumbnail).mockResolvedValueOnce(null).mockRejectedValueOnce({ code: 'offline', message: 'x', fields: [] }).mockResolvedValue(PNG);
    const url = '/api/v1/attachments/later';
    expect(await preview(url, 'a.png', 'image/png')).toBeNull();
    expect(await preview(url, 'a.png', 'image/png')).toBeNull();
    expect(ipc.attachmentThumbnail).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(NO_PREVIEW_RETRY_MS);
    // A refusal counts as none.
    expect(await preview(url, 'a.png', 'image/png')).toBeNull();
    expect(ipc.attachmentThumbnail).toHaveBeenCalledTimes(2);
    previewMayHaveChanged(url);
    expect(await preview(url, 'a.png', 'image/png')).toBe(PNG);
    previewMayHaveChanged(url);
    expect(await preview(url, 'a.png', 'image/png')).toBe(PNG);
    expect(ipc.attachmentThumbnail).toHaveBeenCalledTimes(3);
  });
});

describe('transfers', () => {
  it('keeps the latest progress per file and direction', () => {
    transfers.take({ id: 'f1', direction: 'upload', done: 10, total: 100 });
    transfers.take({ id: 'f1', direction: 'upload', done: 50, total: 100 });
    transfers.take({ id: 'f1', direction: 'download', done: 1, total: 2 });
    expect(transfers.of('upload', 'f1')?.done).toBe(50);
    expect(transfers.of('download', 'f1')?.done).toBe(1);
    expect(transfers.of('upload', null)).toBeNull();
    transfers.forget('download', 'f1');
    expect(transfers.of('download', 'f1')).toBeNull();
    expect(transfers.of('upload', 'f1')?.done).toBe(50);
  });
});
