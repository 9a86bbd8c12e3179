// Reads the colours a stylesheet really gives an element, to check their
// contrast (WCAG 2). A small cascade over plain CSS text: the theme tokens
// of :root and :root[data-theme='dark'], and the rules whose selectors
// match an element described by its tag, classes, attributes and states
// (hover, active, focus-visible, disabled). Enough for the app's own
// stylesheet and components; anything it does not understand throws rather
// than being skipped, so a check built on it cannot pass by not looking.

export type Rgb = readonly [number, number, number];

/** `#abc` or `#aabbcc`. */
export function parseHex(value: string): Rgb {
  const hex = value.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(hex);
  if (short) return [parseInt(short[1]! + short[1]!, 16), parseInt(short[2]! + short[2]!, 16), parseInt(short[3]! + short[3]!, 16)];
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(hex);
  if (long) return [parseInt(long[1]!, 16), parseInt(long[2]!, 16), parseInt(long[3]!, 16)];
  throw new Error(`not a #rrggbb colour: ${value}`);
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance. */
export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio, from 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `top` drawn at `alpha` over `bottom`. */
export function blend(top: Rgb, bottom: Rgb, alpha: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(top[i]! * alpha + bottom[i]! * (1 - alpha))) as unknown as Rgb;
}

// --- Rules -------------------------------------------------------------------

export interface Declaration {
  value: string;
  important: boolean;
}

export interface Rule {
  selectors: string[];
  declarations: Map<string, Declaration>;
  /** Position in the sheets given, for ties. */
  order: number;
}

/** Splits on `separator` outside brackets, parentheses and quotes. */
function splitTop(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The index of the `}` closing the block opened at `open`. */
function closing(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces');
}

/**
 * The style rules of one or more sheets, in order. `@keyframes` hold no
 * rules for elements and are skipped; any other at-rule (a media query could
 * change a button's colours) throws, to be taught here first.
 */
export function parseRules(...sheets: string[]): Rule[] {
  const rules: Rule[] = [];
  for (const sheet of sheets) {
    const css = sheet.replace(/\/\*[\s\S]*?\*\//g, '');
    let at = 0;
    while (at < css.length) {
      const open = css.indexOf('{', at);
      if (open === -1) break;
      const prelude = css.slice(at, open).trim();
      const end = closing(css, open);
      if (prelude.startsWith('@')) {
        if (!/^@(-webkit-)?keyframes\b/.test(prelude)) throw new Error(`unsupported at-rule: ${prelude}`);
      } else {
        const declarations = new Map<string, Declaration>();
        for (const line of splitTop(css.slice(open + 1, end), ';')) {
          const colon = line.indexOf(':');
          if (colon === -1) continue;
          const property = line.slice(0, colon).trim().toLowerCase();
          let value = line.slice(colon + 1).trim();
          const important = /!\s*important$/i.test(value);
          if (important) value = value.replace(/!\s*important$/i, '').trim();
          declarations.set(property, { value, important });
        }
        rules.push({ selectors: splitTop(prelude, ','), declarations, order: rules.length });
      }
      at = end + 1;
    }
  }
  return rules;
}

// --- Theme tokens --------------------------------------------------------------

export type Tokens = Record<string, string>;

/** The custom properties of each theme: light from `:root`, dark over it from `:root[data-theme='dark']`. */
export function themeTokens(rules: readonly Rule[]): { light: Tokens; dark: Tokens } {
  const of = (selector: string): Tokens => {
    const tokens: Tokens = {};
    for (const rule of rules) {
      if (!rule.selectors.some((s) => s.replace(/\s+/g, '').replace(/"/g, "'") === selector)) continue;
      for (const [property, { value }] of rule.declarations) if (property.startsWith('--')) tokens[property] = value;
    }
    return tokens;
  };
  const light = of(':root');
  return { light, dark: { ...light, ...of(":root[data-theme='dark']") } };
}

/** Replaces every `var(--x)` (and `var(--x, fallback)`) by its token, as deep as it goes. */
export function resolveVars(value: string, tokens: Tokens, seen: readonly string[] = []): string {
  return value.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)/g, (_, name: string, fallback: string | undefined) => {
    if (seen.includes(name)) throw new Error(`var(${name}) refers to itself`);
    const token = tokens[name] ?? fallback;
    if (token == null) throw new Error(`no token ${name}`);
    return resolveVars(token, tokens, [...seen, name]);
  });
}

// --- Selectors -------------------------------------------------------------------

export type State = 'hover' | 'active' | 'focus-visible' | 'disabled';

/** The element whose style is asked for. */
export interface Target {
  tag: string;
  classes?: readonly string[];
  attrs?: Readonly<Record<string, string>>;
  states?: readonly State[];
}

export type Specificity = readonly [number, number, number];

const add = (a: Specificity, b: Specificity): Specificity => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const max = (list: Specificity[]): Specificity => list.reduce((a, b) => (compare(a, b) >= 0 ? a : b), [0, 0, 0] as Specificity);

function compare(a: Specificity, b: Specificity): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** One compound selector's simple selectors: `button`, `.primary`, `:not(:disabled)`, `[aria-busy='true']`. */
function simpleSelectors(compound: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < compound.length) {
    let j = i + 1;
    if (compound[i] === '[') {
      j = compound.indexOf(']', i) + 1;
    } else {
      if (compound.startsWith('::', i)) j = i + 2;
      while (j < compound.length && !'.#[:'.includes(compound[j]!)) {
        if (compound[j] === '(') {
          let depth = 0;
          for (; j < compound.length; j++) {
            if (compound[j] === '(') depth++;
            else if (compound[j] === ')' && --depth === 0) break;
          }
        }
        j++;
      }
    }
    if (j <= i) throw new Error(`cannot read selector ${compound}`);
    parts.push(compound.slice(i, j));
    i = j;
  }
  return parts;
}

interface Match {
  matches: boolean;
  specificity: Specificity;
}

/** A simple selector's match; `unknown` for a pseudo-class this module cannot judge. */
interface SimpleMatch {
  matches: boolean | 'unknown';
  specificity: Specificity;
}

function matchSimple(simple: string, target: Target): SimpleMatch {
  const states = target.states ?? [];
  const functional = /^:(not|is|where)\((.*)\)$/.exec(simple);
  if (functional) {
    const inner = splitTop(functional[2]!, ',').map((s) => matchCompound(s, target));
    const any = inner.some((m) => m.matches);
    const specificity = functional[1] === 'where' ? ([0, 0, 0] as const) : max(inner.map((m) => m.specificity));
    return { matches: functional[1] === 'not' ? !any : any, specificity };
  }
  if (simple.startsWith('::')) return { matches: false, specificity: [0, 0, 1] };
  if (simple.startsWith('.')) return { matches: (target.classes ?? []).includes(simple.slice(1)), specificity: [0, 1, 0] };
  if (simple.startsWith('#')) return { matches: false, specificity: [1, 0, 0] };
  if (simple.startsWith('[')) {
    const attr = /^\[\s*([\w-]+)\s*(?:=\s*(?:'([^']*)'|"([^"]*)"|([^\]\s]+)))?\s*\]$/.exec(simple);
    if (!attr) throw new Error(`unsupported attribute selector ${simple}`);
    const value = target.attrs?.[attr[1]!];
    const wanted = attr[2] ?? attr[3] ?? attr[4];
    return { matches: value !== undefined && (wanted === undefined || value === wanted), specificity: [0, 1, 0] };
  }
  if (simple.startsWith(':')) {
    const name = simple.slice(1);
    const pseudo: Record<string, boolean> = {
      hover: states.includes('hover'),
      active: states.includes('active'),
      'focus-visible': states.includes('focus-visible'),
      focus: states.includes('focus-visible'),
      disabled: states.includes('disabled'),
      enabled: !states.includes('disabled'),
      root: false,
    };
    return { matches: name in pseudo ? pseudo[name]! : 'unknown', specificity: [0, 1, 0] };
  }
  if (simple === '*') return { matches: true, specificity: [0, 0, 0] };
  if (/^[a-z][\w-]*$/i.test(simple)) return { matches: simple.toLowerCase() === target.tag, specificity: [0, 0, 1] };
  throw new Error(`unsupported selector ${simple}`);
}

/**
 * A compound selector against the target. A pseudo-class it cannot judge
 * throws, unless another part already rules the target out (`input:invalid`).
 */
function matchCompound(compound: string, target: Target): Match {
  let specificity: Specificity = [0, 0, 0];
  let matches = true;
  let unknown: string | null = null;
  for (const simple of simpleSelectors(compound.trim())) {
    const m = matchSimple(simple, target);
    specificity = add(specificity, m.specificity);
    if (m.matches === 'unknown') unknown = simple;
    else matches &&= m.matches;
  }
  if (matches && unknown) throw new Error(`unsupported pseudo-class ${unknown} in ${compound}`);
  return { matches, specificity };
}

/** A compound's specificity alone (an ancestor's: whether it matches is not asked). */
function specificityOf(compound: string): Specificity {
  return simpleSelectors(compound.trim())
    .map((simple): Specificity => {
      const functional = /^:(not|is|where)\((.*)\)$/.exec(simple);
      if (functional) return functional[1] === 'where' ? [0, 0, 0] : max(splitTop(functional[2]!, ',').map(specificityOf));
      if (simple.startsWith('#')) return [1, 0, 0];
      if (simple.startsWith('::') || /^[a-z]/i.test(simple)) return [0, 0, 1];
      if (simple === '*') return [0, 0, 0];
      return [0, 1, 0];
    })
    .reduce(add, [0, 0, 0]);
}

/**
 * Whether a complex selector matches the target. With ancestors
 * (`.sidebar .entry`), only `assumeAncestors` lets it match: right for a
 * component's own sheet, whose wrapper always holds its elements; never for
 * the app's sheet, where it would apply a rule out of its context.
 */
export function matchSelector(selector: string, target: Target, assumeAncestors = false): Match {
  const compounds = selector
    .replace(/\s*([>+~])\s*/g, ' ')
    .split(/\s+/)
    .filter((c) => c !== '');
  const last = matchCompound(compounds[compounds.length - 1]!, target);
  let specificity = last.specificity;
  for (const ancestor of compounds.slice(0, -1)) specificity = add(specificity, specificityOf(ancestor));
  const matches = last.matches && (compounds.length === 1 || assumeAncestors);
  return { matches, specificity };
}

// --- The cascade ---------------------------------------------------------------------

export interface Winner {
  value: string;
  rule: Rule;
  selector: string;
}

/**
 * The declared value that wins for the target, for each group of properties
 * that set the same thing (`background` and `background-color`); inherited
 * values are not followed (see `shown`).
 */
export function cascade(
  rules: readonly Rule[],
  target: Target,
  groups: Readonly<Record<string, readonly string[]>>,
  assumeAncestors = false,
): Map<string, Winner> {
  const candidates: { rule: Rule; selector: string; specificity: Specificity }[] = [];
  for (const rule of rules) {
    let best: { selector: string; specificity: Specificity } | null = null;
    for (const selector of rule.selectors) {
      const m = matchSelector(selector, target, assumeAncestors);
      if (m.matches && (!best || compare(m.specificity, best.specificity) > 0)) best = { selector, specificity: m.specificity };
    }
    if (best) candidates.push({ rule, ...best });
  }
  // Later wins: by specificity, then by order in the sheets; !important above all.
  candidates.sort((a, b) => compare(a.specificity, b.specificity) || a.rule.order - b.rule.order);
  const winners = new Map<string, Winner & { important: boolean }>();
  for (const { rule, selector } of candidates) {
    for (const [group, properties] of Object.entries(groups)) {
      for (const property of properties) {
        const declaration = rule.declarations.get(property);
        if (!declaration) continue;
        if (winners.get(group)?.important && !declaration.important) continue;
        winners.set(group, { value: declaration.value, rule, selector, important: declaration.important });
      }
    }
  }
  return winners;
}

// --- What a button looks like ------------------------------------------------------------

export interface Look {
  /** The declared text colour (`var(--accent-text)`), or `inherit`. */
  color: string;
  /** The declared background (`var(--accent)`), or `transparent`. */
  background: string;
  opacity: number;
}

/** The winning text colour, background and opacity of the target, as declared. */
export function look(rules: readonly Rule[], target: Target, assumeAncestors = false): Look {
  const winners = cascade(rules, target, { color: ['color'], background: ['background', 'background-color'], opacity: ['opacity'] }, assumeAncestors);
  const opacity = winners.get('opacity')?.value;
  return {
    color: winners.get('color')?.value ?? 'inherit',
    background: winners.get('background')?.value ?? 'transparent',
    opacity: opacity === undefined ? 1 : Number(opacity),
  };
}

export interface Shown {
  text: Rgb;
  background: Rgb;
  ratio: number;
}

/**
 * The colours on screen for a look in one theme: `inherit` text takes the
 * parent's (`parentText`, a token), a transparent background shows the
 * surface under the element (`under`, a token), and opacity blends both
 * into that surface.
 */
export function shown(style: Look, tokens: Tokens, under: string, parentText = '--text'): Shown {
  const surface = parseHex(resolveVars(`var(${under})`, tokens));
  const color = style.color === 'inherit' || style.color === 'currentcolor' ? `var(${parentText})` : style.color;
  const text = parseHex(resolveVars(color, tokens));
  const declared = resolveVars(style.background, tokens).trim();
  const background = declared === 'none' || declared === 'transparent' ? surface : parseHex(declared);
  if (!(style.opacity >= 0 && style.opacity <= 1)) throw new Error(`unsupported opacity ${style.opacity}`);
  const shownBackground = blend(background, surface, style.opacity);
  const shownText = blend(text, surface, style.opacity);
  return { text: shownText, background: shownBackground, ratio: contrast(shownText, shownBackground) };
}
