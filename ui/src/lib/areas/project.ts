// Hosting projects: environment variables shown without their values, and
// the project's domains.

import { bool, objects, str } from './doc';

type Source = Record<string, unknown> | null | undefined;

/** What the app shows for a variable's value: never the value itself. */
export const MASK = '••••••••';

export interface EnvRow {
  /** `key/environment`: keys repeat across environments. */
  id: string;
  key: string;
  environment: string;
  secret: boolean;
  /** The masked value, or why there is none. */
  value: string;
}

/** A project's environment variables, by key then environment, values masked. */
export function envRows(doc: Source): EnvRow[] {
  const order = ['production', 'preview', 'development'];
  return objects(doc, 'environmentVariables')
    .map((v) => {
      const key = str(v, 'key') ?? '';
      const environment = str(v, 'environment') ?? '';
      const secret = bool(v, 'isSecret') === true;
      const hasValue = v.value != null && v.value !== '';
      return {
        id: `${key}/${environment}`,
        key,
        environment,
        secret,
        value: secret ? `${MASK} (secret, kept by the provider)` : hasValue ? MASK : '(empty)',
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key) || order.indexOf(a.environment) - order.indexOf(b.environment));
}

export interface ProjectDomainRow {
  domain: string;
  type: string;
  ssl: boolean | null;
  createdAt: string | null;
}

/** The project's domains, production first. */
export function projectDomains(doc: Source): ProjectDomainRow[] {
  return objects(doc, 'domains')
    .map((d) => ({ domain: str(d, 'domain') ?? '', type: str(d, 'type') ?? '', ssl: bool(d, 'sslEnabled'), createdAt: str(d, 'createdAt') }))
    .sort((a, b) => (a.type === b.type ? a.domain.localeCompare(b.domain) : a.type === 'production' ? -1 : 1));
}

const providers: Record<string, string> = { github: 'GitHub', gitlab: 'GitLab', bitbucket: 'Bitbucket' };

/** `github` → `GitHub`; other names as they are. */
export function providerName(provider: string | null): string {
  if (!provider) return '';
  return providers[provider.toLowerCase()] ?? provider;
}
