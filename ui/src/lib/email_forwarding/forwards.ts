// E-mail forwards as the forwarding screen edits them: drafts, the target
// list typed as "a@x, b@y", the provider's field errors placed beside the
// from address and each target, and the order of the list. Pure: the rules
// (own domain, one catch-all, distinct targets, no loops) are the shell's.
// Tested in forwards.test.ts.

import type { EmailForwarding, FieldError, ForwardDraft, Operation, OutboxEntry } from '../ipc';
import { pendingDocs } from '../outbox/entries';

/** The address a catch-all forward is written as. */
export const catchAllAddress = (domainName: string): string => `*@${domainName}`;

/** A blank forward at a domain: the from address waits for its local part. */
export function blankForward(domainName: string): ForwardDraft {
  return { fromEmail: `@${domainName}`, toEmails: [], isActive: true, catchAll: false };
}

export function draftOf(forward: EmailForwarding): ForwardDraft {
  return { fromEmail: forward.fromEmail, toEmails: [...forward.toEmails], isActive: forward.isActive, catchAll: forward.catchAll };
}

/** The forward a queued create or update carries (its zone, its draft; a create's domain), or null for any other edit. */
export function queuedForward(operation: Operation): { zone: string; draft: ForwardDraft; domainId: string | null } | null {
  if (operation.kind !== 'forwardCreate' && operation.kind !== 'forwardUpdate') return null;
  const draft = { ...operation.draft, toEmails: [...operation.draft.toEmails] };
  return { zone: operation.zone, draft, domainId: operation.kind === 'forwardCreate' ? operation.domainId : null };
}

/** A queued forward edit with its draft replaced (what correcting a refused one sends); any other edit as it is. */
export function withQueuedDraft(operation: Operation, draft: ForwardDraft): Operation {
  return operation.kind === 'forwardCreate' || operation.kind === 'forwardUpdate' ? { ...operation, draft } : operation;
}

/** "a@x.com, b@y.org; c@z.net" → the addresses, in order (duplicates are the shell's to refuse). */
export function parseTargets(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export const targetsText = (targets: readonly string[]): string => targets.join(', ');

/** The same draft with catch-all switched: the from address follows (`*@domain`, or back to blank). */
export function withCatchAll(draft: ForwardDraft, on: boolean, domainName: string): ForwardDraft {
  if (on) return { ...draft, catchAll: true, fromEmail: catchAllAddress(domainName) };
  const fromEmail = draft.fromEmail === catchAllAddress(domainName) ? `@${domainName}` : draft.fromEmail;
  return { ...draft, catchAll: false, fromEmail };
}

export interface ForwardErrors {
  fromEmail: string[];
  /** About the target list as a whole. */
  toEmails: string[];
  /** About one target, by its index. */
  target: Map<number, string[]>;
  /** Anything else (catch-all, the domain, the account). */
  other: string[];
}

/** Places the provider's field errors (`fromEmail`, `toEmails[2]`, `draft.catchAll`) beside their inputs. */
export function forwardErrors(errors: readonly FieldError[]): ForwardErrors {
  const out: ForwardErrors = { fromEmail: [], toEmails: [], target: new Map(), other: [] };
  for (const error of errors) {
    const field = error.field.replace(/^draft\./, '');
    const target = /^toEmails\[(\d+)\]/.exec(field);
    if (target) {
      const index = Number(target[1]);
      out.target.set(index, [...(out.target.get(index) ?? []), error.message]);
    } else if (field === 'fromEmail') out.fromEmail.push(error.message);
    else if (field === 'toEmails') out.toEmails.push(error.message);
    else out.other.push(error.message);
  }
  return out;
}

/** Catch-alls last, then by address. */
export function sortForwards(list: readonly EmailForwarding[]): EmailForwarding[] {
  return [...list].sort((a, b) => Number(a.catchAll) - Number(b.catchAll) || a.fromEmail.localeCompare(b.fromEmail));
}

/** Forwards with an edit waiting in the outbox (or made here and never sent). */
export function pendingForwards(forwards: readonly EmailForwarding[], entries: readonly OutboxEntry[]): Set<string> {
  return pendingDocs(forwards, entries, 'emailForwardings');
}
