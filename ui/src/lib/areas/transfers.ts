// Domain transfers: the steps a transfer goes through and where it stands.

import type { Tone } from '../format';
import { objects, str } from './doc';

type Source = Record<string, unknown> | null | undefined;

export type StepState = 'done' | 'current' | 'failed' | 'upcoming';

export interface TransferStep {
  key: string;
  label: string;
  state: StepState;
  /** When it happened (or, for the last step not yet done, when it is expected). */
  at: string | null;
  /** `at` is an estimate. */
  expected?: boolean;
}

/** Badge tones for transfer statuses the shared table does not know. */
export function transferTone(status: unknown): Tone | undefined {
  switch (status) {
    case 'approved':
      return 'info';
    case 'rejected':
      return 'bad';
    case 'incoming':
      return 'info';
    case 'outgoing':
      return 'neutral';
    default:
      return undefined;
  }
}

/** Requested → approved → completed, or the step where it stopped. */
export function transferSteps(doc: Source): TransferStep[] {
  const status = str(doc, 'status') ?? 'pending';
  const requested: TransferStep = { key: 'requested', label: 'Requested', state: 'done', at: str(doc, 'initiatedAt') ?? str(doc, 'createdAt') };
  const ended = str(doc, 'completedAt') ?? str(doc, 'updatedAt');
  if (status === 'rejected') {
    return [requested, { key: 'rejected', label: 'Rejected', state: 'failed', at: ended }];
  }
  if (status === 'failed') {
    return [requested, { key: 'failed', label: 'Failed', state: 'failed', at: ended }];
  }
  const estimate = str(doc, 'estimatedCompletionDate');
  const approved: TransferStep = {
    key: 'approved',
    label: 'Approved',
    state: status === 'pending' ? 'current' : 'done',
    at: null,
  };
  const completed: TransferStep =
    status === 'completed'
      ? { key: 'completed', label: 'Completed', state: 'done', at: str(doc, 'completedAt') }
      : { key: 'completed', label: 'Completed', state: status === 'approved' ? 'current' : 'upcoming', at: estimate, expected: estimate != null };
  return [requested, approved, completed];
}

/** `2 of 3 steps` style progress. */
export function transferProgress(steps: readonly TransferStep[]): { done: number; total: number } {
  return { done: steps.filter((s) => s.state === 'done').length, total: steps.length };
}

export interface TransferNotice {
  type: string;
  message: string;
  sentAt: string | null;
}

/** The transfer's messages (its `notifications`), oldest first. */
export function transferNotices(doc: Source): TransferNotice[] {
  return objects(doc, 'notifications')
    .map((n) => ({ type: str(n, 'type') ?? '', message: str(n, 'message') ?? '', sentAt: str(n, 'sentAt') }))
    .sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? ''));
}

/** When a transfer finished, or when it is expected to. */
export function transferDue(doc: Source): string | null {
  return str(doc, 'completedAt') ?? str(doc, 'estimatedCompletionDate');
}
