// Where the app is: one screen at a time, with an optional id (a domain, a
// ticket...) and the way back. Kept in memory: the desktop has no URL bar.

export type Screen =
  | 'dashboard'
  | 'domains'
  | 'domain'
  | 'dns'
  | 'forwarding'
  | 'transfers'
  | 'billing'
  | 'hosting'
  | 'project'
  | 'deployments'
  | 'deployment'
  | 'support'
  | 'ticket'
  | 'canned'
  | 'customer'
  | 'notifications'
  | 'outbox'
  | 'audit'
  | 'settings';

export interface Route {
  screen: Screen;
  /** The thing the screen shows: a domain id, a ticket id, a project id... */
  id?: string;
  /** Screen-specific options, such as a list's filter (`{ status: 'expired' }`). */
  params?: Record<string, string>;
}

class Router {
  route = $state<Route>({ screen: 'dashboard' });
  #history: Route[] = [];

  /**
   * Opens a screen; the current one becomes the way back, or `back` when the
   * screen has moved on since it was opened (a search typed in): coming
   * back then finds it as it was left.
   */
  go(route: Route | Screen, back: Route = this.route): void {
    const next = typeof route === 'string' ? { screen: route } : route;
    if (sameRoute(next, this.route)) return;
    this.#history.push(back);
    if (this.#history.length > 50) this.#history.shift();
    this.route = next;
  }

  back(): void {
    const previous = this.#history.pop();
    if (previous) this.route = previous;
  }

  get canGoBack(): boolean {
    return this.#history.length > 0;
  }
}

export function sameRoute(a: Route, b: Route): boolean {
  return a.screen === b.screen && a.id === b.id && JSON.stringify(a.params ?? {}) === JSON.stringify(b.params ?? {});
}

export const router = new Router();

/**
 * Where a workspace opens: support staff work the ticket queue all day, so
 * theirs opens on it, on the tickets still to be worked with the soonest
 * first reply due on top; everyone else starts on the dashboard.
 */
export function homeRoute(role: string | null | undefined): Route {
  return role === 'support' ? { screen: 'support', params: { view: 'active', sort: 'due' } } : { screen: 'dashboard' };
}
