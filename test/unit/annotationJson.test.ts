import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engine } from './helpers';
import { ConceptDocument } from '../../server/src/core/document';
import { SENTENCE_WINDOW, toAnnotationJson } from '../../server/src/core/annotationJson';

test('a short sentence is quoted whole, with its offsets', () => {
  const text = '# 标题\n\n加快培育数据要素市场。发展新质生产力。\n';
  const [a, b] = toAnnotationJson('x.md', new ConceptDocument(text, engine)).annotations;
  assert.deepEqual([a.sentence, a.sentenceStart, a.sentenceEnd], ['加快培育数据要素市场。', 6, 17]);
  assert.equal(text.slice(b.sentenceStart, b.sentenceEnd), '发展新质生产力。');
});

test(`a sentence longer than ${SENTENCE_WINDOW} code units is cut to a window around the term, marked with …`, () => {
  const filler = '推动高质量发展'.repeat(100); // 700 characters, no sentence end
  const text = `${filler}，数据要素，${filler}。\n`;
  const [a] = toAnnotationJson('x.md', new ConceptDocument(text, engine)).annotations;
  assert.equal(a.text, '数据要素');
  assert.equal(a.sentenceStart, 0);
  assert.equal(a.sentenceEnd, text.length - 1);
  assert.ok(a.sentence.startsWith('…') && a.sentence.endsWith('…'), a.sentence);
  assert.equal(a.sentence.length, SENTENCE_WINDOW + 2);
  const at = a.sentence.indexOf('数据要素');
  assert.ok(Math.abs(at - (a.sentence.length - at - 4)) <= 2, 'the term sits in the middle');
});

test('the export of a 60,000-character paragraph without 。 is linear: a few hundred bytes per annotation, not 142 MB', () => {
  const unit = '发展新质生产力，推动数据要素配置，';
  const text = unit.repeat(Math.ceil(60_000 / unit.length)) + '\n';
  const file = toAnnotationJson('x.md', new ConceptDocument(text, engine));
  const json = JSON.stringify(file);
  const n = file.annotations.length;
  assert.ok(n > 7000, `${n} annotations`);
  assert.ok(json.length < n * 600, `${json.length} characters of JSON for ${n} annotations`);
});

test('a window never cuts a surrogate pair', () => {
  const text = '😀'.repeat(150) + '数据要素' + '😀'.repeat(150) + '\n';
  const [a] = toAnnotationJson('x.md', new ConceptDocument(text, engine)).annotations;
  assert.doesNotMatch(a.sentence, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  assert.ok(a.sentence.includes('数据要素'));
});
