import { describe, expect, it } from 'vitest';
import {
  THIS_RUN_ONLY_LABEL,
  asksForTotp,
  downloadProgress,
  formProblems,
  isKeyringRefusal,
  isTotpRefusal,
  keyringOffer,
  normalizeProviderUrl,
  providerUrlProblem,
  shownError,
  submitText,
} from './signin';

describe('provider URL', () => {
  it('adds the scheme and drops trailing slashes', () => {
    expect(normalizeProviderUrl(' api.example.com/ ')).toBe('https://api.example.com');
    expect(normalizeProviderUrl('127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
    expect(normalizeProviderUrl('localhost:8080')).toBe('http://localhost:8080');
    expect(normalizeProviderUrl('http://10.0.0.2:80//')).toBe('http://10.0.0.2:80');
    expect(normalizeProviderUrl('')).toBe('');
  });

  it('refuses what is not a web address', () => {
    expect(providerUrlProblem('https://api.hostjamstack.com')).toBeNull();
    expect(providerUrlProblem('')).toMatch(/address/);
    expect(providerUrlProblem('ftp://files.example.com')).toMatch(/https/);
    expect(providerUrlProblem('https://exa mple.com')).not.toBeNull();
  });
});

describe('sign-in form', () => {
  it('checks the fields before sending', () => {
    expect(formProblems({ providerUrl: 'https://a.example', email: 'me@example.com', password: 'x' })).toEqual({});
    const problems = formProblems({ providerUrl: '', email: 'nope', password: '' });
    expect(Object.keys(problems).sort()).toEqual(['email', 'password', 'providerUrl']);
  });

  it('knows the two-factor step', () => {
    expect(asksForTotp('totp_required')).toBe(true);
    expect(asksForTotp('totp_something')).toBe(true);
    expect(asksForTotp('invalid_credentials')).toBe(false);
    expect(isTotpRefusal('invalid_totp')).toBe(true);
    expect(isTotpRefusal('totp_required')).toBe(false);
  });

  it('shows field errors on their fields and the rest as a banner', () => {
    const onField = shownError(
      { code: 'validation_failed', message: 'x', fields: [{ field: 'email', code: 'invalid', message: 'not an e-mail address' }] },
      'https://a.example',
    );
    expect(onField).toEqual({ banner: null, fields: { email: 'Not an e-mail address' } });

    const wrong = shownError({ code: 'invalid_credentials', message: 'e-mail or password is wrong', fields: [] }, 'x');
    expect(wrong.banner).toMatch(/wrong/);
    expect(wrong.fields).toEqual({});

    const offline = shownError({ code: 'offline', message: 'connection refused', fields: [] }, 'api.example.com');
    expect(offline.banner).toBe('Could not reach https://api.example.com: connection refused');

    const totp = shownError({ code: 'invalid_totp', message: 'the authentication code is wrong or expired', fields: [] }, 'x');
    expect(totp).toEqual({ banner: null, fields: { totp: 'The authentication code is wrong or expired' } });

    const url = shownError({ code: 'validation_failed', message: 'bad url', field: 'providerUrl', fields: [] }, 'x');
    expect(url.fields.providerUrl).toBe('Bad url');
  });
});

describe('no keyring', () => {
  const problem = 'no keyring answers on this computer: install GNOME Keyring or KWallet, or run inside a desktop session';

  it('offers a session for this run only when the keyring is missing', () => {
    expect(keyringOffer(null, null)).toEqual({ notice: null, thisRunOnly: false });
    const offer = keyringOffer(problem, null);
    expect(offer.thisRunOnly).toBe(true);
    expect(offer.notice).toMatch(/^No keyring answers on this computer: install GNOME Keyring/);
    expect(offer.notice).toMatch(/this run only/);
    expect(offer.notice).toMatch(/next start/);
  });

  it('prefers the refusal of a sign-in, the newer news', () => {
    const offer = keyringOffer(null, 'the keyring stopped answering: unlock it or restart the session.');
    expect(offer.thisRunOnly).toBe(true);
    expect(offer.notice).toMatch(/^The keyring stopped answering: unlock it or restart the session\. You can still sign in/);
    expect(keyringOffer(problem, 'the keyring stopped answering').notice).toMatch(/^The keyring stopped/);
  });

  it('knows the refusal by its code', () => {
    expect(isKeyringRefusal('keyring_unavailable')).toBe(true);
    expect(isKeyringRefusal('keyring')).toBe(false);
    expect(isKeyringRefusal('invalid_credentials')).toBe(false);
  });

  it('says on the button what signing in will do', () => {
    expect(submitText('credentials', 'Add workspace', false)).toBe('Add workspace');
    expect(submitText('credentials', 'Add workspace', true)).toBe(THIS_RUN_ONLY_LABEL);
    expect(THIS_RUN_ONLY_LABEL).toBe('Sign in for this run only');
    expect(submitText('totp', 'Sign in', true)).toBe('Verify');
  });

  it('shows the download while signing in', () => {
    expect(downloadProgress(null)).toBeNull();
    expect(downloadProgress({ documents: 3, bytes: 10, done: true })).toBeNull();
    expect(downloadProgress({ documents: 1, bytes: 10, done: false })).toBe('Downloading the account… 1 document');
    expect(downloadProgress({ documents: 1200, bytes: 10, done: false })).toMatch(/^Downloading the account… 1.?200 documents$/);
  });
});
