import { describe, expect, it } from 'vitest';
import type { DomainTemplateResult, TemplateInfo, TemplateReport } from '../ipc';
import {
  domainsText,
  errorsByParam,
  filterResults,
  initialValues,
  needsConfirmation,
  paramProblems,
  progressShare,
  progressText,
  resultLine,
  selectionOf,
  skipCounts,
  skipLabel,
  templateRequest,
  toQueue,
} from './templates';

const dmarc: TemplateInfo = {
  id: 'dmarc',
  title: 'DMARC',
  description: 'A DMARC record',
  params: [
    { name: 'policy', label: 'Policy', help: '', kind: 'choice', choices: ['none', 'quarantine', 'reject'], default: 'none', required: false },
    { name: 'rua', label: 'Reports to', help: '', kind: 'text', choices: [], default: null, required: false },
    { name: 'replace', label: 'Replace', help: '', kind: 'flag', choices: [], default: 'no', required: false },
  ],
};

const hosting: TemplateInfo = {
  id: 'provider-hosting',
  title: 'HostJamstack hosting',
  description: '',
  params: [{ name: 'project', label: 'Project', help: '', kind: 'text', choices: [], default: null, required: true }],
};

const owner = { ownerId: 'u1', ownerEmail: 'owner@example.com', ownerName: 'Owner One' };

function applied(name: string, safety: string[] = []): DomainTemplateResult {
  return {
    domainId: `id-${name}`,
    domainName: name,
    displayName: name,
    ...owner,
    status: 'applied',
    summary: '1 added',
    added: 1,
    changed: 0,
    removed: 0,
    diff: [`+ _dmarc 3600 TXT v=DMARC1; p=reject`],
    notes: [],
    safety: safety.map((message) => ({ code: 'large_change', message })),
    entryId: null,
  };
}

function skipped(name: string, code: string): DomainTemplateResult {
  return { domainId: `id-${name}`, domainName: name, displayName: name, ...owner, status: 'skipped', code, reason: `${name}: ${code}` };
}

function report(results: DomainTemplateResult[]): TemplateReport {
  const applied = results.filter((r) => r.status === 'applied').length;
  return {
    template: 'dmarc',
    title: 'DMARC',
    dryRun: true,
    applied,
    skipped: results.length - applied,
    needsConfirmation: results.filter(needsConfirmation).length,
    results,
  };
}

describe('template parameters', () => {
  it('start at their defaults and send only what has a value', () => {
    const values = initialValues(dmarc);
    expect(values).toEqual({ policy: 'none', rua: '', replace: 'no' });
    expect(templateRequest(dmarc, { ...values, rua: '  dmarc@example.com ' })).toEqual({
      id: 'dmarc',
      params: { policy: 'none', rua: 'dmarc@example.com', replace: 'no' },
    });
  });

  it('are checked for what the form can see: required values, choices and flags', () => {
    expect(paramProblems(dmarc, { policy: 'Reject', rua: '', replace: 'yes' })).toEqual({});
    expect(paramProblems(dmarc, { policy: 'maybe', rua: '', replace: 'perhaps' })).toEqual({
      policy: 'Policy: choose none, quarantine, reject',
      replace: 'Replace: choose yes, no',
    });
    expect(paramProblems(hosting, { project: ' ' })).toEqual({ project: 'Project is required' });
  });

  it("take the engine's refusals by parameter, list items included", () => {
    const spf: TemplateInfo = { ...dmarc, params: [{ ...dmarc.params[1]!, name: 'include', kind: 'list' }] };
    expect(
      errorsByParam(spf, [
        { field: 'include[0]', code: 'invalid_hostname', message: 'bad one' },
        { field: 'include[2]', code: 'invalid_hostname', message: 'bad two' },
        { field: 'id', code: 'unknown_template', message: 'no such template' },
      ]),
    ).toEqual({ include: 'bad one; bad two', '': 'no such template' });
  });
});

describe('the domains a template goes to', () => {
  it('are all, one client’s, or the ones picked; incomplete choices send nothing', () => {
    expect(selectionOf('all', 'ignored', ['x'])).toEqual({ kind: 'all', client: null });
    expect(selectionOf('client', 'u1', [])).toEqual({ kind: 'all', client: 'u1' });
    expect(selectionOf('client', null, [])).toBeNull();
    expect(selectionOf('selected', null, ['a.com', 'b.com'])).toEqual({ kind: 'listed', domains: ['a.com', 'b.com'] });
    expect(selectionOf('selected', 'u1', [])).toBeNull();
  });
});

describe('a run’s report', () => {
  const run = report([
    applied('a.com'),
    applied('b.com', ['it changes or removes 3 of the zone’s 5 records (more than 30 %)']),
    skipped('c.com', 'conflict'),
    skipped('d.com', 'already_applied'),
    skipped('e.com', 'already_applied'),
  ]);

  it('counts skips by reason, most first', () => {
    expect(skipCounts(run)).toEqual([
      { code: 'already_applied', label: 'already applied', count: 2 },
      { code: 'conflict', label: 'conflicting record', count: 1 },
    ]);
    expect(skipLabel('something_new')).toBe('something new');
  });

  it('filters by what happened', () => {
    const names = (filter: Parameters<typeof filterResults>[1]) => filterResults(run.results, filter).map((r) => r.domainName);
    expect(names('all')).toHaveLength(5);
    expect(names('applied')).toEqual(['a.com', 'b.com']);
    expect(names('confirm')).toEqual(['b.com']);
    expect(names('skipped')).toEqual(['c.com', 'd.com', 'e.com']);
  });

  it('queues the domains needing confirmation only once confirmed', () => {
    expect(toQueue(run, false)).toBe(1);
    expect(toQueue(run, true)).toBe(2);
  });

  it('describes each domain in one line', () => {
    expect(resultLine(run.results[1]!)).toBe('1 added — needs confirmation: it changes or removes 3 of the zone’s 5 records (more than 30 %)');
    expect(resultLine(run.results[2]!)).toBe('c.com: conflict');
  });
});

describe('progress', () => {
  it('reads as a share and a sentence', () => {
    expect(progressShare(null)).toBe(0);
    expect(progressShare({ phase: 'checking', done: 0, total: 0 })).toBe(0);
    expect(progressShare({ phase: 'checking', done: 2500, total: 10000 })).toBe(0.25);
    expect(progressText({ phase: 'checking', done: 5000, total: 10000 })).toBe('Checking 5,000 of 10,000 domains');
    expect(progressText({ phase: 'queueing', done: 1, total: 1 })).toBe('Queueing 1 of 1 plan');
    expect(progressText(null)).toBe('Starting…');
    expect(domainsText(1)).toBe('1 domain');
  });
});
