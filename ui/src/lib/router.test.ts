import { describe, expect, it } from 'vitest';
import { homeRoute, router } from './router.svelte';
import { filtersFromParams } from './support/tickets';

describe('homeRoute', () => {
  it('opens support staff on the ticket queue and everyone else on the dashboard', () => {
    expect(homeRoute('support').screen).toBe('support');
    for (const role of ['admin', 'reseller', 'user', null, undefined]) {
      expect(homeRoute(role)).toEqual({ screen: 'dashboard' });
    }
  });

  it('shows support staff the active tickets, the soonest due first', () => {
    const filters = filtersFromParams(homeRoute('support').params ?? {});
    expect(filters).toMatchObject({ view: 'active', sort: 'due', status: '', assignee: '' });
  });
});

describe('router', () => {
  it('opens the canned replies from the ticket queue and goes back to it', () => {
    router.go({ screen: 'support', params: { view: 'active' } });
    router.go('canned');
    expect(router.route).toEqual({ screen: 'canned' });
    router.back();
    expect(router.route).toEqual({ screen: 'support', params: { view: 'active' } });
  });

  it('goes back to the screen as it was left, when told how', () => {
    router.go({ screen: 'support' });
    router.go({ screen: 'ticket', id: 't1' }, { screen: 'support', params: { q: 'certificate' } });
    router.back();
    expect(router.route).toEqual({ screen: 'support', params: { q: 'certificate' } });
  });
});
