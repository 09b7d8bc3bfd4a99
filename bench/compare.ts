/**
 * The programs the in-process measurements compare the engine with, and how their results are
 * reconciled with ours: one V8 RegExp alternation of the lexicon's surface forms, textlint with
 * textlint-rule-prh given the same forms as a prh dictionary, and vscode-markdown-languageservice's
 * document symbols.
 *
 * The comparison tools live in bench/node_modules (bench/package.json) and are loaded at run time
 * through a require rooted there, typed by the narrow interfaces below: `npm run typecheck` must pass
 * on a checkout where only the root's dependencies are installed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { SurfaceForm } from '../server/src/core/match/matcher';
import type { Occurrence } from '../server/src/core/document';

const benchRequire = createRequire(join(__dirname, 'package.json'));

/** A match as both sides report it: UTF-16 offsets into the scanned text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** ASCII word characters, as the matcher's Latin word boundaries define them. */
const WORD = 'A-Za-z0-9_';
const HAN = /[\u2E80-\u9FFF\uF900-\uFAFF\u3000-\u303F\uFF00-\uFFEF]/;

export function isLatinForm(text: string): boolean {
  return !HAN.test(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One alternative: the escaped form, with the matcher's Latin word boundaries as lookarounds. */
function alternative(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  let s = escapeRegExp(t);
  if (isLatinForm(t)) {
    if (/[A-Za-z0-9_]/.test(t[0])) s = `(?<![${WORD}])${s}`;
    if (/[A-Za-z0-9_]/.test(t[t.length - 1])) s = `${s}(?![${WORD}])`;
  }
  return s;
}

/**
 * The lexicon as one RegExp: every surface form, escaped, longest first (so at a given start the
 * longest form wins, as in the matcher), flags `gi` (English forms match case-insensitively, as in the
 * matcher; Han text has no case). Latin forms carry the same word boundaries as the matcher.
 */
export function lexiconRegExp(forms: readonly SurfaceForm[]): RegExp {
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const f of forms) {
    const key = f.text.trim().replace(/\s+/g, ' ').toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    texts.push(f.text);
  }
  texts.sort((a, b) => b.length - a.length);
  return new RegExp(texts.map(alternative).join('|'), 'gi');
}

/** All non-overlapping leftmost matches of the alternation (leftmost-longest, given the order). */
export function regexFindAll(re: RegExp, text: string): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Where two lists of spans differ, each difference put in a category that explains it. */
export interface Reconciliation {
  ours: number;
  theirs: number;
  equal: boolean;
  /** category → count; `unexplained` should be 0. */
  onlyOurs: Record<string, number>;
  onlyTheirs: Record<string, number>;
  /** A few unexplained differences, for debugging the comparison. */
  samples: string[];
}

export function reconcile(
  text: string,
  ours: readonly Span[],
  theirs: readonly Span[],
  explainOurs: (s: Span, theirsOnly: readonly Span[]) => string,
  explainTheirs: (s: Span, oursOnly: readonly Span[]) => string,
): Reconciliation {
  const key = (s: Span) => `${s.start}:${s.end}`;
  const a = new Set(ours.map(key));
  const b = new Set(theirs.map(key));
  const onlyA = ours.filter((s) => !b.has(key(s)));
  const onlyB = theirs.filter((s) => !a.has(key(s)));
  const onlyOurs: Record<string, number> = {};
  const onlyTheirs: Record<string, number> = {};
  const samples: string[] = [];
  for (const s of onlyA) {
    const c = explainOurs(s, onlyB);
    onlyOurs[c] = (onlyOurs[c] ?? 0) + 1;
    if (c === 'unexplained' && samples.length < 5) samples.push(`ours ${s.start}-${s.end} ${JSON.stringify(text.slice(Math.max(0, s.start - 8), s.end + 8))}`);
  }
  for (const s of onlyB) {
    const c = explainTheirs(s, onlyA);
    onlyTheirs[c] = (onlyTheirs[c] ?? 0) + 1;
    if (c === 'unexplained' && samples.length < 10) samples.push(`theirs ${s.start}-${s.end} ${JSON.stringify(text.slice(Math.max(0, s.start - 8), s.end + 8))}`);
  }
  return { ours: ours.length, theirs: theirs.length, equal: onlyA.length === 0 && onlyB.length === 0, onlyOurs, onlyTheirs, samples };
}

export function overlaps(s: Span, list: readonly Span[]): boolean {
  // Lists are short (differences only): a linear scan is fine.
  return list.some((o) => o.start < s.end && s.start < o.end);
}

/** Whether a span of `text` sits inside one of the form's `notWithin` words (the matcher rejects those). */
export function insideNotWithin(text: string, s: Span, forms: ReadonlyMap<string, SurfaceForm>): boolean {
  const form = forms.get(text.slice(s.start, s.end).toLowerCase());
  for (const word of form?.notWithin ?? []) {
    for (let at = word.indexOf(form!.text); at >= 0; at = word.indexOf(form!.text, at + 1)) {
      if (s.start >= at && text.startsWith(word, s.start - at)) return true;
    }
  }
  return false;
}

export function formsByText(forms: readonly SurfaceForm[]): Map<string, SurfaceForm> {
  const m = new Map<string, SurfaceForm>();
  for (const f of forms) if (!m.has(f.text.toLowerCase())) m.set(f.text.toLowerCase(), f);
  return m;
}

export function spansLineBreak(text: string, s: Span): boolean {
  return /[\r\n]/.test(text.slice(s.start, s.end));
}

// ---------------------------------------------------------------------------------------------
// textlint + textlint-rule-prh
// ---------------------------------------------------------------------------------------------

/** A YAML double-quoted scalar: JSON's string syntax is a subset of it. */
const q = (s: string) => JSON.stringify(s);

/**
 * The lexicon as a prh dictionary: one rule per concept and script, `expected` = the canonical term,
 * `patterns` = the other forms (longest first: prh joins a rule's patterns into one alternation, whose
 * first alternative wins). Chinese variants are plain strings. English forms are regular expressions
 * with the matcher's word boundaries and case-insensitivity; they need their own rule because prh
 * requires one set of flags per rule.
 */
export function prhYaml(concepts: readonly { id: string; term: string }[], forms: readonly SurfaceForm[]): string {
  const lines = ['version: 1', 'rules:'];
  for (const c of concepts) {
    const own = forms.filter((f) => f.conceptId === c.id && f.text !== c.term);
    const han = own.filter((f) => !isLatinForm(f.text)).map((f) => f.text);
    const latin = own.filter((f) => isLatinForm(f.text)).map((f) => f.text);
    han.sort((a, b) => b.length - a.length);
    latin.sort((a, b) => b.length - a.length);
    if (han.length) {
      lines.push(`  - expected: ${q(c.term)}`, `    patterns:`);
      for (const p of han) lines.push(`      - ${q(p)}`);
    }
    if (latin.length) {
      lines.push(`  - expected: ${q(c.term)}`, `    patterns:`);
      for (const p of latin) lines.push(`      - ${q(`/${alternative(p)}/i`)}`);
    }
  }
  return lines.join('\n') + '\n';
}

interface TextlintMessage {
  ruleId: string;
  message: string;
  range?: readonly [number, number];
  fix?: { range: readonly [number, number]; text: string };
}

export interface TextlintLinter {
  lintText(text: string, filePath: string): Promise<{ messages: TextlintMessage[] }>;
}

/**
 * textlint's own Node API (createLinter with a kernel descriptor), in process: no CLI start-up, no
 * config-file lookup. Markdown is textlint's built-in @textlint/textlint-plugin-markdown. prh is told
 * to check every prose node, as the engine does (by default it skips links, block quotes and emphasis).
 */
export function createPrhLinter(yaml: string): TextlintLinter {
  const { createLinter } = benchRequire('textlint') as { createLinter(o: { descriptor: unknown }): TextlintLinter };
  const { TextlintKernelDescriptor } = benchRequire('@textlint/kernel') as { TextlintKernelDescriptor: new (args: unknown) => unknown };
  const markdown = benchRequire('@textlint/textlint-plugin-markdown') as { default?: unknown };
  const prh = benchRequire('textlint-rule-prh') as { default?: unknown };
  const descriptor = new TextlintKernelDescriptor({
    rules: [
      {
        ruleId: 'prh',
        rule: prh.default ?? prh,
        options: { ruleContents: [yaml], checkLink: true, checkBlockQuote: true, checkEmphasis: true, checkHeader: true, checkParagraph: true },
      },
    ],
    plugins: [{ pluginId: 'markdown', plugin: markdown.default ?? markdown }],
    filterRules: [],
  });
  return createLinter({ descriptor });
}

export function textlintSpans(messages: readonly TextlintMessage[]): Span[] {
  const out: Span[] = [];
  for (const m of messages) {
    if (m.ruleId !== 'prh') continue;
    const r = m.fix?.range ?? m.range;
    if (r) out.push({ start: r[0], end: r[1] });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Installed version of a bench dependency (read from disk: not every package exports its package.json). */
function version(name: string): string {
  return (JSON.parse(readFileSync(join(__dirname, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

export function textlintVersions(): Record<string, string> {
  const v = version;
  return { textlint: v('textlint'), 'textlint-rule-prh': v('textlint-rule-prh'), prh: v('prh'), '@textlint/textlint-plugin-markdown': v('@textlint/textlint-plugin-markdown') };
}

/** Our occurrences that prh would report: every form but the canonical term (prh stays silent when actual = expected). */
export function nonTermSpans(occurrences: readonly Occurrence[]): Span[] {
  return occurrences.filter((o) => o.kind !== 'term').map((o) => ({ start: o.start, end: o.end }));
}

// ---------------------------------------------------------------------------------------------
// vscode-markdown-languageservice
// ---------------------------------------------------------------------------------------------

export interface MdTextDocument {
  readonly uri: string;
  readonly version: number;
  readonly lineCount: number;
  getText(range?: unknown): string;
  positionAt(offset: number): { line: number; character: number };
}

export interface MdLanguageService {
  getDocumentSymbols(document: MdTextDocument, options: { includeLinkDefinitions?: boolean }, token: { isCancellationRequested: boolean }): Promise<{ name: string; children?: unknown[] }[]>;
}

/**
 * vscode-markdown-languageservice 0.4.0 (0.5 needs Node 22) with markdown-it 14 as its parser,
 * configured as VS Code's Markdown server does (`html: true`, the library's GitHub slugifier). It gets
 * an empty workspace: document symbols only read the document.
 */
export function createMdLanguageService(): MdLanguageService {
  const mdls = benchRequire('vscode-markdown-languageservice') as {
    createLanguageService(init: unknown): MdLanguageService;
    githubSlugifier: unknown;
    LogLevel: { Off: number };
  };
  const MarkdownIt = benchRequire('markdown-it') as new (options: unknown) => { parse(text: string, env: unknown): unknown[] };
  const md = new MarkdownIt({ html: true });
  const none = () => ({ dispose() {} });
  const workspace = {
    workspaceFolders: [],
    onDidChangeMarkdownDocument: none,
    onDidCreateMarkdownDocument: none,
    onDidDeleteMarkdownDocument: none,
    getAllMarkdownDocuments: async () => [],
    hasMarkdownDocument: () => false,
    openMarkdownDocument: async () => undefined,
    stat: async () => undefined,
    readDirectory: async () => [],
  };
  return mdls.createLanguageService({
    workspace,
    parser: { slugifier: mdls.githubSlugifier, tokenize: async (doc: MdTextDocument) => md.parse(doc.getText(), {}) },
    logger: { level: mdls.LogLevel.Off, log: () => undefined },
  });
}

export function mdlsVersions(): Record<string, string> {
  const v = version;
  return { 'vscode-markdown-languageservice': v('vscode-markdown-languageservice'), 'markdown-it': v('markdown-it') };
}

interface TxtNode {
  type: string;
  range: readonly [number, number];
  children?: TxtNode[];
}

/** The ranges of textlint's `Str` nodes (what prh reads), from textlint's own Markdown parser. */
export function textlintStrRanges(text: string): Span[] {
  const { parse } = benchRequire('@textlint/markdown-to-ast') as { parse(text: string): TxtNode };
  const out: Span[] = [];
  const visit = (n: TxtNode) => {
    if (n.type === 'Str') out.push({ start: n.range[0], end: n.range[1] });
    for (const c of n.children ?? []) visit(c);
  };
  visit(parse(text));
  return out;
}

/** Whether a span lies inside one of a sorted list of ranges. */
export function within(s: Span, ranges: readonly Span[]): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid];
    if (s.start < r.start) hi = mid - 1;
    else if (s.start >= r.end) lo = mid + 1;
    else return s.end <= r.end;
  }
  return false;
}
