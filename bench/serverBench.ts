/**
 * The server measurements: the real language server (bundled, started as an editor starts it) driven
 * over stdio by bench/lspClient.ts. Latencies are request → response as the client sees them, so
 * they include JSON-RPC framing and the pipe, as an editor's would. Each group runs in its own Node
 * process (started by bench/run.ts), prints one `@@result` JSON line and logs to stderr.
 *
 *   node --import tsx bench/serverBench.ts <group> --launcher FILE [--runs N] [--quick] [--profile DIR]
 *
 * `--profile DIR` runs one session with the server under `node --cpu-prof --cpu-prof-dir=DIR`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { URI } from 'vscode-uri';
import { sharedEngine } from '../server/src/core/engine';
import { conceptsByFrequency, draftPath, ensureCorpus, rng, workspaceFile, WORKSPACE_BYTES, WORKSPACE_DIR, WORKSPACE_FILES } from './corpus';
import { applyTokenEdits, decodeTokens, LspSession } from './lspClient';
import { measurement, median, percentile, round, unmeasured, type Measurement } from './stats';
import type { GroupResult } from './inprocess';
import { monotonicMicros, type TimeWindow } from './profile';

const CACHE = join(__dirname, '.cache');
const INDEX_TITLE = /indexing drafts/i;

interface Options {
  launcher: string;
  runs: number;
  quick: boolean;
  profileDir?: string;
}

interface SemanticTokensResult {
  resultId?: string;
  data: number[];
}

/** A part of a profiled run: which server process, and when (on V8's profile clock). */
export interface ProfileWindow extends TimeWindow {
  label: string;
  pid: number;
  /** Include the process's worker threads (the index workers), not only its main thread. */
  allThreads?: boolean;
}

/** performance.now() → the monotonic microseconds V8 stamps profile samples with. */
const clockOffset = monotonicMicros() - performance.now() * 1000;
function micros(perfNow: number): number {
  return clockOffset + perfNow * 1000;
}

function fileUri(path: string): string {
  return URI.file(path).toString();
}

/** Line starts of a text, for offset → position. */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

function positionAt(starts: readonly number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

function log(s: string): void {
  process.stderr.write(`  ${s}\n`);
}

async function withSession<T>(session: LspSession, body: (s: LspSession) => Promise<T>): Promise<T> {
  try {
    const r = await body(session);
    await session.close();
    return r;
  } catch (e) {
    session.kill();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------

/** spawn → initialize → didOpen 100 KB → first semantic tokens answered. */
async function coldStart(o: Options): Promise<GroupResult> {
  const text = readFileSync(draftPath('100k'), 'utf8');
  const uri = fileUri(draftPath('100k'));
  const total: number[] = [];
  const init: number[] = [];
  for (let run = 0; run < o.runs; run++) {
    const session = new LspSession({ launcher: o.launcher, profileDir: o.profileDir });
    await withSession(session, async (s) => {
      const sent = await s.initialize();
      init.push(performance.now() - s.spawnedAt);
      void sent;
      await s.open(uri, text);
      const r = await s.request<SemanticTokensResult>('textDocument/semanticTokens/full', { textDocument: { uri } });
      total.push(r.at - s.spawnedAt);
      log(`cold start run ${run + 1}/${o.runs}: ${total[run].toFixed(0)} ms (initialize answered at ${init[run].toFixed(0)} ms, ${r.result.data.length / 5} tokens)`);
    });
  }
  return {
    measurements: [
      measurement('server cold start: spawn → first semantic tokens of a 100 KB draft', total, 'ms', { op: '<=', limit: 500 }, `median of ${o.runs} fresh processes; initialize answered after ${round(median(init))} ms (median)`),
    ],
    info: {},
  };
}

// ---------------------------------------------------------------------------------------------

/** The edits group's next one-character edit of a text `length` long, drawn from `next` (bench/editReplay.ts replays the same sequence). */
export function randomEdit(next: () => number, length: number): { offset: number; insert: boolean; ch: string } {
  const offset = Math.floor(next() * length);
  const insert = next() < 0.5;
  const ch = next() < 0.05 ? '\n' : EDIT_CHARS[Math.floor(next() * EDIT_CHARS.length)];
  return { offset, insert, ch };
}

const EDIT_CHARS = ['数', '据', '要', '素', '新', '质', '的', '，', '。', 'a', 'e', ' ', '1'];

/** 200 random one-character edits to a 1 MB draft: didChange → semanticTokens/full/delta answered. */
async function edits(o: Options): Promise<GroupResult> {
  const path = draftPath('1m');
  const original = readFileSync(path, 'utf8');
  const uri = fileUri(path);
  const count = 200;
  const budgetMs = o.quick ? 60_000 : 120_000;
  const p95s: number[] = [];
  const ratios: number[] = [];
  const fulls: number[] = [];
  const medians: number[] = [];
  const notes: string[] = [];
  const windows: ProfileWindow[] = [];
  const cpuPerEdit: number[] = [];
  for (let run = 0; run < o.runs; run++) {
    const session = new LspSession({ launcher: o.launcher, profileDir: o.profileDir });
    await withSession(session, async (s) => {
      await s.initialize();
      let text = original;
      const opened = performance.now();
      await s.open(uri, text);
      const first = await s.request<SemanticTokensResult>('textDocument/semanticTokens/full', { textDocument: { uri } });
      const full = first.at - opened;
      fulls.push(full);
      let data = first.result.data;
      let resultId = first.result.resultId;
      await s.idle(uri, 1);
      const next = rng(7919 + run);
      const latencies: number[] = [];
      let version = 1;
      let fullAnswers = 0;
      const started = performance.now();
      const cpuBefore = s.cpuSeconds() ?? NaN;
      for (let i = 0; i < count && performance.now() - started < budgetMs; i++) {
        const starts = lineStarts(text);
        const { offset, insert, ch } = randomEdit(next, text.length);
        const range = insert
          ? { start: positionAt(starts, offset), end: positionAt(starts, offset) }
          : { start: positionAt(starts, offset), end: positionAt(starts, offset + 1) };
        text = insert ? text.slice(0, offset) + ch + text.slice(offset) : text.slice(0, offset) + text.slice(offset + 1);
        version++;
        const t = performance.now();
        void s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? ch : '' }] });
        const r = await s.request<{ resultId?: string; edits?: { start: number; deleteCount: number; data?: number[] }[]; data?: number[] }>(
          'textDocument/semanticTokens/full/delta',
          { textDocument: { uri }, previousResultId: resultId },
        );
        latencies.push(r.at - t);
        if (process.env.PL_EDIT_LOG) process.stderr.write(`EDIT ${i} ${(t - s.spawnedAt).toFixed(1)} ${(r.at - t).toFixed(1)}\n`);
        if (r.result.edits) data = applyTokenEdits(data, r.result.edits);
        else if (r.result.data) {
          data = r.result.data;
          fullAnswers++;
        }
        resultId = r.result.resultId;
        // Let the server finish the edit's debounced work (index, diagnostics) before the next keystroke.
        await s.idle(uri, version);
      }
      windows.push({ label: `${latencies.length} edits (didChange → delta, and the debounced work after each)`, pid: s.proc.pid!, from: micros(started), to: micros(performance.now()) });
      cpuPerEdit.push((((s.cpuSeconds() ?? NaN) - cpuBefore) * 1000) / latencies.length);
      // The deltas, applied in order, must give what a fresh full request gives.
      const check = await s.request<SemanticTokensResult>('textDocument/semanticTokens/full', { textDocument: { uri } });
      const consistent = check.result.data.length === data.length && check.result.data.every((x, k) => x === data[k]);
      const p95 = percentile(latencies, 95);
      p95s.push(p95);
      ratios.push((p95 / full) * 100);
      medians.push(median(latencies));
      notes.push(`${latencies.length} edits${latencies.length < count ? ` (stopped at the ${budgetMs / 1000} s budget)` : ''}, ${fullAnswers} answered with full data, deltas ${consistent ? 'consistent with' : 'DIFFER from'} a final full request`);
      log(`edits run ${run + 1}/${o.runs}: full pass ${full.toFixed(0)} ms, edit p95 ${p95.toFixed(1)} ms, median ${median(latencies).toFixed(1)} ms; ${notes[run]}`);
    });
  }
  return {
    measurements: [
      measurement('edit → semantic tokens delta, 1 MB draft: p95', p95s, 'ms', { op: '<=', limit: 20 }, `real server over stdio; one-character inserts/deletes at random offsets, each followed by semanticTokens/full/delta; median latency ${round(median(medians))} ms; server CPU per edit ${round(median(cpuPerEdit))} ms (its debounced index/diagnostics work included); ${[...new Set(notes)].join('; ')}`),
      measurement('edit p95 as a share of a full pass', ratios, '%', { op: '<=', limit: 10 }),
      measurement('  full pass: didOpen 1 MB → first semantic tokens', fulls, 'ms', null),
    ],
    info: { profileWindows: windows },
  };
}

// ---------------------------------------------------------------------------------------------

/** Hover and definition at occurrence positions of a parsed 5 MB draft. */
async function hover(o: Options): Promise<GroupResult> {
  const path = draftPath('5m');
  const text = readFileSync(path, 'utf8');
  const uri = fileUri(path);
  const perBatch = o.profileDir ? 500 : 200;
  const batches = o.profileDir ? 1 : o.runs;
  const hoverP95: number[] = [];
  const defP95: number[] = [];
  let parse = 0;
  let viewport = 0;
  let viewportTokens = 0;
  let misses = 0;
  const windows: ProfileWindow[] = [];
  const cpuPerRequest: number[] = [];
  const session = new LspSession({ launcher: o.launcher, profileDir: o.profileDir });
  await withSession(session, async (s) => {
    await s.initialize();
    const opened = performance.now();
    await s.open(uri, text);
    // What VS Code sends on open: the visible viewport's range (viewportSemanticTokens) and the full tokens.
    const rangeP = s.request<SemanticTokensResult>('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 80, character: 0 } } });
    const firstP = s.request<SemanticTokensResult>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const [range, first] = await Promise.all([rangeP, firstP]);
    viewport = range.at - opened;
    viewportTokens = range.result.data.length / 5;
    const inRange = decodeTokens(first.result.data).filter((t) => t.line < 80).length;
    if (inRange !== viewportTokens) throw new Error(`the viewport's range tokens (${viewportTokens}) differ from the full tokens in those lines (${inRange})`);
    parse = first.at - opened;
    await s.idle(uri, 1);
    const tokens = decodeTokens(first.result.data);
    const next = rng(104729);
    const from = performance.now();
    for (let b = 0; b < batches; b++) {
      const h: number[] = [];
      const d: number[] = [];
      const cpuBefore = s.cpuSeconds() ?? NaN;
      for (let i = 0; i < perBatch; i++) {
        const t = tokens[Math.floor(next() * tokens.length)];
        const position = { line: t.line, character: t.character + Math.floor(t.length / 2) };
        const r = await s.request<unknown>('textDocument/hover', { textDocument: { uri }, position });
        h.push(r.ms);
        if (!r.result) misses++;
      }
      for (let i = 0; i < perBatch; i++) {
        const t = tokens[Math.floor(next() * tokens.length)];
        const position = { line: t.line, character: t.character + Math.floor(t.length / 2) };
        const r = await s.request<unknown>('textDocument/definition', { textDocument: { uri }, position });
        d.push(r.ms);
        if (!r.result) misses++;
      }
      hoverP95.push(percentile(h, 95));
      defP95.push(percentile(d, 95));
      cpuPerRequest.push((((s.cpuSeconds() ?? NaN) - cpuBefore) * 1000) / (2 * perBatch));
      log(`hover batch ${b + 1}/${batches}: hover p95 ${hoverP95[b].toFixed(2)} ms, definition p95 ${defP95[b].toFixed(2)} ms`);
    }
    windows.push({ label: 'hover and definition requests', pid: s.proc.pid!, from: micros(from), to: micros(performance.now()) });
  });
  const note = `5 MB draft (${text.length} UTF-16 units), parsed once (didOpen → first semantic tokens ${round(parse)} ms); ${perBatch} requests per batch at random occurrence positions, one at a time; p95 per batch, ${misses} empty answers; server CPU per request ${round(median(cpuPerRequest))} ms (hover and definition together)`;
  return {
    measurements: [
      measurement('hover on a 5 MB draft: p95', hoverP95, 'ms', { op: '<=', limit: 2 }, note),
      measurement('definition on a 5 MB draft: p95', defP95, 'ms', { op: '<=', limit: 2 }),
      measurement('  5 MB draft: didOpen → first semantic tokens', [parse], 'ms', null),
      measurement(
        '5 MB draft: didOpen → first semantic tokens of the visible range (semanticTokens/range, what VS Code asks first)',
        [viewport],
        'ms',
        { op: '<=', limit: 800 },
        `lines 0–80 asked together with semanticTokens/full, as VS Code's viewport provider does; ${viewportTokens} tokens, the same as the full answer's in those lines`,
      ),
    ],
    info: { profileWindows: windows },
  };
}

// ---------------------------------------------------------------------------------------------

/** The newest persisted-index file in the cache folder and its mtime, if any. */
function persistedIndex(dir: string): { file: string; mtime: number } | undefined {
  if (!existsSync(dir)) return undefined;
  let best: { file: string; mtime: number } | undefined;
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.tmp')) continue;
    const st = statSync(join(dir, f));
    if (st.isFile() && (!best || st.mtimeMs > best.mtime)) best = { file: f, mtime: st.mtimeMs };
  }
  return best;
}

async function waitForPersisted(dir: string, after: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const p = persistedIndex(dir);
    if (p && p.mtime >= after) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** The indexing summary the server logs, if it logs one. */
function indexLog(s: LspSession): string | undefined {
  return [...s.log].reverse().find((l) => /indexed \d+ file/.test(l));
}

/** Cold index, restart from the persisted index, references across the workspace, a file changed on disk. */
async function workspace(o: Options): Promise<GroupResult> {
  const folder = fileUri(WORKSPACE_DIR);
  const cacheDir = join(CACHE, 'index-cache');
  const engine = sharedEngine();
  const byFrequency = conceptsByFrequency();
  const frequent = byFrequency[0];
  const rare = engine.lexicon.byId(byFrequency[byFrequency.length - 1])!;
  const middling = byFrequency[Math.floor(byFrequency.length / 4)];
  // A workspace file that uses both the most frequent concept and a middling one, and where.
  let refFile = '';
  let refPosition = { line: 0, character: 0 };
  let midPosition = { line: 0, character: 0 };
  for (let i = 0; i < WORKSPACE_FILES && !refFile; i++) {
    const doc = engine.annotate(readFileSync(workspaceFile(i), 'utf8'));
    const occ = doc.occurrencesOf(frequent)[0];
    const mid = doc.occurrencesOf(middling)[0];
    if (occ && mid) {
      refFile = workspaceFile(i);
      refPosition = doc.rangeOf(occ).start;
      midPosition = doc.rangeOf(mid).start;
    }
  }
  const toggled = workspaceFile(WORKSPACE_FILES - 1);
  const toggledOriginal = readFileSync(toggled, 'utf8');
  const probeUri = fileUri(join(CACHE, 'probe', 'rare-concept.md'));
  const cold: number[] = [];
  const rss: number[] = [];
  const restart: number[] = [];
  const restartRss: number[] = [];
  const refs: number[] = [];
  const midRefs: number[] = [];
  const refCpu: number[] = [];
  const midCpu: number[] = [];
  let midCount = 0;
  const change: number[] = [];
  const changeMax: number[] = [];
  const notes: string[] = [];
  let refCount = 0;
  let restartProblem: string | undefined;
  const runs = o.profileDir ? 1 : o.runs;
  const windows: ProfileWindow[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      rmSync(cacheDir, { recursive: true, force: true });
      let lastChange = Date.now();
      const first = new LspSession({ launcher: o.launcher, workspaceFolders: [folder], cacheDir, profileDir: o.profileDir });
      await withSession(first, async (s) => {
        const sent = await s.initialize();
        const end = await s.progressEnd(INDEX_TITLE, 900_000);
        cold.push(end - sent);
        rss.push(s.peakRssMb() ?? NaN);
        const cpu = s.cpuSeconds();
        windows.push({ label: 'cold index (initialize → progress end)', pid: s.proc.pid!, from: micros(sent), to: micros(end), allThreads: true });
        // The server logs its own summary right after ending the progress.
        await s.waitFor('the indexing summary', () => indexLog(s) !== undefined, 3000).catch(() => undefined);
        notes.push(`server: "${indexLog(s) ?? 'no indexing summary logged'}", ${cpu ?? '?'} s CPU (all threads) by the progress end`);
        log(`workspace run ${run + 1}/${runs}: cold index ${(end - sent).toFixed(0)} ms, peak RSS ${rss[run].toFixed(0)} MB; ${notes[notes.length - 1]}`);
        // References to the most frequent concept and to a middling one, from a file that uses them.
        const refUri = fileUri(refFile);
        await s.open(refUri, readFileSync(refFile, 'utf8'));
        await s.idle(refUri, 1);
        for (const [target, list] of [[refPosition, refs], [midPosition, midRefs]] as const) {
          const from = performance.now();
          const cpuBefore = s.cpuSeconds() ?? NaN;
          const lat: number[] = [];
          let n = 0;
          for (let i = 0; i < (o.quick ? 10 : 20); i++) {
            const r = await s.request<unknown[] | null>('textDocument/references', { textDocument: { uri: refUri }, position: target, context: { includeDeclaration: true } });
            lat.push(r.ms);
            n = r.result?.length ?? 0;
          }
          list.push(percentile(lat, 95));
          (list === refs ? refCpu : midCpu).push((((s.cpuSeconds() ?? NaN) - cpuBefore) * 1000) / lat.length);
          windows.push({ label: `references, ${n} locations per answer`, pid: s.proc.pid!, from: micros(from), to: micros(performance.now()) });
          if (list === refs) refCount = n;
          else midCount = n;
          log(`references: p95 ${percentile(lat, 95).toFixed(1)} ms, ${n} locations`);
        }
        // One file changed on disk: how long until references show it.
        await s.open(probeUri, `${rare.term}\n`);
        await s.idle(probeUri, 1);
        const refsOfRare = async () =>
          (await s.request<{ uri: string }[] | null>('textDocument/references', { textDocument: { uri: probeUri }, position: { line: 0, character: 0 }, context: { includeDeclaration: true } })).result ?? [];
        const inToggled = (list: { uri: string }[]) => list.filter((l) => URI.parse(l.uri).fsPath === toggled).length;
        const base = inToggled(await refsOfRare());
        const trials: number[] = [];
        const changesFrom = performance.now();
        for (let k = 0; k < (o.quick ? 6 : 12); k++) {
          const add = k % 2 === 0;
          const t = performance.now();
          writeFileSync(toggled, add ? `${toggledOriginal}\n${rare.term}。\n` : toggledOriginal);
          lastChange = Date.now();
          await s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(toggled), type: 2 }] });
          const want = add ? base + 1 : base;
          let polls = 0;
          for (;;) {
            polls++;
            if (inToggled(await refsOfRare()) === want) break;
            if (performance.now() - t > 10_000) throw new Error(`references never showed the change to ${toggled}`);
          }
          trials.push(performance.now() - t);
        }
        windows.push({ label: 'file changes on disk → references polled', pid: s.proc.pid!, from: micros(changesFrom), to: micros(performance.now()) });
        change.push(median(trials));
        changeMax.push(Math.max(...trials));
        log(`file change → references: median ${change[run].toFixed(1)} ms, max ${Math.max(...trials).toFixed(1)} ms`);
        writeFileSync(toggled, toggledOriginal);
        lastChange = Date.now();
        await s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(toggled), type: 2 }] });
        // Let the server persist its index (it writes some time after the last change) before it stops.
        if (!(await waitForPersisted(cacheDir, lastChange - 1000, 15_000))) restartProblem = `the server wrote no persisted index to ${cacheDir} within 15 s of the last change`;
      });
      // Restart on the same folder, with the persisted index.
      const second = new LspSession({ launcher: o.launcher, workspaceFolders: [folder], cacheDir, profileDir: o.profileDir });
      await withSession(second, async (s) => {
        const sent = await s.initialize();
        const end = await s.progressEnd(INDEX_TITLE, 900_000);
        windows.push({ label: 'restart from the persisted index (initialize → progress end)', pid: s.proc.pid!, from: micros(sent), to: micros(end), allThreads: true });
        restart.push(end - sent);
        restartRss.push(s.peakRssMb() ?? NaN);
        await s.waitFor('the indexing summary', () => indexLog(s) !== undefined, 3000).catch(() => undefined);
        log(`restart: index ready ${(end - sent).toFixed(0)} ms after initialize, peak RSS ${restartRss[run].toFixed(0)} MB; ${indexLog(s) ?? ''}`);
        notes.push(`restart: ${indexLog(s) ?? 'no indexing summary logged'}`);
      });
    }
  } finally {
    writeFileSync(toggled, toggledOriginal);
  }
  const mb = WORKSPACE_BYTES / 1_000_000;
  const measurements: Measurement[] = [
    measurement(`index ${WORKSPACE_FILES.toLocaleString('en')}-file workspace (~${mb} MB) cold: initialize → indexing progress end`, cold.map((x) => x / 1000), 's', { op: '<=', limit: 6 }, notes.filter((n) => !n.startsWith('restart')).join('; ') + `; ${cpus().length} CPUs`),
    measurement('  server peak RSS (VmHWM) during the cold index', rss, 'MB', { op: '<=', limit: 400 }),
  ];
  measurements.push(
    restart.length
      ? measurement('index after a restart from the persisted index', restart.map((x) => x / 1000), 's', { op: '<=', limit: 1 }, [restartProblem, ...notes.filter((n) => n.startsWith('restart'))].filter(Boolean).join('; '))
      : unmeasured('index after a restart from the persisted index', 's', { op: '<=', limit: 1 }, restartProblem ?? 'not measured'),
    measurement('references to a frequent concept across the workspace: p95', refs, 'ms', { op: '<=', limit: 50 }, `the most frequent concept (${frequent}): ${refCount} locations per answer, from ${URI.file(refFile).path.split('/').slice(-3).join('/')}; request → parsed response at the client; server CPU per request ${round(median(refCpu))} ms`),
    measurement(`  references to a middling concept (${middling}): p95`, midRefs, 'ms', null, `${midCount} locations per answer; server CPU per request ${round(median(midCpu))} ms`),
    measurement('one file changed on disk → references show it', change, 'ms', { op: '<=', limit: 50 }, `write + didChangeWatchedFiles, then references to ${rare.id} polled back to back until the count changes; median of ${o.quick ? 6 : 12} trials per run (slowest trial ${round(Math.max(0, ...changeMax))} ms)`),
  );
  return { measurements, info: { refCount, profileWindows: windows } };
}

// ---------------------------------------------------------------------------------------------

/**
 * Hover latency on an open document while the workspace is busy: during the cold index of the
 * 2,000-file workspace, and during 2,000 didChangeWatchedFiles events (a git checkout: every file
 * rewritten, announced in 20 notifications of 100). Hovers go one at a time, back to back with 5 ms
 * between them, until the index (or the storm, checked with a references request, which waits for
 * every announced change) is done.
 */
async function responsiveness(o: Options): Promise<GroupResult> {
  const folder = fileUri(WORKSPACE_DIR);
  const cacheDir = join(CACHE, 'responsiveness-cache');
  const engine = sharedEngine();
  const frequent = engine.lexicon.byId(conceptsByFrequency()[0])!;
  const probePath = join(CACHE, 'probe', 'responsiveness.md');
  mkdirSync(join(CACHE, 'probe'), { recursive: true });
  const probeUri = fileUri(probePath);
  const probeText = `${frequent.term}\n`;
  const files = Array.from({ length: WORKSPACE_FILES }, (_, i) => workspaceFile(i));
  const originals = files.map((f) => readFileSync(f, 'utf8'));
  const coldP95: number[] = [];
  const stormP95: number[] = [];
  const coldMax: number[] = [];
  const stormMax: number[] = [];
  const stormMs: number[] = [];
  const bigP95: number[] = [];
  const bigMax: number[] = [];
  const bigMs: number[] = [];
  const counts: string[] = [];
  const windows: ProfileWindow[] = [];
  const runs = o.profileDir ? 1 : o.runs;
  // A 9.5 MB draft (under maxFileSize): the 5 MB bench draft and its first 4.5 MB again.
  const five = readFileSync(draftPath('5m'), 'utf8');
  const bigText = five + '\n\n' + five.slice(0, Math.floor(five.length * 0.9));
  const bigUri = fileUri(join(CACHE, 'probe', 'responsiveness-big.md'));
  const hoverOnce = async (s: LspSession) => (await s.request<unknown>('textDocument/hover', { textDocument: { uri: probeUri }, position: { line: 0, character: 1 } })).ms;
  try {
    for (let run = 0; run < runs; run++) {
      rmSync(cacheDir, { recursive: true, force: true });
      const session = new LspSession({ launcher: o.launcher, workspaceFolders: [folder], cacheDir, profileDir: o.profileDir });
      await withSession(session, async (s) => {
        await s.initialize();
        await s.open(probeUri, probeText);
        await s.idle(probeUri, 1);
        let indexed = false;
        const ended = s.progressEnd(INDEX_TITLE, 900_000).then(() => (indexed = true));
        const cold: number[] = [];
        const coldFrom = performance.now();
        while (!indexed || !cold.length) {
          cold.push(await hoverOnce(s));
          await new Promise((r) => setTimeout(r, 5));
        }
        await ended;
        windows.push({ label: 'hovers during the cold index', pid: s.proc.pid!, from: micros(coldFrom), to: micros(performance.now()), allThreads: true });
        // The storm: every file rewritten (one line appended), announced in 20 notifications of 100.
        files.forEach((f, i) => writeFileSync(f, `${originals[i]}\n${frequent.term}。\n`));
        const changes = files.map((f) => ({ uri: fileUri(f), type: 2 }));
        const stormFrom = performance.now();
        for (let i = 0; i < changes.length; i += 100) void s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.slice(i, i + 100) });
        let stormDone = false;
        const settled = s
          .request<unknown[] | null>('textDocument/references', { textDocument: { uri: probeUri }, position: { line: 0, character: 1 }, context: { includeDeclaration: true } })
          .then((r) => ((stormDone = true), r));
        const storm: number[] = [];
        while (!stormDone || storm.length < 20) {
          storm.push(await hoverOnce(s));
          await new Promise((r) => setTimeout(r, 5));
        }
        const refs = await settled;
        stormMs.push(refs.at - stormFrom);
        windows.push({ label: 'hovers during 2,000 watched-file events', pid: s.proc.pid!, from: micros(stormFrom), to: micros(performance.now()), allThreads: true });
        // A 9.5 MB draft opened while the small one is hovered: its parse must not hold the hovers.
        const bigFrom = performance.now();
        void s.open(bigUri, bigText);
        let bigDone = false;
        const parsedBig = s.request<unknown>('textDocument/documentSymbol', { textDocument: { uri: bigUri } }).then((r) => ((bigDone = true), r));
        const big: number[] = [];
        while (!bigDone || big.length < 20) {
          big.push(await hoverOnce(s));
          await new Promise((r) => setTimeout(r, 5));
        }
        bigMs.push((await parsedBig).at - bigFrom);
        windows.push({ label: 'hovers while a 9.5 MB draft is opened', pid: s.proc.pid!, from: micros(bigFrom), to: micros(performance.now()), allThreads: true });
        bigP95.push(percentile(big, 95));
        bigMax.push(Math.max(...big));
        coldP95.push(percentile(cold, 95));
        stormP95.push(percentile(storm, 95));
        coldMax.push(Math.max(...cold));
        stormMax.push(Math.max(...storm));
        counts.push(`${cold.length} hovers during the cold index, ${storm.length} during the storm, ${big.length} while the big draft opened`);
        log(`responsiveness run ${run + 1}/${runs}: hover p95 ${coldP95[run].toFixed(1)} ms while indexing (max ${coldMax[run].toFixed(0)}), ${stormP95[run].toFixed(1)} ms during the storm (max ${stormMax[run].toFixed(0)}; storm indexed in ${stormMs[run].toFixed(0)} ms)`);
        files.forEach((f, i) => writeFileSync(f, originals[i]));
      });
    }
  } finally {
    files.forEach((f, i) => writeFileSync(f, originals[i]));
  }
  return {
    measurements: [
      measurement(`hover while indexing ${WORKSPACE_FILES.toLocaleString('en')} files cold: p95`, coldP95, 'ms', { op: '<=', limit: 200 }, `hover on an open document (${frequent.term}), one at a time, from initialize to the indexing progress end; ${counts.join('; ')}; slowest hover ${round(Math.max(...coldMax))} ms`),
      measurement(`hover during ${WORKSPACE_FILES.toLocaleString('en')} didChangeWatchedFiles events: p95`, stormP95, 'ms', { op: '<=', limit: 200 }, `every workspace file rewritten and announced in 20 notifications of 100; slowest hover ${round(Math.max(...stormMax))} ms`),
      measurement('  the storm: events sent → references show every change', stormMs.map((x) => x / 1000), 's', null),
      measurement('hover on a small document while a 9.5 MB draft is opened and parsed: p95', bigP95, 'ms', { op: '<=', limit: 200 }, `hovers one at a time from didOpen of the big draft until its document symbols answer; slowest hover ${round(Math.max(...bigMax))} ms`),
      measurement('  the 9.5 MB draft: didOpen → document symbols', bigMs.map((x) => x / 1000), 's', null),
    ],
    info: { profileWindows: windows },
  };
}

// ---------------------------------------------------------------------------------------------

export const SERVER_GROUPS = ['coldstart', 'edits', 'hover', 'workspace', 'responsiveness'] as const;

async function main(argv: string[]): Promise<void> {
  const group = argv[0];
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const launcher = arg('--launcher');
  if (!launcher) throw new Error('--launcher is required');
  const profileDir = arg('--profile');
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const runs = (full: number, q: number) => (arg('--runs') ? Number(arg('--runs')) : profileDir ? 1 : quick ? q : full);
  ensureCorpus(false, (s) => process.stderr.write(s + '\n'));
  let result: GroupResult;
  switch (group) {
    case 'coldstart':
      result = await coldStart({ launcher, quick, profileDir, runs: runs(7, 3) });
      break;
    case 'edits':
      result = await edits({ launcher, quick, profileDir, runs: runs(3, 1) });
      break;
    case 'hover':
      result = await hover({ launcher, quick, profileDir, runs: runs(5, 2) });
      break;
    case 'workspace':
      result = await workspace({ launcher, quick, profileDir, runs: runs(2, 1) });
      break;
    case 'responsiveness':
      result = await responsiveness({ launcher, quick, profileDir, runs: runs(2, 1) });
      break;
    default:
      throw new Error(`unknown group ${group}; one of ${SERVER_GROUPS.join(', ')}`);
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
