/**
 * Measurement records and the statistics the report prints: every measurement is a list of runs,
 * summarised as median, min and max (and p95 for latency distributions within a run).
 */

/** One row of the report and of bench/results.json. */
export interface Measurement {
  name: string;
  /** The value compared with the target: the median over runs. */
  value: number | null;
  unit: string;
  /** Human-readable target, e.g. `≤ 1.25` or `≥ 2`; null when the row is only reported. */
  target: string | null;
  /** null when there is no target, or the value could not be measured. */
  pass: boolean | null;
  median: number | null;
  min: number | null;
  max: number | null;
  /** How many runs the statistics are over. */
  runs: number;
  /** What was measured and anything a reader needs to judge the number (counts, differences, failures). */
  note?: string;
  /** Which group produced it (for profiling a failing row again). */
  group?: string;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Nearest-rank percentile (p in 0…100). */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(s.length, rank) - 1];
}

export type Target = { op: '<=' | '>='; limit: number } | null;

/** A measurement from per-run values, checked against a target. */
export function measurement(name: string, runs: readonly number[], unit: string, target: Target, note?: string): Measurement {
  if (!runs.length || runs.some((x) => !Number.isFinite(x))) {
    return { name, value: null, unit, target: formatTarget(target, unit), pass: target ? false : null, median: null, min: null, max: null, runs: runs.length, note };
  }
  const m = median(runs);
  const pass = target ? (target.op === '<=' ? m <= target.limit : m >= target.limit) : null;
  return { name, value: round(m), unit, target: formatTarget(target, unit), pass, median: round(m), min: round(Math.min(...runs)), max: round(Math.max(...runs)), runs: runs.length, note };
}

/** A row that could not be measured at all (the feature is missing, the server failed). */
export function unmeasured(name: string, unit: string, target: Target, note: string): Measurement {
  return { name, value: null, unit, target: formatTarget(target, unit), pass: target ? false : null, median: null, min: null, max: null, runs: 0, note };
}

function formatTarget(t: Target, unit: string): string | null {
  if (!t) return null;
  return `${t.op === '<=' ? '≤' : '≥'} ${t.limit}${unit === '×' ? '×' : ` ${unit}`}`;
}

export function round(x: number): number {
  if (Math.abs(x) >= 100) return Math.round(x);
  if (Math.abs(x) >= 10) return Math.round(x * 10) / 10;
  return Math.round(x * 1000) / 1000;
}

export function now(): number {
  return performance.now();
}

/** Times one call, in milliseconds. */
export function time<T>(fn: () => T): { ms: number; result: T } {
  const t = performance.now();
  const result = fn();
  return { ms: performance.now() - t, result };
}

/**
 * Wall-clock and CPU time (user + system, all threads of this process) of one call, in milliseconds.
 * On a machine other jobs are loading, CPU time is the stable measure of work done; wall time is
 * what a user waits.
 */
export interface Timing {
  wall: number;
  cpu: number;
}

export async function timeCpu(fn: () => unknown): Promise<Timing> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000 };
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
}

/** Rotates the order programs run in, run by run, so neither always goes first (warm caches, GC debt). */
export function rotated<T>(list: readonly T[], run: number): T[] {
  const k = run % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

function fmt(x: number | null): string {
  if (x === null) return '—';
  return String(round(x));
}

/** The report as a Markdown table. */
export function markdownTable(rows: readonly Measurement[]): string {
  const out = ['| Measurement | Value | Target | Pass | Median | Min | Max | Runs |', '| --- | ---: | --- | :---: | ---: | ---: | ---: | ---: |'];
  for (const r of rows) {
    const unit = r.unit === '×' ? '×' : ` ${r.unit}`;
    const value = r.value === null ? 'n/a' : `${fmt(r.value)}${unit}`;
    const pass = r.pass === null ? '' : r.pass ? 'pass' : '**FAIL**';
    out.push(`| ${r.name} | ${value} | ${r.target ?? '—'} | ${pass} | ${fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.runs} |`);
  }
  return out.join('\n');
}
