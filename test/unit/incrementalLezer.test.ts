import { test } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ConceptDocument, editTuning, updateCounts } from '../../server/src/core/document';
import { generateDraft } from '../../bench/corpus';
import { LEZER_CHUNK, extractProse, lineStartOf, safeRestart } from '../../server/src/core/text/prose';
import { engine } from './helpers';
import { summary } from '../support/editFuzz';
import { checkLezerIncremental, checkLezerPieces, lezerPiecesDiffer, treeShape } from '../support/lezerEditFuzz';
import { lezerInput, lezerParser } from '../../server/src/core/text/lezerProse';

const ROOT = join(__dirname, '..', '..');

/** The update of `before` into `after`, how update() read it, and a fresh annotation of `after`. */
function edited(before: string, after: string, hint?: { prefix: number; suffix: number }) {
  const start = { ...updateCounts };
  const doc = new ConceptDocument(before, engine).update(after, undefined, hint);
  const via = (Object.keys(updateCounts) as (keyof typeof updateCounts)[]).find((k) => updateCounts[k] !== start[k]);
  return { doc, via, fresh: new ConceptDocument(after, engine) };
}

test('a document lezer read has its edited paragraph re-read by lezer, the new occurrence found', () => {
  const before = '# 一、总体要求\n\n加快培育数据要市场。\n\n推进新质生产力发展。\n';
  const after = '# 一、总体要求\n\n加快培育数据要素市场。\n\n推进新质生产力发展。\n';
  const { doc, via, fresh } = edited(before, after, { prefix: 17, suffix: after.length - 18 });
  assert.equal(via, 'lezer');
  assert.deepEqual(doc.occurrences.map((o) => [o.start, o.end, o.concept.id]), [[14, 18, 'data-elements'], [25, 30, 'npf']]);
  assert.deepEqual(summary(doc), summary(fresh));
});

test('an older version updates as the newest does: by lezer, exactly (no state goes over from one version to the next)', () => {
  const v1 = new ConceptDocument('数据要素\n\n新质生产力\n', engine);
  const start = updateCounts.lezer;
  const v2 = v1.update('数据要素。\n\n新质生产力\n');
  const again = v1.update('数据要素！\n\n新质生产力\n');
  assert.equal(updateCounts.lezer, start + 2);
  assert.deepEqual(summary(v2), summary(new ConceptDocument('数据要素。\n\n新质生产力\n', engine)));
  assert.deepEqual(summary(again), summary(new ConceptDocument('数据要素！\n\n新质生产力\n', engine)));
});

test('edits that bring in what lezer reads differently: remark re-reads the window, and lezer later edits far from it', () => {
  // A control character, a run of four emphasis marks, a pipeless table: each edit equals a fresh
  // annotation; a later plain edit far from it (past the checked window) is lezer's again. (A bare URL
  // and a footnote reference without definition are lezer's own since its autolink extension: below.)
  const filler = Array.from({ length: 40 }, (_, i) => `第${i}段，推进产业数字化转型，加快培育数据要素市场，建设一批示范平台和应用场景，形成一批可复制可推广的经验做法，完善跨部门联席会议制度。`).join('\n\n');
  const base = `加快数据要素流通。\n\n${filler}\n\n段落三\n`;
  for (const insert of ['\u0001', '****', '\n:--\n']) {
    const after = base.slice(0, 4) + insert + base.slice(4);
    const { doc, via, fresh } = edited(base, after, { prefix: 4, suffix: base.length - 4 });
    assert.equal(via, 'window', JSON.stringify(insert));
    assert.deepEqual(summary(doc), summary(fresh), JSON.stringify(insert));
    const later = after.replace('段落三', '段落三数据要素');
    const start = updateCounts.lezer;
    const next = doc.update(later);
    assert.equal(updateCounts.lezer, start + 1, `a plain edit after ${JSON.stringify(insert)} is lezer's`);
    assert.deepEqual(summary(next), summary(new ConceptDocument(later, engine)));
    // …and one near it is remark's again, equal to a fresh annotation.
    const near = after.replace('加快', '加快推进');
    assert.deepEqual(summary(doc.update(near)), summary(new ConceptDocument(near, engine)));
  }
  for (const insert of ['www.gov.cn ', '[^1]']) {
    const after = base.slice(0, 4) + insert + base.slice(4);
    const { doc, via, fresh } = edited(base, after, { prefix: 4, suffix: base.length - 4 });
    assert.equal(via, 'lezer', JSON.stringify(insert));
    assert.deepEqual(summary(doc), summary(fresh), JSON.stringify(insert));
  }
});

test('a document that starts with a byte-order mark: an edit of its first block is read past the mark, as a fresh parse reads it', () => {
  // The hostile suite's mixed line endings found it: the first piece started at 0, before the mark.
  for (const [before, after] of [
    ['\ufeff数据要素。\n\n新质生产力\n', '\ufeff数据要素！\n\n新质生产力\n'],
    ['\ufeff# 标题\n\n数据要素\n', '\ufeff# 标题一\n\n数据要素\n'],
  ]) {
    const { doc, via, fresh } = edited(before, after);
    assert.equal(via, 'lezer');
    assert.deepEqual(summary(doc), summary(fresh), JSON.stringify(after));
  }
  const { doc } = edited('\ufeff# 标题\n\n数据要素\n', '\ufeff# 标题一\n\n数据要素\n');
  assert.deepEqual(doc.headings.map((h) => [h.start, h.end, h.text]), [[1, 6, '标题一']]);
});

test('a byte-order mark typed (or left) at the start of a document lezer read without one: read past the mark, as a fresh parse reads it', () => {
  // lezer's text of the old version started at 0; a piece parsed from 0 read the mark as text of a paragraph.
  for (const [before, after, hint] of [
    ['# 标题\n', '\ufeff# 标题\n', undefined],
    ['# 标题\n\n数据要素\n', '\ufeff# 标题\n\n数据要素\n', { prefix: 0, suffix: 12 }],
    ['x\ufeff# 标题\n', '\ufeff# 标题\n', undefined],
  ] as const) {
    const { doc, fresh } = edited(before, after, hint);
    assert.deepEqual(doc.headings.map((h) => [h.start, h.end, h.text]), [[1, 5, '标题']], JSON.stringify(after));
    assert.deepEqual(doc.blocks.map((b) => [b.start, b.end, b.type]), fresh.blocks.map((b) => [b.start, b.end, b.type]));
    assert.deepEqual(summary(doc), summary(fresh), JSON.stringify(after));
  }
});

test('CRLF documents are reparsed by lezer too, and an LF typed after a CR changes the character before the edit', () => {
  const before = '数据要素\r\n\r\n> 引述：新质生产力\r\n> 是动力。\r\n\r\n- 一\r\n- 二\r\n\r\n段落\r\n';
  const after = before.replace('段落', '段落数据要素');
  const { doc, via, fresh } = edited(before, after);
  assert.equal(via, 'lezer');
  assert.deepEqual(summary(doc), summary(fresh));
  // Deleting the LF of the last CRLF leaves a lone CR: remark reads that text.
  const lone = before.slice(0, before.length - 1);
  const r = edited(before, lone);
  assert.deepEqual(summary(r.doc), summary(r.fresh));
});

test('after every random edit the document equals a fresh annotation, a reparsed tree a fresh parse, and it reads as remark does (fixed seed)', () => {
  // The bench's incremental group runs the full count; npm test a fixed sample.
  const r = checkLezerIncremental(engine, 20261201, 16, 8);
  assert.equal(r.failure, undefined, r.failure && `replay: ${JSON.stringify(r.failure)}`);
  // The sample must exercise the lezer path both ways (pieces, and reparses from the fragments), not only the remark window.
  assert.ok(r.counts.lezer >= 30 && r.counts.reparsed >= 15, JSON.stringify(r));
});

test('lezer in pieces reads as the whole text: random documents cut at almost every line (fixed seed)', () => {
  const r = checkLezerPieces(20261201, 150);
  assert.equal(r.failure, undefined, r.failure && `replay: ${JSON.stringify(r.failure)}`);
  assert.ok(r.read >= 50, `${r.read} of the random documents read by lezer`);
});

test('lezer in pieces reads as the whole text: the fixtures and a generated 300 KB draft', () => {
  const texts: [string, string][] = [
    ['examples/policy-draft.md', readFileSync(join(ROOT, 'examples/policy-draft.md'), 'utf8')],
    ...readdirSync(join(ROOT, 'test/fixtures/drafts'))
      .filter((f) => f.endsWith('.md'))
      .map((f): [string, string] => [f, readFileSync(join(ROOT, 'test/fixtures/drafts', f), 'utf8')]),
    ['generated 300 KB', generateDraft(7, 300_000)],
  ];
  let read = 0;
  for (const [name, text] of texts) {
    for (const chunk of [64, 512, LEZER_CHUNK]) {
      const r = lezerPiecesDiffer(text, chunk);
      assert.equal(r.what, undefined, `${name}, pieces of ${chunk}: ${r.what}`);
      if (r.lezer && chunk === 64) read++;
    }
  }
  assert.ok(read >= texts.length - 3, `${read} of ${texts.length} texts read by lezer`);
});

test('an edit inside one long block (a loose list of 2,000 items) is reparsed from the fragments, after edits read in pieces', () => {
  const list = Array.from({ length: 2000 }, (_, i) => `- 项${i} 数据要素`).join('\n\n');
  const base = `# 标题\n\n段落一\n\n${list}\n\n段落二：新质生产力\n`;
  assert.ok(base.length > 4 * editTuning.largeBlock);
  const start = { ...updateCounts };
  // Two edits in short blocks (pieces; the change only recorded in the fragments), then two in the list.
  let text = base.replace('段落一', '段落一数据要素');
  let doc = new ConceptDocument(base, engine).update(text);
  const next = (after: string) => {
    doc = doc.update(after);
    text = after;
    assert.deepEqual(summary(doc), summary(new ConceptDocument(after, engine)));
  };
  next(text.replace('段落二', '段落二，'));
  assert.equal(updateCounts.reparsed, start.reparsed, 'short blocks are read in pieces');
  next(text.replace('- 项1000 数据要素', '- 项1000 数据要素，新质生产力'));
  next(text.replace('- 项1500 数据要素', '- 项1500 数'));
  assert.equal(updateCounts.reparsed, start.reparsed + 2, 'edits in the long list are reparsed from the fragments');
  assert.equal(updateCounts.lezer, start.lezer + 4);
  const t = doc.lezerTree;
  assert.ok(t, 'a reparse leaves a fresh tree');
  assert.equal(treeShape(t.tree), treeShape(lezerParser.parse(lezerInput(text, t.from))));
});

test('an edit whose window runs over many pieces: a fence opened above 200 paragraphs, then closed again', () => {
  const filler = Array.from({ length: 200 }, (_, i) => `第${i}段，推进产业数字化转型，加快培育数据要素市场，建设一批示范平台和应用场景，形成一批可复制可推广的经验做法。`).join('\n\n');
  const base = `# 标题\n\n加快数据要素流通。\n\n${filler}\n\n新质生产力\n`;
  assert.ok(base.length > 2 * LEZER_CHUNK);
  const at = base.indexOf('加快');
  const opened = base.slice(0, at) + '```\n' + base.slice(at);
  const start = updateCounts.lezer;
  const v2 = new ConceptDocument(base, engine).update(opened);
  assert.deepEqual(summary(v2), summary(new ConceptDocument(opened, engine)));
  assert.equal(v2.occurrences.length, 0, 'everything after an unclosed fence is code');
  const closed = opened.replace('新质生产力\n', '```\n\n新质生产力\n');
  const v3 = v2.update(closed);
  assert.deepEqual(summary(v3), summary(new ConceptDocument(closed, engine)));
  assert.deepEqual(v3.occurrences.map((o) => o.concept.id), ['npf']);
  // A list marker typed where the fence was: one item, and the window stops at the next paragraph.
  const listed = base.slice(0, at) + '- ' + base.slice(at);
  assert.deepEqual(summary(v3.update(listed)), summary(new ConceptDocument(listed, engine)));
  assert.equal(updateCounts.lezer, start + 3);
});

// Found in review: the remark window reused the old code block 4-14 shifted (3-13), but after an empty
// item micromark ends the code at 8. A restart after a list ending in an empty item is not safe.
test('an edit that leaves an empty list item before indented code with a white-space line after it: equals a fresh annotation', () => {
  const { doc, fresh } = edited('<*\n\n    缩\n    ', '*\n\n    缩\n    ');
  assert.deepEqual(fresh.blocks.map((b) => [b.start, b.end, b.type]), [[0, 1, 'list'], [3, 8, 'code']]);
  assert.deepEqual(doc.blocks.map((b) => [b.start, b.end, b.type]), [[0, 1, 'list'], [3, 8, 'code']]);
});

test('HTML typed into a block quote line before a line blank after its `>`: the edit is read as remark reads it', () => {
  const before = '段落\n\n> 引\n>\n> 续 新质生产力\n';
  const after = '段落\n\n> <div>引\n>\n> 续 新质生产力\n';
  const { doc, fresh } = edited(before, after);
  assert.deepEqual(doc.prose.map((p) => [p.start, p.end]), [[0, 2], [17, 24]]);
  assert.deepEqual(doc.occurrences.map((o) => [o.start, o.end, o.concept.id]), [[19, 24, 'npf']]);
  assert.deepEqual(summary(doc), summary(fresh));
});

// Found in review: the remark window read the `-` after `    进` as a paragraph (10-11), a fresh read as a list.
test('an edit that leaves an empty list item right after indented code: equals a fresh annotation', () => {
  const { doc, fresh } = edited('1.\n\n    进\n\n-', '1.\n\n    进\n-');
  assert.deepEqual(fresh.blocks.map((b) => [b.start, b.end, b.type]), [[0, 2, 'list'], [4, 9, 'code'], [10, 11, 'list']]);
  assert.deepEqual(summary(doc), summary(fresh));
});

test('every safe restart is one: from it, random texts of list markers, empty items, code and paragraphs read as they do whole (fixed seed)', () => {
  // The window, the pieces of a long text and lezer's pieces all restart where `safeRestart` says the
  // rest parses on its own; this checks that claim against micromark on the constructs where it failed
  // (a list ending in an empty item, before indented code and a lone marker; indented code after a list
  // whose item's content starts past column 4, which micromark reads as a lazy line of that item).
  const lines = ['-', '- ', '*', '1.', '2)', '+', '- a', '  -', '- -', '> -', '1. -', '  a', '段', '  段', '    进', '\t进', '    ', '', '```', '~~~', '> 引', '-\t', '* * *', '---', ' *   代码', ' -  甲', '1.  乙', '> - a', '   b',
    // Added by the second reader: nested items, content at column 5 and past, tabs, fences in items,
    // HTML, tables, setext underlines, quote lines, lone CRs (240,000 documents of these and more locally: no failure).
    '  - b', '    - c', '\t- f', ' \tg', '-\tx', '-    a', '-     a', '1)     a', '10. a', '- ```', '  ```', '    ```', '<div>', '<!-- c', '-->', '<span>', '| a | b |', '|---|---|', '===', '  ===', '>', '> 1. a', '> ```', '  > q'];
  const remark = (t: string) => extractProse(t, 0, Infinity, { parser: 'remark' });
  const shape = (m: ReturnType<typeof remark>, from: number, shift: number) =>
    JSON.stringify([m.blocks.filter((b) => b.start >= from).map((b) => [b.type, b.start + shift, b.end + shift]), m.prose.filter((p) => p.start >= from).map((p) => [p.start + shift, p.end + shift])]);
  let seed = 20261202;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x80000000);
  let restarts = 0;
  for (let n = 0; n < 3000; n++) {
    const k = 3 + Math.floor(next() * 7);
    const text = Array.from({ length: k }, () => (next() < 0.3 ? '' : lines[Math.floor(next() * lines.length)])).join((r => (r < 0.15 ? '\r\n' : r < 0.2 ? '\r' : '\n'))(next()));
    const whole = remark(text);
    for (let j = 1; j < whole.blocks.length; j++) {
      const line = lineStartOf(text, whole.blocks[j].start);
      if (!safeRestart(text, line, whole.blocks[j - 1].start, whole.blocks[j - 1].type)) continue;
      // A slice opening with `---` would read as front matter, which only a document's start can hold (the readers never start one there).
      if (text.startsWith('---', line)) continue;
      restarts++;
      assert.equal(shape(remark(text.slice(line)), 0, line), shape(whole, line, 0), `${JSON.stringify(text)} from ${line}`);
    }
  }
  assert.ok(restarts > 600, `only ${restarts} restarts checked`);
});

test('remark in pieces: indented code after a list whose item starts past column 4 reads as in one piece (found by the second reader)', () => {
  // micromark reads `    缩进` as a lazy line of the open item ` *   代码` and ends the code after it:
  // two code blocks; a piece restarted at the code line read one (9-23).
  for (const text of [' *   代码\n\n    缩进\n\n    代码\n', ' *   代码\r\n\r\n    缩进\r\n\r\n    代码\r\n', '1.   甲\n\n\t缩进\n\n\t代码\n']) {
    const whole = extractProse(text, 0, Infinity, { parser: 'remark' });
    assert.deepEqual(extractProse(text, 0, 4, { parser: 'remark' }), whole, JSON.stringify(text));
  }
});
