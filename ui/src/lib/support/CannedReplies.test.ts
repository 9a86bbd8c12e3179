import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import * as ipc from '../ipc';
import type { AppState, CannedReply, OutboxEntry, Person } from '../ipc';
import { app } from '../app.svelte';
import { toasts } from '../shell/toasts.svelte';
import CannedReplies from './CannedReplies.svelte';

vi.mock('../ipc', async (original) => ({
  ...(await original<typeof import('../ipc')>()),
  cannedReplies: vi.fn(),
  outbox: vi.fn(),
  supportStaff: vi.fn(),
  saveCannedReply: vi.fn(),
  deleteCannedReply: vi.fn(),
}));

const sarah: Person = { id: 'u-sarah', fullName: 'Sarah Johnson', email: 'sarah@example.com', company: null, role: 'support' };
const tomas: Person = { id: 'u-tomas', fullName: 'Tomás Oliveira', email: 'tomas@example.com', company: null, role: 'admin' };

const canned = (id: string, title: string, content: string, over: Partial<CannedReply> = {}): CannedReply => ({
  _id: id,
  title,
  content,
  createdBy: 'u-sarah',
  createdAt: '2026-01-01T09:00:00Z',
  updatedAt: '2026-01-02T09:00:00Z',
  version: 1,
  ...over,
});

describe('CannedReplies', () => {
  let target: HTMLElement;
  let screen: ReturnType<typeof mount> | null = null;

  beforeEach(() => {
    Element.prototype.scrollIntoView = vi.fn();
    vi.mocked(ipc.cannedReplies).mockResolvedValue([
      canned('c1', 'DNS propagation', 'Hi {{customer.firstName}},\nDNS changes take up to 48 hours.'),
      canned('c2', 'Server restarted', 'We restarted the server.', { createdBy: 'u-tomas', version: 0 }),
    ]);
    vi.mocked(ipc.outbox).mockResolvedValue([]);
    vi.mocked(ipc.supportStaff).mockResolvedValue([sarah, tomas]);
    vi.mocked(ipc.saveCannedReply).mockResolvedValue({} as OutboxEntry);
    vi.mocked(ipc.deleteCannedReply).mockResolvedValue({} as OutboxEntry);
    target = document.createElement('div');
    document.body.append(target);
  });
  afterEach(() => {
    if (screen) unmount(screen);
    screen = null;
    target.remove();
    toasts.items = [];
    app.state = null;
    vi.clearAllMocks();
  });

  async function open(me: Person = sarah) {
    app.state = { me, current: { role: me.role } } as unknown as AppState;
    screen = mount(CannedReplies, { target });
    await settle();
  }
  async function settle() {
    flushSync();
    await new Promise((resolve) => setTimeout(resolve, 0));
    flushSync();
  }
  const el = <T extends HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid=${testid}]`);
  const rows = () => [...target.querySelectorAll<HTMLElement>('[data-testid=canned-row]')];
  const cell = (row: HTMLElement, col: string) => row.querySelector(`[data-col=${col}]`)?.textContent?.trim();
  function fill(testid: string, value: string) {
    const field = el<HTMLInputElement | HTMLTextAreaElement>(testid)!;
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
  }

  it('lists the replies with their text on one line, author, and a pending mark', async () => {
    await open();
    expect(cell(rows()[0]!, 'title')).toBe('DNS propagation');
    expect(cell(rows()[1]!, 'title')).toMatch(/^Server restarted\s+pending/);
    expect(cell(rows()[0]!, 'preview')).toBe('Hi {{customer.firstName}}, DNS changes take up to 48 hours.');
    expect(rows().map((r) => cell(r, 'author'))).toEqual(['Sarah Johnson', 'Tomás Oliveira']);
    expect(rows()[1]!.querySelector('[data-testid=canned-pending]')).not.toBeNull();
    expect(rows()[0]!.querySelector('[data-testid=canned-pending]')).toBeNull();
  });

  it('edits a reply: variables go in at the cursor, the preview fills in samples, saving queues it', async () => {
    await open();
    const revision = app.revision;
    rows()[0]!.click();
    flushSync();
    expect(el<HTMLInputElement>('canned-title')?.value).toBe('DNS propagation');
    const content = el<HTMLTextAreaElement>('canned-content')!;
    expect(content.value).toBe('Hi {{customer.firstName}},\nDNS changes take up to 48 hours.');
    expect(el('canned-preview')?.textContent).toBe('Hi Lena,\nDNS changes take up to 48 hours.');

    content.setSelectionRange(content.value.length - 1, content.value.length - 1);
    target.ownerDocument.querySelector<HTMLButtonElement>('[data-testid=canned-variable][data-token="{{domain}}"]')!.click();
    await settle();
    expect(content.value).toBe('Hi {{customer.firstName}},\nDNS changes take up to 48 hours{{domain}}.');
    expect(document.activeElement).toBe(content);
    expect(content.selectionStart).toBe(content.value.length - 1);
    expect(el('canned-preview')?.querySelectorAll('mark.value')).toHaveLength(2);

    fill('canned-content', 'Hi {{customer.lastName}}');
    expect(el('canned-unknown')?.textContent).toMatch(/\{\{customer\.lastName\}\} is not a variable/);
    expect(el('canned-preview')?.querySelector('mark.unknown')?.textContent).toBe('{{customer.lastName}}');

    fill('canned-content', 'Hi {{customer.name}}');
    el<HTMLButtonElement>('canned-save')!.click();
    await settle();
    expect(ipc.saveCannedReply).toHaveBeenCalledWith('c1', { title: 'DNS propagation', content: 'Hi {{customer.name}}' });
    expect(el('canned-editor')).toBeNull();
    expect(toasts.items.at(-1)?.title).toBe('Change queued');
    expect(app.revision).toBeGreaterThan(revision);
  });

  it('writes a new reply and shows the provider’s refusals beside the fields', async () => {
    await open();
    vi.mocked(ipc.saveCannedReply).mockRejectedValueOnce({
      code: 'validation_failed',
      message: 'invalid',
      fields: [
        { field: 'draft.title', code: 'required', message: 'A title is required.' },
        { field: 'content', code: 'unknown_variable', message: '{{x}} is not a variable' },
      ],
    });
    el<HTMLButtonElement>('canned-new')!.click();
    flushSync();
    expect(el('canned-delete')).toBeNull();
    fill('canned-content', 'Hello {{x}}');
    el<HTMLButtonElement>('canned-save')!.click();
    await settle();
    expect(ipc.saveCannedReply).toHaveBeenCalledWith(null, { title: '', content: 'Hello {{x}}' });
    const title = el<HTMLInputElement>('canned-title')!;
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(title.getAttribute('aria-describedby')!)?.textContent).toBe('A title is required.');
    expect(el('canned-editor')?.textContent).toContain('{{x}} is not a variable');

    fill('canned-title', 'Hello');
    fill('canned-content', 'Hello {{customer.firstName}}');
    el<HTMLButtonElement>('canned-save')!.click();
    await settle();
    expect(ipc.saveCannedReply).toHaveBeenLastCalledWith(null, { title: 'Hello', content: 'Hello {{customer.firstName}}' });
    expect(el('canned-editor')).toBeNull();
    expect(toasts.items.at(-1)?.title).toBe('Canned reply queued');
  });

  it('deletes a reply after a yes', async () => {
    await open();
    rows()[1]!.click();
    flushSync();
    el<HTMLButtonElement>('canned-delete')!.click();
    flushSync();
    expect(el('canned-editor')).toBeNull();
    expect(el('canned-delete-dialog')?.textContent).toContain('Delete “Server restarted”?');
    expect(ipc.deleteCannedReply).not.toHaveBeenCalled();
    el<HTMLButtonElement>('canned-delete-confirm')!.click();
    await settle();
    expect(ipc.deleteCannedReply).toHaveBeenCalledWith('c2');
    expect(el('canned-delete-dialog')).toBeNull();
  });

  it('shows customers nothing of the library', async () => {
    await open({ ...sarah, id: 'u-cust', role: 'user' });
    expect(el('canned-staff-only')).not.toBeNull();
    expect(el('canned-new')).toBeNull();
    expect(rows()).toHaveLength(0);
    expect(ipc.cannedReplies).not.toHaveBeenCalled();
  });
});
