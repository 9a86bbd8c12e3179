import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import * as ipc from '../ipc';
import type { AppState, Person, TicketListItem, TicketSearchHit } from '../ipc';
import { app } from '../app.svelte';
import { router } from '../router.svelte';
import Support from './Support.svelte';
import { SEARCH_PAUSE_MS } from './search';
import { searchHit, ticketItem } from './fixtures';

vi.mock('../ipc', async (original) => ({
  ...(await original<typeof import('../ipc')>()),
  tickets: vi.fn(),
  ticketCounts: vi.fn(),
  searchTickets: vi.fn(),
  person: vi.fn(),
}));

const LENA = '65a1b2c3d4e5f60718293a4b';
const sarah: Person = { id: '65a1b2c3d4e5f60718293a4c', fullName: 'Sarah Johnson', email: 'sarah@example.com', company: null, role: 'support' };

function ticket(id: string): TicketListItem {
  return ticketItem({ id, ticketNumber: `TKT-2026-00000${id}`, subject: `Subject ${id}`, userId: LENA, customerName: 'Lena Fischer' });
}

function hit(id: string, over: Partial<TicketSearchHit> = {}): TicketSearchHit {
  // Markup in the text stays text: the snippet is never read as HTML.
  const snippet = [
    { text: 'the ', hit: false },
    { text: 'certificate', hit: true },
    { text: ' <b>ran</b> out', hit: false },
  ];
  return searchHit({ id, ticketNumber: `TKT-2026-00000${id}`, subject: `Certificate ${id}`, snippet, ...over });
}

describe('Support: the queue and its search', () => {
  let target: HTMLElement;
  let screen: ReturnType<typeof mount> | null = null;

  beforeEach(() => {
    vi.useFakeTimers();
    Element.prototype.scrollIntoView = vi.fn();
    vi.mocked(ipc.tickets).mockResolvedValue({ items: [ticket('1'), ticket('2')], total: 2 });
    vi.mocked(ipc.ticketCounts).mockResolvedValue({ active: 2, mine: 0, unassigned: 2, breaching: 0, waiting: 0 });
    vi.mocked(ipc.searchTickets).mockResolvedValue([hit('7', { messageId: 'm9' }), hit('3')]);
    vi.mocked(ipc.person).mockResolvedValue({ id: LENA, fullName: 'Lena Fischer', email: 'lena@example.com', company: null, role: 'user' });
    app.state = { me: sarah, current: { id: 'w1', role: 'support' } } as unknown as AppState;
    router.route = { screen: 'support' };
    target = document.createElement('div');
    document.body.append(target);
  });
  afterEach(() => {
    if (screen) unmount(screen);
    screen = null;
    target.remove();
    app.state = null;
    vi.clearAllMocks();
    vi.useRealTimers();
  });

  async function open(params: Record<string, string> = {}) {
    screen = mount(Support, { target, props: { params } });
    await settle();
  }
  async function settle(ms = 0) {
    flushSync();
    await vi.advanceTimersByTimeAsync(ms);
    flushSync();
  }
  const el = <T extends HTMLElement>(testid: string) => target.querySelector<T>(`[data-testid=${testid}]`);
  const all = (testid: string) => [...target.querySelectorAll<HTMLElement>(`[data-testid=${testid}]`)];
  const box = () => el<HTMLInputElement>('ticket-search')!;
  async function type(text: string, pause = SEARCH_PAUSE_MS) {
    box().value = text;
    box().dispatchEvent(new Event('input', { bubbles: true }));
    await settle(pause);
  }
  function press(on: EventTarget, key: string) {
    on.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    flushSync();
  }

  it('focuses the search with / from the queue, never from a field', async () => {
    await open();
    expect(all('ticket-row')).toHaveLength(2);
    const queue = el('ticket-table')!;
    queue.focus();
    press(queue, '/');
    expect(document.activeElement).toBe(box());
    box().blur();
    press(document.body, '/');
    expect(document.activeElement).toBe(box());

    const filter = el<HTMLInputElement>('ticket-filter')!;
    filter.focus();
    press(filter, '/');
    expect(document.activeElement).toBe(filter);
  });

  it('lists the hits instead of the queue from two letters on, a pause after typing', async () => {
    await open();
    await type('c');
    expect(ipc.searchTickets).not.toHaveBeenCalled();
    expect(all('ticket-row')).toHaveLength(2);

    await type('cert', SEARCH_PAUSE_MS - 50);
    expect(ipc.searchTickets).not.toHaveBeenCalled();
    await settle(50);
    expect(ipc.searchTickets).toHaveBeenCalledTimes(1);
    expect(ipc.searchTickets).toHaveBeenCalledWith({ text: 'cert', status: null, assignedTo: null, userId: null, from: null, to: null, limit: 50 });

    expect(all('ticket-row')).toHaveLength(0);
    expect(el('queue-view-active')).toBeNull();
    const hits = all('ticket-search-hit');
    expect(hits.map((h) => h.dataset.id)).toEqual(['7', '3']);
    const match = hits[0]!.querySelector('[data-col=match]')!;
    // The snippet is text, its matched words marked; never HTML.
    expect(match.textContent).toBe('the certificate <b>ran</b> out');
    expect([...match.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['certificate']);
    expect(match.querySelector('b')).toBeNull();
    expect(hits[0]!.querySelector('[data-col=customer]')?.textContent).toBe('Lena Fischer');
  });

  it('narrows the search with its filters', async () => {
    await open();
    await type('cert');
    const status = el<HTMLSelectElement>('ticket-search-status')!;
    status.value = 'resolved';
    status.dispatchEvent(new Event('change', { bubbles: true }));
    const assignee = el<HTMLSelectElement>('ticket-search-assignee')!;
    expect([...assignee.options].map((o) => o.value)).toEqual(['', 'unassigned', sarah.id]);
    assignee.value = sarah.id;
    assignee.dispatchEvent(new Event('change', { bubbles: true }));
    const from = el<HTMLInputElement>('ticket-search-from')!;
    from.value = '2026-01-01';
    from.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(SEARCH_PAUSE_MS);
    expect(ipc.searchTickets).toHaveBeenLastCalledWith(expect.objectContaining({ status: 'resolved', assignedTo: sarah.id, from: '2026-01-01', to: null }));
    // One search for the three changes made without a pause.
    expect(ipc.searchTickets).toHaveBeenCalledTimes(2);
  });

  it('searches one customer’s tickets when opened on them, and lets go of them', async () => {
    await open({ userId: LENA });
    expect(document.activeElement).toBe(box());
    expect(box().placeholder).toMatch(/Lena Fischer/);
    await type('cert');
    expect(ipc.searchTickets).toHaveBeenLastCalledWith(expect.objectContaining({ userId: LENA }));
    expect(el('ticket-search-customer')?.textContent).toMatch(/Lena Fischer/);
    el('ticket-search-customer-clear')!.click();
    await settle(SEARCH_PAUSE_MS);
    expect(ipc.searchTickets).toHaveBeenLastCalledWith(expect.objectContaining({ userId: null }));
    expect(el('ticket-search-customer')).toBeNull();
  });

  it('shows the refusal beside the box, and says when nothing matches', async () => {
    await open();
    vi.mocked(ipc.searchTickets).mockRejectedValueOnce({
      code: 'validation_failed',
      message: 'invalid search',
      fields: [{ field: 'to', code: 'out_of_range', message: 'to must not be before from' }],
    });
    await type('cert');
    expect(el('ticket-search-error')?.textContent).toBe('To must not be before from.');
    expect(el('ticket-search-to')?.getAttribute('aria-invalid')).toBe('true');
    expect(el('ticket-search-from')?.hasAttribute('aria-invalid')).toBe(false);

    vi.mocked(ipc.searchTickets).mockResolvedValueOnce([]);
    await type('zzzz');
    expect(el('ticket-search-error')).toBeNull();
    expect(el('ticket-search-hit-empty')?.textContent).toMatch(/^No tickets match “zzzz”/);
  });

  it('opens a hit at the message that matched, and comes back to the search', async () => {
    await open({ view: 'active' });
    await type('cert');
    all('ticket-search-hit')[0]!.click();
    expect(router.route).toEqual({ screen: 'ticket', id: '7', params: { message: 'm9' } });
    router.back();
    expect(router.route).toEqual({ screen: 'support', params: { view: 'active', q: 'cert' } });
  });

  it('opens the newest hit with Enter in the box, once the hits answer what it holds', async () => {
    await open();
    await type('cert', 0);
    press(box(), 'Enter');
    expect(router.route).toEqual({ screen: 'support' });
    await settle(SEARCH_PAUSE_MS);
    press(box(), 'Enter');
    expect(router.route).toEqual({ screen: 'ticket', id: '7', params: { message: 'm9' } });
  });

  it('goes back to the queue as it was when the box is cleared', async () => {
    await open();
    el('queue-view-unassigned')!.click();
    await settle();
    await type('cert');
    expect(el('queue-view-unassigned')).toBeNull();
    press(box(), 'Escape');
    await settle();
    expect(box().value).toBe('');
    expect(all('ticket-search-hit')).toHaveLength(0);
    expect(all('ticket-row')).toHaveLength(2);
    expect(el('queue-view-unassigned')?.getAttribute('aria-pressed')).toBe('true');
  });
});
