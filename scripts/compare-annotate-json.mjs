#!/usr/bin/env node
// Byte-for-byte check of `policy-lens annotate --format json` between this checkout and another built one
// (a refactor of the JSON path must not change a byte):
//   node scripts/compare-annotate-json.mjs /work/main bench/corpus/draft-1m.md examples/policy-draft.md …
// With no files: the bench's 1 MB draft (when present), the examples and every Markdown fixture.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [baseline, ...given] = process.argv.slice(2);
if (!baseline) {
  process.stderr.write('usage: node scripts/compare-annotate-json.mjs BASELINE_CHECKOUT [FILE…]\n');
  process.exit(2);
}
const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const markdown = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? markdown(join(dir, n)) : n.endsWith('.md') ? [join(dir, n)] : []));
const files = given.length ? given : [...['bench/corpus/draft-1m.md'].filter((f) => existsSync(join(root, f))), ...markdown(join(root, 'examples')), ...markdown(join(root, 'test/fixtures'))];
const run = (checkout, file) => spawnSync(process.execPath, [join(resolve(checkout), 'bin', 'policy-lens.js'), 'annotate', '--format', 'json', file], { cwd: root, maxBuffer: 1 << 30 });
let differ = 0;
for (const f of files) {
  const a = run(baseline, f);
  const b = run(root, f);
  const same = a.status === b.status && Buffer.compare(a.stdout, b.stdout) === 0;
  if (!same) differ++;
  process.stdout.write(`${same ? 'same' : 'DIFFERS'}  ${f} (${b.stdout.length} bytes)\n`);
}
process.stdout.write(`${files.length - differ} of ${files.length} files byte-identical\n`);
process.exit(differ ? 1 : 0);
