/**
 * The whole process, side by side: `policy-lens annotate --format json draft-1m.md > /dev/null` (the
 * bundled CLI, as a user runs it) and textlint's own CLI with textlint-rule-prh given the same forms
 * (bench/compare.ts prhYaml), on the same file, started alternately, a warm-up of each first (our V8
 * code cache is written by a first run; textlint's files are then in the page cache too). CPU time is
 * the child's user + system time (bash's `times`), wall time from spawn to exit; min of the rounds.
 *
 *   node --import tsx bench/wholeProcess.ts process [--quick] [--runs N] [--baseline CHECKOUT]
 *
 * `--baseline CHECKOUT` adds a third command, interleaved with the two: the same annotate from another
 * built checkout (its bin/policy-lens.js), for a before → after in one run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sharedEngine } from '../server/src/core/engine';
import { draftPath, ensureCorpus } from './corpus';
import { prhYaml, textlintVersions } from './compare';
import { measurement, round } from './stats';
import type { GroupResult } from './inprocess';

const ROOT = resolve(__dirname, '..');
const CACHE = join(__dirname, '.cache', 'whole-process');

interface Run {
  cpu: number;
  wall: number;
  status: number | null;
}

/** Runs `argv` with standard output to /dev/null; the child's CPU from bash's `times` (children's user and system time). */
function timed(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Run {
  const t = performance.now();
  const r = spawnSync('bash', ['-c', '"$@" > /dev/null; s=$?; times; exit $s', 'bash', ...argv], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = performance.now() - t;
  const lines = r.stdout.trim().split('\n');
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? '');
  if (!m) throw new Error(`no times from ${argv.join(' ')}: ${r.stdout} ${r.stderr}`);
  const cpu = (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
  return { cpu, wall, status: r.status };
}

export function wholeProcessCommands(file: string): { ours: string[]; theirs: string[] } {
  const engine = sharedEngine();
  mkdirSync(CACHE, { recursive: true });
  const yaml = join(CACHE, 'prh.yml');
  writeFileSync(yaml, prhYaml(engine.lexicon.concepts, engine.matcher.forms));
  const config = join(CACHE, '.textlintrc.json');
  writeFileSync(config, JSON.stringify({ rules: { prh: { rulePaths: [yaml] } } }));
  const modules = join(__dirname, 'node_modules');
  return {
    ours: [process.execPath, join(ROOT, 'bin', 'policy-lens.js'), 'annotate', '--format', 'json', file],
    theirs: [process.execPath, join(modules, 'textlint', 'bin', 'textlint.js'), '--rules-base-directory', modules, '--config', config, '--format', 'json', file],
  };
}

export async function wholeProcessGroup(runs: number, baseline?: string): Promise<GroupResult> {
  const file = draftPath('1m');
  const { ours, theirs } = wholeProcessCommands(file);
  const before = baseline ? [process.execPath, join(resolve(baseline), 'bin', 'policy-lens.js'), ...ours.slice(2)] : undefined;
  const c: Run[] = [];
  if (before) timed(before);
  // Warm-up: our first run writes the V8 code cache; both read their files into the page cache.
  const first = timed(ours);
  if (first.status !== 0) throw new Error(`policy-lens annotate exited with ${first.status}`);
  const theirsFirst = timed(theirs);
  if (theirsFirst.status !== 1) throw new Error(`textlint exited with ${theirsFirst.status} (1 = it reported the non-canonical forms)`);
  const a: Run[] = [];
  const b: Run[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate who goes first, so a slow moment of the shared machine falls on both.
    if (i % 2) (b.push(timed(theirs)), before && c.push(timed(before)), a.push(timed(ours)));
    else (a.push(timed(ours)), before && c.push(timed(before)), b.push(timed(theirs)));
    process.stderr.write(`  round ${i + 1}/${runs}: policy-lens CPU ${round(a[i].cpu)} ms (wall ${round(a[i].wall)}), ${before ? `baseline CPU ${round(c[i].cpu)} ms (wall ${round(c[i].wall)}), ` : ''}textlint + prh CPU ${round(b[i].cpu)} ms (wall ${round(b[i].wall)})\n`);
  }
  const min = (r: Run[], k: 'cpu' | 'wall') => Math.min(...r.map((x) => x[k]));
  const versions = textlintVersions();
  const note = `min of ${runs} interleaved rounds after a warm-up of each; CPU = the child's user + system time; wall: ours ${round(min(a, 'wall'))} ms, textlint ${round(min(b, 'wall'))} ms (×${round(min(b, 'wall') / min(a, 'wall'))}); first run of ours (writes the code cache) ${round(first.cpu)} ms CPU; ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}; \`${ours.slice(1).join(' ')} > /dev/null\` vs \`${theirs.slice(1).join(' ')} > /dev/null\``;
  return {
    measurements: [
      measurement('whole process: policy-lens annotate --format json vs textlint + prh CLI, 1 MB, min of 5 (CPU)', [min(b, 'cpu') / min(a, 'cpu')], '×', { op: '>=', limit: 3 }, note),
      measurement('  policy-lens annotate --format json, 1 MB, whole process CPU (min)', [min(a, 'cpu')], 'ms', null),
      measurement('  textlint + textlint-rule-prh CLI --format json, 1 MB, whole process CPU (min)', [min(b, 'cpu')], 'ms', null),
      ...(before ? [measurement(`  baseline ${baseline}: annotate --format json, 1 MB, whole process CPU (min; ×${round(min(b, 'cpu') / min(c, 'cpu'))} vs textlint)`, [min(c, 'cpu')], 'ms', null)] : []),
    ],
    info: { ours: a, theirs: b, baseline: before ? c : undefined },
  };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--runs');
  const runs = i >= 0 ? Number(argv[i + 1]) : argv.includes('--quick') ? 2 : 5;
  ensureCorpus(false, (s) => process.stderr.write(s + '\n'));
  const b = argv.indexOf('--baseline');
  wholeProcessGroup(runs, b >= 0 ? argv[b + 1] : undefined).then(
    (result) => {
      for (const m of result.measurements) m.group = 'process';
      process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
      process.exit(1);
    },
  );
}
