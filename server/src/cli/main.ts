/**
 * The `policy-lens` command: a thin front end on the core.
 *
 *   policy-lens annotate FILE… [--format table|json] [--output FILE]
 *   policy-lens concepts [--format table|json]
 *   policy-lens lsp --stdio | --node-ipc | --socket=PORT
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { sharedEngine, type Engine } from '../core/engine';
import { CATEGORY_LABELS } from '../core/lexicon/categories';
import type { CategoryId } from '../core/lexicon/types';
import { toAnnotationJson, type AnnotationFileJson } from '../core/annotationJson';
import { displayWidth, padEnd } from './width';
import { decodeDraft } from '../core/text/decode';

declare const POLICY_LENS_VERSION: string | undefined;

const USAGE = `policy-lens — tags the concepts of 朱浩然《新质生产力发展的理论逻辑与路径分析》 in Markdown drafts

Usage:
  policy-lens annotate FILE… [--format table|json] [--output FILE]
      Prints every concept occurrence in the prose of each file (table, for people) or exports
      them as JSON ({"files":[{"path","annotations":[…]}]}).
  policy-lens concepts [--format table|json]
      Lists the concept lexicon.
  policy-lens lsp --stdio | --node-ipc | --socket=PORT
      Runs the language server for any LSP editor.
  policy-lens --help | --version
`;

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const stdio: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** Runs the command line; resolves to the exit status. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    io.out(`${typeof POLICY_LENS_VERSION === 'string' ? POLICY_LENS_VERSION : 'dev'}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'annotate':
        return annotate(rest, io);
      case 'concepts':
        return concepts(rest, io);
      case 'lsp': {
        const { startServer } = await import('../lsp/server');
        startServer();
        return new Promise<number>(() => undefined); // runs until the client exits the process
      }
      default:
        io.err(`policy-lens: unknown command "${command}". Run "policy-lens --help".\n`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`policy-lens: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

class UsageError extends Error {}

interface Options {
  format: 'table' | 'json';
  output?: string;
  files: string[];
}

function parseOptions(args: string[]): Options {
  const opts: Options = { format: 'table', files: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--format' || a.startsWith('--format=')) {
      const f = value('--format');
      if (f !== 'table' && f !== 'json') throw new UsageError(`--format must be "table" or "json", not "${f}"`);
      opts.format = f;
    } else if (a === '--output' || a === '-o' || a.startsWith('--output=')) {
      opts.output = value('--output');
    } else if (a === '--') {
      opts.files.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option "${a}"`);
    } else {
      opts.files.push(a);
    }
  }
  return opts;
}

/** Reads a file as UTF-8 text, or explains in one line why it can't be annotated. */
export function readDraft(path: string): { text: string } | { error: string } {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return { error: `${path}: no such file` };
  }
  if (stat.isDirectory()) return { error: `${path}: is a folder, not a file (name the Markdown files inside it)` };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { error: `${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? e})` };
  }
  // The byte-order mark stays (U+FEFF at offset 0): JSON offsets then index the file as Node and Python read it.
  const draft = decodeDraft(bytes, { bom: 'keep' });
  if ('text' in draft) return { text: draft.text };
  return draft.problem === 'binary'
    ? { error: `${path}: is a binary file, not Markdown text` }
    : { error: `${path}: is not valid UTF-8 text (convert it to UTF-8, e.g. from GBK, and try again)` };
}

function annotate(args: string[], io: Io): number {
  const opts = parseOptions(args);
  if (opts.files.length === 0) throw new UsageError('annotate needs at least one FILE');
  const engine = sharedEngine();
  const results: AnnotationFileJson[] = [];
  let failed = 0;
  for (const path of opts.files) {
    const read = readDraft(path);
    if ('error' in read) {
      io.err(`policy-lens: ${read.error}\n`);
      failed++;
      continue;
    }
    results.push(toAnnotationJson(path, engine.annotate(read.text, path)));
  }
  const text = opts.format === 'json' ? JSON.stringify({ files: results }, null, 2) + '\n' : table(results, engine);
  if (opts.output) {
    writeFileSync(opts.output, text);
    io.err(`policy-lens: wrote ${opts.output}\n`);
  } else {
    io.out(text);
  }
  return failed ? 1 : 0;
}

function table(files: AnnotationFileJson[], engine: Engine): string {
  const lines: string[] = [];
  const perCategory = new Map<CategoryId, { occurrences: number; concepts: Set<string> }>();
  for (const f of files) {
    if (files.length > 1 || f.annotations.length === 0) lines.push(`${f.path}: ${f.annotations.length} occurrence(s)`);
    const rows = f.annotations.map((a) => {
      const c = engine.lexicon.byId(a.concept.id)!;
      const cat = c.category;
      const entry = perCategory.get(cat) ?? { occurrences: 0, concepts: new Set<string>() };
      entry.occurrences++;
      entry.concepts.add(c.id);
      perCategory.set(cat, entry);
      return [
        `${f.path}:${a.range.start.line + 1}:${a.range.start.character + 1}`,
        a.text.replace(/\s*\r?\n[\s>]*/g, '⏎'),
        a.text === c.term ? c.term : `→ ${c.term}`,
        c.en,
        `${CATEGORY_LABELS[cat].zh} ${CATEGORY_LABELS[cat].en}`,
      ];
    });
    const widths = [0, 1, 2, 3].map((i) => Math.max(0, ...rows.map((r) => displayWidth(r[i]))));
    for (const r of rows) lines.push(r.map((cell, i) => (i < 4 ? padEnd(cell, widths[i]) : cell)).join('  ').trimEnd());
  }
  lines.push('');
  lines.push('按类别汇总 / Summary by category:');
  const total = files.reduce((n, f) => n + f.annotations.length, 0);
  for (const cat of Object.keys(CATEGORY_LABELS) as CategoryId[]) {
    const e = perCategory.get(cat);
    const label = padEnd(`${CATEGORY_LABELS[cat].zh} ${CATEGORY_LABELS[cat].en}`, 26);
    lines.push(`  ${label} ${String(e?.occurrences ?? 0).padStart(5)} occurrence(s), ${e?.concepts.size ?? 0} concept(s)`);
  }
  lines.push(`  ${padEnd('合计 Total', 26)} ${String(total).padStart(5)} occurrence(s) in ${files.length} file(s)`);
  return lines.join('\n') + '\n';
}

function concepts(args: string[], io: Io): number {
  const opts = parseOptions(args);
  if (opts.files.length) throw new UsageError(`concepts takes no files (got "${opts.files[0]}")`);
  const { lexicon, paper } = sharedEngine();
  if (opts.format === 'json') {
    io.out(JSON.stringify({ concepts: lexicon.concepts }, null, 2) + '\n');
    return 0;
  }
  const rows = lexicon.concepts.map((c) => [c.term, c.en, `${CATEGORY_LABELS[c.category].zh} ${CATEGORY_LABELS[c.category].en}`, `${c.source.defines} ${paper.byAnchor(c.source.defines)?.labelZh ?? ''}`]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => displayWidth(r[i]))));
  const out = rows.map((r) => r.map((cell, i) => (i < 3 ? padEnd(cell, widths[i]) : cell)).join('  '));
  io.out(`${out.join('\n')}\n\n${lexicon.concepts.length} concepts from 朱浩然《新质生产力发展的理论逻辑与路径分析》\n`);
  return 0;
}
