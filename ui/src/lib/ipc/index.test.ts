import { afterEach, describe, expect, it, vi } from 'vitest';
import { invoke } from '@tauri-apps/api/core';
import { IpcError, postMessage, stageAttachmentBytes, stageAttachmentPath } from './index';

vi.mock('@tauri-apps/api/core', async (original) => ({
  ...(await original<typeof import('@tauri-apps/api/core')>()),
  invoke: vi.fn(),
}));

describe('IpcError.banner', () => {
  it('leaves field errors to their inputs and shows anything else above the form', () => {
    const fields = [{ field: 'title', code: 'required', message: 'title is empty' }];
    expect(new IpcError({ code: 'validation_failed', message: 'invalid', fields }).banner).toBeNull();
    expect(new IpcError({ code: 'validation_failed', message: 'invalid', fields: [] }).banner).toBe('invalid');
    expect(new IpcError({ code: 'offline', message: 'the provider does not answer', fields: [] }).banner).toBe('the provider does not answer');
  });
});

describe('attachments over IPC', () => {
  afterEach(() => vi.clearAllMocks());

  it('sends a page’s file as the raw body, its name in a header', async () => {
    const staged = { id: 's1', filename: 'Screenshot 2026-03-02 at 09.30.png', fileSize: 3, mimeType: 'image/png', thumbnail: null };
    vi.mocked(invoke).mockResolvedValue(staged);
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await stageAttachmentBytes('Screenshot 2026-03-02 at 09.30.png', bytes)).toEqual(staged);
    expect(invoke).toHaveBeenCalledWith('stage_attachment_bytes', bytes, {
      headers: { 'X-Filename': 'Screenshot%202026-03-02%20at%2009.30.png' },
    });
  });

  it('turns a refusal into an IpcError naming the field', async () => {
    vi.mocked(invoke).mockRejectedValue({
      code: 'validation_failed',
      message: 'invalid',
      field: 'attachments',
      fields: [{ field: 'attachments', code: 'too_large', message: 'big.iso is over 25 MB' }],
    });
    const error = await stageAttachmentBytes('big.iso', new Uint8Array()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect((error as IpcError).fieldMessage('attachments')).toBe('big.iso is over 25 MB');
    await expect(stageAttachmentPath('/nowhere')).rejects.toBeInstanceOf(IpcError);
  });

  it('posts a message with its staged files', async () => {
    vi.mocked(invoke).mockResolvedValue({});
    await postMessage('t1', 'reply', 'Logs attached', null, ['s1', 's2']);
    expect(invoke).toHaveBeenCalledWith(
      'post_message',
      { ticketId: 't1', messageType: 'reply', content: 'Logs attached', minutesSpent: null, attachments: ['s1', 's2'] },
      undefined,
    );
  });
});
