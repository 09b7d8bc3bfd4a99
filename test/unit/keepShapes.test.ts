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
import { keepDocumentShapes, keptDocumentShapes } from '../../server/src/core/document';
import { createEngine } from '../../server/src/core/engine';
import { DocumentStore } from '../../server/src/lsp/services/documentStore';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { TextDocument } from 'vscode-languageserver-textdocument';

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
  // The tree's node classes (not exported by @lezer/common), the leaf parsers' objects (reached through
  // lezer's internal leafBlockParsers; the lock pins the version, and an upgrade may rename them) and
  // this project's walker.
  for (const name of ['TreeNode', 'BufferNode', 'Walker', 'TreeCursor', 'LeafBlock', 'LinkReferenceParser', 'TableParser']) assert.ok(names.has(name), `keeps a ${name}: ${[...names].join(', ')}`);
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

test('the document layer keeps, per engine, a small annotated document and the builder of its outline', () => {
  setKeepShapes(true);
  const engine = createEngine();
  const doc = engine.annotate(TEXT);
  // Annotating alone keeps nothing (a one-shot CLI run has no use for it); the server's store asks.
  assert.equal(keptDocumentShapes(engine).length, 0);
  keepDocumentShapes(engine);
  const names = new Set(keptDocumentShapes(engine).map((x) => (x as { constructor?: { name?: string } } | null)?.constructor?.name));
  for (const name of ['ConceptDocument', 'OutlineBuilder', 'Array']) assert.ok(names.has(name), `keeps a ${name}: ${[...names].join(', ')}`);
  // The kept document is its own: the one asked for reads as it always did.
  const kept = keptDocumentShapes(engine).find((x) => x instanceof doc.constructor) as typeof doc;
  assert.notEqual(kept, doc);
  assert.deepEqual(kept.outline.map((h) => h.text), ['标题', '一、总体要求', '（一）基本原则', '1.培育专精特新企业', '第一条 为了培育数据要素市场，制定本办法', '小结']);
  assert.ok(kept.occurrences.length >= 3);
  // Once: a second document keeps nothing more.
  const before = keptDocumentShapes(engine);
  keepDocumentShapes(engine);
  assert.equal(keptDocumentShapes(engine), before);
});

test('with keeping turned off, the document layer keeps nothing and documents read the same', () => {
  const engine = createEngine();
  setKeepShapes(true);
  const kept = engine.annotate(TEXT);
  keepDocumentShapes(engine);
  assert.ok(keptDocumentShapes(engine).length > 0);
  setKeepShapes(false);
  assert.equal(keptDocumentShapes(engine).length, 0);
  const unkept = engine.annotate(TEXT);
  keepDocumentShapes(engine);
  assert.equal(keptDocumentShapes(engine).length, 0);
  setKeepShapes(true);
  assert.deepEqual(unkept.occurrences, kept.occurrences);
  assert.deepEqual(unkept.outline, kept.outline);
});

test("the server's document store keeps the document layer's shapes for the engine it annotates with", async () => {
  setKeepShapes(true);
  const engine = createEngine();
  const store = new DocumentStore({ engines: { engineFor: () => engine }, settings: async () => DEFAULT_SETTINGS, notify: () => undefined });
  const uri = 'file:///keep/draft.md';
  // An open document, as TextDocuments holds one after didOpen (its map is not public).
  (store.documents as unknown as { _syncedDocuments: Map<string, TextDocument> })._syncedDocuments.set(uri, TextDocument.create(uri, 'markdown', 1, TEXT));
  assert.equal(keptDocumentShapes(engine).length, 0);
  const doc = await store.conceptDocument(uri);
  assert.equal(doc?.text, TEXT);
  assert.ok(keptDocumentShapes(engine).some((x) => x instanceof doc!.constructor));
});
