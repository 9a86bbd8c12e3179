import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import * as ipc from '../ipc';
import type { OutboxEntry } from '../ipc';
import { toasts } from '../shell/toasts.svelte';
import Composer from './Composer.svelte';
import { DRAFT_DELAY_MS } from './draft';

vi.mock('../ipc', async (original) => ({
  ...(await original<typeof import('../ipc')>()),
  replyDraft: vi.fn(),
  saveReplyDraft: vi.fn(),
  postMessage: vi.fn(),
}));

describe('Composer', () => {
  let target: HTMLElement;
  let composer: ReturnType<typeof mount> | null = null;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.mocked(ipc.replyDraft).mockResolvedValue(null);
    vi.mocked(ipc.saveReplyDraft).mockResolvedValue(null);
    vi.mocked(ipc.postMessage).mockResolvedValue({} as OutboxEntry);
    target = document.createElement('div');
    document.body.append(target);
  });
  afterEach(() => {
    if (composer) unmount(composer);
    composer = null;
    target.remove();
    toasts.items = [];
    vi.clearAllMocks();
    vi.useRealTimers();
  });

  async function open(props: { status?: string; staff?: boolean } = {}) {
    const onsent = vi.fn();
    composer = mount(Composer, { target, props: { ticketId: 't1', status: props.status ?? 'open', staff: props.staff ?? false, onsent } });
    flushSync();
    await vi.advanceTimersByTimeAsync(0);
    flushSync();
    return onsent;
  }
  const el = <T extends HTMLElement>(testid: string) => target.querySelector<T>(`[data-testid=${testid}]`);
  const text = () => el<HTMLTextAreaElement>('composer')!;

  async function type(value: string) {
    text().value = value;
    text().dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    await vi.advanceTimersByTimeAsync(0);
  }

  it('opens on the ticket’s draft, type and minutes included', async () => {
    vi.mocked(ipc.replyDraft).mockResolvedValue({ ticketId: 't1', messageType: 'note', content: 'Check the MX', minutesSpent: 15, updatedAt: '' });
    await open({ staff: true });
    expect(ipc.replyDraft).toHaveBeenCalledWith('t1');
    expect(text().value).toBe('Check the MX');
    expect(el('composer-box')?.dataset.mode).toBe('note');
    expect(el<HTMLInputElement>('composer-minutes')?.value).toBe('15');
    expect(el('composer-draft-state')?.textContent).toBe('Draft saved');
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS * 2);
    expect(ipc.saveReplyDraft).not.toHaveBeenCalled();
  });

  it('saves the draft once typing stops, and at once when it goes away', async () => {
    await open();
    await type('Hel');
    expect(el('composer-draft-state')?.textContent).toBe('Saving…');
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
    expect(ipc.saveReplyDraft).toHaveBeenLastCalledWith('t1', 'reply', 'Hel', null);
    flushSync();
    expect(el('composer-draft-state')?.textContent).toBe('Draft saved');
    await type('Hello there');
    unmount(composer!);
    composer = null;
    // Saved at once: no debounce to wait for, only the save before it.
    await Promise.resolve();
    expect(ipc.saveReplyDraft).toHaveBeenLastCalledWith('t1', 'reply', 'Hello there', null);
  });

  it('clears after a send and never saves the sent text again', async () => {
    const onsent = await open();
    await type('Please check');
    el<HTMLButtonElement>('send-message')!.click();
    await vi.advanceTimersByTimeAsync(0);
    flushSync();
    expect(ipc.postMessage).toHaveBeenCalledWith('t1', 'reply', 'Please check', null);
    expect(onsent).toHaveBeenCalled();
    expect(text().value).toBe('');
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS * 3);
    unmount(composer!);
    composer = null;
    expect(ipc.saveReplyDraft).not.toHaveBeenCalled();
  });

  it('lets a customer write on a closed ticket, saying a follow-up opens', async () => {
    await open({ status: 'closed' });
    expect(el('composer-follow-up')?.textContent).toBe('This ticket is closed. Sending opens a follow-up ticket that points back here.');
    expect(text().disabled).toBe(false);
    await type('It broke again');
    el<HTMLButtonElement>('send-message')!.click();
    await vi.advanceTimersByTimeAsync(0);
    expect(ipc.postMessage).toHaveBeenCalledWith('t1', 'reply', 'It broke again', null);
    expect(toasts.items.at(-1)?.message).toMatch(/appears in your tickets once sent/);
  });

  it('is closed to staff on a closed ticket, notes too', async () => {
    await open({ status: 'closed', staff: true });
    expect(el('composer-closed')?.textContent).toMatch(/closed/);
    expect(el('composer-follow-up')).toBeNull();
    expect(text().disabled).toBe(true);
    expect(el<HTMLButtonElement>('mode-note')?.disabled).toBe(true);
    expect(el<HTMLButtonElement>('mode-reply')?.disabled).toBe(true);
    expect(el<HTMLButtonElement>('send-message')?.disabled).toBe(true);
  });
});
