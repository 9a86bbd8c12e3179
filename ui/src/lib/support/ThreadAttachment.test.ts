import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { save } from '@tauri-apps/plugin-dialog';
import * as ipc from '../ipc';
import type { AttachmentProgress } from '../ipc';
import { toasts } from '../shell/toasts.svelte';
import ThreadAttachment from './ThreadAttachment.svelte';
import { attachments } from './thread';
import { forgetPreviews } from './transfers.svelte';

vi.mock('../ipc', async (original) => ({
  ...(await original<typeof import('../ipc')>()),
  openAttachment: vi.fn(),
  saveAttachment: vi.fn(),
  attachmentThumbnail: vi.fn(),
  onAttachmentProgress: vi.fn(),
}));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));

/** The shell's progress events, as the app's one listener hears them. */
const progress = vi.hoisted(() => ({ send: (_: AttachmentProgress) => {} }));

describe('ThreadAttachment', () => {
  let target: HTMLElement;
  let views: ReturnType<typeof mount>[] = [];

  beforeEach(() => {
    vi.mocked(ipc.onAttachmentProgress).mockImplementation(async (handler) => {
      progress.send = handler;
      return () => {};
    });
    vi.mocked(ipc.attachmentThumbnail).mockResolvedValue('data:image/png;base64,iVBORw0KGgo=');
    vi.mocked(ipc.openAttachment).mockResolvedValue();
    vi.mocked(ipc.saveAttachment).mockResolvedValue();
    target = document.createElement('ul');
    document.body.append(target);
  });
  afterEach(() => {
    for (const view of views) unmount(view);
    views = [];
    target.remove();
    toasts.items = [];
    forgetPreviews();
    vi.clearAllMocks();
  });

  const file = (filename: string, mimeType: string, url: string, fileSize = 2048) => attachments({ attachments: [{ filename, mimeType, url, fileSize }] })[0]!;

  async function show(row: ReturnType<typeof file>, pending = false) {
    views.push(mount(ThreadAttachment, { target, props: { file: row, pending } }));
    await settle();
  }
  async function settle() {
    flushSync();
    await new Promise((resolve) => setTimeout(resolve, 0));
    flushSync();
  }
  const rows = () => [...target.querySelectorAll<HTMLElement>('[data-testid=attachment]')];
  const inRow = <T extends HTMLElement>(row: HTMLElement | undefined, testid: string) => row?.querySelector<T>(`[data-testid=${testid}]`) ?? null;

  it('opens the file when pressed, showing the download’s progress until it is open', async () => {
    let opened: () => void = () => {};
    vi.mocked(ipc.openAttachment).mockReturnValue(new Promise((resolve) => (opened = resolve)));
    await show(file('build.log', 'text/plain', '/api/v1/attachments/a-open'));
    const [row] = rows();
    expect(row?.dataset.id).toBe('a-open');
    inRow<HTMLButtonElement>(row, 'attachment-open')!.click();
    await settle();
    expect(ipc.openAttachment).toHaveBeenCalledWith('/api/v1/attachments/a-open', 'build.log');
    expect(inRow(row, 'attachment-progress')?.textContent?.trim()).toBe('Opening…');
    progress.send({ id: 'a-open', direction: 'download', done: 34, total: 100 });
    // Another file's progress, and this file's upload, are not this download.
    progress.send({ id: 'a-other', direction: 'download', done: 99, total: 100 });
    progress.send({ id: 'a-open', direction: 'upload', done: 1, total: 100 });
    flushSync();
    expect(inRow(row, 'attachment-progress')?.textContent?.trim()).toBe('Downloading 34 %');
    // Pressed again meanwhile: one download.
    inRow<HTMLButtonElement>(row, 'attachment-open')!.click();
    expect(ipc.openAttachment).toHaveBeenCalledTimes(1);
    opened();
    await settle();
    expect(inRow(row, 'attachment-progress')).toBeNull();
  });

  it('says in a toast when the file cannot be opened', async () => {
    vi.mocked(ipc.openAttachment).mockRejectedValue({ code: 'offline', message: 'the provider does not answer', fields: [] });
    await show(file('old.pdf', 'application/pdf', 'https://storage.hostjamstack.com/attachments/old.pdf'));
    inRow<HTMLButtonElement>(rows()[0], 'attachment-open')!.click();
    await settle();
    expect(ipc.openAttachment).toHaveBeenCalledWith('https://storage.hostjamstack.com/attachments/old.pdf', 'old.pdf');
    expect(toasts.items.at(-1)).toMatchObject({ title: 'Could not open old.pdf', message: 'the provider does not answer', tone: 'bad' });
    expect(inRow(rows()[0], 'attachment-progress')).toBeNull();
  });

  it('saves a copy where the person chooses', async () => {
    vi.mocked(save).mockResolvedValue('/home/marco/Downloads/invoice.pdf');
    await show(file('invoice.pdf', 'application/pdf', '/api/v1/attachments/a-save'));
    inRow<HTMLButtonElement>(rows()[0], 'attachment-save')!.click();
    await settle();
    expect(save).toHaveBeenCalledWith({ defaultPath: 'invoice.pdf' });
    expect(ipc.saveAttachment).toHaveBeenCalledWith('/api/v1/attachments/a-save', 'invoice.pdf', '/home/marco/Downloads/invoice.pdf');
    expect(toasts.items.at(-1)).toMatchObject({ title: 'Saved invoice.pdf', tone: 'good' });
  });

  it('saves nothing when the dialog is cancelled', async () => {
    vi.mocked(save).mockResolvedValue(null);
    await show(file('invoice.pdf', 'application/pdf', '/api/v1/attachments/a-cancel'));
    inRow<HTMLButtonElement>(rows()[0], 'attachment-save')!.click();
    await settle();
    expect(ipc.saveAttachment).not.toHaveBeenCalled();
  });

  it('asks previews of raster images only, once per file, and never shows an SVG inline', async () => {
    await show(file('shot.png', 'image/png', '/api/v1/attachments/a-png'));
    await show(file('photo.JPG', 'image/jpeg', '/api/v1/attachments/a-jpg'));
    await show(file('logo.svg', 'image/svg+xml', '/api/v1/attachments/a-svg'));
    await show(file('page.html', 'text/html', '/api/v1/attachments/a-html'));
    await show(file('shot.png', 'image/png', '/api/v1/attachments/a-png'));
    expect(vi.mocked(ipc.attachmentThumbnail).mock.calls).toEqual([
      ['/api/v1/attachments/a-png', 'shot.png', 'image/png'],
      ['/api/v1/attachments/a-jpg', 'photo.JPG', 'image/jpeg'],
    ]);
    const shown = rows().map((row) => inRow<HTMLImageElement>(row, 'attachment-thumbnail')?.getAttribute('src') ?? null);
    expect(shown).toEqual(['data:image/png;base64,iVBORw0KGgo=', 'data:image/png;base64,iVBORw0KGgo=', null, null, 'data:image/png;base64,iVBORw0KGgo=']);
  });

  it('shows no preview the shell has none of, nor one that is not a raster image', async () => {
    vi.mocked(ipc.attachmentThumbnail).mockResolvedValueOnce(null).mockResolvedValueOnce('data:image/svg+xml;base64,PHN2Zz4=');
    await show(file('offline.png', 'image/png', '/api/v1/attachments/a-none'));
    await show(file('sneaky.png', 'image/png', '/api/v1/attachments/a-svg-inside'));
    expect(target.querySelector('[data-testid=attachment-thumbnail]')).toBeNull();
  });

  it('asks for the preview again once the file is downloaded', async () => {
    vi.mocked(ipc.attachmentThumbnail).mockResolvedValueOnce(null);
    await show(file('later.png', 'image/png', '/api/v1/attachments/a-later'));
    expect(inRow(rows()[0], 'attachment-thumbnail')).toBeNull();
    inRow<HTMLButtonElement>(rows()[0], 'attachment-open')!.click();
    await settle();
    await settle();
    expect(ipc.attachmentThumbnail).toHaveBeenCalledTimes(2);
    expect(inRow(rows()[0], 'attachment-thumbnail')).not.toBeNull();
  });

  it('says how far the upload of a queued message’s file has come', async () => {
    await show(file('trace.txt', 'text/plain', '/api/v1/attachments/a-up'), true);
    await show(file('done.txt', 'text/plain', '/api/v1/attachments/a-sent'));
    const [queued, sent] = rows();
    expect(inRow(queued, 'attachment-upload')?.textContent).toBe('Waiting to upload');
    expect(inRow(sent, 'attachment-upload')).toBeNull();
    progress.send({ id: 'a-up', direction: 'upload', done: 400, total: 1000 });
    flushSync();
    expect(inRow(queued, 'attachment-upload')?.textContent).toBe('Uploading 40 %');
    progress.send({ id: 'a-up', direction: 'upload', done: 1000, total: 1000 });
    flushSync();
    expect(inRow(queued, 'attachment-upload')?.textContent).toBe('Uploaded');
  });
});
