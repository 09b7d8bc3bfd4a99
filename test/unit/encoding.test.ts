import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engine, tags } from './helpers';
import { ConceptDocument } from '../../server/src/core/document';
import { decodeDraft } from '../../server/src/core/text/decode';
import { LineIndex } from '../../server/src/core/lineIndex';
import { PARSE_CHUNK } from '../../server/src/core/text/prose';
import { main } from '../../server/src/cli/main';

const BOM8 = Buffer.from([0xef, 0xbb, 0xbf]);

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) (be[i] = le[i + 1]), (be[i + 1] = le[i]);
  return be;
}

test('UTF-8 with a byte-order mark: kept as U+FEFF when asked (the file as Node and Python read it), dropped by default (as editors show it)', () => {
  const bytes = Buffer.concat([BOM8, Buffer.from('# 发展新质生产力\n')]);
  assert.deepEqual(decodeDraft(bytes, { bom: 'keep' }), { text: '\ufeff# 发展新质生产力\n', encoding: 'utf-8', bom: true });
  assert.deepEqual(decodeDraft(bytes), { text: '# 发展新质生产力\n', encoding: 'utf-8', bom: true });
});

test('UTF-16 LE and BE files with a byte-order mark are decoded, not called binary', () => {
  const text = '# 标题\n\n发展新质生产力。\n';
  assert.deepEqual(decodeDraft(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), { text, encoding: 'utf-16le', bom: true });
  assert.deepEqual(decodeDraft(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])), { text, encoding: 'utf-16be', bom: true });
  assert.deepEqual(decodeDraft(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), { bom: 'keep' }), { text: '\ufeff' + text, encoding: 'utf-16le', bom: true });
  // Still refused: an odd byte count, an unpaired surrogate, a NUL character, UTF-8 with NUL bytes.
  assert.deepEqual(decodeDraft(Buffer.from([0xff, 0xfe, 0x41])), { problem: 'not-utf8' });
  assert.deepEqual(decodeDraft(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00])), { problem: 'not-utf8' });
  assert.deepEqual(decodeDraft(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x00, 0x00])), { problem: 'binary' });
  assert.deepEqual(decodeDraft(Buffer.from([0x41, 0x00, 0x42])), { problem: 'binary' });
});

test('a text starting with U+FEFF: offsets index the text with it, headings and front matter still recognised', () => {
  const text = '\ufeff# 发展新质生产力\n\n培育数据要素市场。\n';
  assert.deepEqual(tags(text), ['新质生产力@0:5-0:10=npf', '数据要素@2:2-2:6=data-elements']);
  const doc = new ConceptDocument(text, engine);
  assert.deepEqual(doc.headings.map((h) => [h.text, h.start, h.end]), [['发展新质生产力', 1, 10]]);
  assert.equal(text.slice(doc.occurrences[0].start, doc.occurrences[0].end), '新质生产力');
  assert.deepEqual(doc.sentenceAt(doc.occurrences[0].start), { start: 3, end: 10, text: '发展新质生产力' });
  const fm = '\ufeff---\ntitle: 数据要素\n---\n\n发展新质生产力\n';
  assert.deepEqual(tags(fm), ['新质生产力@4:2-4:7=npf']);
});

test('a long text starting with U+FEFF, parsed in pieces and edited, keeps its offsets', () => {
  const para = '发展数据要素，培育新质生产力。\n\n';
  const text = '\ufeff' + para.repeat(Math.ceil((3 * PARSE_CHUNK) / para.length));
  const doc = new ConceptDocument(text, engine);
  for (const o of doc.occurrences) assert.equal(text.slice(o.start, o.end), o.concept.id === 'npf' ? '新质生产力' : '数据要素');
  assert.equal(doc.occurrences[0].start, 3);
  const edited = '\ufeff数据要素' + text.slice(1);
  const updated = doc.update(edited);
  assert.deepEqual(updated.occurrences.map((o) => [o.start, o.end]), new ConceptDocument(edited, engine).occurrences.map((o) => [o.start, o.end]));
  assert.deepEqual(updated.occurrences.slice(0, 2).map((o) => [o.start, edited.slice(o.start, o.end)]), [[1, '数据要素'], [7, '数据要素']]);
});

test('CLI JSON on a UTF-8 file with a byte-order mark: start..end give the text in the file as Node reads it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-lens-bom-'));
  const file = join(dir, 'bom.md');
  writeFileSync(file, Buffer.concat([BOM8, Buffer.from('# 标题\n\n我们要发展新质生产力。\n')]));
  let out = '';
  const code = await main(['annotate', file, '--format', 'json'], { out: (t) => (out += t), err: () => undefined });
  assert.equal(code, 0);
  const [a] = JSON.parse(out).files[0].annotations;
  const asRead = readFileSync(file, 'utf8');
  assert.equal(a.text, '新质生产力');
  assert.equal(asRead.slice(a.start, a.end), '新质生产力');
  assert.deepEqual([a.start, a.end], [12, 17]);
});

test('CLI on a UTF-16 LE file: annotated, offsets into the decoded text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-lens-utf16-'));
  const file = join(dir, 'utf16.md');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('发展新质生产力。\n', 'utf16le')]));
  let out = '';
  let err = '';
  const code = await main(['annotate', file, '--format', 'json'], { out: (t) => (out += t), err: (t) => (err += t) });
  assert.equal(code, 0, err);
  const [a] = JSON.parse(out).files[0].annotations;
  assert.deepEqual([a.start, a.end, a.text], [3, 8, '新质生产力']);
});

test('lone CR line endings: lines, positions and tags as with LF', () => {
  const text = '# 标题\r\r发展新质生产力。\r培育数据要素市场。\r';
  const lines = new LineIndex(text);
  assert.equal(lines.lineCount, 5);
  assert.deepEqual(lines.positionAt(text.indexOf('数据')), { line: 3, character: 2 });
  assert.equal(lines.offsetAt({ line: 2, character: 99 }), text.indexOf('\r', 6));
  assert.deepEqual(tags(text), ['新质生产力@2:2-2:7=npf', '数据要素@3:2-3:6=data-elements']);
  const doc = new ConceptDocument(text, engine);
  assert.equal(doc.sentenceAt(text.indexOf('数据'))?.text, '培育数据要素市场。');
});
