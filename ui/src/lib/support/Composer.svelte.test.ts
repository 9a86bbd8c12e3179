import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { open as chooseFiles } from '@tauri-apps/plugin-dialog';
import * as ipc from '../ipc';
import type { CannedReply, OutboxEntry, Person, StagedAttachment } from '../ipc';
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
  stageAttachmentPath: vi.fn(),
  stageAttachmentBytes: vi.fn(),
  discardStagedAttachment: vi.fn(),
}));

/** The shell's drag-and-drop listener the composer registered, and its unlisten. */
const dragDrop = vi.hoisted(() => ({
  handler: null as null | ((event: { payload: { type: string; paths?: string[] } }) => void),
  stop: () => {},
}));
vi.mock('@tauri-apps/api/webview', () => ({
  getCurrentWebview: () => ({
    onDragDropEvent: vi.fn(async (handler: typeof dragDrop.handler) => {
      dragDrop.handler = handler;
      return dragDrop.stop;
    }),
  }),
}));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));

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
    vi.mocked(ipc.discardStagedAttachment).mockResolvedValue();
    dragDrop.handler = null;
    dragDrop.stop = vi.fn();
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
    expect(ipc.postMessage).toHaveBeenCalledWith('t1', 'reply', 'Please check', null, []);
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
    expect(ipc.postMessage).toHaveBeenCalledWith('t1', 'reply', 'It broke again', null, []);
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
      expect(ipc.postMessage).toHaveBeenCalledWith('t1', 'reply', 'Restarting the server now', null, []);
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
      expect(ipc.postMessage).toHaveBeenCalledWith('t1', 'reply', 'Thanks, waiting.', null, []);
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

  describe('attachments', () => {
    const stagedFile = (id: string, filename: string, fileSize: number, thumbnail: string | null = null): StagedAttachment => ({
      id,
      filename,
      fileSize,
      mimeType: 'application/octet-stream',
      thumbnail,
    });
    /** A page File (jsdom's have no arrayBuffer()), of a size one may claim. */
    const pageFile = (name: string, content: number[], size = content.length) => {
      const file = new File([new Uint8Array(content)], name, { type: 'image/png' });
      Object.defineProperty(file, 'size', { value: size });
      const read = vi.fn(async () => new Uint8Array(content).buffer);
      Object.defineProperty(file, 'arrayBuffer', { value: read });
      return { file, read };
    };
    /** A DOM event carrying files, as a drop or a paste brings them. */
    function carrying(type: 'drop' | 'dragover' | 'paste', files: File[], types = ['Files']) {
      const event = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(event, type === 'paste' ? 'clipboardData' : 'dataTransfer', { value: { files, types, dropEffect: 'none' } });
      return event;
    }
    async function settle() {
      flushSync();
      await vi.advanceTimersByTimeAsync(0);
      flushSync();
    }
    const chips = () => [...target.querySelectorAll<HTMLElement>('[data-testid=staged-attachment]')];
    const errorsShown = () => [...target.querySelectorAll('[data-testid=attachment-error]')].map((e) => e.textContent);

    it('stages a file dropped on the composer and shows it as a chip', async () => {
      vi.mocked(ipc.stageAttachmentBytes).mockResolvedValue(stagedFile('s1', 'shot.png', 3, 'data:image/png;base64,iVBORw0KGgo='));
      await open();
      const { file } = pageFile('shot.png', [1, 2, 3]);
      const over = carrying('dragover', []);
      text().dispatchEvent(over);
      flushSync();
      expect(over.defaultPrevented).toBe(true);
      expect(el('composer-drop-hint')).not.toBeNull();
      const drop = carrying('drop', [file]);
      text().dispatchEvent(drop);
      expect(drop.defaultPrevented).toBe(true);
      flushSync();
      expect(el('composer-drop-hint')).toBeNull();
      await settle();
      expect(ipc.stageAttachmentBytes).toHaveBeenCalledWith('shot.png', new Uint8Array([1, 2, 3]));
      expect(chips()).toHaveLength(1);
      expect(chips()[0]?.textContent).toContain('shot.png');
      expect(chips()[0]?.textContent).toContain('3 B');
      expect(chips()[0]?.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    });

    it('shows a chip with a spinner while the file is copied, and sends only once it is staged', async () => {
      let finish: (file: StagedAttachment) => void = () => {};
      vi.mocked(ipc.stageAttachmentBytes).mockReturnValue(new Promise((resolve) => (finish = resolve)));
      await open();
      await type('See the screenshot');
      text().dispatchEvent(carrying('drop', [pageFile('shot.png', [1]).file]));
      await settle();
      expect(el('staging-attachment')?.textContent).toContain('shot.png');
      expect(el<HTMLButtonElement>('send-message')?.disabled).toBe(true);
      finish(stagedFile('s1', 'shot.png', 1));
      await settle();
      expect(el('staging-attachment')).toBeNull();
      expect(chips()).toHaveLength(1);
      expect(el<HTMLButtonElement>('send-message')?.disabled).toBe(false);
    });

    it('stages a pasted screenshot under a name of its own', async () => {
      vi.mocked(ipc.stageAttachmentBytes).mockResolvedValue(stagedFile('s1', 'pasted-image.png', 2));
      await open();
      const paste = carrying('paste', [pageFile('', [7, 8]).file]);
      text().dispatchEvent(paste);
      expect(paste.defaultPrevented).toBe(true);
      await settle();
      expect(ipc.stageAttachmentBytes).toHaveBeenCalledWith('pasted-image.png', new Uint8Array([7, 8]));
      expect(chips()).toHaveLength(1);
    });

    it('leaves pasted text as text', async () => {
      await open();
      const paste = carrying('paste', [pageFile('table.png', [1]).file], ['text/plain', 'Files']);
      text().dispatchEvent(paste);
      expect(paste.defaultPrevented).toBe(false);
      await settle();
      expect(ipc.stageAttachmentBytes).not.toHaveBeenCalled();
    });

    it('removes a chip, discarding the staged file', async () => {
      vi.mocked(ipc.stageAttachmentBytes)
        .mockResolvedValueOnce(stagedFile('s1', 'a.log', 10))
        .mockResolvedValueOnce(stagedFile('s2', 'b.log', 20));
      await open();
      text().dispatchEvent(carrying('drop', [pageFile('a.log', [1]).file, pageFile('b.log', [2]).file]));
      await settle();
      expect(chips().map((c) => c.dataset.id)).toEqual(['s1', 's2']);
      target.querySelector<HTMLButtonElement>('[aria-label="Remove a.log"]')!.click();
      await settle();
      expect(ipc.discardStagedAttachment).toHaveBeenCalledWith('s1');
      expect(chips().map((c) => c.dataset.id)).toEqual(['s2']);
      expect(document.activeElement).toBe(el('attach-files'));
    });

    it('sends the staged files with the message and hands them over', async () => {
      vi.mocked(ipc.stageAttachmentBytes)
        .mockResolvedValueOnce(stagedFile('s1', 'a.log', 10))
        .mockResolvedValueOnce(stagedFile('s2', 'b.log', 20));
      const onsent = await open();
      text().dispatchEvent(carrying('drop', [pageFile('a.log', [1]).file, pageFile('b.log', [2]).file]));
      await settle();
      expect(el('composer-files-need-text')).not.toBeNull();
      expect(el<HTMLButtonElement>('send-message')?.disabled).toBe(true);
      await type('Logs attached');
      el<HTMLButtonElement>('send-message')!.click();
      await settle();
      expect(ipc.postMessage).toHaveBeenCalledWith('t1', 'reply', 'Logs attached', null, ['s1', 's2']);
      expect(onsent).toHaveBeenCalled();
      expect(chips()).toHaveLength(0);
      unmount(composer!);
      composer = null;
      expect(ipc.discardStagedAttachment).not.toHaveBeenCalled();
    });

    it('keeps the files when the message is refused, showing a refusal about them beside them', async () => {
      vi.mocked(ipc.stageAttachmentBytes).mockResolvedValue(stagedFile('s1', 'a.log', 10));
      vi.mocked(ipc.postMessage).mockRejectedValue({
        code: 'validation_failed',
        message: 'invalid',
        fields: [{ field: 'attachments', code: 'too_many', message: 'At most 10 files on one message.' }],
      });
      await open();
      text().dispatchEvent(carrying('drop', [pageFile('a.log', [1]).file]));
      await type('Logs');
      el<HTMLButtonElement>('send-message')!.click();
      await settle();
      expect(chips()).toHaveLength(1);
      expect(errorsShown()).toEqual(['At most 10 files on one message.']);
    });

    it('refuses a file over 25 MB without asking the shell, naming it', async () => {
      await open();
      const big = pageFile('backup.tar', [1], ipc.MAX_ATTACHMENT_BYTES + 1);
      text().dispatchEvent(carrying('drop', [big.file]));
      await settle();
      expect(big.read).not.toHaveBeenCalled();
      expect(ipc.stageAttachmentBytes).not.toHaveBeenCalled();
      expect(chips()).toHaveLength(0);
      expect(errorsShown()).toEqual(['backup.tar was not attached: it is over 25 MB, the most one file may be.']);
    });

    it('refuses the files past the tenth', async () => {
      let n = 0;
      vi.mocked(ipc.stageAttachmentBytes).mockImplementation(async (filename) => stagedFile(`s${++n}`, filename, 1));
      await open();
      const files = Array.from({ length: ipc.MAX_ATTACHMENTS + 1 }, (_, i) => pageFile(`f${i + 1}.txt`, [i]).file);
      text().dispatchEvent(carrying('drop', files));
      await settle();
      expect(ipc.stageAttachmentBytes).toHaveBeenCalledTimes(ipc.MAX_ATTACHMENTS);
      expect(chips()).toHaveLength(ipc.MAX_ATTACHMENTS);
      expect(errorsShown()).toEqual(['f11.txt was not attached: a message takes at most 10 files.']);
    });

    it('shows the shell’s refusal of a file beside the attachments', async () => {
      vi.mocked(ipc.stageAttachmentBytes).mockRejectedValue({
        code: 'validation_failed',
        message: 'invalid',
        field: 'attachments',
        fields: [{ field: 'attachments', code: 'unreadable', message: 'the file cannot be read' }],
      });
      await open();
      text().dispatchEvent(carrying('drop', [pageFile('locked.db', [1]).file]));
      await settle();
      expect(errorsShown()).toEqual(['Could not attach locked.db: the file cannot be read']);
      expect(chips()).toHaveLength(0);
    });

    it('stages the files chosen with “Attach files”', async () => {
      vi.mocked(chooseFiles).mockResolvedValue(['/home/marco/report.pdf', 'C:\\Users\\marco\\error.txt'] as never);
      vi.mocked(ipc.stageAttachmentPath)
        .mockResolvedValueOnce(stagedFile('s1', 'report.pdf', 2048))
        .mockResolvedValueOnce(stagedFile('s2', 'error.txt', 12));
      await open();
      el<HTMLButtonElement>('attach-files')!.click();
      await settle();
      expect(chooseFiles).toHaveBeenCalledWith(expect.objectContaining({ multiple: true }));
      expect(vi.mocked(ipc.stageAttachmentPath).mock.calls).toEqual([['/home/marco/report.pdf'], ['C:\\Users\\marco\\error.txt']]);
      expect(chips().map((c) => c.querySelector('.name')?.textContent)).toEqual(['report.pdf', 'error.txt']);
      expect(chips()[0]?.textContent).toContain('2.0 KB');
    });

    it('takes files dropped on the window from the shell, and stops listening when it goes', async () => {
      vi.mocked(ipc.stageAttachmentPath).mockResolvedValue(stagedFile('s1', 'report.pdf', 2048));
      await open();
      expect(dragDrop.handler).not.toBeNull();
      dragDrop.handler!({ payload: { type: 'enter', paths: ['/tmp/report.pdf'] } });
      flushSync();
      expect(el('composer-box')?.classList.contains('dropping')).toBe(true);
      dragDrop.handler!({ payload: { type: 'leave' } });
      flushSync();
      expect(el('composer-drop-hint')).toBeNull();
      dragDrop.handler!({ payload: { type: 'enter', paths: ['/tmp/report.pdf'] } });
      dragDrop.handler!({ payload: { type: 'over' } });
      dragDrop.handler!({ payload: { type: 'drop', paths: ['/tmp/report.pdf'] } });
      await settle();
      expect(el('composer-drop-hint')).toBeNull();
      expect(ipc.stageAttachmentPath).toHaveBeenCalledWith('/tmp/report.pdf');
      expect(chips()).toHaveLength(1);

      // Left without sending: the staged file goes too.
      unmount(composer!);
      composer = null;
      expect(dragDrop.stop).toHaveBeenCalled();
      expect(ipc.discardStagedAttachment).toHaveBeenCalledWith('s1');
    });

    it('takes no files on a ticket closed to staff', async () => {
      await open({ status: 'closed', staff: true });
      expect(el<HTMLButtonElement>('attach-files')?.disabled).toBe(true);
      dragDrop.handler!({ payload: { type: 'drop', paths: ['/tmp/report.pdf'] } });
      text().dispatchEvent(carrying('drop', [pageFile('a.log', [1]).file]));
      await settle();
      expect(ipc.stageAttachmentPath).not.toHaveBeenCalled();
      expect(ipc.stageAttachmentBytes).not.toHaveBeenCalled();
    });
  });
});
