import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import * as ipc from '../ipc';
import type { AppState, Person, TicketThread } from '../ipc';
import { app } from '../app.svelte';
import Ticket from './Ticket.svelte';

vi.mock('../ipc', async (original) => ({
  ...(await original<typeof import('../ipc')>()),
  ticketThread: vi.fn(),
  outbox: vi.fn(),
  supportStaff: vi.fn(),
  replyDraft: vi.fn(),
  openAttachment: vi.fn(),
  attachmentThumbnail: vi.fn(),
}));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));

const lena: Person = { id: 'u-lena', fullName: 'Lena Fischer', email: 'lena@example.com', company: null, role: 'user' };
const message = (id: string, content: string) => ({ _id: id, ticketId: 't1', userId: lena.id, isFromCustomer: true, messageType: 'reply', content, createdAt: '2026-03-02T09:30:00Z', version: 1 });

let target: HTMLElement;
let view: ReturnType<typeof mount> | null = null;

/** The cache answers with `thread`; Lena's workspace is open. */
function serve(thread: TicketThread): void {
  vi.mocked(ipc.ticketThread).mockResolvedValue(thread);
  vi.mocked(ipc.outbox).mockResolvedValue([]);
  vi.mocked(ipc.supportStaff).mockResolvedValue([]);
  vi.mocked(ipc.replyDraft).mockResolvedValue(null);
  app.state = { me: lena, current: { id: 'w1', role: 'user' } } as unknown as AppState;
  target = document.createElement('div');
  document.body.append(target);
}

afterEach(() => {
  if (view) unmount(view);
  view = null;
  target.remove();
  app.state = null;
  vi.clearAllMocks();
});

describe('Ticket opened from a search hit', () => {
  const scrolled = vi.fn();

  beforeEach(() => {
    Element.prototype.scrollIntoView = scrolled;
    serve({
      ticket: { _id: 't1', version: 1, subject: 'Certificate expired', ticketNumber: 'TKT-2026-000007', status: 'open', priority: 'normal', userId: lena.id },
      customer: lena,
      assignee: null,
      messages: [message('m1', 'Hello'), message('m2', 'The certificate ran out'), message('m3', 'Any news?')],
      sla: { state: 'stopped', dueAt: '2026-03-02T17:30:00Z', minutes: 480 },
      package: null,
      nextStatuses: ['in_progress', 'waiting_customer', 'resolved', 'closed'],
    });
  });

  async function open(messageId: string | null) {
    view = mount(Ticket, { target, props: { id: 't1', messageId } });
    await vi.waitFor(() => expect(target.querySelectorAll('[data-testid=message]')).toHaveLength(3));
    flushSync();
    await new Promise((resolve) => setTimeout(resolve, 0));
    flushSync();
  }
  const found = () => [...target.querySelectorAll<HTMLElement>('[data-testid=message][data-found=true]')];

  it('brings the matching message into view, focused and marked', async () => {
    await open('m2');
    expect(found().map((m) => m.dataset.index)).toEqual(['1']);
    expect(document.activeElement).toBe(found()[0]);
    expect(scrolled).toHaveBeenCalledWith({ block: 'center' });
  });

  it('opens as usual without one, or when the message is not in the thread', async () => {
    await open(null);
    expect(found()).toHaveLength(0);
    expect(scrolled).not.toHaveBeenCalled();
    unmount(view!);
    view = null;
    await open('gone');
    expect(found()).toHaveLength(0);
    expect(scrolled).not.toHaveBeenCalled();
  });
});

describe('Ticket attachments', () => {
  beforeEach(() => {
    Element.prototype.scrollIntoView = vi.fn();
    const files = [
      { filename: 'screenshot.png', fileSize: 48_000, mimeType: 'image/png', url: '/api/v1/attachments/att-shot' },
      { filename: 'error.log', fileSize: 1_200, mimeType: 'text/plain', url: '/api/v1/attachments/att-log' },
    ];
    vi.mocked(ipc.openAttachment).mockResolvedValue();
    vi.mocked(ipc.attachmentThumbnail).mockResolvedValue('data:image/png;base64,iVBORw0KGgo=');
    serve({
      ticket: { _id: 't1', version: 1, subject: 'Deploy fails', ticketNumber: 'TKT-2026-000008', status: 'open', priority: 'normal', userId: lena.id },
      customer: lena,
      assignee: null,
      messages: [
        { ...message('m1', 'It fails'), attachments: [files[0]] },
        // Written here and not sent yet.
        { ...message('m2', 'The log'), version: 0, attachments: [files[1]] },
      ],
      sla: { state: 'stopped', dueAt: '2026-03-02T17:30:00Z', minutes: 480 },
      package: null,
      nextStatuses: [],
    });
  });

  it('lists each message’s files: opened when pressed, a preview for images, the upload of a queued one', async () => {
    view = mount(Ticket, { target, props: { id: 't1' } });
    await vi.waitFor(() => expect(target.querySelectorAll('[data-testid=attachment]')).toHaveLength(2));
    await vi.waitFor(() => expect(target.querySelectorAll('[data-testid=attachment-thumbnail]')).toHaveLength(1));
    const [shot, log] = [...target.querySelectorAll<HTMLElement>('[data-testid=attachment]')];
    expect(ipc.attachmentThumbnail).toHaveBeenCalledTimes(1);
    expect(shot?.querySelector('[data-testid=attachment-upload]')).toBeNull();
    expect(log?.querySelector('[data-testid=attachment-upload]')?.textContent).toBe('Waiting to upload');

    log!.querySelector<HTMLButtonElement>('[data-testid=attachment-open]')!.click();
    expect(ipc.openAttachment).toHaveBeenCalledWith('/api/v1/attachments/att-log', 'error.log');
  });
});
