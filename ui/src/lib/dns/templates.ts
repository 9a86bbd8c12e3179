// A DNS template applied to many domains: the form's values and what it can
// check by itself (required values, choices), the request and selection it
// sends, and how a run's report is counted, filtered and described. The
// engine checks everything else and names the parameter at fault.

import type {
  DomainSelection,
  DomainTemplateResult,
  FieldError,
  TemplateInfo,
  TemplateParam,
  TemplateProgress,
  TemplateReport,
  TemplateRequest,
} from '../ipc';

export type ParamValues = Record<string, string>;

/** Each parameter's text, starting at its default (flags as yes/no). */
export function initialValues(info: TemplateInfo): ParamValues {
  return Object.fromEntries(info.params.map((p) => [p.name, p.default ?? '']));
}

/** What the form can tell without the engine: a missing required value, a choice or flag that is not one of its values. */
export function paramProblems(info: TemplateInfo, values: ParamValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const param of info.params) {
    const value = (values[param.name] ?? '').trim();
    if (value === '') {
      if (param.required) problems[param.name] = `${param.label} is required`;
      continue;
    }
    const allowed = allowedValues(param);
    if (allowed && !allowed.includes(value.toLowerCase())) {
      problems[param.name] = `${param.label}: choose ${allowed.join(', ')}`;
    }
  }
  return problems;
}

function allowedValues(param: TemplateParam): string[] | null {
  if (param.kind === 'choice') return param.choices;
  if (param.kind === 'flag') return ['yes', 'no'];
  return null;
}

/** The request: only parameters with a value (a left-out one takes its default in the engine). */
export function templateRequest(info: TemplateInfo, values: ParamValues): TemplateRequest {
  const params: Record<string, string> = {};
  for (const param of info.params) {
    const value = (values[param.name] ?? '').trim();
    if (value !== '') params[param.name] = value;
  }
  return { id: info.id, params };
}

/** The engine's refusals by parameter (`include[1]` counts for `include`); `id` and the rest under `''`. */
export function errorsByParam(info: TemplateInfo, fields: FieldError[]): Record<string, string> {
  const names = new Set(info.params.map((p) => p.name));
  const out: Record<string, string> = {};
  for (const field of fields) {
    const name = field.field.replace(/\[\d+\]$/, '');
    const key = names.has(name) ? name : '';
    out[key] = out[key] ? `${out[key]}; ${field.message}` : field.message;
  }
  return out;
}

export type Scope = 'all' | 'client' | 'selected';

/** The domains to send, or null while the choice is incomplete (no client, no domain picked). */
export function selectionOf(scope: Scope, clientId: string | null, selected: readonly string[]): DomainSelection | null {
  switch (scope) {
    case 'all':
      return { kind: 'all', client: null };
    case 'client':
      return clientId ? { kind: 'all', client: clientId } : null;
    case 'selected':
      return selected.length ? { kind: 'listed', domains: [...selected] } : null;
  }
}

const SKIP_LABELS: Record<string, string> = {
  already_applied: 'already applied',
  conflict: 'conflicting record',
  system_record: 'managed by HostJamstack',
  spf_multiple: 'several SPF records',
  spf_too_many_lookups: 'SPF lookup limit',
  not_applicable: 'not applicable',
  not_served: 'not on our name servers',
  refused: 'refused by the zone rules',
  confirmation_required: 'needs confirmation',
};

/** A skip code as people read it. */
export function skipLabel(code: string): string {
  return SKIP_LABELS[code] ?? code.replace(/_/g, ' ');
}

/** How many domains were skipped for each reason, most first (ties by code). */
export function skipCounts(report: TemplateReport): { code: string; label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const result of report.results) {
    if (result.status === 'skipped') counts.set(result.code, (counts.get(result.code) ?? 0) + 1);
  }
  return [...counts]
    .map(([code, count]) => ({ code, label: skipLabel(code), count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

export type ResultFilter = 'all' | 'applied' | 'confirm' | 'skipped';

/** Whether a result needs confirmation before it is queued. */
export function needsConfirmation(result: DomainTemplateResult): boolean {
  return result.status === 'applied' && result.safety.length > 0;
}

export function filterResults(results: readonly DomainTemplateResult[], filter: ResultFilter): DomainTemplateResult[] {
  switch (filter) {
    case 'all':
      return [...results];
    case 'applied':
      return results.filter((r) => r.status === 'applied');
    case 'confirm':
      return results.filter(needsConfirmation);
    case 'skipped':
      return results.filter((r) => r.status === 'skipped');
  }
}

/** How many domains an apply would queue: those needing confirmation only when confirmed. */
export function toQueue(report: TemplateReport, confirmed: boolean): number {
  return confirmed ? report.applied : report.applied - report.needsConfirmation;
}

const count = new Intl.NumberFormat('en');

/** `1 domain`, `10,000 domains`. */
export function domainsText(n: number): string {
  return `${count.format(n)} domain${n === 1 ? '' : 's'}`;
}

/** The share done, 0 to 1 (0 before anything is known). */
export function progressShare(progress: TemplateProgress | null): number {
  if (!progress || progress.total === 0) return 0;
  return Math.min(1, progress.done / progress.total);
}

/** `Checking 5,000 of 10,000 domains`, `Queueing 12 of 40 plans`. */
export function progressText(progress: TemplateProgress | null): string {
  if (!progress) return 'Starting…';
  const { done, total } = progress;
  return progress.phase === 'checking'
    ? `Checking ${count.format(done)} of ${domainsText(total)}`
    : `Queueing ${count.format(done)} of ${count.format(total)} plan${total === 1 ? '' : 's'}`;
}

/** One line for the result's row: the plan's summary, or why it was skipped. */
export function resultLine(result: DomainTemplateResult): string {
  if (result.status === 'skipped') return result.reason;
  const confirm = result.safety.map((s) => `needs confirmation: ${s.message}`);
  return [result.summary, ...confirm].join(' — ');
}

/** The owner as people know them. */
export function ownerOf(result: DomainTemplateResult): string {
  return result.ownerName ?? result.ownerEmail ?? result.ownerId;
}
