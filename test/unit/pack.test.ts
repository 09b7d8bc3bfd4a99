/**
 * The install story a writer follows (README, "Installing"): `npm pack`, then `npm install` of the tarball
 * into an empty folder — offline, because everything the command needs at run time is in its bundles —
 * and `policy-lens annotate` from there, on Markdown and on a Word .docx.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDocx } from '../support/docx';

const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };

function npm(args: string[], cwd: string): string {
  const r = spawnSync(NPM, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' }, timeout: 120_000 });
  assert.equal(r.status, 0, `npm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('the package has no run-time dependencies: the bundles hold them, so the tarball installs offline', () => {
  // A package in "dependencies" would be downloaded by every `npm install -g` of the tarball, and the
  // offline install below would fail. Bundled libraries belong in devDependencies.
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
});

test('npm pack holds the bundles, the data and l10n, and nothing of the sources; installed offline, it annotates', () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')) && existsSync(join(ROOT, 'dist', 'docx.js')), 'run "npm run build" first');
  const work = mkdtempSync(join(tmpdir(), 'policy-lens-pack-'));
  // --ignore-scripts: pack the bundles `npm test` has just built, rather than rebuilding them under the
  // feet of the other tests.
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT)) as { filename: string; files: { path: string }[] }[];
  const files = packed.files.map((f) => f.path).sort();
  for (const needed of ['bin/policy-lens.js', 'dist/cli.js', 'dist/docx.js', 'dist/indexWorker.js', 'dist/server.js', 'server/data/lexicon.yaml', 'server/data/lexicon.schema.json', 'server/data/generated/lexicon.json', 'server/data/source/paper.md', 'l10n/bundle.l10n.zh-cn.json', 'package.json', 'README.md', 'LICENSE', 'dist/reportWorker.js', 'media/coverageCharts.js', 'media/echarts/echarts.min.js', 'media/echarts/LICENSE', 'media/echarts/NOTICE', 'dist/vendor/opencc-cn2t.js', 'dist/vendor/opencc-t2cn.js', 'dist/vendor/pinyin-pro.js']) {
    assert.ok(files.includes(needed), `the tarball lacks ${needed}`);
  }
  const stray = files.filter((f) => /^(server\/src|client|test|bench|scripts|node_modules)\/|\.map$|\.ts$|^dist\/extension\.js$/.test(f));
  assert.deepEqual(stray, [], 'the tarball holds files the command does not need');

  const prefix = join(work, 'install');
  mkdirSync(prefix);
  writeFileSync(join(prefix, 'package.json'), '{"private": true}\n'); // an empty project, as a writer's folder
  npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, packed.filename)], prefix);
  const bin = join(prefix, 'node_modules', '.bin', 'policy-lens');
  writeFileSync(join(prefix, 'draft.md'), '# 标题\n\n加快发展新质生产力。\n');
  writeFileSync(join(prefix, 'draft.docx'), makeDocx(['加快发展新质生产力。']));
  const version = spawnSync(bin, ['--version'], { cwd: prefix, encoding: 'utf8' });
  assert.equal(version.stdout, `${pkg.version}\n`);
  // The report inlines ECharts from the installed package's media/ and runs its worker threads from dist/.
  const report = spawnSync(bin, ['report', 'draft.md', '-o', 'report.html', '--lang', 'en'], { cwd: prefix, encoding: 'utf8' });
  assert.equal(report.status, 0, report.stderr);
  const html = readFileSync(join(prefix, 'report.html'), 'utf8');
  assert.match(html, /"documents":1,"total":1,/);
  assert.match(html, /<script nonce="[^"]+">\s*\/\*\s*\* Licensed to the Apache Software Foundation/);
  const r = spawnSync(bin, ['annotate', 'draft.md', 'draft.docx', '--format', 'json'], { cwd: prefix, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { files: { path: string; textSource?: string; annotations: { text: string; start: number }[] }[] };
  assert.deepEqual(
    json.files.map((f) => [f.path, f.textSource, f.annotations.map((a) => [a.text, a.start])]),
    [
      ['draft.md', undefined, [['新质生产力', 10]]],
      ['draft.docx', 'docx-extracted', [['新质生产力', 4]]],
    ],
  );
});

test('the .vsix holds the coverage webview (its scripts, ECharts with its licence and NOTICE), the walkthrough and its sample draft', () => {
  assert.ok(existsSync(join(ROOT, 'media', 'echarts', 'echarts.min.js')), 'run "npm run build" first (it copies ECharts into media/)');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const needed of ['dist/extension.js', 'dist/server.js', 'media/coverageView.js', 'media/coverageCharts.js', 'media/echarts/echarts.min.js', 'media/echarts/LICENSE', 'media/echarts/NOTICE', 'media/walkthrough/coverage.md', 'media/walkthrough/coverage.zh-cn.md', 'examples/policy-draft.md', 'dist/vendor/opencc-cn2t.js', 'dist/vendor/opencc-t2cn.js', 'dist/vendor/pinyin-pro.js']) {
    assert.ok(files.includes(needed), `the .vsix lacks ${needed}`);
  }
  assert.deepEqual(files.filter((f) => /^(examples\/(?!policy-draft\.md$)|dist\/(cli|docx|reportWorker)\.js$)/.test(f)), [], 'the .vsix holds command-line or example files it does not need');
});
