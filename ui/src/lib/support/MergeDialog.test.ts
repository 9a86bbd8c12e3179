import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import * as ipc from '../ipc';
import type { OutboxEntry, TicketListItem } from '../ipc';
import { router } from '../router.svelte';
import { toasts } from '../shell/toasts.svelte';
import MergeDialog from './MergeDialog.svelte';
import { ticketItem } from './fixtures';

vi.mock('../ipc', async (original) => ({
  ...(await original<typeof import('../ipc')>()),
  tickets: vi.fn(),
  mergeTickets: vi.fn(),
}));

function ticket(id: string, over: Partial<TicketListItem> = {}): TicketListItem {
  return ticketItem({ id, ticketNumber: `TKT-2026-00000${id}`, subject: `Subject ${id}`, ...over });
}

describe('MergeDialog', () => {
  let target: HTMLElement;
  let dialog: ReturnType<typeof mount>;
  const onclose = vi.fn();
  const onmerged = vi.fn();

  beforeEach(() => {
    // jsdom lays nothing out; the list scrolls its chosen row into view.
    Element.prototype.scrollIntoView = vi.fn();
    target = document.createElement('div');
    document.body.append(target);
    router.route = { screen: 'ticket', id: '1' };
  });
  afterEach(() => {
    unmount(dialog);
    target.remove();
    toasts.items = [];
    vi.clearAllMocks();
  });

  async function open(rows: TicketListItem[]) {
    vi.mocked(ipc.tickets).mockResolvedValue({ items: rows, total: rows.length });
    dialog = mount(MergeDialog, { target, props: { ticketId: '1', ticketNumber: 'TKT-2026-000001', customerId: 'u1', onclose, onmerged } });
    await vi.waitFor(() => expect(target.querySelector('[data-testid=ticket-merge-target]')).not.toBeNull());
  }
  const rows = () => [...target.querySelectorAll<HTMLElement>('[data-testid=ticket-merge-target]')];
  const confirm = () => target.querySelector<HTMLButtonElement>('[data-testid=ticket-merge-confirm]')!;

  it('offers the customer’s other tickets still taking messages, and says what a merge does', async () => {
    await open([ticket('1'), ticket('2'), ticket('3', { status: 'closed' }), ticket('4', { status: 'waiting_customer' })]);
    expect(ipc.tickets).toHaveBeenCalledWith(expect.objectContaining({ userId: 'u1', view: 'active' }));
    expect(rows().map((r) => r.dataset.id)).toEqual(['2', '4']);
    expect(target.textContent).toMatch(/its messages move into the ticket you choose, in order; this ticket closes and points there/);
    expect(target.querySelector('[data-testid=ticket-merge-target-filter]')).toBeNull();
    expect(confirm().disabled).toBe(true);
  });

  it('has a filter box for a long list', async () => {
    await open(Array.from({ length: 10 }, (_, i) => ticket(String(i + 2))));
    expect(target.querySelector('[data-testid=ticket-merge-target-filter]')).not.toBeNull();
  });

  it('queues the merge into the chosen ticket and opens it', async () => {
    vi.mocked(ipc.mergeTickets).mockResolvedValue({} as OutboxEntry);
    await open([ticket('2'), ticket('4')]);
    rows()[1]!.click();
    flushSync();
    expect(confirm().textContent?.trim()).toBe('Merge into TKT-2026-000004');
    confirm().click();
    await vi.waitFor(() => expect(router.route).toEqual({ screen: 'ticket', id: '4' }));
    expect(ipc.mergeTickets).toHaveBeenCalledWith('1', '4');
    expect(onmerged).toHaveBeenCalled();
    expect(toasts.items.at(-1)?.title).toBe('TKT-2026-000001 merged into TKT-2026-000004; queued');
  });

  it('shows the refusal', async () => {
    vi.mocked(ipc.mergeTickets).mockRejectedValue({
      code: 'validation_failed',
      message: 'invalid',
      fields: [{ field: 'intoTicketId', code: 'ticket_closed', message: 'TKT-2026-000002 is closed and takes no more messages' }],
    });
    await open([ticket('2')]);
    rows()[0]!.click();
    flushSync();
    confirm().click();
    await vi.waitFor(() =>
      expect(target.querySelector('[data-testid=ticket-merge-error]')?.textContent).toBe('Could not merge: TKT-2026-000002 is closed and takes no more messages'),
    );
    expect(router.route).toEqual({ screen: 'ticket', id: '1' });
  });
});
