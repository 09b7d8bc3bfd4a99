/**
 * Hostile Markdown documents from a seeded PRNG, by family: every document is a pure function of
 * (family, index), so a failure names `family #index` and can be replayed with {@link hostileDocument}.
 * The ordinary drafts and edits come from test/support/editFuzz.ts; this file adds what a hostile
 * tester throws at a Markdown tool: deep nesting, huge lines, control characters and broken UTF-16,
 * odd line endings and BOMs, pathological tables, emphasis and brackets, unclosed constructs, and
 * concept terms split by every kind of break or pressed against astral characters.
 */
import { randomDocument, randomEdit, rng } from '../../support/editFuzz';

/** Concept forms to plant in documents (Chinese terms and English names of the shipped lexicon). */
export interface Vocabulary {
  readonly terms: readonly string[];
  readonly english: readonly string[];
}

type Next = () => number;

export interface Family {
  /** Shown on the PASS/FAIL line: `generated: <title>`. */
  readonly title: string;
  /** Short key for HOSTILE_FAMILY and replay. */
  readonly key: string;
  readonly count: number;
  /** Random edits applied through `update()` after the first annotation. */
  readonly edits: number;
  /** Also check that a BOM before the text only shifts the occurrences (see invariants.ts). */
  readonly bomShift?: boolean;
  /**
   * The document; or the document and a reference text that must carry the same concepts in the same
   * order (the same draft without the soft breaks inside its terms).
   */
  make(next: Next, vocab: Vocabulary): string | { text: string; reference: string };
}

const int = (next: Next, lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
const pick = <T>(next: Next, list: readonly T[]): T => list[Math.floor(next() * list.length)];
/** Log-uniform integer in [lo, hi]: small sizes often, large ones sometimes. */
const logInt = (next: Next, lo: number, hi: number) => Math.round(Math.exp(Math.log(lo) + next() * (Math.log(hi) - Math.log(lo))));
const term = (next: Next, v: Vocabulary) => (next() < 0.8 ? pick(next, v.terms) : pick(next, v.english));

/** A short prose line with a term or two in it. */
function prose(next: Next, v: Vocabulary): string {
  const parts = ['加快', term(next, v), '建设，', next() < 0.5 ? term(next, v) : '推动发展', next() < 0.7 ? '。' : ''];
  return parts.join('');
}

const ASTRAL = ['😀', '𠀀', '𝕏', '🇨🇳', '👩‍💻', '\u{10FFFF}', '\u{E0001}', '𪚥'];
const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800', '\uD83D', '\uDE00'];
const CONTROLS = [
  '\0', '\x01', '\x07', '\b', '\t', '\v', '\f', '\x1b', '\x1b[31m', '\x7f', '\x85', '\x9b', '\u2028', '\u2029',
  '\uFEFF', '\uFFFE', '\uFFFF', '\uFFFD', '\u200B', '\u200D', '\u202E', '\u00A0', '\u3000', '\0\0\0\0',
];
const BREAKS = ['\n', '\r\n', '\r', '\n\r', '\r\r\n', '\u2028', '\u0085', '\n\n', '\r\n\r\n', '\r\r'];

/** Nested openers and closers per construct, for the nesting families. */
const NESTERS: readonly ((depth: number, inner: string, next: Next) => string)[] = [
  (d, inner) => '>'.repeat(d) + ' ' + inner + '\n',
  // Staircases grow with the square of their depth: 300 steps are 90,000 characters already.
  (d, inner) => Array.from({ length: Math.min(d, 300) }, (_, i) => '> '.repeat(i + 1)).join('\n') + ' ' + inner + '\n',
  (d, inner) => Array.from({ length: Math.min(d, 300) }, (_, i) => '  '.repeat(i) + '- 项' + i).join('\n') + ' ' + inner + '\n',
  (d, inner) => '- '.repeat(d) + inner + '\n',
  (d, inner) => '1. '.repeat(d) + inner + '\n',
  (d, inner) => '*'.repeat(d) + inner + '*'.repeat(d) + '\n',
  (d, inner) => '_'.repeat(d) + inner + '_'.repeat(d) + '\n',
  (d, inner) => '**'.repeat(d) + inner + '\n',
  (d, inner) => '['.repeat(d) + inner + ']'.repeat(d) + '\n',
  (d, inner) => '['.repeat(d) + inner + '](x)'.repeat(Math.min(d, 2000)) + '\n',
  (d, inner) => '!['.repeat(d) + inner + '\n',
  (d, inner) => '<div>'.repeat(d) + inner + '</div>'.repeat(d) + '\n',
  (d, inner) => '<span>'.repeat(d) + '\n\n' + inner + '\n',
  (d, inner) => '`'.repeat(d) + inner + '\n',
  (d, inner) => '~~'.repeat(d) + inner + '~~'.repeat(d) + '\n',
  (d, inner, next) => Array.from({ length: d }, () => pick(next, ['> ', '- ', '* ', '1. ', '> - '])).join('') + inner + '\n',
  (d, inner, next) => Array.from({ length: d }, () => pick(next, ['*', '_', '[', '**', '<em>', '![', '`', '~'])).join('') + inner + '\n',
  (d, inner, next) => Array.from({ length: d }, () => pick(next, ['> ', '- ', '*', '[', '<b>', '  '])).join('') + inner + '\n',
];

function nesting(maxDepth: number) {
  return (next: Next, v: Vocabulary) => {
    const depth = logInt(next, 4, maxDepth);
    const body = pick(next, NESTERS)(depth, prose(next, v), next);
    return (next() < 0.5 ? prose(next, v) + '\n\n' : '') + body + (next() < 0.5 ? '\n' + prose(next, v) + '\n' : '');
  };
}

function hugeLine(next: Next, v: Vocabulary): string {
  const length = logInt(next, 20_000, 1_000_000);
  const unit = pick(next, [
    'a', ' ', '数', '数据要素', term(next, v) + '，', '加快推进' + term(next, v) + '和', 'data elements ', '|', '*', '_a_', '[', '`', '\\',
    '😀', '<', '&amp;', '　', '-', '#',
  ]);
  const line = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  return pick(next, ['', '# 标题\n\n', '> ', '- ', '| a | b |\n| - | - |\n| ']) + line + pick(next, ['', '\n', '。\n', '\n\n' + prose(next, v) + '\n']);
}

function controls(next: Next, v: Vocabulary): string {
  let text = randomDocument(next);
  const n = int(next, 3, 60);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(next() * (text.length + 1));
    const r = next();
    const piece = r < 0.45 ? pick(next, CONTROLS) : r < 0.7 ? pick(next, LONE) : r < 0.85 ? term(next, v) : pick(next, ASTRAL);
    text = text.slice(0, at) + piece + text.slice(at);
  }
  // Sometimes cut in the middle of a surrogate pair, as a truncated read would.
  if (next() < 0.2) text = text.slice(0, Math.floor(next() * text.length));
  return text;
}

function lineEndings(next: Next, v: Vocabulary): string {
  const style = next();
  let text = randomDocument(next) + prose(next, v) + '\n' + randomDocument(next);
  // One style for the whole file, or a different one at every break.
  const fixed = pick(next, BREAKS);
  text = text.replace(/\r?\n/g, () => (style < 0.4 ? fixed : pick(next, BREAKS)));
  if (next() < 0.5) text = '\uFEFF' + text;
  const boms = int(next, 0, 6);
  for (let i = 0; i < boms; i++) {
    const at = Math.floor(next() * (text.length + 1));
    text = text.slice(0, at) + (next() < 0.8 ? '\uFEFF' : '\uFEFF\uFEFF') + text.slice(at);
  }
  if (next() < 0.2) text = text.replace(/\n/g, '');
  return text;
}

function tables(next: Next, v: Vocabulary): string {
  const kind = int(next, 0, 6);
  const cols = kind === 0 ? logInt(next, 1000, 5000) : int(next, 1, 30);
  const rows = kind === 0 ? int(next, 1, 2) : int(next, 1, 30);
  const cell = () => (next() < 0.3 ? term(next, v) : pick(next, ['', ' ', 'a', '\\|', '`|`', '**数据**', '[x](y)', '<br>', '😀', '|', '||', ':', '-']));
  const row = (n: number) => {
    const cells = Array.from({ length: n }, cell);
    const lead = next() < 0.7 ? '|' : '';
    const tail = next() < 0.7 ? '|' : '';
    return lead + cells.join('|') + tail;
  };
  const delim = (n: number) => (next() < 0.8 ? '|' : '') + Array.from({ length: n }, () => pick(next, ['---', ':--', '--:', ':-:', '-', ' - ', '--- |'])).join('|');
  const lines = [row(cols), delim(kind === 1 ? int(next, 1, cols + 5) : cols)];
  for (let r = 0; r < rows; r++) lines.push(row(kind === 2 ? int(next, 0, cols * 3) : cols)); // ragged
  let text = lines.join('\n') + '\n';
  if (kind === 3) text = text.replace(/^/gm, '> ');
  if (kind === 4) text = text.replace(/^/gm, '- ').replace(/\n- $/, '\n');
  if (kind === 5) text = text.replace(/\n/g, '\r\n');
  if (kind === 6) text = '|'.repeat(logInt(next, 10, 20_000)) + '\n' + '|-'.repeat(logInt(next, 10, 5000)) + '\n' + text;
  return prose(next, v) + '\n\n' + text + '\n' + prose(next, v) + '\n';
}

function emphasis(next: Next, v: Vocabulary): string {
  const n = logInt(next, 10, 2000);
  const atoms = ['*', '**', '***', '_', '__', 'a', ' ', '[', ']', '(', ')', '![', '](', '<', '>', '`', '``', '\\', '~', '~~', '!', ':', 'http://', 'www.', '@', '.', '&', '#', '^', '[^'];
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(next() < 0.05 ? term(next, v) : pick(next, atoms));
  const patterns = [
    () => parts.join(''),
    () => '*a**b***'.repeat(Math.ceil(n / 8)) + term(next, v),
    () => '[['.repeat(n) + term(next, v),
    () => '[a]('.repeat(n) + term(next, v),
    () => '[x]: <'.repeat(n) + '\n' + term(next, v),
    () => '<'.repeat(n) + term(next, v) + '>'.repeat(n),
    () => '*' + term(next, v) + '_'.repeat(n) + '**' + term(next, v) + '*'.repeat(n),
    () => '[' + term(next, v) + '][' + 'a'.repeat(n) + ']\n\n[' + 'a'.repeat(Math.min(n, 999)) + ']: /u',
    () => Array.from({ length: Math.min(n, 2000) }, (_, i) => `[r${i}]: http://x/${i}`).join('\n') + '\n\n' + term(next, v) + '[r1]',
  ];
  const line = pick(next, patterns)();
  return (next() < 0.5 ? prose(next, v) + '\n' : '') + line + '\n' + (next() < 0.5 ? prose(next, v) + '\n' : '');
}

function unclosed(next: Next, v: Vocabulary): string {
  const opener = pick(next, [
    '```', '````', '~~~', '```js', '``` ```', '    ```', '---', '+++', '---\ntitle: 数据要素', '<!--', '<pre>', '<script>', '<?', '<![CDATA[',
    '$$', '<div', '[^1]:', '> ```', '- ```', '|', '<!-- -- >', '---\n---\n---',
  ]);
  const body = Array.from({ length: int(next, 1, 30) }, () => (next() < 0.5 ? prose(next, v) : pick(next, ['', '代码', '```x', '~~', '--', '-->', '...', '    缩进']))).join('\n');
  const start = next() < 0.5 ? '' : prose(next, v) + '\n\n';
  return start + opener + '\n' + body + (next() < 0.3 ? '\n' + pick(next, ['``', '~~', '- --', '-- -', '</pre', '-- >']) : '') + (next() < 0.5 ? '' : '\n');
}

/** Every way a break can fall inside a term: soft breaks (which must still match) and others. */
const SPLITS = [
  '\n', '\r\n', '\r', '\n  ', '\n\t', '\n> ', '\n>', '\n>>> ', '\n   ', ' \n', '\\\n', '  \n', '\n\n', '\r\n\r\n', '\r\r',
  '**', '*', '`', '<!-- x -->', '<br>', '\u200B', '\u00A0', '\u3000', '\uFEFF', '\u00AD', ' ', '\t', '\u2028', '\0', '[', '](x)', '&#x6570;',
];

function splitTerms(next: Next, v: Vocabulary): string {
  const lines: string[] = [];
  const n = int(next, 1, 12);
  for (let i = 0; i < n; i++) {
    const t = term(next, v);
    const chars = Array.from(t);
    const at = int(next, 1, Math.max(1, chars.length - 1));
    const split = chars.slice(0, at).join('') + pick(next, SPLITS) + chars.slice(at).join('');
    const before = next() < 0.5 ? pick(next, ASTRAL) : next() < 0.3 ? pick(next, LONE) : '推进';
    const after = next() < 0.5 ? pick(next, ASTRAL) : next() < 0.3 ? pick(next, LONE) : '。';
    const container = pick(next, ['', '> ', '- ', '1. ', '# ', '| ', '  ']);
    lines.push(container + before + (next() < 0.3 ? t : split) + after);
  }
  return lines.join(pick(next, ['\n', '\n\n', '\r\n', '\r'])) + '\n';
}

/** Soft line breaks, as hard-wrapped prose has them: inside a term they must not stop it matching. */
const SOFT_BREAKS = ['\n', '\r\n', '\r', '\n  ', '\n\t', '\r\n   '];

/**
 * Paragraphs, quotes and list items whose terms are wrapped across lines at every possible place (at a
 * space for English names): the concepts found must be those of the same text unwrapped.
 */
function softWrapped(next: Next, v: Vocabulary): { text: string; reference: string } {
  const text: string[] = [];
  const reference: string[] = [];
  const n = int(next, 1, 8);
  for (let i = 0; i < n; i++) {
    const t = term(next, v);
    const chars = Array.from(t);
    const spaces = chars.flatMap((c, k) => (c === ' ' ? [k] : []));
    const han = /\p{Script=Han}/u.test(t);
    if (!han && spaces.length === 0) continue;
    const at = han ? int(next, 1, chars.length - 1) : pick(next, spaces);
    const brk = pick(next, SOFT_BREAKS);
    const [left, right] = han ? [chars.slice(0, at).join(''), chars.slice(at).join('')] : [chars.slice(0, at).join(''), chars.slice(at + 1).join('')];
    const container = pick(next, ['', '> ', '- ', '1. ', '>> ']);
    // A continuation line keeps its container: `>` for quotes, indentation for list items.
    const cont = container.startsWith('>') ? container : container ? ' '.repeat(container.length) : '';
    const [before, after] = han ? ['推进', '。'] : ['推进 ', ' 。'];
    text.push(container + before + left + brk.replace(/\n/, '\n' + cont) + right + after);
    reference.push(container + before + t + after);
  }
  return { text: text.join('\n\n') + '\n', reference: reference.join('\n\n') + '\n' };
}

function drafts(next: Next, v: Vocabulary): string {
  let text = randomDocument(next) + randomDocument(next);
  const edits = int(next, 0, 12);
  for (let i = 0; i < edits; i++) text = next() < 0.2 ? insert(next, text, pick(next, [...CONTROLS, ...LONE, ...ASTRAL, term(next, v)])) : randomEdit(text, next);
  return text;
}

function insert(next: Next, text: string, piece: string): string {
  const at = Math.floor(next() * (text.length + 1));
  return text.slice(0, at) + piece + text.slice(at);
}

/** The families, in run order. Counts add up to over 5,000 documents. */
export const FAMILIES: readonly Family[] = [
  { key: 'nesting', title: 'nesting to 100 levels (quotes, lists, emphasis, brackets, HTML, mixed)', count: 600, edits: 1, make: nesting(100) },
  { key: 'deep', title: 'nesting to 10,000 levels', count: 100, edits: 1, make: nesting(10_000) },
  { key: 'huge', title: 'huge lines (20,000 to 1,000,000 characters)', count: 30, edits: 1, make: hugeLine },
  { key: 'controls', title: 'control characters, NUL, lone and invalid surrogates', count: 800, edits: 2, make: controls },
  { key: 'endings', title: 'mixed and lone-CR line endings, BOMs in the middle', count: 800, edits: 2, bomShift: true, make: lineEndings },
  { key: 'tables', title: 'pathological tables (thousands of columns, ragged pipes)', count: 250, edits: 1, make: tables },
  { key: 'emphasis', title: 'pathological emphasis and links', count: 600, edits: 1, make: emphasis },
  { key: 'unclosed', title: 'unclosed fences, front matter, comments and HTML', count: 650, edits: 2, make: unclosed },
  { key: 'split', title: 'terms split by every kind of break, astral characters beside terms', count: 900, edits: 2, make: splitTerms },
  { key: 'soft', title: 'terms wrapped across lines in paragraphs, quotes and lists are still found', count: 300, edits: 1, make: softWrapped },
  { key: 'drafts', title: 'random drafts with hostile insertions', count: 400, edits: 3, make: drafts },
];

/** The PRNG of one document: seeded by the family and the index, so any document can be rebuilt alone. */
export function documentRng(family: Family, index: number, seed = SEED): Next {
  let h = seed >>> 0;
  for (const ch of family.key) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return rng((h ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

/** The campaign's seed; HOSTILE_SEED overrides it to explore further. */
export const SEED = Number(process.env.HOSTILE_SEED ?? 20261201);

/** Document `index` of a family, and the PRNG state after making it (used for its edits). */
export function hostileDocument(family: Family, index: number, vocab: Vocabulary, seed = SEED): { text: string; reference?: string; next: Next } {
  const next = documentRng(family, index, seed);
  const made = family.make(next, vocab);
  return typeof made === 'string' ? { text: made, next } : { ...made, next };
}

export function familyByKey(key: string): Family {
  const f = FAMILIES.find((x) => x.key === key);
  if (!f) throw new Error(`no document family "${key}"`);
  return f;
}

/** The forms to plant: every Chinese term and English name of an engine's lexicon. */
export function vocabularyOf(engine: { lexicon: { concepts: readonly { term: string; en: string }[] } }): Vocabulary {
  return { terms: engine.lexicon.concepts.map((c) => c.term), english: engine.lexicon.concepts.map((c) => c.en) };
}
