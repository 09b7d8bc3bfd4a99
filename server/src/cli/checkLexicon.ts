/**
 * `policy-lens check-lexicon FILE… [--format text|json]`: validates lexicon files as the editor loads
 * them (YAML syntax, the schema, forms claimed twice) and runs their specs. One line per problem,
 * `file:line:col: message` (1-based; the message in English and Chinese), or JSON; exit status 1 when
 * anything is reported, 0 when every file is clean, 2 on a usage error or an unreadable file.
 */
import { buildEngine } from '../core/lexicon/layers';
import type { SpecRange } from '../core/lexicon/specs';
import { DEFAULT_MAX_CHARS, readInput } from './io';
import { parseFormatArgs, usageError } from './args';

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
  const parsed = parseFormatArgs(args);
  if ('error' in parsed) return usage(io, parsed.error);
  const { files, format } = parsed;
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
  return usageError(io, problem, CHECK_LEXICON_USAGE);
}

/**
 * The default checker: the file loaded as a workspace lexicon over the shipped one with
 * `buildEngine` (YAML syntax, the user-lexicon schema, ids, forms claimed twice, sources and anchors),
 * whose problems include the file's failed specs.
 */
export function checkLexiconText(uri: string, text: string): CheckedLexicon {
  const build = buildEngine({ lexicons: [{ uri, text, kind: 'workspace' }], sources: [] });
  return { problems: build.problems.filter((p) => p.uri === uri) };
}
