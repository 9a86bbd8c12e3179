// @vitest-environment node
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';
import FilterChipsSource from '../components/FilterChips.svelte?raw';
import LinkButtonSource from '../components/LinkButton.svelte?raw';
import SidebarSource from '../shell/Sidebar.svelte?raw';
import WorkspaceSwitcherSource from '../shell/WorkspaceSwitcher.svelte?raw';
import SignInSource from '../signin/SignIn.svelte?raw';
import { contrast, look, parseHex, parseRules, shown, themeTokens, type Rule, type State, type Target } from './contrast';

// Vitest hands every .css import over empty, `?raw` included (its `css`
// option, set in vite.config.ts, is off), so the sheet is read from disk.
const fsModule = 'node:fs';
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync(path: URL, encoding: 'utf8'): string };
const appCss = readFileSync(new URL('../../app.css', import.meta.url), 'utf8');

/** WCAG AA for text. */
const MIN = 4.5;

const themes = themeTokens(parseRules(appCss));

/** What a button can sit on: the window, a card, a sidebar or dialog footer. */
const SURFACES = ['--bg', '--surface', '--surface-2'];

const variants: Record<string, string[]> = { default: [], primary: ['primary'], danger: ['danger'] };

const states: Record<string, { states?: State[]; attrs?: Record<string, string> }> = {
  normal: {},
  hover: { states: ['hover'] },
  pressed: { states: ['hover', 'active'] },
  'keyboard focus': { states: ['focus-visible'] },
  'hovered with focus': { states: ['hover', 'focus-visible'] },
  disabled: { states: ['disabled'] },
  'disabled under the mouse': { states: ['disabled', 'hover'] },
  busy: { states: ['disabled'], attrs: { 'aria-busy': 'true' } },
  'busy under the mouse': { states: ['disabled', 'hover'], attrs: { 'aria-busy': 'true' } },
  'busy, not disabled': { states: ['hover'], attrs: { 'aria-busy': 'true' } },
};

interface Case {
  name: string;
  target: Target;
  under: readonly string[];
}

/** Every variant in every state: the buttons of app.css. */
function buttonCases(): Case[] {
  return Object.entries(variants).flatMap(([variant, classes]) =>
    Object.entries(states).map(([state, extra]) => ({
      name: `${variant} button, ${state}`,
      target: { tag: 'button', classes, attrs: { type: 'button', ...extra.attrs }, states: extra.states ?? [] },
      under: SURFACES,
    })),
  );
}

/** Each case in each theme on each surface below it that falls short of MIN, in words. */
function problems(rules: readonly Rule[], cases: readonly Case[], assumeAncestors = false): string[] {
  const found: string[] = [];
  for (const [theme, tokens] of Object.entries(themes)) {
    for (const { name, target, under } of cases) {
      const style = look(rules, target, assumeAncestors);
      for (const surface of under) {
        const { ratio } = shown(style, tokens, surface);
        if (ratio < MIN) {
          const faded = style.opacity < 1 ? ` at opacity ${style.opacity}` : '';
          found.push(`${theme}: ${name} on ${surface}: ${style.color} on ${style.background}${faded} = ${ratio.toFixed(2)}`);
        }
      }
    }
  }
  return found;
}

describe('contrast helper', () => {
  it('computes WCAG ratios', () => {
    expect(contrast(parseHex('#000'), parseHex('#ffffff'))).toBeCloseTo(21, 5);
    expect(contrast(parseHex('#777777'), parseHex('#ffffff'))).toBeCloseTo(4.48, 2);
    expect(() => parseHex('rgb(0, 0, 0)')).toThrow();
  });

  it('finds both themes’ tokens, dark over light', () => {
    expect(themes.light['--accent']).toMatch(/^#/);
    expect(themes.dark['--accent']).not.toBe(themes.light['--accent']);
    expect(themes.dark['--radius']).toBe(themes.light['--radius']);
  });

  it('follows specificity, then order', () => {
    const rules = parseRules('button:hover:not(:disabled) { color: red } button.x { color: blue } button.x:hover { color: green }');
    expect(look(rules, { tag: 'button', classes: ['x'], states: ['hover'] }).color).toBe('green');
    expect(look(rules, { tag: 'button', classes: [], states: ['hover'] }).color).toBe('red');
    expect(look(rules, { tag: 'button', classes: ['x'], states: ['hover', 'disabled'] }).color).toBe('green');
    expect(look(parseRules('button.x { color: blue } button { color: red !important }'), { tag: 'button', classes: ['x'] }).color).toBe('red');
  });

  it('refuses what it cannot judge rather than skipping it', () => {
    expect(() => look(parseRules('button:first-child { color: red }'), { tag: 'button' })).toThrow(/first-child/);
    expect(() => parseRules('@media (prefers-contrast: more) { button { color: red } }')).toThrow(/at-rule/);
    // A rule that cannot apply anyway is no trouble.
    expect(look(parseRules('input:invalid { color: red }'), { tag: 'button' }).color).toBe('inherit');
  });
});

describe('buttons in app.css', () => {
  const rules = parseRules(appCss);

  it('are readable in every state, in light and dark', () => {
    expect(problems(rules, buttonCases())).toEqual([]);
  });

  it('take their colours from the rules meant for each state', () => {
    const primary = (extra: Partial<Target>) => look(rules, { tag: 'button', classes: ['primary'], ...extra });
    expect(primary({})).toEqual({ color: 'var(--accent-text)', background: 'var(--accent)', opacity: 1 });
    expect(primary({ states: ['hover'] })).toEqual({ color: 'var(--accent-text)', background: 'var(--accent-hover)', opacity: 1 });
    expect(primary({ states: ['hover', 'active'] }).background).toBe('var(--accent-active)');
    expect(primary({ states: ['disabled'] })).toEqual({ color: 'var(--disabled-text)', background: 'var(--disabled-bg)', opacity: 1 });
    expect(primary({ states: ['disabled'], attrs: { 'aria-busy': 'true' } })).toEqual({
      color: 'var(--accent-text)',
      background: 'var(--accent)',
      opacity: 1,
    });
    const danger = look(rules, { tag: 'button', classes: ['danger'], states: ['hover'] });
    expect(danger).toEqual({ color: 'var(--bad)', background: 'var(--danger-hover)', opacity: 1 });
    expect(look(rules, { tag: 'button', states: ['hover'] })).toEqual({ color: 'inherit', background: 'var(--button-hover)', opacity: 1 });
  });

  it('would catch white text on a near-white hover background', () => {
    const broken = appCss.replace(/(button\.primary:hover:not\(:disabled\) \{\s*background: )var\(--accent-hover\)/, '$1var(--surface-2)');
    expect(broken).not.toBe(appCss);
    expect(problems(parseRules(broken), buttonCases()).some((p) => p.startsWith('light: primary button, hover'))).toBe(true);
  });

  it('would catch the generic hover winning over the primary button', () => {
    const broken = appCss.replace(/button\.primary:hover:not\(:disabled\) \{[^}]*\}/, '');
    expect(broken).not.toBe(appCss);
    expect(problems(parseRules(broken), buttonCases()).some((p) => p.includes('primary button, hover'))).toBe(true);
  });

  it('would catch busy or disabled buttons faded with opacity', () => {
    const faded = parseRules(`${appCss}\nbutton:disabled { opacity: 0.55; }`);
    const found = problems(faded, buttonCases());
    expect(found.some((p) => p.includes('busy'))).toBe(true);
    expect(found.some((p) => p.includes('disabled'))).toBe(true);
  });
});

/** A component's scoped style, as Svelte compiles it, and the class that scopes it. */
function componentStyle(source: string, filename: string): { rules: Rule[]; scope: string } {
  const css = compile(source, { filename, css: 'external' }).css?.code ?? '';
  const scope = /svelte-[a-z0-9]+/.exec(css)?.[0];
  if (!scope) throw new Error(`${filename} has no scoped style`);
  // The app's sheet comes first, as in the build: components win ties.
  return { rules: parseRules(appCss, css), scope };
}

/** A component's button-like element (its own classes) in every state but busy. */
function elementCases(name: string, classes: string[], scope: string, under: readonly string[]): Case[] {
  const plain = ['normal', 'hover', 'pressed', 'keyboard focus', 'disabled'] as const;
  return plain.map((state) => ({
    name: `${name}, ${state}`,
    target: { tag: 'button', classes: [...classes, scope], attrs: { type: 'button' }, states: states[state]!.states ?? [] },
    under,
  }));
}

describe('button-like elements of components', () => {
  // Their own sheets' descendant selectors (`.filters button.on`) are taken
  // to match: the component's wrapper always holds these elements.
  const check = (source: string, filename: string, elements: [string, string[], readonly string[]][]) => {
    const { rules, scope } = componentStyle(source, filename);
    return problems(
      rules,
      elements.flatMap(([name, classes, under]) => elementCases(`${filename} ${name}`, classes, scope, under)),
      true,
    );
  };

  it('link buttons', () => {
    expect(check(LinkButtonSource, 'LinkButton.svelte', [['link', ['link-button'], SURFACES]])).toEqual([]);
  });

  it('sidebar entries', () => {
    const sidebar = ['--surface-2'];
    expect(
      check(SidebarSource, 'Sidebar.svelte', [
        ['entry', ['entry'], sidebar],
        ['current entry', ['entry', 'active'], sidebar],
      ]),
    ).toEqual([]);
  });

  it('filter chips', () => {
    expect(
      check(FilterChipsSource, 'FilterChips.svelte', [
        ['chip', [], SURFACES],
        ['chosen chip', ['on'], SURFACES],
      ]),
    ).toEqual([]);
  });

  it('known-workspace chips of the sign-in screen', () => {
    expect(
      check(SignInSource, 'SignIn.svelte', [
        ['chip', ['chip'], ['--surface']],
        ['chosen chip', ['chip', 'chosen'], ['--surface']],
      ]),
    ).toEqual([]);
  });

  it('workspace switcher', () => {
    expect(
      check(WorkspaceSwitcherSource, 'WorkspaceSwitcher.svelte', [
        ['current workspace', ['current'], ['--surface-2']],
        ['menu item', ['item'], ['--surface']],
      ]),
    ).toEqual([]);
  });
});
