import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConceptDocument, sentenceCounts } from '../../server/src/core/document';
import { sharedEngine } from '../../server/src/core/engine';
import { generateDraft } from '../../bench/corpus';
import { engine } from './helpers';
import { checkSentences, sentenceDifference } from '../support/editFuzz';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? markdownFiles(p) : n.endsWith('.md') ? [p] : [];
  });
}

const ROOT = join(__dirname, '..', '..');

test('sentences from the prose ranges equal a re-parse of each block, on random edited documents (fixed seed)', () => {
  // The bench runs more documents; npm test a small fixed sample.
  const failure = checkSentences(engine, 20261201, 20);
  assert.equal(failure, undefined, failure && `replay: ${JSON.stringify(failure)}`);
});

test('sentences from the prose ranges equal a re-parse of each block on the fixtures, the real documents and a generated draft', () => {
  const shipped = sharedEngine();
  const files = [...markdownFiles(join(ROOT, 'test', 'fixtures')), ...markdownFiles(join(ROOT, 'examples'))];
  assert.ok(files.some((f) => f.includes(`${join('fixtures', 'real')}`)), 'the real documents are read');
  // Every 12th block in npm test; the bench compares every block.
  for (const f of files) {
    const d = sentenceDifference(new ConceptDocument(readFileSync(f, 'utf8'), shipped), 12);
    assert.equal(d, undefined, `${f}: ${JSON.stringify(d)}`);
  }
  const d = sentenceDifference(new ConceptDocument(generateDraft(7, 60_000, { frontMatter: true }), shipped), 12);
  assert.equal(d, undefined, JSON.stringify(d));
});

test('no block is parsed a second time for its sentences: inline code, links and lists are read from the prose ranges', () => {
  const shipped = sharedEngine();
  const texts = [
    generateDraft(3, 20_000),
    ...markdownFiles(join(ROOT, 'test', 'fixtures', 'real')).map((f) => readFileSync(f, 'utf8')),
  ];
  const before = { ...sentenceCounts };
  for (const t of texts) {
    const doc = new ConceptDocument(t, shipped);
    for (const o of doc.occurrences) doc.sentenceAt(o.start);
  }
  assert.equal(sentenceCounts.reparse - before.reparse, 0);
  assert.ok(sentenceCounts.prose - before.prose > 100, `${sentenceCounts.prose - before.prose} blocks read`);
});

test('sentences around inline code, links, list items and quotes, with exact offsets', () => {
  const text = '`配置`开头，数据要素。见[通知](https://x.cn "题")与新质生产力！\n\n- 一是数据要素；\n  续行。\n- 二是新质生产力\n\n> 引文：数据要素。\n';
  const doc = new ConceptDocument(text, engine);
  const at = (s: string) => {
    const x = doc.sentenceAt(text.indexOf(s));
    return x && [x.start, x.end, x.text];
  };
  assert.deepEqual(at('数据要素。见'), [0, 12, '`配置`开头，数据要素。']);
  assert.deepEqual(at('新质生产力！'), [12, 42, '见[通知](https://x.cn "题")与新质生产力！']);
  assert.deepEqual(at('数据要素；'), [46, 53, '一是数据要素；']);
  assert.deepEqual(at('新质生产力\n'), [62, 69, '二是新质生产力']);
  assert.deepEqual(at('引文'), [73, 81, '引文：数据要素。']);
  for (let i = 0; i < doc.blocks.length; i++) assert.deepEqual(doc.sentencesOfBlock(i), doc.sentencesOfBlock(i, 'reparse'));
});

test('a block with what the prose ranges cannot tell (an image, HTML, a hard break) is re-parsed, with the same sentences', () => {
  const text = '数据要素![图](a.png)新质生产力。\n\n<b>数据</b>要素。\n\n数据要素  \n硬换行。\n';
  const doc = new ConceptDocument(text, engine);
  const before = sentenceCounts.reparse;
  for (let i = 0; i < doc.blocks.length; i++) assert.deepEqual(doc.sentencesOfBlock(i), doc.sentencesOfBlock(i, 'reparse'));
  assert.equal(sentenceCounts.reparse - before, 6);
  assert.equal(doc.sentenceAt(text.indexOf('硬换行'))?.text, '数据要素硬换行。');
});
