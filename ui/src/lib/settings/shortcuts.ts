// Every keyboard shortcut of the app, in one list: the settings screen shows
// it, and the components that handle keys are written against it. `Mod` is
// Ctrl, or ⌘ on macOS.

export interface Shortcut {
  /** Alternative key combinations, each a list of keys pressed together. */
  combos: string[][];
  description: string;
  /** Where it works. */
  where: string;
}

export const shortcuts: readonly Shortcut[] = [
  { combos: [['Mod', 'K']], description: 'Open the command palette: screens, domains, customers, tickets', where: 'Everywhere' },
  { combos: [['Alt', '1…9']], description: 'Jump to the first nine screens of the sidebar, in order', where: 'Everywhere' },
  { combos: [['Alt', '←']], description: 'Go back to the previous screen', where: 'Everywhere' },
  { combos: [['↑'], ['k']], description: 'Move to the previous row', where: 'Lists' },
  { combos: [['↓'], ['j']], description: 'Move to the next row', where: 'Lists' },
  { combos: [['Home'], ['End']], description: 'Move to the first or last row', where: 'Lists' },
  { combos: [['PageUp'], ['PageDown']], description: 'Move a page up or down', where: 'Lists' },
  { combos: [['Enter']], description: 'Open the active row', where: 'Lists, command palette' },
  { combos: [['Space']], description: 'Select or unselect the active row', where: 'Lists with selection' },
  { combos: [['/']], description: 'Search: domains by name, tickets by the words of their subjects and messages', where: 'Domains, ticket queue' },
  { combos: [['Mod', 'A']], description: 'Select every domain in the list', where: 'Domains' },
  { combos: [['T']], description: 'Apply a DNS template (SPF, DMARC, mail, hosting) to many domains', where: 'DNS' },
  { combos: [['r']], description: 'Write a reply', where: 'Ticket' },
  { combos: [['n']], description: 'Write an internal note (staff)', where: 'Ticket' },
  { combos: [['a']], description: 'Assign the ticket to me (staff)', where: 'Ticket' },
  { combos: [['s']], description: 'Change the status', where: 'Ticket' },
  { combos: [['e']], description: 'Close the ticket, after a yes (staff)', where: 'Ticket' },
  { combos: [['Mod', 'Enter']], description: 'Send the reply or note', where: 'Ticket composer' },
  { combos: [['Mod', '/']], description: 'Insert a canned reply: find it by title, Enter inserts it at the cursor (staff)', where: 'Ticket composer' },
  { combos: [['Esc']], description: 'Close the palette, a dialog or a menu', where: 'Everywhere' },
];

/** Whether the keyboard's command key is ⌘ (macOS). */
export function isMac(platform: string = typeof navigator === 'undefined' ? '' : navigator.platform): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

/** A key as printed on the keyboard of this platform. */
export function keyLabel(key: string, mac: boolean): string {
  if (key === 'Mod') return mac ? '⌘' : 'Ctrl';
  if (key === 'Alt') return mac ? '⌥' : 'Alt';
  return key;
}

/** `Ctrl+K`, `⌘K`. */
export function comboLabel(combo: readonly string[], mac: boolean): string {
  return combo.map((key) => keyLabel(key, mac)).join(mac ? '' : '+');
}
