import { describe, expect, it } from 'vitest';
import type { WorkspaceInfo } from '../ipc';
import { THIS_RUN_ONLY_DETAIL, keyringName, sessionFact } from './session';

const ws = (demo: boolean): WorkspaceInfo => ({
  id: demo ? 'demo' : 'w1',
  name: demo ? 'Demo' : 'Acme',
  providerUrl: 'https://api.acme.example',
  email: 'ops@acme.example',
  userId: 'u1',
  role: 'reseller',
  demo,
});

const noKeyring = { store: null, problem: 'no keyring answers on this computer: install GNOME Keyring' };

describe('session facts', () => {
  it('says the session is for this run only, and why', () => {
    const fact = sessionFact({ current: ws(false), keyring: noKeyring, thisRunOnly: true });
    expect(fact).toContain('this run only');
    expect(fact).toContain(THIS_RUN_ONLY_DETAIL);
    expect(THIS_RUN_ONLY_DETAIL).toMatch(/in memory/);
    expect(THIS_RUN_ONLY_DETAIL).toMatch(/no keyring/);
    expect(THIS_RUN_ONLY_DETAIL).toMatch(/sign in at the next start/);
  });

  it('names the keyring in use', () => {
    expect(sessionFact({ current: ws(false), keyring: { store: 'secret-service', problem: null }, thisRunOnly: false })).toBe(
      'Kept in the Secret Service (GNOME Keyring, KWallet)',
    );
    expect(keyringName('keyutils')).toBe('the kernel keyring');
    expect(keyringName('something-new')).toBe('something-new');
  });

  it('knows the demo signs in by itself', () => {
    expect(sessionFact({ current: ws(true), keyring: noKeyring, thisRunOnly: false })).toMatch(/demo/);
  });

  it('says nothing without an open workspace', () => {
    expect(sessionFact({ current: null, keyring: noKeyring, thisRunOnly: false })).toBeNull();
  });
});
