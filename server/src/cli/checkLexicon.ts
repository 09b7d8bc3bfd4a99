/**
 * `policy-lens check-lexicon FILE… [--format text|json]`: validates lexicon files as the editor loads
 * them (YAML syntax, the schema, forms claimed twice) and runs their specs. One line per problem,
 * `file:line:col: message` (1-based; the message in English and Chinese), or JSON; exit status 1 when
 * anything is reported, 0 when every file is clean, 2 on a usage error or an unreadable file.
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { sharedEngine, type Engine } from '../core/engine';
import { ConceptMatcher } from '../core/match/matcher';
import { surfaceForms } from '../core/match/forms';
import type { AliasKind, Concept } from '../core/lexicon/types';
import { specProblems, type SpecRange } from '../core/lexicon/specs';
import { DEFAULT_MAX_CHARS, readInput } from './io';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const CHECK_LEXICON_USAGE = `policy-lens check-lexicon FILE… [--format text|json]
      Validates lexicon files (YAML, schema, forms claimed twice) and runs their specs
      ({ text, tags } sentences each entry must or must not tag), as "file:line:col: message"
      lines or JSON. Exit status 1 when something is reported, 0 when clean, 2 on a usage
      error or an unreadable file.`;

/** One problem of the JSON output: 1-based line and column (UTF-16), as `policy-lens check`. */
export interface LexiconProblemJson {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  messageZh: string;
}

/** What checking one lexicon file found. */
export interface CheckedLexicon {
  readonly problems: readonly { range: SpecRange; severity: 'error' | 'warning'; code: string; message: string; messageZh: string }[];
}

/** Loads a lexicon file over the shipped one and checks it: load problems, then its specs. */
export type LexiconChecker = (uri: string, text: string) => CheckedLexicon;

export async function checkLexiconCommand(args: string[], io: Io, checker: LexiconChecker = checkLexiconText): Promise<number> {
  let format: 'text' | 'json' = 'text';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format' || a.startsWith('--format=')) {
      const f = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (f !== 'text' && f !== 'json') return usage(io, f === undefined ? '--format needs a value' : `--format must be "text" or "json", not "${f}"`);
      format = f;
    } else if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      return usage(io, `unknown option "${a}"`);
    } else {
      files.push(a);
    }
  }
  if (files.length === 0) return usage(io, 'check-lexicon needs at least one FILE');
  const results: { path: string; problems: LexiconProblemJson[] }[] = [];
  let unreadable = 0;
  for (const path of files) {
    const read = await readInput(path, { maxChars: DEFAULT_MAX_CHARS });
    if ('error' in read) {
      io.err(`policy-lens: ${read.error}\n`);
      unreadable++;
      continue;
    }
    const problems = checker(read.name, read.text.replace(/^\uFEFF/, '')).problems.map((p) => ({
      line: p.range.start.line + 1,
      column: p.range.start.character + 1,
      endLine: p.range.end.line + 1,
      endColumn: p.range.end.character + 1,
      severity: p.severity,
      code: p.code,
      message: p.message,
      messageZh: p.messageZh,
    }));
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    results.push({ path: read.name, problems });
    if (format === 'text') for (const p of problems) io.out(`${read.name}:${p.line}:${p.column}: ${p.severity}: ${p.message} / ${p.messageZh}\n`);
  }
  const reported = results.reduce((n, f) => n + f.problems.length, 0);
  if (format === 'json') io.out(JSON.stringify({ files: results }, null, 2) + '\n');
  else if (reported > 0) {
    const withSome = results.filter((f) => f.problems.length > 0).length;
    io.err(`policy-lens: ${withSome} 个词表文件中共 ${reported} 个问题 / ${reported} problem(s) in ${withSome} lexicon file(s)\n`);
  } else if (unreadable === 0) {
    io.err(`policy-lens: ${results.length} 个词表文件无问题 / ${results.length} lexicon file(s), no problems\n`);
  }
  if (unreadable > 0) return 2;
  return reported > 0 ? 1 : 0;
}

function usage(io: Io, problem: string): number {
  io.err(`policy-lens: ${problem}\nUsage: ${CHECK_LEXICON_USAGE}\n`);
  return 2;
}

/**
 * The default checker. PROVISIONAL until `buildEngine` (branch `sources`) lands: reads the
 * contract's minimal user format itself (YAML syntax, ids, terms, forms claimed twice or by the
 * shipped lexicon), merges its concepts over the shipped engine and runs the specs.
 */
export function checkLexiconText(uri: string, text: string): CheckedLexicon {
  const loaded = loadUserLexicon(uri, text);
  if (!loaded.engine) return { problems: loaded.problems };
  return { problems: [...loaded.problems, ...specProblems(uri, text, loaded.engine)] };
}

/**
 * A user lexicon merged over the shipped one, PROVISIONAL until `buildEngine` lands: the engine (when
 * the file loads) and the problems found loading it.
 */
export function loadUserLexicon(uri: string, text: string): { engine?: Pick<Engine, 'matcher' | 'concept'>; problems: CheckedLexicon['problems'] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number, endOffset = offset): SpecRange => {
    const a = lineCounter.linePos(offset);
    const b = lineCounter.linePos(endOffset);
    return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
  };
  type P = CheckedLexicon['problems'][number];
  const problems: P[] = [];
  const error = (range: SpecRange, code: string, message: string, messageZh: string) => problems.push({ range, severity: 'error', code, message, messageZh });
  if (doc.errors.length) {
    const e = doc.errors[0];
    error(at(e.pos[0], e.pos[1]), 'yaml-syntax', `not valid YAML: ${e.message.split('\n')[0]}`, `YAML 语法错误：${e.message.split('\n')[0]}`);
    return { problems };
  }
  const shipped = sharedEngine();
  const owner = new Map<string, string>();
  for (const f of shipped.matcher.forms) owner.set(formKey(f.text), f.conceptId);
  const concepts: Concept[] = [];
  const list = doc.get('concepts', true);
  if (!isSeq(list)) {
    error(at(0), 'schema', 'a lexicon needs a `concepts:` list', '词表需要 `concepts:` 列表');
    return { problems };
  }
  const ids = new Set<string>();
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const range = at(item.range?.[0] ?? 0);
    const raw = item.toJSON() as { id?: unknown; term?: unknown; en?: unknown; aliases?: unknown; disabled?: unknown; notWithin?: unknown };
    const id = typeof raw.id === 'string' ? raw.id : '';
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
      error(range, 'schema', `"${String(raw.id ?? '')}" is not a concept id (lower-case ASCII words joined by single hyphens)`, `“${String(raw.id ?? '')}”不是有效的概念 id（以连字符连接的小写 ASCII 单词）`);
      continue;
    }
    if (ids.has(id)) error(range, 'duplicate-id', `the id ${id} is used twice in this file`, `id ${id} 在本文件中重复`);
    ids.add(id);
    if (raw.disabled === true) continue;
    const term = typeof raw.term === 'string' ? raw.term.trim() : '';
    if (!/\p{Script=Han}/u.test(term)) {
      error(range, 'schema', `${id}: term must contain Chinese characters`, `${id}：term 须含汉字`);
      continue;
    }
    const aliases: string[] = [];
    const aliasKinds: Record<string, AliasKind> = {};
    if (raw.aliases && typeof raw.aliases === 'object') {
      for (const [kind, forms] of Object.entries(raw.aliases as Record<string, unknown>)) {
        for (const f of Array.isArray(forms) ? forms : []) {
          if (typeof f !== 'string') continue;
          aliases.push(f);
          aliasKinds[f] = kind as AliasKind;
        }
      }
    }
    const en = typeof raw.en === 'string' ? raw.en : '';
    for (const form of [term, ...aliases, ...(en ? [en] : [])]) {
      const other = owner.get(formKey(form));
      if (other !== undefined && other !== id) {
        error(range, 'form-conflict', `${id}: the form “${form}” is already a form of ${other}`, `${id}：词形「${form}」已属于概念 ${other}`);
      }
      owner.set(formKey(form), id);
    }
    const notWithin = Array.isArray(raw.notWithin) ? raw.notWithin.filter((w): w is string => typeof w === 'string') : [];
    concepts.push({ id, term, en, aliases, aliasKinds, notWithin, category: 'industries', paths: [], broader: [], related: [], definition: { zh: '', en: '' }, source: { defines: '', discusses: [] } });
  }
  if (problems.length) return { problems };
  const byId = new Map<string, Concept>([...shipped.lexicon.concepts.filter((c) => !ids.has(c.id)).map((c) => [c.id, c] as const), ...concepts.map((c) => [c.id, c] as const)]);
  let matcher: ConceptMatcher;
  try {
    matcher = new ConceptMatcher([
      ...shipped.matcher.forms.filter((f) => !ids.has(f.conceptId)),
      ...surfaceForms({ concepts, forms: () => undefined }),
    ]);
  } catch (e) {
    error(at(0), 'form-conflict', (e as Error).message, (e as Error).message);
    return { problems };
  }
  return { engine: { matcher, concept: (cid: string) => byId.get(cid) }, problems };
}

function formKey(form: string): string {
  return /\p{Script=Han}/u.test(form) ? form : form.toLowerCase();
}
