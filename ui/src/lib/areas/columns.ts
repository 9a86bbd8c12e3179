// Column sets shared by more than one screen (hosting packages on Hosting
// and Customer; deployments on Deployments and Project).

import { label } from '../format';
import type { Doc } from '../ipc';
import type { Column } from '../components/table';
import { priceText } from './billing';
import { num, objects, shortSha, str } from './doc';
import { nameOf } from './names.svelte';
import { highestUsage, resourceUsage } from './usage';

export function packageColumns(withOwner: boolean): Column<Doc>[] {
  return [
    { key: 'name', label: 'Package', get: (d) => str(d, 'packageName') },
    { key: 'type', label: 'Type', get: (d) => label(str(d, 'packageType')) },
    { key: 'status', label: 'Status', get: (d) => str(d, 'status'), kind: 'badge' },
    ...(withOwner ? [{ key: 'customer', label: 'Customer', get: (d: Doc) => nameOf('person', str(d, 'userId')) ?? '' }] : []),
    { key: 'storage', label: 'Storage', get: (d) => resourceUsage(d, 'storage'), kind: 'meter' },
    { key: 'bandwidth', label: 'Bandwidth', get: (d) => resourceUsage(d, 'bandwidth'), kind: 'meter' },
    { key: 'databases', label: 'Databases', get: (d) => resourceUsage(d, 'databases'), kind: 'meter' },
    { key: 'email', label: 'E-mail', get: (d) => resourceUsage(d, 'emailAccounts'), kind: 'meter' },
    { key: 'price', label: 'Price', get: (d) => priceText(d), sortBy: (d) => num(d, 'price'), align: 'end' },
    { key: 'next', label: 'Next billing', get: (d) => str(d, 'nextBillingDate'), kind: 'date' },
    { key: 'location', label: 'Location', get: (d) => str(d, 'serverLocation') },
  ];
}

/** Packages with a resource at 90 % or more stand out. */
export function packageRowClass(doc: Doc): string | null {
  return (highestUsage(doc) ?? 0) >= 90 ? 'alert' : null;
}

export function projectColumns(): Column<Doc>[] {
  return [
    { key: 'name', label: 'Project', get: (d) => str(d, 'displayName') || str(d, 'projectName') },
    { key: 'status', label: 'Status', get: (d) => str(d, 'status'), kind: 'badge' },
    { key: 'branch', label: 'Branch', get: (d) => str(d, 'repository.branch'), kind: 'mono' },
    { key: 'domains', label: 'Domains', get: (d) => objects(d, 'domains').map((o) => str(o, 'domain') ?? ''), kind: 'list' },
    { key: 'updated', label: 'Updated', get: (d) => str(d, 'updatedAt'), kind: 'relative' },
  ];
}

export function deploymentColumns(withProject: boolean): Column<Doc>[] {
  return [
    { key: 'id', label: 'Deployment', get: (d) => str(d, 'deploymentId'), kind: 'mono' },
    ...(withProject ? [{ key: 'project', label: 'Project', get: (d: Doc) => nameOf('project', str(d, 'projectId')) ?? '' }] : []),
    { key: 'status', label: 'Status', get: (d) => str(d, 'status'), kind: 'badge' },
    { key: 'environment', label: 'Environment', get: (d) => str(d, 'environment'), kind: 'badge', tone: (v) => (v === 'production' ? 'info' : 'neutral') },
    { key: 'commit', label: 'Commit', get: (d) => str(d, 'source.commitMessage') ?? (str(d, 'source.type') === 'upload' ? 'Upload' : null) },
    { key: 'sha', label: 'SHA', get: (d) => shortSha(str(d, 'source.commitSha')), kind: 'mono' },
    { key: 'branch', label: 'Branch', get: (d) => str(d, 'source.branch'), kind: 'mono' },
    { key: 'author', label: 'Author', get: (d) => str(d, 'source.author') },
    { key: 'duration', label: 'Duration', get: (d) => num(d, 'buildDuration'), kind: 'duration', align: 'end' },
    { key: 'created', label: 'Created', get: (d) => str(d, 'createdAt'), kind: 'relative' },
  ];
}

/** Failed deployments stand out. */
export function deploymentRowClass(doc: Doc): string | null {
  return str(doc, 'status') === 'error' ? 'alert' : null;
}
