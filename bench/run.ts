/**
 * `npm run bench`: writes the corpus (once), bundles the server, runs every measurement group in its
 * own process, prints the results as a Markdown table and writes bench/results.json. Each failing
 * group is then run once more under `node --cpu-prof`, and the profile is summarised (self time by
 * module, top frames) under the table and in results.json.
 *
 *   npm run bench                         all groups, full run counts
 *   npm run bench -- --quick              fewer runs (a smoke test of the whole bench)
 *   npm run bench -- --only annotate,edits
 *   npm run bench -- --dist               measure bin/policy-lens.js (the repository's dist/) instead of a fresh bundle
 *   npm run bench -- --no-profile         skip profiling the failing groups
 *   npm run bench -- --force-corpus       regenerate bench/corpus/
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { ensureCorpus } from './corpus';
import { buildServer } from './build';
import { formatSummary, profileIds, profilesIn, summarizeProfile, type ProfileSummary } from './profile';
import type { ProfileWindow } from './serverBench';
import { markdownTable, type Measurement } from './stats';
import { ROOT } from './rootDeps';

const IN_PROCESS = ['annotate', 'matcher', 'textlint', 'symbols', 'incremental', 'lexicon', 'quotations', 'parse'];
const SERVER = ['coldstart', 'edits', 'hover', 'workspace', 'responsiveness'];
/** Groups with a script of their own (in process, no comparison tools needed). */
const SCRIPTED: Record<string, string> = { export: 'exportBench.ts', process: 'wholeProcess.ts' };
const GROUP_TIMEOUT_MS = 20 * 60_000;
const PROFILES = join(__dirname, '.cache', 'profiles');

interface ChildResult {
  measurements: Measurement[];
  info: Record<string, unknown>;
}

function args(): { quick: boolean; only?: string[]; dist: boolean; profile: boolean; forceCorpus: boolean } {
  const a = process.argv.slice(2);
  const only = a.indexOf('--only');
  return {
    quick: a.includes('--quick'),
    only: only >= 0 ? a[only + 1].split(',') : undefined,
    dist: a.includes('--dist'),
    profile: !a.includes('--no-profile'),
    forceCorpus: a.includes('--force-corpus'),
  };
}

/** Runs one group's process; its stderr streams through, its stdout carries the `@@result` line. */
function runChild(nodeArgs: string[], script: string, scriptArgs: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(__dirname, script), ...scriptArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      process.stderr.write(d);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), GROUP_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('@@result '));
      if (line) resolve(JSON.parse(line.slice('@@result '.length)) as ChildResult);
      else reject(new Error(`${script} ${scriptArgs[0]} exited with ${signal ?? code}: ${err.trim().split('\n').slice(-3).join(' | ').slice(0, 600)}`));
    });
  });
}

function failedRow(group: string, e: unknown): Measurement {
  return { name: `${group}: the measurement failed`, value: null, unit: '', target: 'runs', pass: false, median: null, min: null, max: null, runs: 0, note: e instanceof Error ? e.message : String(e), group };
}

/** The comparison tools (bench/package.json) are installed on first use, from bench/package-lock.json. */
function ensureBenchDependencies(): void {
  const need = ['textlint', 'textlint-rule-prh', 'vscode-markdown-languageservice', 'markdown-it'];
  if (need.every((p) => existsSync(join(__dirname, 'node_modules', p, 'package.json')))) return;
  process.stderr.write('installing the comparison tools into bench/node_modules (npm ci --prefix bench)…\n');
  execFileSync('npm', ['ci', '--prefix', __dirname, '--no-audit', '--no-fund'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

/**
 * The summaries of one group's profiles: per window the group reported (only the samples of that part
 * of the run, in that server process), or else every profile that did real work.
 */
function summarizeGroupProfiles(dir: string, windows: readonly ProfileWindow[]): { label: string; summary: ProfileSummary }[] {
  const files = profilesIn(dir);
  const out: { label: string; summary: ProfileSummary }[] = [];
  if (windows.length) {
    for (const w of windows) {
      for (const f of files) {
        const ids = profileIds(f);
        if (!ids || ids.pid !== w.pid || (ids.thread !== 0 && !w.allThreads)) continue;
        const summary = summarizeProfile(f, 12, w);
        if (summary.busyMs > 0) out.push({ label: `${w.label}, ${ids.thread ? `worker thread ${ids.thread}` : 'main thread'}`, summary });
      }
    }
    return out;
  }
  const all = files.map((f) => ({ f, summary: summarizeProfile(f) }));
  // Keep the threads that did real work (not tsx's module-loader thread).
  const biggest = Math.max(0, ...all.map((x) => x.summary.busyMs));
  for (const { f, summary } of all) {
    if (summary.busyMs < biggest * 0.05) continue;
    const ids = profileIds(f);
    out.push({ label: `${ids?.thread ? `thread ${ids.thread}` : 'main thread'} (${basename(f)})`, summary });
  }
  return out;
}

function gitDescription(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server/src'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in server/src` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const o = args();
  const started = Date.now();
  const environment = {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    commit: gitDescription(),
    mode: o.quick ? 'quick' : 'full',
    date: new Date().toISOString(),
  };
  process.stderr.write(`policy-lens bench (${environment.mode}): Node ${environment.node}, ${environment.cpus} CPUs, load ${environment.loadAverageAtStart.join(' ')}, ${environment.commit}\n`);
  ensureCorpus(o.forceCorpus, (s) => process.stderr.write(s + '\n'));
  ensureBenchDependencies();
  const server = await buildServer(o.dist);
  process.stderr.write(`server: ${server.description}\n`);
  const groups = [...IN_PROCESS, ...Object.keys(SCRIPTED), ...SERVER].filter((g) => !o.only || o.only.includes(g));
  const quick = o.quick ? ['--quick'] : [];
  const rows: Measurement[] = [];
  const info: Record<string, unknown> = {};
  const timings: Record<string, number> = {};
  const run = (group: string, profileDir?: string): Promise<ChildResult> =>
    SCRIPTED[group]
      ? runChild([...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--expose-gc'], SCRIPTED[group], [group, ...quick])
      : IN_PROCESS.includes(group)
      ? runChild([...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--expose-gc'], 'inprocess.ts', [group, ...quick, ...(profileDir ? ['--profile'] : [])])
      : runChild([], 'serverBench.ts', [group, '--launcher', server.launcher, ...quick, ...(profileDir ? ['--profile', profileDir] : [])]);
  for (const group of groups) {
    const t = Date.now();
    process.stderr.write(`\n## ${group}\n`);
    try {
      const r = await run(group);
      rows.push(...r.measurements);
      info[group] = r.info;
    } catch (e) {
      rows.push(failedRow(group, e));
    }
    timings[group] = Math.round((Date.now() - t) / 1000);
  }
  // Profile every group with a failing row, once, and say what bounds it.
  const profiles: Record<string, { label: string; summary: ProfileSummary }[]> = {};
  const failing = [...new Set(rows.filter((r) => r.pass === false && r.group).map((r) => r.group!))];
  if (o.profile) {
    for (const group of failing) {
      const dir = join(PROFILES, group);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      process.stderr.write(`\n## profiling ${group}\n`);
      const t = Date.now();
      let windows: ProfileWindow[] = [];
      try {
        windows = ((await run(group, dir)).info.profileWindows as ProfileWindow[] | undefined) ?? [];
      } catch (e) {
        process.stderr.write(`profiling ${group} failed: ${e instanceof Error ? e.message : e}\n`);
      }
      profiles[group] = summarizeGroupProfiles(dir, windows);
      timings[`profile ${group}`] = Math.round((Date.now() - t) / 1000);
    }
  }
  const table = markdownTable(rows);
  const out: string[] = ['', `### policy-lens bench (${environment.mode})`, '', `Node ${environment.node}, ${environment.cpus} × ${environment.cpu}, load average at start ${environment.loadAverageAtStart.join(' ')}, ${environment.commit}; server: ${server.description}.`, '', table, ''];
  const notes = rows.filter((r) => r.note && !r.name.startsWith('  '));
  if (notes.length) {
    out.push('Notes:', '');
    for (const r of notes) out.push(`- **${r.name.trim()}**: ${r.note}`);
    out.push('');
  }
  for (const [group, list] of Object.entries(profiles)) {
    out.push(`#### Profile of ${group} (failing: ${rows.filter((r) => r.group === group && r.pass === false).map((r) => r.name.trim()).join('; ')})`, '', '```');
    for (const p of list) out.push(formatSummary(p.summary, p.label));
    out.push('```', '');
  }
  process.stdout.write(out.join('\n') + '\n');
  const environmentEnd = { ...environment, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100), seconds: Math.round((Date.now() - started) / 1000), groupSeconds: timings };
  writeFileSync(join(__dirname, 'results.json'), JSON.stringify({ measurements: rows, environment: environmentEnd, profiles, details: info }, null, 2) + '\n');
  process.stderr.write(`\nwrote bench/results.json in ${environmentEnd.seconds} s total\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
