import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import * as ipc from '../ipc';
import { router } from '../router.svelte';
import { toasts } from '../shell/toasts.svelte';
import TicketText from './TicketText.svelte';

vi.mock('../ipc', async (original) => ({ ...(await original<typeof import('../ipc')>()), ticketId: vi.fn() }));

describe('TicketText', () => {
  let target: HTMLElement;
  let view: ReturnType<typeof mount>;

  beforeEach(() => {
    target = document.createElement('div');
    document.body.append(target);
    router.route = { screen: 'support' };
  });
  afterEach(() => {
    unmount(view);
    target.remove();
    toasts.items = [];
    vi.clearAllMocks();
  });

  function show(text: string) {
    view = mount(TicketText, { target, props: { text } });
    flushSync();
  }

  it('shows the text as it is, ticket numbers as links', () => {
    show('<b>Merged</b> into tkt-2026-000123: the conversation continues there.');
    expect(target.textContent).toBe('<b>Merged</b> into tkt-2026-000123: the conversation continues there.');
    expect(target.querySelector('b')).toBeNull();
    const links = target.querySelectorAll('[data-testid=ticket-link]');
    expect(links).toHaveLength(1);
    expect(links[0]?.textContent).toBe('tkt-2026-000123');
  });

  it('opens the ticket a number names', async () => {
    vi.mocked(ipc.ticketId).mockResolvedValue('65a1b2c3d4e5f60718293a4b');
    show('Follow-up to TKT-2026-000123 (closed).');
    target.querySelector<HTMLButtonElement>('[data-testid=ticket-link]')!.click();
    await vi.waitFor(() => expect(router.route).toEqual({ screen: 'ticket', id: '65a1b2c3d4e5f60718293a4b' }));
    expect(ipc.ticketId).toHaveBeenCalledWith('TKT-2026-000123');
  });

  it('says so when the workspace does not hold the ticket', async () => {
    vi.mocked(ipc.ticketId).mockRejectedValue({ code: 'not_found', message: 'ticket TKT-2026-000999 not found', fields: [] });
    show('See TKT-2026-000999');
    target.querySelector<HTMLButtonElement>('[data-testid=ticket-link]')!.click();
    await vi.waitFor(() => expect(toasts.items.at(-1)?.title).toBe('TKT-2026-000999 is not in this workspace'));
    expect(router.route).toEqual({ screen: 'support' });
  });
});
