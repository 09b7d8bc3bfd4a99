/**
 * `policy-lens check FILE… [--format text|json]`: the term-consistency check on files, as lines a
 * terminal and an editor's problem matcher read (`file:line:col  message`), or as JSON. Exit status 1
 * when something is reported, 0 when every file is clean, 2 for a usage error or a file that could not
 * be read. A thin front end on the core checker (core/check/consistency.ts), like the language server.
 */
import { sharedEngine } from '../core/engine';
import { checkConsistency, type VariantMessage } from '../core/check/consistency';
import { quotationMessages, type QuotationMessage } from '../core/check/quotationCheck';
import { parseFormatArgs, usageError } from './args';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** How the CLI reads a file (main.ts passes io.ts's `readInput` with the default size limit): its text, or one line saying why not. */
export type ReadDraft = (path: string) => Promise<{ text: string } | { error: string }>;

export const CHECK_USAGE = `policy-lens check FILE… [--format text|json]
      Reports every variant of a term the paper words otherwise (颠覆性创新 → 颠覆式创新), outside
      quotations, and every quotation of the paper that differs from its text (misquotation,
      punctuation, traditional characters, not in the paper), as "file:line:col  message" lines or JSON. Exit status 1 when something is
      reported, 0 when clean, 2 on a usage error or an unreadable file.`;

/** One message of the JSON output. Lines and columns are 1-based; columns and offsets count UTF-16 code units. */
export interface CheckMessageJson {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
  ruleId: string;
  source: string;
  message: string;
  /** The file's characters from `start` to `end` (a soft-wrapped variant keeps its line break). */
  actual: string;
  expected: string[];
  /** The concept of a variant (rule `variant-term`). */
  concept?: { id: string; term: string };
  /** A quotation's source and paragraph (rules `misquotation`, `quotation-*`); `expected` is then the quoted text as the source words it. */
  quotation?: { verdict: string; source: string; anchor?: string; label?: string };
}

/** Runs the check command; returns the exit status. */
export async function check(args: string[], io: Io, readDraft: ReadDraft): Promise<number> {
  const parsed = parseFormatArgs(args);
  if ('error' in parsed) return usage(io, parsed.error);
  const { files, format } = parsed;
  if (files.length === 0) return usage(io, 'check needs at least one FILE');
  const engine = sharedEngine();
  const results: { path: string; messages: CheckMessageJson[] }[] = [];
  let unreadable = 0;
  for (const path of files) {
    const read = await readDraft(path);
    if ('error' in read) {
      io.err(`policy-lens: ${read.error}\n`);
      unreadable++;
      continue;
    }
    const doc = engine.annotate(read.text, path);
    const quotations = quotationMessages(doc, engine.sources).filter((m) => m.result.verdict !== 'exact');
    const messages = [...checkConsistency(doc).map(toJson), ...quotations.map((m) => quotationJson(m, read.text))].sort((a, b) => a.start - b.start);
    results.push({ path, messages });
    if (format === 'text') for (const m of messages) io.out(`${path}:${m.line}:${m.column}  ${m.message}\n`);
  }
  const reported = results.reduce((n, f) => n + f.messages.length, 0);
  if (format === 'json') io.out(JSON.stringify({ files: results }, null, 2) + '\n');
  else if (reported > 0) {
    const withSome = results.filter((f) => f.messages.length > 0).length;
    const quoted = results.reduce((n, f) => n + f.messages.filter((m) => m.quotation).length, 0);
    const variants = reported - quoted;
    const zh = [variants ? `${variants} 处变体` : '', quoted ? `${quoted} 处引文问题` : ''].filter(Boolean).join('、');
    const en = [variants ? `${variants} variant(s)` : '', quoted ? `${quoted} quotation problem(s)` : ''].filter(Boolean).join(', ');
    io.err(`policy-lens: ${withSome} 个文件中共 ${zh} / ${en} in ${withSome} file(s)\n`);
  }
  if (unreadable > 0) return 2;
  return reported > 0 ? 1 : 0;
}

function toJson(m: VariantMessage): CheckMessageJson {
  return {
    line: m.place.start.line,
    column: m.place.start.column,
    endLine: m.place.end.line,
    endColumn: m.place.end.column,
    start: m.occurrence.start,
    end: m.occurrence.end,
    ruleId: m.ruleId,
    source: m.source,
    message: m.reason,
    actual: m.actual,
    expected: [...m.expected],
    concept: { id: m.occurrence.concept.id, term: m.occurrence.concept.term },
  };
}

function quotationJson(m: QuotationMessage, text: string): CheckMessageJson {
  const r = m.result;
  const inner = text.slice(r.open + 1, r.close);
  // The quoted text as the source words it: the fix's edits applied inside the marks.
  let restored = inner;
  for (const e of [...r.edits].sort((a, b) => b.start - a.start)) restored = restored.slice(0, e.start - r.open - 1) + e.newText + restored.slice(e.end - r.open - 1);
  return {
    line: m.place.start.line,
    column: m.place.start.column,
    endLine: m.place.end.line,
    endColumn: m.place.end.column,
    start: r.open + 1,
    end: r.close,
    ruleId: m.ruleId,
    source: m.source,
    message: m.reason,
    actual: inner,
    expected: r.edits.length ? [restored] : [],
    quotation: { verdict: r.verdict, source: r.source.id, ...(r.paragraph && { anchor: r.paragraph.anchor, label: r.paragraph.labelZh }) },
  };
}

function usage(io: Io, problem: string): number {
  return usageError(io, problem, CHECK_USAGE);
}
