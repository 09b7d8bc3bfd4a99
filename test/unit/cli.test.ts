import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../server/src/cli/main';

const ROOT = join(__dirname, '..', '..');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'policy-lens-cli-'));
}

test('annotate --format json prints the documented shape, text equal to the file slice', async () => {
  const dir = tempDir();
  const file = join(dir, 'draft.md');
  const text = '# 标题\r\n\r\n😀加快培育数据要\r\n素市场，发展新质生产力。\r\n';
  writeFileSync(file, text);
  const { code, out, err } = await run(['annotate', file, '--format', 'json']);
  assert.equal(code, 0, err);
  const json = JSON.parse(out);
  assert.deepEqual(Object.keys(json), ['files']);
  assert.equal(json.files[0].path, file);
  const [a, b] = json.files[0].annotations;
  assert.deepEqual(Object.keys(a), ['start', 'end', 'range', 'text', 'sentence', 'sentenceStart', 'sentenceEnd', 'concept']);
  assert.deepEqual(Object.keys(a.concept), ['id', 'term', 'en', 'category']);
  assert.equal(a.text, text.slice(a.start, a.end));
  assert.equal(a.text, '数据要\r\n素');
  assert.equal(a.concept.term, '数据要素');
  assert.deepEqual(a.range, { start: { line: 2, character: 6 }, end: { line: 3, character: 1 } });
  assert.equal(a.sentence, '😀加快培育数据要素市场，发展新质生产力。');
  assert.equal(b.text, '新质生产力');
  assert.equal(b.concept.category, 'foundation');
});

test('annotate table shows file:line:col, text, concept, category and a summary per category', async () => {
  const dir = tempDir();
  const file = join(dir, 'a.md');
  writeFileSync(file, '推动颠覆性技术创新，用好数据要素。\n');
  const { code, out } = await run(['annotate', file]);
  assert.equal(code, 0);
  const lines = out.split('\n');
  assert.match(lines[0], new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1:3 +颠覆性技术创新 +→ 颠覆式创新 +disruptive innovation +新技术 New technology$`));
  assert.match(lines[1], /:1:13 +数据要素 +数据要素 +data elements +新要素 New factors$/);
  assert.match(out, /按类别汇总 \/ Summary by category:/);
  assert.match(out, /新技术 New technology +1 occurrence\(s\), 1 concept\(s\)/);
  assert.match(out, /合计 Total +2 occurrence\(s\) in 1 file\(s\)/);
});

test('bad input: one clear line each, non-zero exit, and the other files are still annotated', async () => {
  const dir = tempDir();
  const good = join(dir, 'good.md');
  writeFileSync(good, '数据要素\n');
  const folder = join(dir, 'folder.md');
  mkdirSync(folder);
  const binary = join(dir, 'image.md');
  writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
  const gbk = join(dir, 'gbk.md');
  writeFileSync(gbk, Buffer.from([0xca, 0xfd, 0xbe, 0xdd, 0xd2, 0xaa, 0xcb, 0xd8, 0x0a])); // 数据要素 in GBK
  const missing = join(dir, 'missing.md');
  const { code, out, err } = await run(['annotate', missing, folder, binary, gbk, good, '--format', 'json']);
  assert.equal(code, 1);
  assert.deepEqual(err.trim().split('\n'), [
    `policy-lens: ${missing}: no such file`,
    `policy-lens: ${folder}: is a folder, not a file (name the Markdown files inside it)`,
    `policy-lens: ${binary}: is a binary file, not Markdown text`,
    `policy-lens: ${gbk}: is not valid UTF-8 text (convert it to UTF-8, e.g. from GBK, and try again)`,
  ]);
  const json = JSON.parse(out);
  assert.deepEqual(json.files.map((f: { path: string }) => f.path), [good]);
  assert.equal(json.files[0].annotations[0].text, '数据要素');
});

test('usage errors exit 2 with a message', async () => {
  assert.deepEqual(await run(['annotate']), { code: 2, out: '', err: 'policy-lens: annotate needs at least one FILE\n' });
  assert.deepEqual(await run(['annotate', 'x.md', '--format', 'xml']), { code: 2, out: '', err: 'policy-lens: --format must be "table" or "json", not "xml"\n' });
  assert.deepEqual(await run(['frobnicate']), { code: 2, out: '', err: 'policy-lens: unknown command "frobnicate". Run "policy-lens --help".\n' });
});

test('--output writes the export to a file', async () => {
  const dir = tempDir();
  const file = join(dir, 'a.md');
  writeFileSync(file, '专精特新\n');
  const outFile = join(dir, 'out.json');
  const { code } = await run(['annotate', file, '--format', 'json', '--output', outFile]);
  assert.equal(code, 0);
  assert.equal(JSON.parse(readFileSync(outFile, 'utf8')).files[0].annotations[0].concept.term, '专精特新');
});

test('concepts lists the lexicon', async () => {
  const { code, out } = await run(['concepts', '--format', 'json']);
  assert.equal(code, 0);
  const terms = JSON.parse(out).concepts.map((c: { term: string }) => c.term);
  assert.ok(terms.includes('新质生产力') && terms.includes('专精特新'));
  const table = await run(['concepts']);
  assert.match(table.out, /^数据要素 +data elements +新要素 New factors +s2-2-p1 /m);
});

test('the installed bin runs the bundled CLI with exit statuses', () => {
  const bin = join(ROOT, 'bin', 'policy-lens.js');
  const ok = spawnSync(process.execPath, [bin, 'annotate', join(ROOT, 'examples', 'policy-draft.md')], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /Summary by category/);
  const bad = spawnSync(process.execPath, [bin, 'annotate', join(ROOT, 'nope.md')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /nope\.md: no such file/);
});
