import { describe, expect, it } from 'vitest';
import { formFromSettings, isEmptySettings, parseHosts, settingsFromForm } from './settingsForm';

describe('domain settings form', () => {
  it('reads an edit into the form and back', () => {
    const settings = { autoRenew: false, nameservers: ['ns1.example.net', 'ns2.example.net'] };
    const form = formFromSettings(settings);
    expect(form).toMatchObject({ autoRenew: 'off', whoisPrivacy: 'keep', transferLock: 'keep', nameservers: 'custom' });
    expect(form.nameserverText).toBe('ns1.example.net\nns2.example.net');
    expect(settingsFromForm(form)).toEqual({ autoRenew: false, nameservers: ['ns1.example.net', 'ns2.example.net'], useDefaultNameservers: false });
  });

  it('asks for the defaults without a list', () => {
    const form = formFromSettings({ useDefaultNameservers: true });
    expect(form.nameservers).toBe('default');
    expect(settingsFromForm(form)).toEqual({ useDefaultNameservers: true });
  });

  it('splits host lists on lines, commas and spaces', () => {
    expect(parseHosts(' ns1.a.com,ns2.a.com\n\n ns3.a.com ; ')).toEqual(['ns1.a.com', 'ns2.a.com', 'ns3.a.com']);
  });

  it('knows an edit that changes nothing', () => {
    expect(isEmptySettings(settingsFromForm(formFromSettings({})))).toBe(true);
    expect(isEmptySettings({ transferLock: true })).toBe(false);
  });
});
