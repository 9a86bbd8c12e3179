// The small form that rewrites a refused domain-settings edit: each setting
// is "leave as is", on or off; name servers are left, the provider's
// defaults, or a list typed one per line.

import type { DomainSettings } from '../ipc';

export type Toggle = 'keep' | 'on' | 'off';
export type NameserverChoice = 'keep' | 'default' | 'custom';

export interface SettingsForm {
  autoRenew: Toggle;
  whoisPrivacy: Toggle;
  transferLock: Toggle;
  nameservers: NameserverChoice;
  /** One host per line (commas and spaces also separate). */
  nameserverText: string;
}

const toToggle = (value: boolean | undefined): Toggle => (value === undefined ? 'keep' : value ? 'on' : 'off');
const fromToggle = (value: Toggle): boolean | undefined => (value === 'keep' ? undefined : value === 'on');

export function formFromSettings(settings: DomainSettings): SettingsForm {
  const custom = settings.nameservers !== undefined && settings.useDefaultNameservers !== true;
  return {
    autoRenew: toToggle(settings.autoRenew),
    whoisPrivacy: toToggle(settings.whoisPrivacy),
    transferLock: toToggle(settings.transferLock),
    nameservers: settings.useDefaultNameservers === true ? 'default' : custom ? 'custom' : 'keep',
    nameserverText: (settings.nameservers ?? []).join('\n'),
  };
}

export function parseHosts(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((h) => h.trim())
    .filter((h) => h !== '');
}

export function settingsFromForm(form: SettingsForm): DomainSettings {
  const settings: DomainSettings = {};
  const autoRenew = fromToggle(form.autoRenew);
  const whoisPrivacy = fromToggle(form.whoisPrivacy);
  const transferLock = fromToggle(form.transferLock);
  if (autoRenew !== undefined) settings.autoRenew = autoRenew;
  if (whoisPrivacy !== undefined) settings.whoisPrivacy = whoisPrivacy;
  if (transferLock !== undefined) settings.transferLock = transferLock;
  if (form.nameservers === 'default') settings.useDefaultNameservers = true;
  if (form.nameservers === 'custom') {
    settings.nameservers = parseHosts(form.nameserverText);
    settings.useDefaultNameservers = false;
  }
  return settings;
}

/** True when the form changes nothing at all (nothing to send). */
export function isEmptySettings(settings: DomainSettings): boolean {
  return Object.values(settings).every((v) => v === undefined);
}
