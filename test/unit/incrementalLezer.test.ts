import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConceptDocument, updateCounts } from '../../server/src/core/document';
import { lezerInput, lezerParser } from '../../server/src/core/text/lezerProse';
import { engine } from './helpers';
import { summary } from '../support/editFuzz';
import { checkLezerIncremental, treeShape } from '../support/lezerEditFuzz';

/** The update of `before` into `after`, how update() read it, and a fresh annotation of `after`. */
function edited(before: string, after: string, hint?: { prefix: number; suffix: number }) {
  const start = { ...updateCounts };
  const doc = new ConceptDocument(before, engine).update(after, undefined, hint);
  const via = (Object.keys(updateCounts) as (keyof typeof updateCounts)[]).find((k) => updateCounts[k] !== start[k]);
  return { doc, via, fresh: new ConceptDocument(after, engine) };
}

test('a document lezer read is reparsed incrementally: the edited paragraph re-read, its occurrence found, the tree a fresh parse', () => {
  const before = '# 一、总体要求\n\n加快培育数据要市场。\n\n推进新质生产力发展。\n';
  const after = '# 一、总体要求\n\n加快培育数据要素市场。\n\n推进新质生产力发展。\n';
  const { doc, via, fresh } = edited(before, after, { prefix: 17, suffix: after.length - 18 });
  assert.equal(via, 'lezer');
  assert.deepEqual(doc.occurrences.map((o) => [o.start, o.end, o.concept.id]), [[14, 18, 'data-elements'], [25, 30, 'npf']]);
  assert.deepEqual(summary(doc), summary(fresh));
  const t = doc.lezerTree;
  assert.ok(t, 'the new version holds the reparsed tree');
  assert.equal(treeShape(t.tree), treeShape(lezerParser.parse(lezerInput(after, t.from))));
});

test('one tree per document: the next version takes the tree over, the old one lets it go', () => {
  const v1 = new ConceptDocument('数据要素\n\n新质生产力\n', engine);
  assert.ok(v1.lezerTree);
  const v2 = v1.update('数据要素。\n\n新质生产力\n');
  assert.ok(v2.lezerTree);
  assert.equal(v1.lezerTree, undefined);
  // An update of the old version still reads exactly (the remark window), just without the tree.
  const again = v1.update('数据要素！\n\n新质生产力\n');
  assert.deepEqual(summary(again), summary(new ConceptDocument('数据要素！\n\n新质生产力\n', engine)));
});

test('edits that bring in what lezer reads differently: remark re-reads the window, the tree is kept for later edits', () => {
  // A bare URL (an autolink literal in remark), a footnote reference, a pipeless table: each edit
  // equals a fresh annotation; a later plain edit far from it (past the checked window) is lezer's again.
  const filler = Array.from({ length: 40 }, (_, i) => `第${i}段，推进产业数字化转型，加快培育数据要素市场，建设一批示范平台和应用场景，形成一批可复制可推广的经验做法，完善跨部门联席会议制度。`).join('\n\n');
  const base = `加快数据要素流通。\n\n${filler}\n\n段落三\n`;
  for (const insert of ['www.gov.cn ', '[^1]', '\n:--\n']) {
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

test('the incremental lezer tree equals a fresh parse after every random edit, and reads as remark does (fixed seed)', () => {
  // The bench's incremental group runs the full count; npm test a fixed sample.
  const r = checkLezerIncremental(engine, 20261201, 16, 8);
  assert.equal(r.failure, undefined, r.failure && `replay: ${JSON.stringify(r.failure)}`);
  // The sample must exercise the lezer path, not only the remark window.
  assert.ok(r.counts.lezer >= 30 && r.trees >= 40, JSON.stringify(r));
});
