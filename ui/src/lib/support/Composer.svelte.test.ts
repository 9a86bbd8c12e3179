import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import * as ipc from '../ipc';
import type { CannedReply, OutboxEntry, Person } from '../ipc';
import { router } from '../router.svelte';
import { toasts } from '../shell/toasts.svelte';
import Composer from './Composer.svelte';
import { DRAFT_DELAY_MS } from './draft';

vi.mock('../ipc', async (original) => ({
  ...(await original<typeof import('../ipc')>()),
  replyDraft: vi.fn(),
  saveReplyDraft: vi.fn(),
  postMessage: vi.fn(),
  cannedReplies: vi.fn(),
  renderCannedReply: vi.fn(),
}));

describe('Composer', () => {
  let target: HTMLElement;
  let composer: ReturnType<typeof mount> | null = null;

  beforeEach(() => {
    vi.useFakeTimers();
    // jsdom lays nothing out; focusing the text scrolls it into view.
    Element.prototype.scrollIntoView = vi.fn();
    vi.mocked(ipc.replyDraft).mockResolvedValue(null);
    vi.mocked(ipc.saveReplyDraft).mockResolvedValue(null);
    vi.mocked(ipc.postMessage).mockResolvedValue({} as OutboxEntry);
    vi.mocked(ipc.cannedReplies).mockResolvedValue([]);
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

  const customer: Person = { id: 'u-cust', fullName: 'Marco Bianchi', email: 'marco@example.com', company: null, role: 'user' };
  const sarah: Person = { id: 'u-sarah', fullName: 'Sarah Johnson', email: 'sarah@example.com', company: null, role: 'support' };
  const fromCustomer = (id: string, content: string) => ({ _id: id, userId: customer.id, isFromCustomer: true, messageType: 'reply', content });
  const fromStaff = (id: string, name: string, content: string) => ({
    _id: id,
    userId: null,
    isFromCustomer: false,
    messageType: 'reply',
    staffInfo: { name, role: 'support', department: 'Support' },
    content,
  });

  /** The thread the composer is given; changing it is the thread read again. */
  let thread = $state<{ messages: Record<string, unknown>[] }>({ messages: [] });

  async function open(props: { status?: string; staff?: boolean; me?: Person | null; ontyping?: () => void } = {}) {
    const onsent = vi.fn();
    thread = { messages: [fromCustomer('m1', 'The site is down')] };
    composer = mount(Composer, {
      target,
      props: {
        ticketId: 't1',
        status: props.status ?? 'open',
        staff: props.staff ?? false,
        get messages() {
          return thread.messages;
        },
        customer,
        me: props.me === undefined ? customer : props.me,
        onsent,
        ontyping: props.ontyping,
      },
    });
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

  it('says when the person types', async () => {
    const ontyping = vi.fn();
    await open({ staff: true, me: sarah, ontyping });
    await type('O');
    await type('On it');
    expect(ontyping).toHaveBeenCalledTimes(2);
  });

  describe('when others post while the person writes', () => {
    const send = async () => {
      el<HTMLButtonElement>('send-message')!.click();
      await vi.advanceTimersByTimeAsync(0);
      flushSync();
    };

    it('shows what came in instead of sending, then sends anyway', async () => {
      const onsent = await open({ staff: true, me: sarah });
      await type('Restarting the server now');
      thread.messages = [...thread.messages, fromStaff('m2', 'Tomás Oliveira', 'Already restarted it.')];
      flushSync();
      expect(el('composer-collision')).toBeNull();
      await send();
      expect(ipc.postMessage).not.toHaveBeenCalled();
      expect(el('composer-collision')?.textContent).toContain('Tomás Oliveira replied while you were writing:');
      expect(el('composer-collision')?.textContent).toContain('Already restarted it.');
      expect(text().value).toBe('Restarting the server now');

      el<HTMLButtonElement>('composer-send-anyway')!.click();
      await vi.advanceTimersByTimeAsync(0);
      flushSync();
      expect(ipc.postMessage).toHaveBeenCalledWith('t1', 'reply', 'Restarting the server now', null);
      expect(onsent).toHaveBeenCalled();
      expect(el('composer-collision')).toBeNull();
    });

    it('lets the person edit, and asks again only about newer messages', async () => {
      await open({ me: customer });
      await type('Any news?');
      thread.messages = [...thread.messages, fromStaff('m2', 'Sarah Johnson', 'Looking into it.')];
      await send();
      expect(el('composer-collision')?.textContent).toContain('Sarah Johnson replied while you were writing:');

      el<HTMLButtonElement>('composer-keep-editing')!.click();
      await vi.advanceTimersByTimeAsync(0);
      flushSync();
      expect(el('composer-collision')).toBeNull();
      expect(document.activeElement).toBe(text());
      expect(ipc.postMessage).not.toHaveBeenCalled();

      // The person's own message and status changes are no news.
      thread.messages = [
        ...thread.messages,
        fromCustomer('m3', 'Sent from my phone'),
        { _id: 'm4', messageType: 'status_change', isFromCustomer: false, staffInfo: { name: 'Sarah Johnson' } },
      ];
      await type('Thanks, waiting.');
      await send();
      expect(el('composer-collision')).toBeNull();
      expect(ipc.postMessage).toHaveBeenCalledWith('t1', 'reply', 'Thanks, waiting.', null);
    });

    it('takes the thread as it is when writing starts, and starts over after a send', async () => {
      await open({ me: customer });
      thread.messages = [...thread.messages, fromStaff('m2', 'Sarah Johnson', 'Seen before writing')];
      flushSync();
      await type('First');
      await send();
      expect(ipc.postMessage).toHaveBeenCalledTimes(1);
      thread.messages = [...thread.messages, fromStaff('m3', 'Sarah Johnson', 'Came while the box was empty')];
      flushSync();
      await type('Second');
      await send();
      expect(el('composer-collision')).toBeNull();
      expect(ipc.postMessage).toHaveBeenCalledTimes(2);
    });
  });

  describe('canned replies', () => {
    const canned = (id: string, title: string, content: string): CannedReply => ({
      _id: id,
      title,
      content,
      createdBy: 'u-sarah',
      createdAt: '2026-01-01T09:00:00Z',
      updatedAt: '2026-01-01T09:00:00Z',
      version: 1,
    });
    const library = [
      canned('c1', 'Billing question', 'Your invoice is attached.'),
      canned('c2', 'DNS propagation', 'Hi {{customer.firstName}}, DNS changes take up to 48 hours.'),
      canned('c3', 'Server restarted', 'We restarted the server.'),
    ];
    const picker = () => el('canned-picker');
    const search = () => el<HTMLInputElement>('canned-search')!;
    const options = () => [...target.querySelectorAll<HTMLElement>('[data-testid=canned-option]')];
    const key = (on: HTMLElement, init: KeyboardEventInit) => {
      on.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
      flushSync();
    };
    async function settle() {
      flushSync();
      await vi.advanceTimersByTimeAsync(0);
      flushSync();
    }

    it('is staff’s only: a customer gets no button and no shortcut', async () => {
      await open();
      expect(el('canned-open')).toBeNull();
      key(text(), { key: '/', ctrlKey: true });
      expect(picker()).toBeNull();
      expect(ipc.cannedReplies).not.toHaveBeenCalled();
    });

    it('finds a reply by its title, marking what matched, and inserts it at the cursor as an edit', async () => {
      vi.mocked(ipc.cannedReplies).mockResolvedValue(library);
      vi.mocked(ipc.renderCannedReply).mockResolvedValue('Hi Marco, DNS changes take up to 48 hours.');
      const ontyping = vi.fn();
      await open({ staff: true, me: sarah, ontyping });
      await type('Thanks for waiting. XX Best, Sarah');
      // "XX" selected: the reply takes its place.
      text().setSelectionRange(20, 22);

      el<HTMLButtonElement>('canned-open')!.click();
      await settle();
      expect(picker()).not.toBeNull();
      expect(document.activeElement).toBe(search());
      expect(options().map((o) => o.querySelector('.title')?.textContent)).toEqual(['Billing question', 'DNS propagation', 'Server restarted']);
      expect(options()[0]?.querySelector('.preview')?.textContent).toBe('Your invoice is attached.');

      search().value = 'prop';
      search().dispatchEvent(new Event('input', { bubbles: true }));
      flushSync();
      expect(options()).toHaveLength(1);
      expect(options()[0]?.querySelector('mark')?.textContent).toBe('prop');
      expect(options()[0]?.getAttribute('aria-selected')).toBe('true');

      key(search(), { key: 'Enter' });
      await settle();
      expect(ipc.renderCannedReply).toHaveBeenCalledWith('c2', 't1');
      expect(picker()).toBeNull();
      const inserted = 'Thanks for waiting. Hi Marco, DNS changes take up to 48 hours. Best, Sarah';
      expect(text().value).toBe(inserted);
      expect(document.activeElement).toBe(text());
      const cursor = 'Thanks for waiting. Hi Marco, DNS changes take up to 48 hours.'.length;
      expect([text().selectionStart, text().selectionEnd]).toEqual([cursor, cursor]);
      expect(ontyping).toHaveBeenCalled();
      // Kept as the draft like anything typed.
      await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS);
      expect(ipc.saveReplyDraft).toHaveBeenLastCalledWith('t1', 'reply', inserted, null);
    });

    it('opens on Ctrl+/ in the text, moves with the arrows, and closes on Esc back to the text', async () => {
      vi.mocked(ipc.cannedReplies).mockResolvedValue(library);
      vi.mocked(ipc.renderCannedReply).mockResolvedValue('We restarted the server.');
      await open({ staff: true, me: sarah });
      text().focus();
      key(text(), { key: '/', ctrlKey: true });
      await settle();
      expect(picker()).not.toBeNull();
      key(search(), { key: 'Escape' });
      expect(picker()).toBeNull();
      expect(document.activeElement).toBe(text());

      key(text(), { key: '/', metaKey: true });
      await settle();
      key(search(), { key: 'ArrowDown' });
      key(search(), { key: 'ArrowDown' });
      key(search(), { key: 'ArrowDown' });
      expect(options().map((o) => o.getAttribute('aria-selected'))).toEqual(['false', 'false', 'true']);
      key(search(), { key: 'ArrowUp' });
      key(search(), { key: 'Enter' });
      await settle();
      expect(ipc.renderCannedReply).toHaveBeenCalledWith('c2', 't1');
      expect(text().value).toBe('We restarted the server.');
    });

    it('keeps the picker open with the reason when the reply cannot be filled in', async () => {
      vi.mocked(ipc.cannedReplies).mockResolvedValue(library);
      vi.mocked(ipc.renderCannedReply).mockRejectedValue({ code: 'not_found', message: 'canned reply c1 not found', fields: [] });
      await open({ staff: true, me: sarah });
      el<HTMLButtonElement>('canned-open')!.click();
      await settle();
      options()[0]!.click();
      await settle();
      expect(picker()?.textContent).toContain('Could not insert the reply: canned reply c1 not found');
      expect(text().value).toBe('');
    });

    it('says when the library is empty and offers to manage it', async () => {
      await open({ staff: true, me: sarah });
      el<HTMLButtonElement>('canned-open')!.click();
      await settle();
      expect(el('canned-picker-empty')?.textContent).toMatch(/No canned replies yet/);
      expect(options()).toHaveLength(0);
      el<HTMLButtonElement>('canned-picker-manage')!.click();
      expect(router.route.screen).toBe('canned');
    });
  });
});
