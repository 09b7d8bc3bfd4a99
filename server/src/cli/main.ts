/**
 * The `policy-lens` command: a thin front end on the core.
 *
 *   policy-lens annotate FILE… [--format table|json] [--output FILE [--force]] [--max-file-size N]
 *                        [--exclude ID,TERM,…]
 *   policy-lens concepts [--format table|json]
 *   policy-lens check FILE… [--format text|json]
 *   policy-lens lsp --stdio | --node-ipc | --socket=PORT
 */
import { paperAnchor, sharedEngine, type Engine } from '../core/engine';
import { CATEGORY_LABELS } from '../core/lexicon/categories';
import type { CategoryId } from '../core/lexicon/types';
import { toAnnotationJson, type AnnotationFileJson } from '../core/annotationJson';
import { displayWidth, padEnd } from './width';
import { table } from './table';
import { checkOutput, DEFAULT_MAX_CHARS, inputIdentity, OutputError, readInput, writeOutput, type FileIdentity } from './io';
import { check, CHECK_USAGE } from './check';
import { conceptIdsNamed } from '../core/text/directives';

declare const POLICY_LENS_VERSION: string | undefined;

const USAGE = `policy-lens — tags the concepts of 朱浩然《新质生产力发展的理论逻辑与路径分析》 in Markdown drafts

Usage:
  policy-lens annotate FILE… [--format table|json] [--output FILE [--force]] [--max-file-size N]
                       [--exclude ID,TERM,…]
      Prints every concept occurrence in the prose of each file (table, for people) or exports
      them as JSON ({"files":[{"path","annotations":[…]}]}). FILE is Markdown, a Word .docx
      (its extracted text is annotated) or - for standard input. --output never replaces an
      input, nor an existing file unless --force is given. Files over N characters (default
      10,000,000) are refused. --exclude leaves out concepts (by id, term or any form); in a
      file, <!-- policy-lens: ignore 基础设施 --> and disable / enable / disable-next-line
      comments turn tags off too.
  policy-lens concepts [--format table|json]
      Lists the concept lexicon.
  ${CHECK_USAGE}
  policy-lens lsp --stdio | --node-ipc | --socket=PORT
      Runs the language server for any LSP editor.
  policy-lens --help | --version
`;

interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, for the file name `-` (default: the process's). */
  stdin?: AsyncIterable<Buffer | string>;
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
        return await annotate(rest, io);
      case 'concepts':
        return concepts(rest, io);
      case 'check':
        return await check(rest, io, (path) => readInput(path, { maxChars: DEFAULT_MAX_CHARS }));
      case 'lsp': {
        checkTransport(rest);
        const { startServer } = await import('../lsp/server');
        startServer();
        return new Promise<number>(() => undefined); // runs until the client exits the process
      }
      default:
        io.err(`policy-lens: unknown command "${command}". Run "policy-lens --help".\n`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof OutputError) {
      io.err(`policy-lens: ${e.message}\n`);
      return e instanceof OutputError ? e.code : 2;
    }
    throw e;
  }
}

class UsageError extends Error {}

interface Options {
  format: 'table' | 'json';
  output?: string;
  /** `--force`: --output may replace an existing file (never an input). */
  force: boolean;
  /** `--max-file-size N`: longest draft read, in characters. */
  maxChars: number;
  /** Concepts not to tag: ids, terms or any surface form (`--exclude`, comma-separated, repeatable). */
  exclude: string[];
  files: string[];
}

function parseOptions(args: string[]): Options {
  const opts: Options = { format: 'table', exclude: [], files: [], force: false, maxChars: DEFAULT_MAX_CHARS };
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
    } else if (a === '--force' || a === '-f') {
      opts.force = true;
    } else if (a === '--max-file-size' || a.startsWith('--max-file-size=')) {
      const v = value('--max-file-size');
      const n = Number(v.replace(/[_,]/g, ''));
      if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--max-file-size must be a positive number of characters, not "${v}"`);
      opts.maxChars = n;
    } else if (a === '--exclude' || a.startsWith('--exclude=')) {
      opts.exclude.push(...value('--exclude').split(/[,，、]/).map((n) => n.trim()).filter(Boolean));
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

/** The transports `vscode-languageserver` reads from the command line. */
const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;

/** `policy-lens lsp` needs a transport flag; without one the server library would throw a raw stack trace. */
function checkTransport(args: string[]): void {
  if (!args.some((a) => TRANSPORT.test(a))) {
    throw new UsageError('lsp needs a transport: policy-lens lsp --stdio | --node-ipc | --socket=PORT');
  }
}

async function annotate(args: string[], io: Io): Promise<number> {
  const opts = parseOptions(args);
  if (opts.files.length === 0) throw new UsageError('annotate needs at least one FILE');
  if (opts.files.filter((f) => f === '-').length > 1) throw new UsageError('"-" (standard input) can be named only once');
  const output = opts.output === '-' ? undefined : opts.output;
  const inputs = opts.files.map(inputIdentity).filter((i): i is FileIdentity => i !== undefined);
  // Before any work: an output that names an input, or an existing file without --force, is refused.
  if (output) checkOutput(output, { force: opts.force, inputs });
  if (opts.files.includes('-') && !io.stdin && process.stdin.isTTY) {
    io.err('policy-lens: reading the draft from standard input (type or paste it, then Ctrl-D)\n');
  }
  const engine = sharedEngine();
  const excluded = new Set<string>();
  for (const name of opts.exclude) {
    const ids = conceptIdsNamed(engine, name);
    if (!ids.length) throw new UsageError(`--exclude: "${name}" names no concept (give an id, a term or any form; "policy-lens concepts" lists them)`);
    for (const id of ids) excluded.add(id);
  }
  const results: (AnnotationFileJson & { textSource?: 'docx-extracted' })[] = [];
  let failed = 0;
  for (const path of opts.files) {
    const read = await readInput(path, { maxChars: opts.maxChars, stdin: io.stdin });
    if ('error' in read) {
      io.err(`policy-lens: ${read.error}\n`);
      failed++;
      continue;
    }
    let json: AnnotationFileJson;
    try {
      const doc = engine.annotate(read.text, read.name);
      json = toAnnotationJson(read.name, excluded.size ? doc.filtered((o) => !excluded.has(o.concept.id)) : doc);
    } catch (e) {
      // One bad draft (a parser limit, say) must not lose the others named with it.
      io.err(`policy-lens: ${read.name}: could not be annotated (${String((e as Error)?.message ?? e).split('\n')[0]})\n`);
      failed++;
      continue;
    }
    if (read.textSource) {
      const { path: p, ...rest } = json;
      results.push({ path: p, textSource: read.textSource, ...rest });
      if (opts.format === 'table') io.err(`policy-lens: ${read.name}: lines and columns refer to the text extracted from the Word document\n`);
    } else {
      results.push(json);
    }
  }
  // Every file failed: the messages above say why; an all-zero summary (or an empty export) would not.
  if (results.length === 0) return 1;
  const text = opts.format === 'json' ? JSON.stringify({ files: results }, null, 2) + '\n' : table(results, engine);
  if (output) {
    writeOutput(output, text, { force: opts.force, inputs });
    io.err(`policy-lens: wrote ${output}\n`);
  } else {
    io.out(text);
  }
  return failed ? 1 : 0;
}

function concepts(args: string[], io: Io): number {
  const opts = parseOptions(args);
  if (opts.files.length) throw new UsageError(`concepts takes no files (got "${opts.files[0]}")`);
  const { lexicon, paper } = sharedEngine();
  if (opts.format === 'json') {
    io.out(JSON.stringify({ concepts: lexicon.concepts }, null, 2) + '\n');
    return 0;
  }
  const rows = lexicon.concepts.map((c) => [c.term, c.en, `${CATEGORY_LABELS[c.category].zh} ${CATEGORY_LABELS[c.category].en}`, `${paperAnchor(c) ?? ''} ${paper.byAnchor(paperAnchor(c) ?? '')?.labelZh ?? ''}`]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => displayWidth(r[i]))));
  const out = rows.map((r) => r.map((cell, i) => (i < 3 ? padEnd(cell, widths[i]) : cell)).join('  '));
  io.out(`${out.join('\n')}\n\n${lexicon.concepts.length} concepts from 朱浩然《新质生产力发展的理论逻辑与路径分析》\n`);
  return 0;
}
