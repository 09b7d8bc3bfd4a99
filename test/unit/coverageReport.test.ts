/**
 * `policy-lens report`: the numbers embedded in the HTML (what the charts draw), its safety (-o never
 * lands on an input or an existing file without --force), its languages, and the worker-thread path
 * (the bundled CLI, `--jobs 2`) giving the same data as one thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../server/src/cli/main';
import type { ReportData } from '../../server/src/cli/report';

const ROOT = join(__dirname, '..', '..');

function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-lens-report-'));
  mkdirSync(join(dir, 'drafts', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'drafts', 'a.md'), '---\ntitle: 甲省方案\nregion: 甲省\nyear: 2024\n---\n\n一、总体要求\n\n发展新质生产力，培育数据要素市场。\n\n二、重点任务\n\n数据要素流通。\n');
  writeFileSync(join(dir, 'drafts', 'sub', 'b.md'), '---\ntitle: 乙省方案\nregion: 乙省\ndate: 2025-06-01\n---\n\n推进颠覆性技术创新和新质生产力。\n');
  writeFileSync(join(dir, 'drafts', 'c.md'), '没有概念的文档。\n');
  writeFileSync(join(dir, 'drafts', 'notes.txt'), '新质生产力\n'); // not Markdown: a folder's .md files only
  return dir;
}

async function run(args: string[], env: Record<string, string> = {}): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
    return { status, out, err };
  } finally {
    process.env = saved;
  }
}

function embedded(html: string): ReportData {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'the report embeds its data');
  return JSON.parse(m[1]) as ReportData;
}

test('report: one HTML file with the corpus numbers the charts draw, trends by year and region, tables', async () => {
  const dir = corpus();
  const out = join(dir, 'report.html');
  const r = await run(['report', join(dir, 'drafts'), '-o', out, '--lang', 'zh']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /wrote .*report\.html \(3 document\(s\), 5 occurrence\(s\)\)/);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-([A-Za-z0-9+/=]+)'; style-src-elem 'nonce-\1';/);
  assert.doesNotMatch(html, /<script[^>]* src=/, 'no script is loaded from anywhere');
  assert.match(html, /<html lang="zh-CN">/);
  const d = embedded(html);
  const p = d.picture;
  assert.deepEqual([p.documents, p.total, p.lang], [3, 5, 'zh']);
  assert.deepEqual(p.concepts.filter((k) => k.count).map((k) => `${k.term}:${k.count}:${k.documents}`), ['新质生产力:2:2', '数据要素:2:1', '颠覆式创新:1:1']);
  // Rows: the documents with occurrences, in input order (a.md, c.md, sub/b.md: c has none).
  assert.deepEqual(p.heatmap.rows, ['甲省方案', '乙省方案']);
  assert.deepEqual(d.rowDocuments, [0, 2]);
  assert.deepEqual(p.heatmap.columns, ['new-quality-productive-forces', 'data-elements', 'disruptive-innovation']);
  assert.deepEqual(p.heatmap.cells, [[0, 0, 1], [1, 0, 2], [0, 1, 1], [2, 1, 1]]);
  assert.deepEqual(p.categories.map((g) => `${g.label} ${g.covered}/${g.concepts} ×${g.occurrences}`).slice(0, 1), [`理论基础 1/${p.categories[0].concepts} ×2`]);
  assert.deepEqual(d.trends.years, ['2024', '2025']);
  assert.deepEqual(d.trends.regions, ['乙省', '甲省']);
  // Occurrences per document by category: 2024 (甲省) has 新质生产力 (foundation) ×1 and 数据要素 (new factors) ×2, 培育数据要素市场 included.
  assert.deepEqual(Object.fromEntries(d.trends.yearSeries.map((s) => [s.id, s.data])), { foundation: [1, 1], technology: [0, 1], factors: [2, 0], industries: [0, 0] });
  // Tables: one row per document (the matrix), each missing concept linked to its row.
  assert.equal((html.match(/<tr id="doc-\d+"/g) ?? []).length, 3);
  assert.match(html, /<tr id="doc-1" data-doc="1"><td class="n"><a href="#doc-1">2<\/a><\/td><td class="path">[^<]*c\.md<\/td><td><\/td><td><\/td><td><\/td><td class="n">0<\/td>/);
  assert.equal((html.match(/<ul class="missing">.*?<\/ul>/)?.[0].match(/<li>/g) ?? []).length, p.missing.length);
  assert.ok(p.missing.length > 50);
  assert.match(html, /<p id="summary">3 篇文档 · 5 次出现 · 覆盖 3\/\d+ 个概念<\/p>/);
});

test('report: --lang en, or English from LANG; zh from LANG=zh_CN.UTF-8', async () => {
  const dir = corpus();
  const en = await run(['report', join(dir, 'drafts', 'a.md'), '-o', join(dir, 'en.html')], { LANG: 'en_US.UTF-8', LC_ALL: '' });
  assert.equal(en.status, 0, en.err);
  const html = readFileSync(join(dir, 'en.html'), 'utf8');
  assert.match(html, /<p id="summary">1 document\(s\) · 3 occurrence\(s\) · 2 of \d+ concepts covered<\/p>/);
  assert.equal(embedded(html).picture.categories[0].label, 'Foundations');
  const zh = await run(['report', join(dir, 'drafts', 'a.md'), '-o', join(dir, 'zh.html')], { LANG: 'zh_CN.UTF-8', LC_ALL: '' });
  assert.equal(zh.status, 0, zh.err);
  assert.equal(embedded(readFileSync(join(dir, 'zh.html'), 'utf8')).picture.lang, 'zh');
});

test('report: -o is required, never an input, never an existing file without --force; a bad file is reported', async () => {
  const dir = corpus();
  const a = join(dir, 'drafts', 'a.md');
  const before = readFileSync(a, 'utf8');
  assert.deepEqual(await run(['report', a]), { status: 2, out: '', err: 'policy-lens: report needs -o FILE.html (the report is one HTML file)\n' });
  const onInput = await run(['report', join(dir, 'drafts'), '-o', a, '--force']);
  assert.equal(onInput.status, 2);
  assert.match(onInput.err, /refusing to write .*a\.md: it is one of the input files/);
  assert.equal(readFileSync(a, 'utf8'), before);
  writeFileSync(join(dir, 'old.html'), 'mine');
  const exists = await run(['report', a, '-o', join(dir, 'old.html')]);
  assert.equal(exists.status, 2);
  assert.match(exists.err, /old\.html exists; pass --force to replace it/);
  assert.equal(readFileSync(join(dir, 'old.html'), 'utf8'), 'mine');
  assert.equal((await run(['report', a, '-o', join(dir, 'old.html'), '--force'])).status, 0);
  const missing = await run(['report', a, join(dir, 'nope.md'), '-o', join(dir, 'r.html')]);
  assert.equal(missing.status, 1);
  assert.match(missing.err, /nope\.md: no such file/);
  assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /nope\.md: no such file/);
  assert.equal((await run(['report', a, '-o', join(dir, 'x.html'), '--lang', 'fr'])).err, 'policy-lens: --lang must be "zh" or "en", not "fr"\n');
  assert.equal(existsSync(join(dir, 'x.html')), false);
});

test('report: the bundled CLI through worker threads (--jobs 2) embeds the same data as one thread', () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'reportWorker.js')), 'run "npm run build" first');
  const dir = corpus();
  const data = (jobs: string) => {
    const out = join(dir, `r${jobs}.html`);
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'policy-lens.js'), 'report', join(dir, 'drafts'), '-o', out, '--jobs', jobs, '--lang', 'en'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return embedded(readFileSync(out, 'utf8'));
  };
  const two = data('2');
  assert.deepEqual(two, data('1'));
  assert.equal(two.picture.total, 5);
});
