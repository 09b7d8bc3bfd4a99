/**
 * The in-process measurements: the engine beside remark-parse, a RegExp, textlint + prh and
 * vscode-markdown-languageservice, plus the incremental property test. Each group runs in its own
 * Node process (started by bench/run.ts with --expose-gc), prints its measurements as one JSON line
 * (`@@result …`) and logs to stderr.
 *
 *   node --expose-gc --import tsx bench/inprocess.ts <group> [--runs N] [--quick] [--profile]
 *
 * `--profile` runs only the measured subject once (after a warm-up), for `node --cpu-prof`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sharedEngine } from '../server/src/core/engine';
import { surfaceForms } from '../server/src/core/match/forms';
import { extractProse, parseCounts, resetParseCounts } from '../server/src/core/text/prose';
import { keepShapes, lezerParser, setKeepShapes } from '../server/src/core/text/lezerProse';
import type { RawMatch } from '../server/src/core/match/matcher';
import { provideDocumentSymbols } from '../server/src/lsp/features/documentSymbols';
import { DEFAULT_SETTINGS } from '../server/src/lsp/settings';
import type { FeatureContext } from '../server/src/lsp/context';
import type { ConceptDocument } from '../server/src/core/document';
import { checkChunkedParse, checkCrlfFastPath, checkDirectiveEdits, checkFastPath, checkGfmParts, checkIncremental, checkOutlineEdits, checkSentences, sentenceDifference } from '../test/support/editFuzz';
import { checkLezerIncremental, checkLezerPieces } from '../test/support/lezerEditFuzz';
import { checkAutolinks } from '../test/support/autolinkFuzz';
import { checkFootnotes } from '../test/support/footnoteFuzz';
import { keepDocumentShapes, sentenceCounts } from '../server/src/core/document';
import { readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { workspaceFile } from './corpus';
import { draftPath, ensureCorpus, type DraftName } from './corpus';
import { bareParse, gfmParse, gfmPartParsers } from './rootDeps';
import { monotonicMicros, stackBuckets, type CpuProfile } from './profile';
import { Session } from 'node:inspector';
import type { ProfileWindow } from './serverBench';
import { lexiconGroup } from './lexicon';
import {
  createMdLanguageService,
  createPrhLinter,
  formsByText,
  insideNotWithin,
  lexiconRegExp,
  mdlsVersions,
  nonTermSpans,
  overlaps,
  prhYaml,
  reconcile,
  regexFindAll,
  spansLineBreak,
  textlintSpans,
  textlintStrRanges,
  textlintVersions,
  within,
  type Reconciliation,
  type Span,
} from './compare';
import { measurement, median, rotated, round, timeCpu, type Measurement, type Timing } from './stats';
import { quotationsGroup } from './quotations';

export interface GroupResult {
  measurements: Measurement[];
  info: Record<string, unknown>;
}

const CACHE = join(__dirname, '.cache');

function draft(name: DraftName): string {
  return readFileSync(draftPath(name), 'utf8');
}

/** Collects garbage before a timed call when the process allows it, so one program's garbage is not billed to the next. */
function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function describe(r: Reconciliation): string {
  const parts = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${v} ${k}`).join('; ') || 'none';
  return r.equal ? `both found ${r.ours}` : `ours ${r.ours}, theirs ${r.theirs}; only ours: ${parts(r.onlyOurs)}; only theirs: ${parts(r.onlyTheirs)}`;
}

/** A CPU profile of one call, taken in this process through the inspector (100 µs sampling). */
async function sampled(fn: () => unknown): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  await fn();
  const { profile } = (await post('Profiler.stop')) as { profile: CpuProfile };
  session.disconnect();
  return profile;
}

/** Runs `fn` and records when it ran, for a profile summary of just that part of the process. */
async function windowed(windows: ProfileWindow[], label: string, fn: () => unknown): Promise<void> {
  const from = monotonicMicros();
  await fn();
  windows.push({ label, pid: process.pid, from, to: monotonicMicros() });
}

/** Per-run timings of one program: CPU time is what the rows report, wall time goes into the note. */
class Series {
  readonly cpu: number[] = [];
  readonly wall: number[] = [];
  push(t: Timing): void {
    this.cpu.push(t.cpu);
    this.wall.push(t.wall);
  }
  get length(): number {
    return this.cpu.length;
  }
}

function ratio(a: Series, b: Series): number[] {
  return a.cpu.map((x, i) => x / b.cpu[i]);
}

function wallRatio(a: Series, b: Series): number {
  return round(median(a.wall.map((x, i) => x / b.wall[i])));
}

/** A property check's row: 0 mismatches, or 1 with what failed in the note. */
function mismatchRow(name: string, failed: boolean, note: string): Measurement {
  const n = failed ? 1 : 0;
  return { name, value: n, unit: 'mismatches', target: 'no mismatch', pass: !failed, median: n, min: n, max: n, runs: 1, note };
}

function msRow(name: string, s: Series, note?: string): Measurement {
  const wall = `wall median ${round(median(s.wall))} ms`;
  return measurement(name, s.cpu, 'ms', null, note ? `${note}; ${wall}` : wall);
}

async function timed(s: Series, fn: () => unknown): Promise<void> {
  settle();
  s.push(await timeCpu(fn));
}

// ---------------------------------------------------------------------------------------------

async function annotateGroup(runs: number, profile: boolean): Promise<GroupResult> {
  const engine = sharedEngine();
  const text = draft('1m');
  const warm = draft('100k');
  bareParse(warm);
  gfmParse(warm);
  extractProse(warm);
  engine.annotate(warm);
  if (profile) {
    const windows: ProfileWindow[] = [];
    await windowed(windows, 'bare remark-parse, 1 MB', () => bareParse(text));
    await windowed(windows, 'parse with remark-gfm, 1 MB', () => gfmParse(text));
    await windowed(windows, 'engine.annotate, 1 MB', () => engine.annotate(text));
    return { measurements: [], info: { profileWindows: windows } };
  }
  const bare = new Series();
  const gfm = new Series();
  const extract = new Series();
  const annotate = new Series();
  const match = new Series();
  let occurrences = 0;
  let proseRanges = 0;
  for (let run = 0; run < runs; run++) {
    const programs: [Series, () => unknown][] = [
      [bare, () => bareParse(text)],
      // unified + remark-parse + remark-gfm over the whole text in one parse: the engine's result, got
      // the naive way (the engine parses in pieces, each with only the GFM parts it can need).
      [gfm, () => gfmParse(text)],
      [extract, () => extractProse(text)],
      [annotate, () => (occurrences = engine.annotate(text).occurrences.length)],
    ];
    for (const [series, fn] of rotated(programs, run)) await timed(series, fn);
    const model = extractProse(text);
    proseRanges = model.prose.length;
    await timed(match, () => {
      const out: RawMatch[] = [];
      for (const r of model.prose) engine.matcher.findAll(text, r.start, r.end, out);
      return out;
    });
    process.stderr.write(`  annotate run ${run + 1}/${runs}: CPU ms bare ${bare.cpu[run].toFixed(0)}, gfm ${gfm.cpu[run].toFixed(0)}, annotate ${annotate.cpu[run].toFixed(0)}\n`);
  }
  // What each GFM extension adds to CommonMark, on the same text (fewer runs: this is a breakdown).
  const parts = gfmPartParsers();
  const partSeries = new Map(Object.keys(parts).map((k) => [k, new Series()]));
  for (const parse of Object.values(parts)) parse(warm);
  for (let run = 0; run < Math.min(runs, 2); run++) {
    for (const [name, parse] of rotated(Object.entries(parts), run)) await timed(partSeries.get(name)!, () => parse(text));
  }
  const base = partSeries.get('CommonMark only')!;
  const partRows = [...partSeries]
    .filter(([name]) => name !== 'CommonMark only')
    .map(([name, s]) => measurement(`    remark-gfm part: ${name}, added to CommonMark`, s.cpu.map((x, i) => ((x - base.cpu[i]) / base.cpu[i]) * 100), '%', null));
  // Where annotate's time goes, from a sampled profile of one more call (the stacks say which step is running).
  settle();
  const sample = await sampled(() => engine.annotate(text));
  const split = stackBuckets(sample, [
    { name: 'Markdown parse', test: (cf) => cf.url.includes('node_modules/unified/') && cf.functionName === 'parse' },
    { name: 'prose walk', test: (cf) => cf.url.includes('prose.ts') && cf.functionName === 'collect' },
    { name: 'matching', test: (cf) => cf.url.includes('matcher.ts') && cf.functionName === 'findAll' },
  ]);
  const share = (k: string) => (split.ms[k] / split.busyMs) * 100;
  const splitNote = (k: string) => `${round(split.ms[k])} ms of ${round(split.busyMs)} ms sampled`;
  const note = `CPU time, per-run ratios, programs in rotating order (wall-time ratio median ${wallRatio(annotate, bare)}); 1 MB draft: ${text.length} UTF-16 units, ${proseRanges} prose ranges, ${occurrences} occurrences`;
  return {
    measurements: [
      measurement('annotate 1 MB ÷ bare remark-parse', ratio(annotate, bare), '×', { op: '<=', limit: 1.25 }, note),
      measurement('  remark-gfm: parse with gfm ÷ bare parse', ratio(gfm, bare), '×', null, `wall-time ratio median ${wallRatio(gfm, bare)}; the parts below are each measured alone (mdast-util-from-markdown + one extension), so they need not add up`),
      ...partRows,
      measurement('  annotate ÷ one whole remark-gfm parse', ratio(annotate, gfm), '×', null, `wall-time ratio median ${wallRatio(annotate, gfm)}; below 1 because the engine parses 8 KB pieces cut between top-level blocks (micromark's cost grows faster than its input) and leaves out GFM parts a piece cannot use`),
      msRow('  bare remark-parse, 1 MB', bare),
      msRow('  parse with remark-gfm, 1 MB', gfm),
      msRow('  engine parse + prose walk (extractProse), 1 MB', extract),
      msRow('  matching the prose ranges alone (findAll), 1 MB', match),
      msRow('  annotate end to end, 1 MB', annotate),
      measurement('  annotate breakdown (sampled): Markdown parse', [share('Markdown parse')], '%', null, `${splitNote('Markdown parse')}; unified's parse, whatever processors the engine uses`),
      measurement('  annotate breakdown (sampled): prose walk', [share('prose walk')], '%', null, splitNote('prose walk')),
      measurement('  annotate breakdown (sampled): matching', [share('matching')], '%', null, splitNote('matching')),
      measurement('  annotate breakdown (sampled): other, garbage collection included', [share('other')], '%', null, splitNote('other')),
    ],
    info: { chars: text.length, occurrences, proseRanges },
  };
}

// ---------------------------------------------------------------------------------------------

async function matcherGroup(runs: number, profile: boolean): Promise<GroupResult> {
  const engine = sharedEngine();
  const text = draft('1m');
  const forms = surfaceForms(engine.lexicon);
  const re = lexiconRegExp(forms);
  const reps = 5;
  // Warm both up past V8's tiers first: the matcher's loop is hot code that is optimised late.
  for (let i = 0; i < 5; i++) {
    engine.matcher.findAll(text);
    regexFindAll(re, text);
  }
  if (profile) {
    const windows: ProfileWindow[] = [];
    await windowed(windows, 'matcher findAll ×20, 1 MB', () => {
      for (let i = 0; i < 20; i++) engine.matcher.findAll(text);
    });
    await windowed(windows, 'RegExp alternation ×20, 1 MB', () => {
      for (let i = 0; i < 20; i++) regexFindAll(re, text);
    });
    return { measurements: [], info: { profileWindows: windows } };
  }
  const m = new Series();
  const r = new Series();
  for (let run = 0; run < runs; run++) {
    const programs: [Series, () => unknown][] = [
      [m, () => engine.matcher.findAll(text)],
      [r, () => regexFindAll(re, text)],
    ];
    for (const [series, fn] of rotated(programs, run)) {
      settle();
      const t = await timeCpu(() => {
        for (let k = 0; k < reps; k++) fn();
      });
      series.push({ cpu: t.cpu / reps, wall: t.wall / reps });
    }
  }
  const ours: Span[] = engine.matcher.findAll(text).map((x) => ({ start: x.start, end: x.end }));
  const theirs = regexFindAll(re, text);
  const byText = formsByText(forms);
  const rec = reconcile(
    text,
    ours,
    theirs,
    (s, theirsOnly) => (spansLineBreak(text, s) ? 'across a soft line break (the RegExp reads the break literally)' : overlaps(s, theirsOnly) ? 'chosen instead of a RegExp match that the matcher rejected' : 'unexplained'),
    (s, oursOnly) => (insideNotWithin(text, s, byText) ? 'inside a notWithin word (the matcher rejects it)' : overlaps(s, oursOnly) ? 'overlaps a matcher match across a soft line break' : 'unexplained'),
  );
  const note = `CPU time (wall-time ratio median ${wallRatio(r, m)}); ${forms.length} forms, one alternation of ${re.source.length} chars, flags gi; whole 1 MB text, mean of ${reps} calls per run. Counts: ${describe(rec)}`;
  return {
    measurements: [
      measurement('matcher speed-up over one RegExp alternation (1 MB)', ratio(r, m), '×', { op: '>=', limit: 2 }, note),
      msRow('  matcher findAll, whole 1 MB text', m),
      msRow('  RegExp alternation, whole 1 MB text', r),
    ],
    info: { reconciliation: rec },
  };
}

// ---------------------------------------------------------------------------------------------

async function textlintGroup(runs: number, profile: boolean): Promise<GroupResult> {
  const engine = sharedEngine();
  const text = draft('1m');
  const warm = draft('100k');
  const forms = surfaceForms(engine.lexicon);
  const yaml = prhYaml(engine.lexicon.concepts, forms);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(join(CACHE, 'prh.yml'), yaml);
  const linter = createPrhLinter(yaml);
  engine.annotate(warm);
  await linter.lintText(warm, 'warm.md');
  if (profile) {
    const windows: ProfileWindow[] = [];
    await windowed(windows, 'engine.annotate, 1 MB', () => engine.annotate(text));
    await windowed(windows, 'textlint + prh lintText, 1 MB', () => linter.lintText(text, 'draft-1m.md'));
    return { measurements: [], info: { profileWindows: windows } };
  }
  const ours = new Series();
  const theirs = new Series();
  let doc: ConceptDocument | undefined;
  let messages: Awaited<ReturnType<typeof linter.lintText>>['messages'] = [];
  for (let run = 0; run < runs; run++) {
    const programs: [Series, () => Promise<unknown>][] = [
      [ours, async () => (doc = engine.annotate(text))],
      [theirs, async () => (messages = (await linter.lintText(text, 'draft-1m.md')).messages)],
    ];
    for (const [series, fn] of rotated(programs, run)) await timed(series, fn);
    process.stderr.write(`  textlint run ${run + 1}/${runs}: CPU ms annotate ${ours.cpu[run].toFixed(0)}, textlint ${theirs.cpu[run].toFixed(0)}\n`);
  }
  const occ = doc!.occurrences;
  const termSpans: Span[] = occ.filter((o) => o.kind === 'term');
  const str = textlintStrRanges(text);
  const byText = formsByText(forms);
  const rec = reconcile(
    text,
    nonTermSpans(occ),
    textlintSpans(messages),
    (s, theirsOnly) =>
      spansLineBreak(text, s)
        ? 'across a soft line break (prh reads the break literally)'
        : !within(s, str)
          ? "outside textlint's Str nodes (its older remark parses the block differently)"
          : overlaps(s, theirsOnly)
            ? 'prh chose an overlapping form'
            : 'unexplained',
    (s, oursOnly) =>
      insideNotWithin(text, s, byText)
        ? 'inside a notWithin word (the engine rejects it)'
        : overlaps(s, termSpans)
          ? 'overlaps a canonical term (prh drops term matches before resolving overlaps)'
          : overlaps(s, oursOnly)
            ? 'overlaps an engine match across a soft line break'
            : 'unexplained',
  );
  const versions = textlintVersions();
  const note = `CPU time (wall-time ratio median ${wallRatio(theirs, ours)}); in process: textlint createLinter().lintText (${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}) vs engine.annotate; prh reports only non-canonical forms, so counts compare with the engine's non-term occurrences: ${describe(rec)}`;
  return {
    measurements: [
      measurement('annotate speed-up over textlint + prh (1 MB)', ratio(theirs, ours), '×', { op: '>=', limit: 1.5 }, note),
      msRow('  engine.annotate, 1 MB', ours),
      msRow('  textlint + textlint-rule-prh lintText, 1 MB', theirs),
    ],
    info: { reconciliation: rec, versions, prhRules: yaml.split('\n  - expected').length - 1 },
  };
}

// ---------------------------------------------------------------------------------------------

async function symbolsGroup(runs: number, profile: boolean): Promise<GroupResult> {
  const engine = sharedEngine();
  const text = draft('1.6m');
  const warm = draft('100k');
  const mdls = createMdLanguageService();
  const token = { isCancellationRequested: false };
  const contextFor = (doc: ConceptDocument) =>
    // Only the three members documentSymbols reads; the rest of the context is not needed here.
    ({ engine, document: async () => doc, settings: async () => DEFAULT_SETTINGS }) as unknown as FeatureContext;
  const params = { textDocument: { uri: 'file:///bench/draft-1.6m.md' } };
  const ourSymbols = (doc: ConceptDocument) => provideDocumentSymbols(contextFor(doc), params);
  await ourSymbols(engine.annotate(warm));
  // As the server's document store does for every document it makes (a no-op after the first).
  keepDocumentShapes(engine);
  await mdls.getDocumentSymbols(TextDocument.create('file:///bench/warm.md', 'markdown', 1, warm), {}, token);
  if (profile) {
    const windows: ProfileWindow[] = [];
    await windowed(windows, 'policy-lens annotate + document symbols, 1.6 MB', () => ourSymbols(engine.annotate(text)));
    return { measurements: [], info: { profileWindows: windows } };
  }
  const s = { oursCold: new Series(), oursWarm: new Series(), mdCold: new Series(), mdWarm: new Series() };
  const counts = { ours: 0, mdls: 0 };
  const count = (list: readonly { children?: unknown[] }[] | null): number => (list ?? []).reduce((n, x) => n + 1 + count((x.children ?? []) as { children?: unknown[] }[]), 0);
  for (let run = 0; run < runs; run++) {
    const programs: [string, () => Promise<void>][] = [
      [
        'ours',
        async () => {
          let doc: ConceptDocument | undefined;
          await timed(s.oursCold, () => ourSymbols((doc = engine.annotate(text, params.textDocument.uri, run))));
          await timed(s.oursWarm, async () => (counts.ours = count(await ourSymbols(doc!))));
        },
      ],
      [
        'mdls',
        async () => {
          // A new URI per run: nothing cached from the previous run.
          const doc = TextDocument.create(`file:///bench/draft-1.6m-${run}.md`, 'markdown', 1, text);
          await timed(s.mdCold, () => mdls.getDocumentSymbols(doc, { includeLinkDefinitions: false }, token));
          await timed(s.mdWarm, async () => (counts.mdls = count(await mdls.getDocumentSymbols(doc, { includeLinkDefinitions: false }, token))));
        },
      ],
    ];
    for (const [, fn] of rotated(programs, run)) await fn();
    process.stderr.write(`  symbols run ${run + 1}/${runs}: CPU ms cold policy-lens ${s.oursCold.cpu[run].toFixed(0)}, vscode-markdown-languageservice ${s.mdCold.cpu[run].toFixed(0)}\n`);
  }
  const v = mdlsVersions();
  const note = `CPU time; 1.6 MB draft, in process. Cold: parse + symbols for a new document; warm: the same document again (both cache per document). policy-lens outline mode "full": ${counts.ours} symbols (headings plus the concepts under each); ${Object.entries(v).map(([k, x]) => `${k} ${x}`).join(', ')}: ${counts.mdls} symbols (headings only)`;
  return {
    measurements: [
      msRow('document symbols 1.6 MB, cold: policy-lens', s.oursCold, note),
      msRow('document symbols 1.6 MB, cold: vscode-markdown-languageservice', s.mdCold),
      msRow('document symbols 1.6 MB, warm: policy-lens', s.oursWarm),
      msRow('document symbols 1.6 MB, warm: vscode-markdown-languageservice', s.mdWarm),
    ],
    info: { counts, versions: v },
  };
}

// ---------------------------------------------------------------------------------------------

/** One share of the property test, in this process: prints `@@part {failure, cpu}`. */
async function incrementalPart(seed: number, sequences: number, edits: number, k: number, editSequences: number): Promise<void> {
  const engine = sharedEngine();
  const c = process.cpuUsage();
  const failure = checkIncremental(engine, seed, sequences, edits);
  // The two parse properties the incremental path stands on, on as many random documents.
  const chunked = checkChunkedParse(seed, sequences);
  const gfm = checkGfmParts(seed, sequences);
  // The directive and 公文 outline edit properties whose first sequences npm test runs (seed 20261201
  // in test/unit/directives.test.ts and gongwen.test.ts): part 0 continues that seed, the others the next ones.
  const directives = checkDirectiveEdits(engine, EDIT_PROPERTY_SEED + k, editSequences);
  const outlines = checkOutlineEdits(engine, EDIT_PROPERTY_SEED + k, editSequences);
  // The incremental lezer path (npm test: the first 16 sequences of seed 20261201 in incrementalLezer.test.ts).
  const lezer = checkLezerIncremental(engine, EDIT_PROPERTY_SEED + k, editSequences, 8);
  // The lezer pieces an edit's window is read in (npm test: 150 documents of seed 20261201).
  const pieces = checkLezerPieces(EDIT_PROPERTY_SEED + k, sequences);
  const d = process.cpuUsage(c);
  process.stdout.write(`@@part ${JSON.stringify({ failure, chunked, gfm, directives, outlines, lezer, pieces, cpu: (d.user + d.system) / 1e6 })}\n`);
}

/** The seed of the directive and outline edit properties in npm test (their full counts run here). */
const EDIT_PROPERTY_SEED = 20261201;
/** Sequences of the directive and outline edit properties, over all parts (npm test runs 25 and 30). */
const EDIT_PROPERTY_SEQUENCES = 1000;

function runPart(
  seed: number,
  sequences: number,
  edits: number,
  k: number,
  editSequences: number,
): Promise<{
  failure?: ReturnType<typeof checkIncremental>;
  chunked?: ReturnType<typeof checkChunkedParse>;
  gfm?: ReturnType<typeof checkGfmParts>;
  directives?: ReturnType<typeof checkDirectiveEdits>;
  outlines?: ReturnType<typeof checkOutlineEdits>;
  lezer?: ReturnType<typeof checkLezerIncremental>;
  pieces?: ReturnType<typeof checkLezerPieces>;
  cpu: number;
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, 'incremental-part', String(seed), String(sequences), String(edits), String(k), String(editSequences)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@part '));
      if (line) resolve(JSON.parse(line.slice(7)));
      else reject(new Error(`incremental-part ${seed} exited with ${code}`));
    });
  });
}

/**
 * The edit-sequence property of test/support/editFuzz.ts at full size, on the shipped lexicon: the
 * sequences are split over one process per core (seeds differ per process), since one process
 * would take minutes.
 */
async function incrementalGroup(sequences: number, profile: boolean): Promise<GroupResult> {
  const edits = 8;
  const seed = 20260101;
  if (profile) {
    const windows: ProfileWindow[] = [];
    await windowed(windows, 'checkIncremental, 300 sequences', () => checkIncremental(sharedEngine(), seed, Math.min(sequences, 300), edits));
    return { measurements: [], info: { profileWindows: windows } };
  }
  const parts = Math.max(1, Math.min(4, cpus().length));
  const share = Math.ceil(sequences / parts);
  const t = performance.now();
  const editSequences = Math.min(EDIT_PROPERTY_SEQUENCES, sequences);
  const editShare = Math.ceil(editSequences / parts);
  const results = await Promise.all(
    Array.from({ length: parts }, (_, k) =>
      runPart(seed + k, k === parts - 1 ? sequences - share * (parts - 1) : share, edits, k, k === parts - 1 ? editSequences - editShare * (parts - 1) : editShare),
    ),
  );
  const wall = performance.now() - t;
  const failure = results.find((r) => r.failure)?.failure;
  const cpu = results.reduce((n, r) => n + r.cpu, 0);
  const secs = Math.round(wall / 100) / 10;
  const m: Measurement = {
    name: `incremental property: ${sequences.toLocaleString('en')} random edit sequences × ${edits} edits`,
    value: secs,
    unit: 's',
    target: 'no mismatch',
    pass: failure === undefined,
    median: secs,
    min: secs,
    max: secs,
    runs: 1,
    note: failure
      ? `MISMATCH at sequence ${failure.sequence} of seed ${failure.seed}; replay with checkIncremental(sharedEngine(), ${failure.seed}, ${failure.sequence + 1}, ${edits}); before=${JSON.stringify(failure.before).slice(0, 200)} after=${JSON.stringify(failure.after).slice(0, 200)}`
      : `update() equals a full annotation after every one of ${(sequences * edits).toLocaleString('en')} edits (shipped lexicon, ${surfaceForms(sharedEngine().lexicon).length} forms); value is the wall time over ${parts} processes (seeds ${seed}…${seed + parts - 1}), ${round(cpu)} s CPU in all`,
  };
  const chunked = results.find((r) => r.chunked)?.chunked;
  const gfm = results.find((r) => r.gfm)?.gfm;
  const directives = results.find((r) => r.directives)?.directives;
  const outlines = results.find((r) => r.outlines)?.outlines;
  const lezerFailure = results.find((r) => r.lezer?.failure)?.lezer?.failure;
  const lezerCounts = { lezer: 0, window: 0, full: 0, none: 0 };
  const piecesFailure = results.find((r) => r.pieces?.failure)?.pieces?.failure;
  const piecesRead = results.reduce((n, r) => n + (r.pieces?.read ?? 0), 0);
  for (const r of results) if (r.lezer) {
    for (const k of ['lezer', 'window', 'full', 'none'] as const) lezerCounts[k] += r.lezer.counts[k];
  }
  const replay = (name: string, found: { seed: number; sequence: number; before: string; after: string } | undefined, what: string): Measurement =>
    mismatchRow(name, found !== undefined, found ? `MISMATCH at sequence ${found.sequence} of seed ${found.seed}; replay with ${what.split(':')[0]}(sharedEngine(), ${found.seed}, ${found.sequence + 1}); after=${JSON.stringify(found.after).slice(0, 300)}` : what);
  const property = (name: string, found: { seed: number; document: number; text: string } | undefined, what: string): Measurement =>
    mismatchRow(name, found !== undefined, found ? `MISMATCH at document ${found.document} of seed ${found.seed}: ${JSON.stringify(found.text).slice(0, 300)}` : what);
  return {
    measurements: [
      m,
      property(`  parsing in pieces equals one parse: ${sequences.toLocaleString('en')} random documents`, chunked, 'checkChunkedParse: each document parsed whole and in pieces of 1–200 code units; blocks, headings and prose equal'),
      property(`  GFM parts left out where they cannot fire: ${sequences.toLocaleString('en')} random documents`, gfm, 'checkGfmParts: each tree equals full GFM\'s, positions included'),
      replay(`  directive comments typed in and deleted: ${editSequences.toLocaleString('en')} random edit sequences × 6 edits`, directives, `checkDirectiveEdits: update() equals a full annotation after each edit; seeds ${EDIT_PROPERTY_SEED}…${EDIT_PROPERTY_SEED + parts - 1} (npm test: the first 25 sequences of ${EDIT_PROPERTY_SEED})`),
      mismatchRow(
        `  lezer edit windows = a fresh annotation = remark: ${editSequences.toLocaleString('en')} random edit sequences × 8 edits`,
        lezerFailure !== undefined,
        lezerFailure
          ? `MISMATCH (${lezerFailure.what}) at sequence ${lezerFailure.sequence}, edit ${lezerFailure.edit} of seed ${lezerFailure.seed}; replay with checkLezerIncremental(sharedEngine(), ${lezerFailure.seed}, ${lezerFailure.sequence + 1}, 8); after=${JSON.stringify(lezerFailure.after).slice(0, 300)}`
          : `checkLezerIncremental: after each edit update() equals a fresh annotation and its reading remark's; edits read by lezer ${lezerCounts.lezer}, by the remark window ${lezerCounts.window}, whole ${lezerCounts.full}, without a parse ${lezerCounts.none}; seeds ${EDIT_PROPERTY_SEED}…${EDIT_PROPERTY_SEED + parts - 1} (npm test: the first 16 sequences of ${EDIT_PROPERTY_SEED})`,
      ),
      property(`  lezer in pieces = the whole text's walk: ${sequences.toLocaleString('en')} random documents`, piecesFailure, `checkLezerPieces: each document read by lezer whole and in pieces of 1, 32 and 256 code units (${piecesRead.toLocaleString('en')} read by lezer); blocks, prose and headings equal`),
      replay(`  公文 outline after edits: ${editSequences.toLocaleString('en')} random edit sequences × 6 edits`, outlines, `checkOutlineEdits: the updated outline equals a fresh one after each edit; seeds ${EDIT_PROPERTY_SEED}…${EDIT_PROPERTY_SEED + parts - 1} (npm test: the first 30 sequences of ${EDIT_PROPERTY_SEED})`),
    ],
    info: { failure, chunked, gfm, directives, outlines, lezer: { failure: lezerFailure, counts: lezerCounts }, pieces: { failure: piecesFailure, read: piecesRead } },
  };
}

// ---------------------------------------------------------------------------------------------

/** One share of the fast-path property, in this process: prints `@@part {failure, lezer, cpu}`. */
async function fastPathPart(seed: number, documents: number): Promise<void> {
  const c = process.cpuUsage();
  const r = checkFastPath(sharedEngine(), seed, documents);
  const d = process.cpuUsage(c);
  process.stdout.write(`@@part ${JSON.stringify({ ...r, cpu: (d.user + d.system) / 1e6 })}\n`);
}

function runFastPathPart(seed: number, documents: number): Promise<{ failure?: { seed: number; document: number; text: string }; lezer: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, 'fastpath-part', String(seed), String(documents)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@part '));
      if (line) resolve(JSON.parse(line.slice(7)));
      else reject(new Error(`fastpath-part ${seed} exited with ${code}`));
    });
  });
}

function markdownFiles(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) markdownFiles(p, out);
    else if (f.endsWith('.md')) out.push(p);
  }
  return out;
}

/**
 * The parse path (issue 11): annotate beside bare remark-parse with lezer in front, lezer's parse
 * alone, the remark path it replaced, the CLI's whole process on 1 MB, the corpus fallback rate,
 * and the fast-path property (lezer path = remark) at full size over two processes.
 */
async function parseGroup(runs: number, documents: number, profile: boolean): Promise<GroupResult> {
  const engine = sharedEngine();
  const text = draft('1m');
  const warm = draft('100k');
  for (let i = 0; i < 3; i++) bareParse(warm), extractProse(warm), extractProse(warm, 0, undefined, { parser: 'remark' }), engine.annotate(warm), lezerParser.parse(warm);
  if (profile) {
    const windows: ProfileWindow[] = [];
    await windowed(windows, 'engine.annotate, 1 MB (lezer path)', () => engine.annotate(text));
    return { measurements: [], info: { profileWindows: windows } };
  }
  const bare = new Series();
  const annotate = new Series();
  const lezer = new Series();
  const fast = new Series();
  const remark = new Series();
  const unkept = new Series();
  for (let run = 0; run < runs; run++) {
    const programs: [Series, () => unknown][] = [
      [bare, () => bareParse(text)],
      [annotate, () => engine.annotate(text)],
      // The same without keepShapes: what it lets go dies in the forced collection before the call.
      // It keeps them again at once (well under a millisecond), so the next program starts as before.
      [
        unkept,
        () => {
          try {
            return engine.annotate(text);
          } finally {
            setKeepShapes(true);
            keepShapes();
          }
        },
      ],
      [lezer, () => lezerParser.parse(text)],
      [fast, () => extractProse(text)],
      [remark, () => extractProse(text, 0, undefined, { parser: 'remark' })],
    ];
    for (const [series, fn] of rotated(programs, run)) {
      if (series === unkept) setKeepShapes(false);
      await timed(series, fn);
    }
    process.stderr.write(`  parse run ${run + 1}/${runs}: CPU ms bare ${bare.cpu[run].toFixed(0)}, annotate ${annotate.cpu[run].toFixed(0)} (${unkept.cpu[run].toFixed(0)} without keepShapes), lezer ${lezer.cpu[run].toFixed(0)}, remark path ${remark.cpu[run].toFixed(0)}\n`);
  }
  // The CLI's whole process, cold, on the 1 MB draft: min of 5.
  const cli = join(__dirname, '..', 'bin', 'policy-lens.js');
  const cliMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    execFileSync(process.execPath, [cli, 'annotate', '--format', 'json', draftPath('1m')], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
    cliMs.push(performance.now() - t);
  }
  // The corpus fallback rate: the bench drafts, the workspace, the fixtures (the real documents included).
  const corpora: [string, string[]][] = [
    ['bench drafts', (['10k', '100k', '1m', '1.6m', '5m'] as DraftName[]).map((n) => draftPath(n))],
    ['bench workspace', Array.from({ length: 2000 }, (_, i) => workspaceFile(i))],
    ['test/fixtures (real documents included)', markdownFiles(join(__dirname, '..', 'test', 'fixtures'))],
  ];
  const fallbackRows: Measurement[] = [];
  const fallbackInfo: Record<string, unknown> = {};
  for (const [name, files] of corpora) {
    resetParseCounts();
    const fell: string[] = [];
    for (const f of files) {
      const before = parseCounts.remark;
      extractProse(readFileSync(f, 'utf8'));
      if (parseCounts.remark > before) fell.push(f.replace(join(__dirname, '..') + '/', ''));
    }
    const rate = (parseCounts.remark / files.length) * 100;
    fallbackInfo[name] = { files: files.length, lezer: parseCounts.lezer, remark: parseCounts.remark, reasons: { ...parseCounts.reasons }, fell };
    fallbackRows.push(measurement(`  fallback to remark: ${name}`, [rate], '%', null, `${parseCounts.remark} of ${files.length} files${fell.length ? `: ${fell.join(', ')} (${JSON.stringify(parseCounts.reasons)})` : ''}`));
  }
  // The same files with Windows line endings (every LF made CRLF): read by lezer as their LF twin where
  // the line endings alone would send them to remark (tables), not counted as lezer reads otherwise.
  {
    resetParseCounts();
    const files = corpora.flatMap(([, f]) => f).filter((f) => !f.includes('/bench/corpus/workspace'));
    const fell: string[] = [];
    for (const f of files) {
      const before = parseCounts.remark;
      extractProse(readFileSync(f, 'utf8').replace(/\r?\n/g, '\r\n'));
      if (parseCounts.remark > before) fell.push(f.replace(join(__dirname, '..') + '/', ''));
    }
    const rate = (parseCounts.remark / files.length) * 100;
    fallbackInfo['CRLF'] = { files: files.length, lezer: parseCounts.lezer, twins: parseCounts.crlf, remark: parseCounts.remark, reasons: { ...parseCounts.reasons }, fell };
    fallbackRows.push(measurement('  fallback to remark: bench drafts and test/fixtures with CRLF line endings', [rate], '%', null, `${parseCounts.remark} of ${files.length} files${fell.length ? `: ${fell.join(', ')} (${JSON.stringify(parseCounts.reasons)})` : ''}; ${parseCounts.crlf} read as their LF twin`));
  }
  // Footnotes on lezer (lezerFootnote.ts): random documents of definitions and calls of every shape.
  const footnoteDocs = Math.ceil(documents / 2);
  resetParseCounts();
  const footnotes = checkFootnotes(20261205, footnoteDocs);
  const footnoteReasons = { ...parseCounts.reasons };
  const crlfDocs = Math.ceil(documents / 2);
  const crlf = checkCrlfFastPath(engine, 20261204, crlfDocs);
  // The property at full size, two seeds in two processes.
  const half = Math.ceil(documents / 2);
  const parts = await Promise.all([runFastPathPart(20261201, half), runFastPathPart(20261202, documents - half)]);
  const failure = parts.find((p) => p.failure)?.failure;
  const lezerDocs = parts.reduce((n, p) => n + p.lezer, 0);
  // Autolink literals on lezer (lezerAutolink.ts): random documents full of bare URLs and e-mails,
  // two seeds, the fast path against remark; and how many of them stayed on lezer.
  const autolinkDocs = Math.ceil(documents / 2);
  resetParseCounts();
  const autolinkRuns = [checkAutolinks(20261211, Math.ceil(autolinkDocs / 2)), checkAutolinks(20261212, autolinkDocs - Math.ceil(autolinkDocs / 2))];
  const autolinkFailure = autolinkRuns.find((r) => r.failure)?.failure;
  const autolinkLezer = autolinkRuns.reduce((n, r) => n + r.lezer, 0);
  const autolinkReasons = { ...parseCounts.reasons };
  // Sentences from the prose ranges = a re-parse of each block: random documents, then every block of
  // the fixtures (the real documents included) and the 1 MB draft; and how many of the draft's blocks
  // with occurrences still had to be re-parsed for their sentences.
  const sentenceDocs = Math.ceil(documents / 5);
  const sentenceFailure = checkSentences(engine, 20261203, sentenceDocs);
  const sentenceFiles = [...markdownFiles(join(__dirname, '..', 'test', 'fixtures')), draftPath('1m')];
  const fileFailure = sentenceFiles.map((f) => ({ f, d: sentenceDifference(engine.annotate(readFileSync(f, 'utf8'))) })).find((x) => x.d);
  const counted = { ...sentenceCounts };
  const big = engine.annotate(text);
  for (const o of big.occurrences) big.sentenceAt(o.start);
  const reparsed = sentenceCounts.reparse - counted.reparse;
  const fromProse = sentenceCounts.prose - counted.prose;
  const sentenceMismatch = sentenceFailure !== undefined || fileFailure !== undefined;
  const note = `CPU time, per-run ratios, programs in rotating order (wall-time ratio median ${wallRatio(annotate, bare)}); 1 MB draft: ${text.length} UTF-16 units`;
  return {
    measurements: [
      measurement('parse: annotate 1 MB ÷ bare remark-parse (lezer path)', ratio(annotate, bare), '×', { op: '<=', limit: 0.3 }, note),
      measurement('  lezer parse alone ÷ bare remark-parse', ratio(lezer, bare), '×', null),
      measurement('  extractProse (lezer path) ÷ the remark path it replaced', ratio(fast, remark), '×', null),
      msRow('  bare remark-parse, 1 MB', bare),
      msRow('  lezer parse (GFM tables, tasks, strikethrough, autolink literals), 1 MB', lezer),
      msRow('  extractProse, lezer path, 1 MB', fast),
      msRow('  extractProse, remark path, 1 MB', remark),
      msRow('  annotate end to end, 1 MB', annotate),
      measurement('  annotate with keepShapes ÷ without', ratio(annotate, unkept), '×', null, `each call follows a forced full collection (as every timed call here), which, like V8's memory reducer after idle seconds, collects the hidden classes no live object uses and with them the code compiled against them; without keepShapes: median ${round(median(unkept.cpu))} ms CPU`),
      measurement('  CLI whole process: policy-lens annotate --format json, 1 MB (min of 5)', [Math.min(...cliMs)], 'ms', null, `wall, cold process each time; all: ${cliMs.map((x) => Math.round(x)).join(', ')} ms`),
      ...fallbackRows,
      mismatchRow(
        `  fast path equals remark: ${documents.toLocaleString('en')} random edited documents`,
        failure !== undefined,
        failure ? `MISMATCH at document ${failure.document} of seed ${failure.seed}: ${JSON.stringify(failure.text).slice(0, 300)}` : `checkFastPath, seeds 20261201 and 20261202: blocks, prose, headings and matches equal; ${lezerDocs} read by lezer, the rest fell back`,
      ),
      mismatchRow(
        `  fast path equals remark: ${crlfDocs.toLocaleString('en')} random edited documents with CRLF line endings (some mixed with LF)`,
        crlf.failure !== undefined,
        crlf.failure ? `MISMATCH at document ${crlf.failure.document} of seed ${crlf.failure.seed}: ${JSON.stringify(crlf.failure.text).slice(0, 300)}` : `checkCrlfFastPath, seed 20261204: blocks, prose, headings and matches equal; ${crlf.twins} read by lezer as their LF twin`,
      ),
      mismatchRow(
        `  footnotes on lezer equal remark: ${footnoteDocs.toLocaleString('en')} random documents with footnote definitions and calls`,
        footnotes.failure !== undefined,
        footnotes.failure
          ? `MISMATCH at document ${footnotes.failure.document} of seed ${footnotes.failure.seed}: ${JSON.stringify(footnotes.failure.text).slice(0, 300)}`
          : `checkFootnotes, seed 20261205: prose, headings and blocks equal; ${footnotes.lezer} read by lezer (${footnotes.footnotes} of them with a definition), the rest fell back (${JSON.stringify(footnoteReasons)})`,
      ),
      mismatchRow(
        `  autolink literals on lezer equal remark: ${autolinkDocs.toLocaleString('en')} random documents with bare URLs`,
        autolinkFailure !== undefined,
        autolinkFailure
          ? `MISMATCH at document ${autolinkFailure.document} of seed ${autolinkFailure.seed}: ${JSON.stringify(autolinkFailure.text).slice(0, 300)}`
          : `checkAutolinks, seeds 20261211 and 20261212: prose, headings and blocks equal; ${autolinkLezer} read by lezer, the rest fell back (${JSON.stringify(autolinkReasons)})`,
      ),
      mismatchRow(
        `  sentences from prose ranges equal a re-parse: ${sentenceDocs.toLocaleString('en')} random documents, ${sentenceFiles.length} files`,
        sentenceMismatch,
        sentenceMismatch
          ? `MISMATCH: ${JSON.stringify(sentenceFailure ?? { file: fileFailure!.f, difference: fileFailure!.d }).slice(0, 300)}`
          : `checkSentences seed 20261203 and sentenceDifference on every block of test/fixtures/**/*.md and the 1 MB draft; 1 MB draft's blocks with occurrences: ${fromProse} read from prose ranges, ${reparsed} re-parsed`,
      ),
    ],
    info: { cliMs, fallback: fallbackInfo, fastPath: { documents, lezer: lezerDocs, failure }, autolinks: { documents: autolinkDocs, lezer: autolinkLezer, reasons: autolinkReasons, failure: autolinkFailure }, sentences: { documents: sentenceDocs, files: sentenceFiles.length, failure: sentenceFailure ?? fileFailure, fromProse, reparsed } },
  };
}

export const IN_PROCESS_GROUPS = ['annotate', 'matcher', 'textlint', 'symbols', 'incremental', 'lexicon', 'quotations', 'parse'] as const;

async function main(argv: string[]): Promise<void> {
  const group = argv[0];
  if (group === 'incremental-part') return incrementalPart(Number(argv[1]), Number(argv[2]), Number(argv[3]), Number(argv[4] ?? 0), Number(argv[5] ?? 0));
  if (group === 'fastpath-part') return fastPathPart(Number(argv[1]), Number(argv[2]));
  const quick = argv.includes('--quick');
  const profile = argv.includes('--profile');
  const runsArg = argv.indexOf('--runs');
  const runs = (def: number, q: number) => (runsArg >= 0 ? Number(argv[runsArg + 1]) : quick ? q : def);
  // The quotations group makes its own draft (bench/quotations.ts); the others read the corpus.
  if (group !== 'quotations') ensureCorpus(false, (s) => process.stderr.write(s + '\n'));
  let result: GroupResult;
  switch (group) {
    case 'annotate':
      result = await annotateGroup(runs(4, 2), profile);
      break;
    case 'matcher':
      result = await matcherGroup(runs(9, 5), profile);
      break;
    case 'textlint':
      result = await textlintGroup(runs(3, 1), profile);
      break;
    case 'symbols':
      result = await symbolsGroup(runs(3, 2), profile);
      break;
    case 'incremental':
      result = await incrementalGroup(runs(5000, 1000), profile);
      break;
    case 'lexicon':
      result = await lexiconGroup(runs(3, 1), draft('1m'));
      break;
    case 'quotations':
      result = await quotationsGroup(runs(7, 3), settle);
      break;
    case 'parse':
      result = await parseGroup(runs(3, 2), quick ? 1000 : 5000, profile);
      break;
    default:
      throw new Error(`unknown group ${group}; one of ${IN_PROCESS_GROUPS.join(', ')}`);
  }
  for (const m of result.measurements) m.group = group;
  process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
      process.exit(1);
    },
  );
}
