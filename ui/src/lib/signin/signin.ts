// The sign-in form's rules: the provider URL as typed, which errors ask for
// the two-factor code, and where each error shows (a field or the banner).

import type { BootstrapProgress, CommandError } from '../ipc';
import { counted, sentence } from '../format';

export const DEFAULT_PROVIDER = 'https://api.hostjamstack.com';

export type SignInField = 'providerUrl' | 'email' | 'password' | 'totp';

/** `api.example.com/` → `https://api.example.com`; local addresses default to http. */
export function normalizeProviderUrl(input: string): string {
  let url = input.trim();
  if (url === '') return '';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const local = /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/i.test(url);
    url = `${local ? 'http' : 'https'}://${url}`;
  }
  return url.replace(/\/+$/, '');
}

/** Why a provider URL cannot be used, or null. */
export function providerUrlProblem(input: string): string | null {
  const url = normalizeProviderUrl(input);
  if (url === '') return 'Enter the address of your provider';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'This is not a web address';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'Use an https:// address';
  if (!parsed.hostname) return 'This address has no host name';
  return null;
}

/** Checks the form before asking the provider; empty when it can be sent. */
export function formProblems(form: { providerUrl: string; email: string; password: string }): Partial<Record<SignInField, string>> {
  const problems: Partial<Record<SignInField, string>> = {};
  const url = providerUrlProblem(form.providerUrl);
  if (url) problems.providerUrl = url;
  const email = form.email.trim();
  if (email === '') problems.email = 'Enter your e-mail address';
  else if (!/^[^\s@]+@[^\s@]+$/.test(email)) problems.email = 'This is not an e-mail address';
  if (form.password === '') problems.password = 'Enter your password';
  return problems;
}

/** The provider wants the code from the authenticator app (`totp_required`). */
export function asksForTotp(code: string): boolean {
  return code === 'totp_required' || code.startsWith('totp');
}

/** The code was given but refused (`invalid_totp`): stay on the code step. */
export function isTotpRefusal(code: string): boolean {
  return code === 'invalid_totp' || (code.includes('totp') && !asksForTotp(code));
}

export interface ShownError {
  /** Shown above the form, when no field is at fault. */
  banner: string | null;
  fields: Partial<Record<SignInField, string>>;
}

const fieldNames: Record<string, SignInField> = {
  providerUrl: 'providerUrl',
  provider_url: 'providerUrl',
  url: 'providerUrl',
  email: 'email',
  password: 'password',
  totp: 'totp',
  totpCode: 'totp',
  code: 'totp',
};

/** A field's message as shown under it: a capital, no full stop. */
function capitalised(message: string): string {
  const trimmed = message.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** Where a refusal shows: on the fields it names, else as a banner in plain words. */
export function shownError(error: Pick<CommandError, 'code' | 'message' | 'fields' | 'field'>, providerUrl: string): ShownError {
  const fields: Partial<Record<SignInField, string>> = {};
  for (const f of error.fields) {
    const name = fieldNames[f.field.replace(/\[.*$/, '')];
    if (name && !fields[name]) fields[name] = capitalised(f.message);
  }
  if (Object.keys(fields).length === 0 && error.field && fieldNames[error.field]) {
    fields[fieldNames[error.field]!] = capitalised(error.message);
  }
  if (Object.keys(fields).length > 0) return { banner: null, fields };
  if (isTotpRefusal(error.code)) return { banner: null, fields: { totp: capitalised(error.message) } };
  switch (error.code) {
    case 'invalid_credentials':
      return { banner: 'The e-mail address or the password is wrong.', fields: {} };
    case 'offline':
      return { banner: `Could not reach ${normalizeProviderUrl(providerUrl) || 'the provider'}: ${error.message}`, fields: {} };
    case 'account_locked':
    case 'too_many_requests':
    case 'account_inactive':
      return { banner: capitalised(error.message), fields: {} };
    default:
      return { banner: capitalised(error.message) || 'Signing in failed.', fields: {} };
  }
}

/** The keyring could not keep the session, and this run only was not asked for. */
export function isKeyringRefusal(code: string): boolean {
  return code === 'keyring_unavailable';
}

export const THIS_RUN_ONLY_LABEL = 'Sign in for this run only';

export interface KeyringOffer {
  /** The notice above the form, or null when the keyring works. */
  notice: string | null;
  /** Sign in keeping the session in memory, for this run only. */
  thisRunOnly: boolean;
}

const thisRunOnlyChoice =
  'You can still sign in: the session is then kept in memory for this run only, and the app asks you to sign in again at the next start.';

/**
 * What the form says about keeping the session. `problem` is why the app
 * found no keyring at start; `refusal` is a sign-in's `keyring_unavailable`
 * message (the keyring stopped working since), the newer news. Either way the
 * only way in is a session for this run only, and the form says so rather
 * than retrying behind the person's back.
 */
export function keyringOffer(problem: string | null, refusal: string | null): KeyringOffer {
  const why = refusal ?? problem;
  if (why == null || why.trim() === '') return { notice: null, thisRunOnly: false };
  return { notice: `${sentence(why)} ${thisRunOnlyChoice}`, thisRunOnly: true };
}

/** The submit button's words. */
export function submitText(step: 'credentials' | 'totp', label: string, thisRunOnly: boolean): string {
  if (step === 'totp') return 'Verify';
  return thisRunOnly ? THIS_RUN_ONLY_LABEL : label;
}

/** While signing in, the account's download: `Downloading the account… 1,200 documents`. */
export function downloadProgress(progress: BootstrapProgress | null): string | null {
  if (!progress || progress.done) return null;
  return `Downloading the account… ${counted(progress.documents, 'document', 'documents')}`;
}
