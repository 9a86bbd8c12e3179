// Names of related things (a record's domain, a deployment's project, a
// package's owner) read once from the cache and kept for the session.
// `nameOf` is safe to call while rendering: it reads a reactive map and
// asks the cache in the background; the name appears when it is known.

import { SvelteMap } from 'svelte/reactivity';
import * as ipc from '../ipc';
import { app } from '../app.svelte';
import { str } from './doc';

export type NameKind = 'domain' | 'project' | 'package' | 'supportPackage' | 'person';

/** Known names by workspace, kind and id; null when the thing is not in the cache. */
const known = new SvelteMap<string, string | null>();
/** Keys asked for already (not reactive: written while rendering). */
const asked = new Set<string>();

function keyOf(kind: NameKind, id: string): string {
  return `${app.state?.current?.id ?? ''}|${kind}|${id}`;
}

async function read(kind: NameKind, id: string): Promise<string | null> {
  switch (kind) {
    case 'domain':
      return str(await ipc.document('domains', id), 'domainName');
    case 'project': {
      const doc = await ipc.document('hostingProjects', id);
      return str(doc, 'displayName') || str(doc, 'projectName');
    }
    case 'package':
      return str(await ipc.document('hostingPackages', id), 'packageName');
    case 'supportPackage':
      return str(await ipc.document('supportPackages', id), 'packageName');
    case 'person':
      return (await ipc.person(id)).fullName || null;
  }
}

/** The name of a related thing; undefined until known (or when unknown). */
export function nameOf(kind: NameKind, id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  const key = keyOf(kind, id);
  const name = known.get(key);
  if (name === undefined && !asked.has(key)) {
    asked.add(key);
    read(kind, id).then(
      (found) => known.set(key, found),
      () => known.set(key, null),
    );
  }
  return name ?? undefined;
}

/** Records a name already at hand (a list just read), so it is not asked for. */
export function remember(kind: NameKind, id: string, name: string | null | undefined): void {
  if (!name) return;
  const key = keyOf(kind, id);
  asked.add(key);
  if (known.get(key) !== name) known.set(key, name);
}
