/**
 * keepShapes (server/src/core/text/lezerProse.ts): after the first lezer parse, one object of each
 * kind the parse and the walk make stays alive, so V8 keeps the code compiled against their hidden
 * classes across a memory-reducing garbage collection. It never changes what is read. The speed it
 * buys is measured by the bench (`parse` group), not here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockContext, InlineContext } from '@lezer/markdown';
import { Tree } from '@lezer/common';
import { keepShapes, keptShapes, setKeepShapes } from '../../server/src/core/text/lezerProse';
import { extractProse } from '../../server/src/core/text/prose';

const TEXT = '# 发展新质生产力\n\n加快 *培育* 新动能，推进`数据要素`市场化配置。\n\n| 领域 | 举措 |\n| --- | --- |\n| 制造 | 专精特新 |\n';

const kinds = () => new Set(keptShapes().map((x) => (x as { constructor?: { name?: string } } | null)?.constructor?.name));

test('the first parse keeps one object of each kind the parse and the walk make', () => {
  setKeepShapes(false);
  assert.equal(keptShapes().length, 0);
  setKeepShapes(true);
  extractProse(TEXT);
  const kept = keptShapes();
  const has = (cls: abstract new (...a: never[]) => unknown) => kept.some((x) => x instanceof cls);
  for (const cls of [BlockContext, InlineContext, Tree]) assert.ok(has(cls), `keeps a ${cls.name}`);
  const names = kinds();
  // The tree's node classes (not exported by @lezer/common) and this project's walker.
  for (const name of ['TreeNode', 'BufferNode', 'Walker']) assert.ok(names.has(name), `keeps a ${name}: ${[...names].join(', ')}`);
  // Once: a second parse keeps the same objects.
  extractProse(TEXT + '\n再一段。\n');
  assert.deepEqual(keptShapes(), kept);
});

test('what is kept never changes what a text reads as', () => {
  setKeepShapes(false);
  const without = extractProse(TEXT);
  setKeepShapes(true);
  keepShapes();
  const withShapes = extractProse(TEXT);
  assert.ok(keptShapes().length >= 8);
  assert.deepEqual(withShapes, without);
});

test('turned off, nothing is kept and parsing reads the same', () => {
  setKeepShapes(false);
  const model = extractProse(TEXT);
  assert.equal(keptShapes().length, 0);
  assert.deepEqual(model.headings.map((h) => [h.depth, TEXT.slice(h.start, h.end)]), [[1, '# 发展新质生产力']]);
  setKeepShapes(true);
});
