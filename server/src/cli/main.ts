/**
 * The `policy-lens` command: a thin front end on the core.
 *
 *   policy-lens annotate FILE… [--format table|json|jsonl|w3c|brat|webanno|csv|kwic|kwic-tsv|cooccurrence]
 *                        [--output FILE|DIR [--force]] [--max-file-size N] [--exclude ID,TERM,…]
 *   policy-lens concepts [--format table|json]
 *   policy-lens check FILE… [--format text|json]
 *   policy-lens cite SOURCE [ANCHOR] [--style gbt7714|bibtex|csl-json]
 *   policy-lens report FILE|FOLDER… -o report.html [--lang zh|en]
 *   policy-lens import FILE [--from prh|contextive|cntext] [-o OUT [--force]]
 *   policy-lens check-lexicon FILE… [--format text|json]
 *   policy-lens lsp --stdio | --node-ipc | --socket=PORT
 */
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { paperAnchor, sharedEngine, type Engine } from '../core/engine';
import { CATEGORY_LABELS } from '../core/lexicon/categories';
import type { CategoryId } from '../core/lexicon/types';
import { toAnnotationJson, type AnnotationFileJson } from '../core/annotationJson';
import { displayWidth, padEnd } from './width';
import { table } from './table';
import { checkOutput, DEFAULT_MAX_CHARS, inputIdentity, openOutputFile, OutputError, outputFolder, readInput, writeOutput, type DraftInput, type FileIdentity, type OutputFile } from './io';
import { EXPORTERS, exporterById, OFFSET_UNIT_LABELS, type ExportDocument, type Exporter, type ExportSink } from '../core/export/registry';
import { check, CHECK_USAGE } from './check';
import { cite, CITE_USAGE } from './cite';
import { report, REPORT_USAGE, ReportUsageError } from './report';
import { importCommand, IMPORT_USAGE } from './import';
import { checkLexiconCommand, CHECK_LEXICON_USAGE } from './checkLexicon';
import { conceptIdsNamed } from '../core/text/directives';
import { excludeNames, maxFileSize } from './args';

declare const POLICY_LENS_VERSION: string | undefined;

/** The `--format` values of annotate: the table, then every exporter of the registry. */
const FORMAT_IDS = ['table', ...EXPORTERS.map((e) => e.id)];

/** One help line per export format, from the registry: id, what it is, its offsets, and whether it needs a folder. */
function formatHelp(): string {
  const width = Math.max(...FORMAT_IDS.map((f) => f.length));
  const lines = [`        ${'table'.padEnd(width)}  a table for people (the default)`];
  for (const e of EXPORTERS) {
    const unit = e.offsetUnit === 'none' ? OFFSET_UNIT_LABELS.none.en : `offsets: ${OFFSET_UNIT_LABELS[e.offsetUnit].en}`;
    lines.push(`        ${e.id.padEnd(width)}  ${e.label.en}; ${unit}${e.multiFile ? '; several files: -o DIR' : ''}`);
  }
  return lines.join('\n');
}

const USAGE = `policy-lens — tags the concepts of 朱浩然《新质生产力发展的理论逻辑与路径分析》 in Markdown drafts

Usage:
  policy-lens annotate FILE… [--format FORMAT] [--output FILE|DIR [--force]] [--max-file-size N]
                       [--exclude ID,TERM,…]
      Prints every concept occurrence in the prose of each file (table, for people) or exports
      them for scripts and research tools. FORMAT is one of:
${formatHelp()}
      json is {"files":[{"path","annotations":[…]}]}. Formats that write several files
      (${EXPORTERS.filter((e) => e.multiFile).map((e) => e.id).join(', ')}) write into the folder given by
      --output, made if missing, and empty unless --force. FILE is Markdown, a Word .docx (its
      extracted text is annotated) or - for standard input. --output never replaces an input,
      nor an existing file unless --force is given. Files over N characters (default
      10,000,000) are refused. --exclude leaves out concepts (by id, term or any form); in a
      file, <!-- policy-lens: ignore 基础设施 --> and disable / enable / disable-next-line
      comments turn tags off too.
  policy-lens concepts [--format table|json]
      Lists the concept lexicon.
  ${CHECK_USAGE}
  ${CITE_USAGE}
  ${REPORT_USAGE}
  ${IMPORT_USAGE}
  ${CHECK_LEXICON_USAGE}
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
      case 'cite':
        return cite(rest, io);
      case 'report':
        return await report(rest, io);
      case 'import':
        return await importCommand(rest, io);
      case 'check-lexicon':
        return await checkLexiconCommand(rest, io);
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
    if (e instanceof UsageError || e instanceof OutputError || e instanceof ReportUsageError) {
      io.err(`policy-lens: ${e.message}\n`);
      return e instanceof OutputError ? e.code : 2;
    }
    throw e;
  }
}

class UsageError extends Error {}

interface Options {
  /** `table`, or an exporter id of the registry (`concepts` takes table or json). */
  format: string;
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
      if (!FORMAT_IDS.includes(f)) throw new UsageError(`--format must be one of ${FORMAT_IDS.join(', ')}; not "${f}"`);
      opts.format = f;
    } else if (a === '--output' || a === '-o' || a.startsWith('--output=')) {
      opts.output = value('--output');
    } else if (a === '--force' || a === '-f') {
      opts.force = true;
    } else if (a === '--max-file-size' || a.startsWith('--max-file-size=')) {
      opts.maxChars = maxFileSize(value('--max-file-size'), (problem) => {
        throw new UsageError(problem);
      });
    } else if (a === '--exclude' || a.startsWith('--exclude=')) {
      opts.exclude.push(...excludeNames(value('--exclude')));
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
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const opts = parseOptions(args);
  if (opts.files.length === 0) throw new UsageError('annotate needs at least one FILE');
  if (opts.files.filter((f) => f === '-').length > 1) throw new UsageError('"-" (standard input) can be named only once');
  const output = opts.output === '-' ? undefined : opts.output;
  const inputs = opts.files.map(inputIdentity).filter((i): i is FileIdentity => i !== undefined);
  // Before any work: an output that names an input, or an existing file without --force, is refused.
  const exporter = exporterById(opts.format);
  // A multi-file format's --output is a folder, checked when the export starts (outputFolder).
  if (output && !exporter?.multiFile) checkOutput(output, { force: opts.force, inputs });
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
  if (exporter) return exportAnnotations(exporter, opts, io, engine, excluded, inputs);
  const results: (AnnotationFileJson & { textSource?: 'docx-extracted' })[] = [];
  let failed = 0;
  for (const path of opts.files) {
    const annotated = await annotateInput(path, opts, io, engine, excluded, (doc, read) => ({ read, json: toAnnotationJson(read.name, doc) }));
    if (!annotated) {
      failed++;
      continue;
    }
    const { read, json } = annotated;
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
  const text = table(results, engine);
  if (output) {
    writeOutput(output, text, { force: opts.force, inputs });
    io.err(`policy-lens: wrote ${output}\n`);
  } else {
    io.out(text);
  }
  return failed ? 1 : 0;
}

type AnnotatedDoc = ReturnType<Engine['annotate']>;

/**
 * Reads one draft of `annotate`, annotates it without the excluded concepts and hands it to `use`;
 * undefined, said on standard error, when it cannot be read or annotated (or `use` fails), so one bad
 * draft (a parser limit, say) never loses the others named with it.
 */
async function annotateInput<T>(path: string, opts: Options, io: Io, engine: Engine, excluded: ReadonlySet<string>, use: (doc: AnnotatedDoc, read: DraftInput) => T): Promise<T | undefined> {
  const read = await readInput(path, { maxChars: opts.maxChars, stdin: io.stdin });
  if ('error' in read) {
    io.err(`policy-lens: ${read.error}\n`);
    return undefined;
  }
  try {
    const doc = engine.annotate(read.text, read.name);
    return use(excluded.size ? doc.filtered((o) => !excluded.has(o.concept.id)) : doc, read);
  } catch (e) {
    io.err(`policy-lens: ${read.name}: could not be annotated (${String((e as Error)?.message ?? e).split('\n')[0]})\n`);
    return undefined;
  }
}

/**
 * `annotate --format <exporter>`: the drafts are read, annotated and handed to the exporter one at a
 * time, and its output is written as it comes (standard output, a file, or for a multi-file format
 * the folder of --output), so a corpus of any size never sits in memory. Nothing is written when
 * every draft failed.
 */
async function exportAnnotations(exporter: Exporter, opts: Options, io: Io, engine: Engine, excluded: ReadonlySet<string>, inputs: FileIdentity[]): Promise<number> {
  const output = opts.output === '-' ? undefined : opts.output;
  if (exporter.multiFile && !output) throw new UsageError(`--format ${exporter.id} writes several files: give a folder with --output DIR`);
  let failed = 0;
  async function* documents(): AsyncGenerator<ExportDocument> {
    for (const path of opts.files) {
      const annotated = await annotateInput(path, opts, io, engine, excluded, (doc, read) => ({ read, doc }));
      if (!annotated) {
        failed++;
        continue;
      }
      const { read, doc } = annotated;
      // json and jsonl say it in the file (`textSource`); the other formats have no room for it.
      if (read.textSource && exporter.offsetUnit !== 'none' && exporter.id !== 'json' && exporter.id !== 'jsonl') io.err(`policy-lens: ${read.name}: offsets refer to the text extracted from the Word document\n`);
      // The W3C target's source: the file's URI (a path as typed may be relative).
      yield { path: read.name, uri: path === '-' ? undefined : pathToFileURL(resolvePath(path)).href, doc, textSource: read.textSource };
    }
  }
  // The first document is read before anything is written: when every draft fails, the messages say
  // why, and no empty export (or empty folder) is left behind.
  const it = documents();
  const first = await it.next();
  if (first.done) return 1;
  async function* all(): AsyncGenerator<ExportDocument> {
    yield first.value as ExportDocument;
    yield* it;
  }
  const open: OutputFile[] = [];
  let sink: ExportSink;
  if (exporter.multiFile) {
    const folder = outputFolder(output!, { force: opts.force, inputs });
    sink = { open: (name) => buffered(track(open, folder(name))) };
  } else if (output) {
    let used = false;
    sink = {
      open: () => {
        if (used) throw new OutputError(`--format ${exporter.id} wrote more than one file`);
        used = true;
        return buffered(track(open, openOutputFile(output, { force: opts.force, inputs })));
      },
    };
  } else {
    sink = { open: () => buffered({ write: (chunk: string) => io.out(chunk), close: () => undefined }) };
  }
  let names: string[];
  try {
    names = await exporter.write(all(), sink, { concepts: engine.lexicon.concepts, version: typeof POLICY_LENS_VERSION === 'string' ? POLICY_LENS_VERSION : undefined });
  } catch (e) {
    for (const f of open) f.abort();
    throw e;
  }
  if (output) io.err(exporter.multiFile ? `policy-lens: wrote ${names.length} file(s) into ${output}\n` : `policy-lens: wrote ${output}\n`);
  return failed ? 1 : 0;
}

/** Collects an exporter's small writes (a line, an annotation) into chunks of about 64 KB: one system call each. */
function buffered(w: { write(chunk: string): void; close(): void }): { write(chunk: string): void; close(): void } {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (!parts.length) return;
    w.write(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write: (chunk) => {
      parts.push(chunk);
      size += chunk.length;
      if (size >= 65_536) flush();
    },
    close: () => {
      flush();
      w.close();
    },
  };
}

function track(list: OutputFile[], f: OutputFile): OutputFile {
  list.push(f);
  return f;
}

function concepts(args: string[], io: Io): number {
  const opts = parseOptions(args);
  if (opts.format !== 'table' && opts.format !== 'json') throw new UsageError(`concepts: --format must be "table" or "json", not "${opts.format}"`);
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
