/**
 * Summarises V8 CPU profiles (`node --cpu-prof` output, .cpuprofile): self time by package or source
 * file, the top frames by self time, and the top frames by inclusive time. Frames from the bundled
 * server are mapped back to their sources through the bundle's source map, so a frame reads
 * `micromark/lib/create-tokenizer.js` or `server/src/core/document.ts`, not `cli.js:48213`.
 *
 *   npx tsx bench/profile.ts FILE.cpuprofile|DIR [--top N]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** Sampled time, ms (idle excluded). */
  busyMs: number;
  totalMs: number;
  byModule: { name: string; ms: number; share: number }[];
  topSelf: { frame: string; ms: number; share: number }[];
  topInclusive: { frame: string; ms: number; share: number }[];
}

const maps = new Map<string, SourceMap | null>();

function sourceMapFor(path: string): SourceMap | null {
  if (maps.has(path)) return maps.get(path)!;
  let map: SourceMap | null = null;
  try {
    if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
  } catch {
    map = null;
  }
  maps.set(path, map);
  return map;
}

/** Where a frame's code comes from: a source file (mapped through a bundle's source map) and line. */
function locate(cf: CallFrame): { source: string; line: number } {
  let path = cf.url;
  if (path.startsWith('file://')) path = fileURLToPath(path);
  if (path && cf.lineNumber >= 0) {
    const map = path.endsWith('.js') ? sourceMapFor(path) : null;
    const entry = map?.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource) return { source: entry.originalSource, line: (entry.originalLine ?? 0) + 1 };
  }
  return { source: path, line: cf.lineNumber + 1 };
}

/** A readable module name: the npm package, the repository source file, or a V8 pseudo-frame. */
function moduleOf(source: string, functionName: string): string {
  if (!source) return functionName.startsWith('(') ? functionName : '(native or V8 builtin)';
  if (source.startsWith('node:')) return 'node internals';
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = source.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const i = source.search(/(server|test|bench)\/src\/|bench\/|test\//);
  return i >= 0 ? source.slice(i) : basename(source);
}

function frameName(node: ProfileNode): string {
  const { source, line } = locate(node.callFrame);
  const fn = node.callFrame.functionName || '(anonymous)';
  if (!source) return fn;
  return `${fn} (${moduleOf(source, fn)}${source.includes('node_modules/') ? `/${source.split('node_modules/').pop()!.split('/').slice(1).join('/')}` : ''}:${line})`;
}

/** A time window on the system's monotonic clock, in microseconds (V8's profile timestamps use the same clock). */
export interface TimeWindow {
  from: number;
  to: number;
}

/** Summarises one profile, or only its samples inside `window`. */
export function summarizeProfile(file: string, top = 12, window?: TimeWindow): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const self = new Map<number, number>();
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    if (window && (at < window.from || at > window.to)) continue;
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000; // a sample's time is the gap to the next sample
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
  }
  const names = new Map<number, string>();
  const name = (id: number) => {
    let s = names.get(id);
    if (s === undefined) names.set(id, (s = frameName(byId.get(id)!)));
    return s;
  };
  const modules = new Map<string, number>();
  const frames = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  let total = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    total += ms;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += ms;
    const { source } = locate(node.callFrame);
    const mod = moduleOf(source, node.callFrame.functionName);
    modules.set(mod, (modules.get(mod) ?? 0) + ms);
    frames.set(name(id), (frames.get(name(id)) ?? 0) + ms);
    // Inclusive: every distinct frame on the stack gets the sample once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)!.callFrame;
      if (cf.functionName === '(root)' || (!cf.functionName && !cf.url)) continue;
      const k = name(cur);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  }
  const rank = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => ({ name: k, ms: Math.round(ms), share: Math.round((ms / busy) * 1000) / 10 }));
  return {
    file,
    busyMs: Math.round(busy),
    totalMs: Math.round(total),
    byModule: rank(modules, 10).map((x) => ({ name: x.name, ms: x.ms, share: x.share })),
    topSelf: rank(frames, top).map((x) => ({ frame: x.name, ms: x.ms, share: x.share })),
    topInclusive: rank(inclusive, top)
      .filter((x) => x.share < 99.5)
      .map((x) => ({ frame: x.name, ms: x.ms, share: x.share })),
  };
}

/**
 * Splits a profile's busy time into buckets by what is on the stack: each sample goes to the bucket of
 * the innermost frame that matches one, or to `other` (garbage collection included).
 */
export function stackBuckets(p: CpuProfile, buckets: readonly { name: string; test: (cf: CallFrame) => boolean }[]): { busyMs: number; ms: Record<string, number> } {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const ms: Record<string, number> = Object.fromEntries([...buckets.map((b) => [b.name, 0]), ['other', 0]]);
  let busy = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = byId.get(p.samples[i])!;
    if (leaf.callFrame.functionName === '(idle)') continue;
    busy += dt;
    let bucket = 'other';
    for (let cur: number | undefined = leaf.id; cur !== undefined; cur = parent.get(cur)) {
      const hit = buckets.find((b) => b.test(byId.get(cur!)!.callFrame));
      if (hit) {
        bucket = hit.name;
        break;
      }
    }
    ms[bucket] += dt;
  }
  return { busyMs: busy, ms };
}

/** Process and thread ids in a --cpu-prof file name: CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile (thread 0 is the main thread). */
export function profileIds(file: string): { pid: number; thread: number } | undefined {
  const m = /CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(basename(file));
  return m ? { pid: Number(m[1]), thread: Number(m[2]) } : undefined;
}

/** The monotonic clock V8 stamps profile samples with, in microseconds. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Every profile in a folder (the server's main thread and each worker thread write their own). */
export function profilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
}

export function formatSummary(s: ProfileSummary, label = basename(s.file)): string {
  const lines = [`${label}: ${(s.busyMs / 1000).toFixed(2)} s busy of ${(s.totalMs / 1000).toFixed(2)} s sampled (idle excluded from the shares)`];
  lines.push(`  self time by module: ${s.byModule.map((m) => `${m.name} ${m.share}%`).join(', ')}`);
  lines.push('  top frames by self time:');
  for (const f of s.topSelf) lines.push(`    ${String(f.share).padStart(5)}%  ${f.frame}`);
  lines.push('  top frames by inclusive time:');
  for (const f of s.topInclusive.slice(0, 8)) lines.push(`    ${String(f.share).padStart(5)}%  ${f.frame}`);
  return lines.join('\n');
}

if (require.main === module) {
  const target = process.argv[2];
  const topArg = process.argv.indexOf('--top');
  const top = topArg >= 0 ? Number(process.argv[topArg + 1]) : 12;
  const files = target && statSync(target).isDirectory() ? profilesIn(target) : [target];
  for (const f of files) console.log(formatSummary(summarizeProfile(f, top)) + '\n');
}
