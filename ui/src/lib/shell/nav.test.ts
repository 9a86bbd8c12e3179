import { describe, expect, it } from 'vitest';
import { SHORTCUT_ENTRIES, badgeText, entriesFor, navEntries, navScreenFor, navShortcutIndex, paletteEntriesFor, screenTrail } from './nav';

const key = (over: Partial<KeyboardEvent>) => ({
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  code: '',
  key: '',
  ...over,
});

describe('nav', () => {
  it('lights the list a detail screen belongs to', () => {
    expect(navScreenFor('domain')).toBe('domains');
    expect(navScreenFor('customer')).toBe('domains');
    expect(navScreenFor('ticket')).toBe('support');
    expect(navScreenFor('canned')).toBe('support');
    expect(navScreenFor('project')).toBe('hosting');
    expect(navScreenFor('deployment')).toBe('deployments');
    expect(navScreenFor('billing')).toBe('billing');
  });

  it('maps Alt+1..9 to the first nine entries, by physical key', () => {
    expect(navShortcutIndex(key({ altKey: true, code: 'Digit1', key: '¡' }))).toBe(0);
    expect(navShortcutIndex(key({ altKey: true, code: 'Digit9', key: '9' }))).toBe(8);
    expect(navShortcutIndex(key({ altKey: true, code: 'Numpad3', key: '3' }))).toBe(2);
    expect(navShortcutIndex(key({ altKey: true, code: 'Digit0', key: '0' }))).toBeNull();
    expect(navShortcutIndex(key({ code: 'Digit1', key: '1' }))).toBeNull();
    expect(navShortcutIndex(key({ altKey: true, ctrlKey: true, code: 'Digit1', key: '1' }))).toBeNull();
    expect(navEntries[8]?.screen).toBe('support');
  });

  it('shows the audit log to admins only, without moving the Alt shortcuts', () => {
    const screens = (role: string | null) => entriesFor(role).map((e) => e.screen);
    expect(screens('admin')).toContain('audit');
    expect(screens('admin').at(-1)).toBe('settings');
    for (const role of ['user', 'reseller', 'support', null]) expect(screens(role)).not.toContain('audit');
    expect(screens('admin').slice(0, SHORTCUT_ENTRIES)).toEqual(screens('user').slice(0, SHORTCUT_ENTRIES));
  });

  it('offers the canned replies in the palette to support staff only, never in the sidebar', () => {
    const palette = (role: string | null) => paletteEntriesFor(role).map((e) => e.screen);
    for (const role of ['support', 'admin']) {
      expect(palette(role)).toContain('canned');
      expect(palette(role)).toContain('outbox');
      expect(entriesFor(role).map((e) => e.screen)).not.toContain('canned');
    }
    for (const role of ['user', 'reseller', null]) expect(palette(role)).not.toContain('canned');
    expect(palette('admin')).toContain('audit');
  });

  it('caps badge counts', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
    expect(badgeText(100, 999)).toBe('100');
  });
});

describe('screen trail', () => {
  it('names the section and the detail', () => {
    expect(screenTrail('domains')).toEqual(['Domains']);
    expect(screenTrail('customer')).toEqual(['Domains', 'Customer']);
    expect(screenTrail('ticket')).toEqual(['Support', 'Ticket']);
    expect(screenTrail('canned')).toEqual(['Support', 'Canned replies']);
    expect(screenTrail('outbox')).toEqual(['Outbox']);
    expect(screenTrail('audit')).toEqual(['Audit log']);
  });
});
