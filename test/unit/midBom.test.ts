/**
 * A U+FEFF at a line start in the middle of a text (files concatenated with their byte-order marks) is
 * an ordinary character: micromark drops one only at the start of what it parses, so every piece the
 * core parses on its own (a piece of a long text, the window an edit re-reads, a block re-read for its
 * sentences) must keep it, or its offsets shift by one. Shrunk from the hostile suite (seed 20261201).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConceptDocument } from '../../server/src/core/document';
import { extractProse } from '../../server/src/core/text/prose';
import { engine } from './helpers';
import { summary } from '../support/editFuzz';

test('an edit after a U+FEFF that starts a line after a blank line updates like a fresh annotation', () => {
  const cases: [string, string][] = [
    ['=\n\n\ufeff', '=\n\n\ufeff战'], // generated endings #63
    ['设\n\r\ufeff\nData elements and 😀𠀀全要素生产', '设\n\r\ufeff\n'], // endings #84
    ['`\n\n\ufeff', '`\n\n\ufeff\n\ufffe加快'], // controls #160
    ['=\n\n\ufeff', '=\n\n\ufeff 联系'], // controls #347
    ['>\n\n\ufeff\n<!--', '>\n\n\ufeff\n'], // controls #535
  ];
  for (const [before, after] of cases) {
    assert.deepEqual(summary(new ConceptDocument(before, engine).update(after)), summary(new ConceptDocument(after, engine)), JSON.stringify({ before, after }));
  }
  // What the user sees: the line holding just a U+FEFF is a paragraph of its own, in both versions.
  const updated = new ConceptDocument('设\n\r\ufeff\nData elements and 数据要素', engine).update('设\n\r\ufeff\n');
  assert.deepEqual(updated.blocks.map((b) => [b.type, b.start, b.end]), [['paragraph', 0, 1], ['paragraph', 3, 4]]);
  const typed = new ConceptDocument('前言\n\n\ufeff', engine).update('前言\n\n\ufeff数据要素');
  assert.deepEqual(typed.prose.map((p) => [p.start, p.end]), [[0, 2], [4, 9]]);
  assert.deepEqual(typed.occurrences.map((o) => [o.start, o.end, o.concept.id]), [[5, 9, new ConceptDocument('数据要素', engine).occurrences[0].concept.id]]);
});

test('a long text with a U+FEFF at the start of a piece parses as it does whole', () => {
  const text = '推进。\n\n\ufeff数据要素\n\n新质生产力\n';
  const pieces = extractProse(text, 0, 4);
  assert.deepEqual(pieces.blocks.map((b) => [b.start, b.end]), [[0, 3], [5, 10], [12, 17]]);
  assert.deepEqual(pieces, extractProse(text));
});

test('two U+FEFF at the document start: the first is the byte-order mark, the second is text', () => {
  const doc = new ConceptDocument('\ufeff\ufeff数据要素\n', engine);
  assert.deepEqual(doc.prose.map((p) => [p.start, p.end]), [[1, 6]]);
  assert.deepEqual(doc.occurrences.map((o) => [o.start, o.end]), [[2, 6]]);
});

test('the sentence of a paragraph that starts with a U+FEFF keeps its offsets and its full stop', () => {
  const doc = new ConceptDocument('推进。\n\n\ufeff数据要素推动发展。\n', engine);
  assert.deepEqual(doc.occurrences.map((o) => [o.start, o.end]), [[6, 10]]);
  assert.deepEqual(doc.sentenceAt(6), { start: 5, end: 15, text: '数据要素推动发展。' });
});
