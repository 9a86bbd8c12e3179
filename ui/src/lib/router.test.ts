import { describe, expect, it } from 'vitest';
import { homeScreen } from './router.svelte';

describe('homeScreen', () => {
  it('opens support staff on the ticket queue and everyone else on the dashboard', () => {
    expect(homeScreen('support')).toBe('support');
    for (const role of ['admin', 'reseller', 'user', null, undefined]) {
      expect(homeScreen(role)).toBe('dashboard');
    }
  });
});
