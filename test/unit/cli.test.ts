import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, symlinkSync, linkSync, readdirSync, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../server/src/cli/main';
import { makeDocx } from '../support/docx';

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
  assert.deepEqual(Object.keys(a), ['start', 'end', 'range', 'text', 'sentence', 'sentenceStart', 'sentenceEnd', 'section', 'concept']);
  assert.deepEqual(Object.keys(a.concept), ['id', 'term', 'en', 'category']);
  assert.equal(a.text, text.slice(a.start, a.end));
  assert.equal(a.text, '数据要\r\n素');
  assert.equal(a.concept.term, '数据要素');
  assert.deepEqual(a.range, { start: { line: 2, character: 6 }, end: { line: 3, character: 1 } });
  assert.equal(a.sentence, '😀加快培育数据要素市场，发展新质生产力。');
  assert.deepEqual(a.section, ['标题']);
  assert.equal(b.text, '新质生产力');
  assert.equal(b.concept.category, 'foundation');
});

test('annotate table shows file:line:col, text → concept, category, the sentence and a summary per category', async () => {
  const dir = tempDir();
  const file = join(dir, 'a.md');
  writeFileSync(file, '推动颠覆性技术创新，用好数据要素。\n');
  // A path relative to the working folder, as a writer types it (a long one leaves less room for the sentence).
  const cwd = process.cwd();
  process.chdir(dir);
  const { code, out } = await run(['annotate', 'a.md']).finally(() => process.chdir(cwd));
  assert.equal(code, 0);
  const lines = out.split('\n');
  // Standard output is not a terminal here: the table is 100 columns wide (English names from 140 on, see table.test.ts).
  assert.match(lines[0], /^a\.md:1:3 +颠覆性技术创新 → 颠覆式创新 +新技术 +推动颠覆性技术创新，用好数据要素。$/);
  assert.match(lines[1], /:1:13 +数据要素 +新要素 +推动颠覆性技术创新，用好数据要素。$/);
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
  assert.deepEqual(await run(['annotate', 'x.md', '--format', 'xml']), { code: 2, out: '', err: 'policy-lens: --format must be one of table, json, jsonl, w3c, brat, webanno, csv, kwic, kwic-tsv, cooccurrence; not "xml"\n' });
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

// ——— Input and output safety (server/src/cli/io.ts) ———


const DRAFT = '# 标题\n\n推动颠覆性技术创新，用好数据要素。\n';

test('--output that is an input (same path, ./path, a symlink, a hard link) is refused with exit 2, the draft unchanged', async () => {
  const dir = tempDir();
  const draft = join(dir, 'draft.md');
  writeFileSync(draft, DRAFT);
  symlinkSync(draft, join(dir, 'link.md'));
  linkSync(draft, join(dir, 'hard.md'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    for (const [input, output] of [['draft.md', 'draft.md'], ['draft.md', './draft.md'], ['draft.md', join(dir, 'link.md')], ['draft.md', 'hard.md'], ['link.md', 'draft.md']]) {
      for (const extra of [[], ['--force'], ['--format', 'json']]) {
        const r = await run(['annotate', input, '-o', output, ...extra]);
        assert.deepEqual(r, { code: 2, out: '', err: `policy-lens: refusing to write ${output}: it is one of the input files (choose another output file)\n` }, `${input} -o ${output} ${extra.join(' ')}`);
      }
    }
  } finally {
    process.chdir(cwd);
  }
  assert.equal(readFileSync(draft, 'utf8'), DRAFT);
  assert.deepEqual(readdirSync(dir).sort(), ['draft.md', 'hard.md', 'link.md']);
});

test('--output onto an existing file needs --force; the file is replaced whole and no temporary file is left', async () => {
  const dir = tempDir();
  const draft = join(dir, 'draft.md');
  writeFileSync(draft, DRAFT);
  const out = join(dir, 'out.json');
  writeFileSync(out, 'old export\n');
  assert.deepEqual(await run(['annotate', draft, '--format', 'json', '-o', out]), { code: 2, out: '', err: `policy-lens: ${out} exists; pass --force to replace it\n` });
  assert.equal(readFileSync(out, 'utf8'), 'old export\n');
  const r = await run(['annotate', draft, '--format', 'json', '-o', out, '--force']);
  assert.deepEqual(r, { code: 0, out: '', err: `policy-lens: wrote ${out}\n` });
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).files[0].annotations[1].text, '数据要素');
  assert.deepEqual(readdirSync(dir).sort(), ['draft.md', 'out.json']);
});

test('--force onto a symlink replaces the link, never the file it points to', async () => {
  const dir = tempDir();
  const draft = join(dir, 'draft.md');
  writeFileSync(draft, DRAFT);
  const other = join(dir, 'notes.txt');
  writeFileSync(other, 'my notes\n');
  symlinkSync(other, join(dir, 'out.txt'));
  const r = await run(['annotate', draft, '-o', join(dir, 'out.txt'), '--force']);
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(other, 'utf8'), 'my notes\n');
  assert.match(readFileSync(join(dir, 'out.txt'), 'utf8'), /Summary by category/);
});

test('--output into a missing folder is one line and exit 2; "-o -" is standard output', async () => {
  const dir = tempDir();
  const draft = join(dir, 'draft.md');
  writeFileSync(draft, DRAFT);
  const out = join(dir, 'no', 'such', 'out.json');
  assert.deepEqual(await run(['annotate', draft, '-o', out]), { code: 2, out: '', err: `policy-lens: cannot write ${out}: the folder ${join(dir, 'no', 'such')} does not exist\n` });
  const r = await run(['annotate', draft, '-o', '-']);
  assert.equal(r.code, 0);
  assert.match(r.out, /合计 Total +2 occurrence\(s\) in 1 file\(s\)/);
});

test('annotate - reads standard input, named <stdin>', async () => {
  let out = '';
  let err = '';
  const stdin = Readable.from([Buffer.from('用好数据'), Buffer.from('要素。\n')]);
  const code = await main(['annotate', '-', '--format', 'json'], { out: (t) => (out += t), err: (t) => (err += t), stdin });
  assert.equal(code, 0, err);
  const file = JSON.parse(out).files[0];
  assert.equal(file.path, '<stdin>');
  assert.deepEqual(file.annotations.map((a: { start: number; text: string }) => [a.start, a.text]), [[2, '数据要素']]);
  assert.deepEqual(await run(['annotate', '-', '-']), { code: 2, out: '', err: 'policy-lens: "-" (standard input) can be named only once\n' });
});

test('a FIFO, a device and an over-long file are refused without reading them; every file failing prints no summary', async () => {
  const dir = tempDir();
  const fifo = join(dir, 'pipe.md');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const long = join(dir, 'long.md');
  writeFileSync(long, '新质生产力。\n');
  const r = await run(['annotate', fifo, '/dev/zero', long, '--max-file-size', '6']);
  assert.deepEqual(r, {
    code: 1,
    out: '',
    err: [
      `policy-lens: ${fifo}: is a named pipe (FIFO), not a regular file (use "-" to read standard input)`,
      'policy-lens: /dev/zero: is a device, not a regular file (use "-" to read standard input)',
      `policy-lens: ${long}: is larger than the limit of 6 characters (pass --max-file-size=N to raise it)`,
      '',
    ].join('\n'),
  });
  assert.equal((await run(['annotate', long, '--max-file-size=7'])).code, 0);
  // Past 4 bytes a character the reading stops: standard input that never ends is refused too.
  let err = '';
  const endless = Readable.from((function* () { for (;;) yield Buffer.alloc(65536, 0x61); })());
  const code = await main(['annotate', '-', '--max-file-size', '100000'], { out: () => undefined, err: (t) => (err += t), stdin: endless });
  assert.deepEqual([code, err], [1, 'policy-lens: <stdin>: is larger than the limit of 100,000 characters (pass --max-file-size=N to raise it)\n']);
});

test('a failed run writes no --output file', async () => {
  const dir = tempDir();
  const out = join(dir, 'out.json');
  const r = await run(['annotate', join(dir, 'missing.md'), '--format', 'json', '-o', out]);
  assert.equal(r.code, 1);
  assert.equal(existsSync(out), false);
});

test('lsp without a transport is a one-line usage message and exit 2', async () => {
  assert.deepEqual(await run(['lsp']), { code: 2, out: '', err: 'policy-lens: lsp needs a transport: policy-lens lsp --stdio | --node-ipc | --socket=PORT\n' });
  assert.deepEqual(await run(['lsp', '--stdoi']), { code: 2, out: '', err: 'policy-lens: lsp needs a transport: policy-lens lsp --stdio | --node-ipc | --socket=PORT\n' });
});

test('a .docx is read with mammoth: offsets refer to the extracted text, marked textSource "docx-extracted"', async () => {
  const dir = tempDir();
  const docx = join(dir, '报告.docx');
  writeFileSync(docx, makeDocx(['一、总体要求', '  加快发展新质生产力，培育数据要素市场。']));
  const { code, out, err } = await run(['annotate', docx, '--format', 'json']);
  assert.equal(code, 0, err);
  const file = JSON.parse(out).files[0];
  assert.deepEqual(Object.keys(file), ['path', 'textSource', 'annotations']);
  assert.equal(file.textSource, 'docx-extracted');
  const extracted = '一、总体要求\n\n加快发展新质生产力，培育数据要素市场。\n';
  assert.deepEqual(
    file.annotations.map((a: { start: number; end: number; text: string; range: unknown }) => [a.text, extracted.slice(a.start, a.end), a.range]),
    [
      ['新质生产力', '新质生产力', { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } }],
      ['数据要素', '数据要素', { start: { line: 2, character: 12 }, end: { line: 2, character: 16 } }],
    ],
  );
  const table = await run(['annotate', docx]);
  assert.equal(table.code, 0);
  assert.match(table.out, /报告\.docx:3:5 +新质生产力/);
  assert.equal(table.err, `policy-lens: ${docx}: lines and columns refer to the text extracted from the Word document\n`);
});

test('a corrupt .docx is one line, and the other files are still annotated', async () => {
  const dir = tempDir();
  const truncated = join(dir, 'truncated.docx');
  writeFileSync(truncated, makeDocx(['新质生产力']).subarray(0, 60));
  const text = join(dir, 'text.docx');
  writeFileSync(text, '新质生产力\n');
  const good = join(dir, 'good.md');
  writeFileSync(good, '数据要素\n');
  const r = await run(['annotate', truncated, text, good, '--format', 'json']);
  assert.equal(r.code, 1);
  assert.deepEqual(r.err.trim().split('\n'), [
    `policy-lens: ${truncated}: is not a readable Word document (Corrupted zip: can't find end of central directory)`,
    `policy-lens: ${text}: is not a Word document (a .docx is a zip file; this one is not)`,
  ]);
  assert.deepEqual(JSON.parse(r.out).files.map((f: { path: string }) => f.path), [good]);
});

test('bin: an unexpected error is one line with the POLICY_LENS_DEBUG hint; with it, the stack', () => {
  // The launcher, with a CLI bundle that throws: what a user sees when something unforeseen breaks.
  const script = `const p = require.resolve(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))});
require.cache[p] = { id: p, filename: p, loaded: true, exports: { main: async () => { throw new Error('boom\\nsecond line'); } } };
process.argv = [process.argv[0], 'policy-lens', 'annotate', 'x.md'];
require(${JSON.stringify(join(ROOT, 'bin', 'policy-lens.js'))});`;
  const plain = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, POLICY_LENS_DEBUG: '' } });
  assert.equal(plain.status, 2);
  assert.equal(plain.stderr, 'policy-lens: unexpected error: boom (run with POLICY_LENS_DEBUG=1 for the stack)\n');
  const debug = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, POLICY_LENS_DEBUG: '1' } });
  assert.equal(debug.status, 2);
  assert.match(debug.stderr, /^policy-lens: Error: boom\nsecond line\n +at /);
});

test('--output to a device or a named pipe (/dev/null, /dev/stdout) writes through it, with no --force and no temporary file', async () => {
  const dir = tempDir();
  const draft = join(dir, 'draft.md');
  writeFileSync(draft, DRAFT);
  assert.deepEqual(await run(['annotate', draft, '-o', '/dev/null']), { code: 0, out: '', err: 'policy-lens: wrote /dev/null\n' });
  assert.deepEqual(readdirSync('/dev').filter((f) => f.endsWith('.tmp')), []);
});

test('a .docx that unpacks to far more XML than its text limit allows (a zip bomb) is refused before mammoth inflates it', async () => {
  const dir = tempDir();
  const bomb = join(dir, 'bomb.docx');
  // 1 KB on disk, 200 KB of XML, and an archive that lies about it (declares 500 bytes).
  writeFileSync(bomb, makeDocx(['发展新质生产力。'], { deflate: true, padding: 200_000, declaredSize: 500 }));
  const honest = join(dir, 'honest.docx');
  writeFileSync(honest, makeDocx(['发展新质生产力。'], { deflate: true }));
  const r = await run(['annotate', bomb, honest, '--max-file-size', '10000', '--format', 'json']);
  assert.equal(r.code, 1);
  assert.equal(r.err, `policy-lens: ${bomb}: unpacks to more than 80,000 bytes of XML, too large for the limit of 10,000 characters (pass --max-file-size=N to raise it)\n`);
  assert.deepEqual(JSON.parse(r.out).files.map((f: { path: string; annotations: { text: string }[] }) => [f.path, f.annotations.map((a) => a.text)]), [[honest, ['新质生产力']]]);
});

test('bin: in lsp mode an unhandled rejection does not end the server (it logs it and goes on)', () => {
  // The launcher with a stand-in server that rejects a promise nobody awaits, then keeps running briefly.
  const script = `const p = require.resolve(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))});
require.cache[p] = { id: p, filename: p, loaded: true, exports: { main: async () => {
  process.on('unhandledRejection', () => process.stderr.write('logged\\n'));
  Promise.reject(new Error('one failed request'));
  await new Promise((r) => setTimeout(r, 200));
  process.stderr.write('still serving\\n');
  return 0;
} } };
process.argv = [process.argv[0], 'policy-lens', 'lsp', '--stdio'];
require(${JSON.stringify(join(ROOT, 'bin', 'policy-lens.js'))});`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.deepEqual([r.status, r.stderr], [0, 'logged\nstill serving\n']);
});
