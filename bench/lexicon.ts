/**
 * The `lexicon` group: 10,000 user terms (random 2–6-character Chinese words over the characters of the
 * real-document corpus, test/fixtures/real), loaded as one workspace lexicon through buildEngine.
 * Rows: build time (warm and with the OpenCC/pinyin warm-up), a rebuild of the unchanged file, the heap
 * the engine holds, the automaton's tables, and annotating the 1 MB draft with those terms loaded.
 *
 *   node --expose-gc --import tsx bench/inprocess.ts lexicon
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEngine, type EngineBuild } from '../server/src/core/lexicon/layers';
import { CONVERTER_IDLE_MS, runtimeConceptForms } from '../server/src/core/lexicon/derive';
import { sharedEngine } from '../server/src/core/engine';
import { measurement, round, timeCpu, type Measurement } from './stats';

const TERMS = 10_000;

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/** A workspace lexicon of `n` distinct random terms that no shipped form equals. */
export function randomLexicon(n: number, seed = 9): { text: string; chars: number } {
  const dir = join(__dirname, '..', 'test', 'fixtures', 'real');
  const han = new Set<string>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.md'))) for (const c of readFileSync(join(dir, f), 'utf8').match(/\p{Script=Han}/gu) ?? []) han.add(c);
  const chars = [...han];
  const taken = new Set(sharedEngine().matcher.forms.map((f) => f.text));
  const r = rng(seed);
  const lines = ['version: 1', 'concepts:'];
  for (let i = 0; lines.length - 2 < n; i++) {
    let t = '';
    const len = 2 + Math.floor(r() * 5);
    for (let k = 0; k < len; k++) t += chars[Math.floor(r() * chars.length)];
    if (taken.has(t)) continue;
    taken.add(t);
    lines.push(`  - { id: t${i}, term: ${t} }`);
  }
  return { text: lines.join('\n') + '\n', chars: chars.length };
}

function heapBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export async function lexiconGroup(runs: number, draft1m: string): Promise<{ measurements: Measurement[]; info: Record<string, unknown> }> {
  const { text, chars } = randomLexicon(TERMS);
  const input = { lexicons: [{ uri: 'file:///bench/.policy-lens/terms.yaml', kind: 'workspace' as const, text }], sources: [] };
  sharedEngine();
  const beforeWarmup = heapBytes();
  const warmup = await timeCpu(() => runtimeConceptForms({ term: '产业集群', aliases: [] }));
  const converters = heapBytes() - beforeWarmup;
  const base = heapBytes();
  let kept: EngineBuild | undefined;
  const first = await timeCpu(() => (kept = buildEngine(input)));
  // What one engine over 10,000 terms holds: its parse, its concepts and derived forms, its automaton.
  const held = heapBytes() - base;
  const builds: number[] = [];
  const rebuilds: number[] = [];
  const edits: number[] = [];
  let build: EngineBuild | undefined;
  for (let i = 0; i < runs; i++) {
    // Another seed each run: nothing is cached.
    const fresh = { ...input, lexicons: [{ ...input.lexicons[0], text: randomLexicon(TERMS, 100 + i).text }] };
    build = undefined;
    heapBytes();
    const t = await timeCpu(() => (build = buildEngine(fresh)));
    builds.push(t.cpu);
    const b = build!;
    rebuilds.push((await timeCpu(() => buildEngine(fresh, b))).cpu);
    // One term edited, as a save in the editor: the other 9,999 concepts' derived forms are cached.
    const edited = { ...fresh, lexicons: [{ ...fresh.lexicons[0], text: fresh.lexicons[0].text.replace(/term: (\S+) \}/, 'term: 产业集群 }') }] };
    edits.push((await timeCpu(() => buildEngine(edited, b))).cpu);
  }
  build = kept!;
  const engine = build.engine;
  engine.annotate(draft1m);
  const annotate: number[] = [];
  for (let i = 0; i < runs; i++) annotate.push((await timeCpu(() => engine.annotate(draft1m))).cpu);
  const shipped: number[] = [];
  for (let i = 0; i < runs; i++) shipped.push((await timeCpu(() => sharedEngine().annotate(draft1m))).cpu);
  const problems = build.problems.length;
  const tableMB = engine.matcher.tableBytes / 2 ** 20;
  const occurrences = engine.annotate(draft1m).occurrences.length;
  const note = `${TERMS.toLocaleString('en')} terms of 2–6 characters over ${chars} distinct Han characters of the real corpus; ${engine.matcher.forms.length.toLocaleString('en')} forms with derived traditional ones; ${problems} load problems`;
  return {
    measurements: [
      measurement('10,000 user terms: buildEngine (parse, schema, derive, automaton)', builds, 'ms', { op: '<=', limit: 15_000 }, `CPU; ${note}`),
      measurement('  first build in a process: OpenCC + pinyin-pro warm-up', [warmup.cpu], 'ms', null, `CPU, once; the whole first buildEngine took ${round(first.cpu)} ms`),
      measurement('  rebuild with the file unchanged', rebuilds, 'ms', { op: '<=', limit: 50 }, 'CPU; the previous build is returned'),
      measurement('  rebuild after one term is edited', edits, 'ms', { op: '<=', limit: 1000 }, 'CPU; parse and merge again, derived forms of the other terms cached, a new automaton'),
      measurement('10,000 user terms: heap held by the engine', [held / 2 ** 20], 'MB', { op: '<=', limit: 100 }, 'heapUsed + arrayBuffers after gc: the parsed file, concepts, derived forms, automaton (the shipped engine and the OpenCC tries not counted)'),
      measurement('  OpenCC tries while derivation is warm', [converters / 2 ** 20], 'MB', null, `released ${CONVERTER_IDLE_MS / 1000} s after the last derivation`),
      measurement('  automaton tables', [tableMB], 'MB', { op: '<=', limit: 24 }, 'dense rows within DENSE_BUDGET_CELLS, sparse edges for the rest'),
      measurement('10,000 user terms: annotate 1 MB', annotate, 'ms', null, `CPU; ${occurrences.toLocaleString('en')} occurrences`),
      measurement('  shipped lexicon only: annotate 1 MB', shipped, 'ms', null, 'CPU, for comparison'),
    ],
    info: { terms: TERMS, chars, forms: engine.matcher.forms.length, tableBytes: engine.matcher.tableBytes },
  };
}
