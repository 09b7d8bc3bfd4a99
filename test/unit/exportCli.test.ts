import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../server/src/cli/main';
import { EXPORTERS } from '../../server/src/core/export/registry';
import { parseAnn, cpSlice, csvObjects } from './exportFormats';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function draft(text = '𠮷发展新质生产力，培育数据要\r\n素市场。\r\n'): { dir: string; file: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'policy-lens-export-'));
  const file = join(dir, '一号文件.md');
  writeFileSync(file, text);
  return { dir, file, text };
}

test('annotate --help lists every format of the registry with its offset unit', async () => {
  const { code, out } = await run(['annotate', '--help']);
  assert.equal(code, 0);
  for (const e of EXPORTERS) assert.match(out, new RegExp(`^ {8}${e.id} +${e.label.en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; `, 'm'));
  assert.match(out, /^ {8}brat +brat standoff \(\.txt \+ \.ann\); offsets: Unicode code points; several files: -o DIR$/m);
  assert.match(out, /^ {8}webanno +WebAnno TSV 3\.3 \(INCEpTION\); offsets: UTF-16 code units; several files: -o DIR$/m);
});

test('brat into a new folder: annotation.conf, visual.conf and a .txt/.ann pair whose code point spans point at the concepts', async () => {
  const { dir, file, text } = draft();
  const out = join(dir, 'brat');
  const r = await run(['annotate', file, '--format', 'brat', '-o', out]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, `policy-lens: wrote 4 file(s) into ${out}\n`);
  assert.deepEqual(readdirSync(out).sort(), ['annotation.conf', 'visual.conf', `${file.slice(1).split('/').slice(0, -1).join('__')}__一号文件.ann`, `${file.slice(1).split('/').slice(0, -1).join('__')}__一号文件.txt`].sort());
  const stem = readdirSync(out).find((n) => n.endsWith('.ann'))!.slice(0, -4);
  assert.equal(readFileSync(join(out, `${stem}.txt`), 'utf8'), text);
  const ents = parseAnn(readFileSync(join(out, `${stem}.ann`), 'utf8'));
  assert.deepEqual(ents.map((e) => [e.type, e.spans, e.note]), [['foundation', [[3, 8]], 'new-quality-productive-forces'], ['factors', [[11, 14], [16, 17]], 'data-elements']]);
  assert.equal(cpSlice(text, 3, 8), '新质生产力');
});

test('a multi-file format never writes into a folder that has files (unless --force), nor over an input, nor to standard output', async () => {
  const { dir, file } = draft();
  const out = join(dir, 'out');
  mkdirSync(out);
  writeFileSync(join(out, 'mine.txt'), 'keep me');
  assert.deepEqual(await run(['annotate', file, '--format', 'brat', '-o', out]), { code: 2, out: '', err: `policy-lens: ${out} is not empty; pass --force to write into it (files of the same name are replaced)\n` });
  assert.equal(readFileSync(join(out, 'mine.txt'), 'utf8'), 'keep me');
  assert.deepEqual(readdirSync(out), ['mine.txt']);
  assert.equal((await run(['annotate', file, '--format', 'brat', '-o', out, '--force'])).code, 0);
  assert.equal(readFileSync(join(out, 'mine.txt'), 'utf8'), 'keep me', '--force replaces only files of the same name');
  assert.deepEqual(await run(['annotate', file, '--format', 'csv', '-o', file]), { code: 2, out: '', err: `policy-lens: cannot write into ${file}: it is not a folder (this format writes several files; give a folder with -o)\n` });
  assert.deepEqual(await run(['annotate', file, '--format', 'webanno']), { code: 2, out: '', err: 'policy-lens: --format webanno writes several files: give a folder with --output DIR\n' });
  assert.deepEqual(await run(['annotate', file, '--format', 'cooccurrence', '-o', join(dir, 'no', 'such')]), { code: 2, out: '', err: `policy-lens: cannot write into ${join(dir, 'no', 'such')}: the folder ${join(dir, 'no')} does not exist\n` });
});

test('a single-file format writes to standard output, or to --output (never over an input or an existing file without --force)', async () => {
  const { dir, file } = draft();
  const stdout = await run(['annotate', file, '--format', 'kwic']);
  assert.equal(stdout.code, 0);
  const rows = csvObjects(stdout.out);
  assert.deepEqual(rows.map((r) => [r.left, r.term, r['start (code points)']]), [['𠮷发展', '新质生产力', '3'], ['𠮷发展新质生产力，培育', '数据要素', '11']]);
  const target = join(dir, 'a.jsonld');
  assert.equal((await run(['annotate', file, '--format', 'w3c', '-o', target])).code, 0);
  const w3c = JSON.parse(readFileSync(target, 'utf8'));
  assert.equal(w3c.first.items[0].target.source, pathToFileURL(file).href);
  assert.deepEqual(await run(['annotate', file, '--format', 'w3c', '-o', target]), { code: 2, out: '', err: `policy-lens: ${target} exists; pass --force to replace it\n` });
  assert.deepEqual(await run(['annotate', file, '--format', 'jsonl', '-o', file]), { code: 2, out: '', err: `policy-lens: refusing to write ${file}: it is one of the input files (choose another output file)\n` });
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');
});

test('when every draft fails, nothing is written: no folder, no file, no empty export on standard output', async () => {
  const { dir } = draft();
  const missing = join(dir, 'missing.md');
  const out = join(dir, 'brat');
  assert.deepEqual(await run(['annotate', missing, '--format', 'brat', '-o', out]), { code: 1, out: '', err: `policy-lens: ${missing}: no such file\n` });
  assert.equal(existsSync(out), false);
  assert.deepEqual(await run(['annotate', missing, '--format', 'jsonl']), { code: 1, out: '', err: `policy-lens: ${missing}: no such file\n` });
});

test('a corpus streams: csv of many files in one run, one matrix row per file in order, a failed file reported and skipped', async () => {
  const { dir } = draft();
  const names: string[] = [];
  for (let i = 0; i < 40; i++) {
    const f = join(dir, `d${String(i).padStart(2, '0')}.md`);
    writeFileSync(f, `---\nyear: ${2000 + i}\n---\n\n数据要素${'新质生产力'.repeat(i % 3)}。\n`);
    names.push(f);
  }
  const out = join(dir, 'csv');
  const r = await run(['annotate', ...names.slice(0, 20), join(dir, 'gone.md'), ...names.slice(20), '--format', 'csv', '-o', out]);
  assert.equal(r.code, 1);
  assert.equal(r.err, `policy-lens: ${join(dir, 'gone.md')}: no such file\npolicy-lens: wrote 2 file(s) into ${out}\n`);
  const matrix = csvObjects(readFileSync(join(out, 'annotations.matrix.csv'), 'utf8'));
  assert.deepEqual(matrix.map((m) => m.file), names);
  assert.deepEqual(matrix.slice(0, 3).map((m) => [m.year, m.total]), [['2000', '1'], ['2001', '2'], ['2002', '3']]);
});
