/**
 * Runs many test files in one Node process: `npm run test:unit` and `npm run test:protocol` start two
 * of these (test/support/run-*.ts) instead of one process per file, because each process spent
 * ≈1.3 s of CPU starting tsx and loading the same modules again (≈50 s of the unit tests' 130 s).
 *
 * Every file of the directory becomes one `describe` named by its path, so the reporter still shows
 * every test by name under its file, a file's hooks stay its own, and a file that throws on import
 * fails as that file. A file still runs alone with `node --import tsx --test test/unit/X.test.ts`.
 *
 * Files go to the shards by their weight below (seconds of CPU, measured on the development machine
 * from the spec reporter's per-file durations), longest first onto the lighter shard; a file not
 * listed counts as a typical one. The weights only balance the shards: a wrong one costs time, never
 * a test.
 */
import { describe } from 'node:test';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..');

/** Seconds per file (path relative to the repository root). */
const WEIGHTS: Record<string, number> = {};

const TYPICAL = 1;

/** The files of `dir` (relative to the root) ending in `.test.ts`, split into `count` shards. */
export function shardFiles(dir: string, count: number): string[][] {
  const files = readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => `${dir}/${f}`);
  const weight = (f: string) => WEIGHTS[f] ?? TYPICAL;
  const shards = Array.from({ length: count }, () => ({ files: [] as string[], total: 0 }));
  for (const f of [...files].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : 1))) {
    const lightest = shards.reduce((min, s) => (s.total < min.total ? s : min));
    lightest.files.push(f);
    lightest.total += weight(f);
  }
  // Within a shard, files run in the order of their names, as they did one process each.
  return shards.map((s) => s.files.sort());
}

/** Registers shard `index` (1-based) of `count` of the test files in `dir`. */
export function registerShard(dir: string, index: number, count: number): void {
  for (const file of shardFiles(dir, count)[index - 1]) {
    describe(file, async () => {
      await import(pathToFileURL(join(ROOT, file)).href);
    });
  }
}
