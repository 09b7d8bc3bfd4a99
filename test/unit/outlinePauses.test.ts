/**
 * The outline and the heading tree built with pauses (detectOutlineAsync in server/src/core/text/gongwen.ts,
 * the big-document path of server/src/lsp/features/documentSymbols.ts) give exactly what the plain
 * construction gives, on the fixtures and on a generated big draft; a cancelled request stops.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver';
import { sharedEngine } from '../../server/src/core/engine';
import type { ConceptDocument } from '../../server/src/core/document';
import { detectOutline, detectOutlineAsync } from '../../server/src/core/text/gongwen';
import { BIG_DOCUMENT, headingTree, headingTreeAsync, provideDocumentSymbols } from '../../server/src/lsp/features/documentSymbols';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { visibleOccurrences, type FeatureContext } from '../../server/src/lsp/context';
import { REAL_DIR } from '../support/realCorpus';
import { GONGWEN_PARTS, randomDocument, rng } from '../support/editFuzz';

const engine = sharedEngine();
const FIXTURES = join(__dirname, '..', 'fixtures');

function fixtureTexts(): [string, string][] {
  const out: [string, string][] = [];
  for (const dir of [REAL_DIR, join(FIXTURES, 'drafts')]) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) out.push([f, readFileSync(join(dir, f), 'utf8')]);
  }
  return out;
}

const BLOCKS = ['# 总体要求\n', '## 数据要素市场\n', '### 新质生产力\n', '加快培育数据要素市场，发展新质生产力。\n', '推进颠覆性技术创新和产业数字化。\n', '- 1. 列表项\n', ...GONGWEN_PARTS];

/** A draft over BIG_DOCUMENT characters: the real documents and random 公文 outline blocks, in turn. */
function bigDraft(): string {
  const next = rng(20261201);
  const real = fixtureTexts().map(([, t]) => t);
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < BIG_DOCUMENT * 1.5; i++) {
    const part = i % 3 === 0 ? real[i % real.length] : randomDocument(next, BLOCKS);
    parts.push(part, '\n');
    length += part.length + 1;
  }
  return parts.join('');
}

let pauses = 0;
const pause = async () => {
  pauses++;
  await new Promise<void>((r) => setImmediate(r));
};

test('detectOutlineAsync gives the same outline as detectOutline on every fixture and on a big draft, pausing on the big one', async () => {
  for (const [name, text] of fixtureTexts()) {
    const doc = engine.annotate(text);
    assert.deepEqual(await detectOutlineAsync(doc, pause, 0), detectOutline(doc), name);
  }
  const doc = engine.annotate(bigDraft());
  pauses = 0;
  const paused = await detectOutlineAsync(doc, pause, 0);
  assert.ok(pauses > 10, `paused ${pauses} times`);
  assert.ok(paused.length > 1000, `${paused.length} headings`);
  assert.deepEqual(paused, detectOutline(doc));
});

test('the heading tree built with pauses equals the plain one on the fixtures and on a big draft', async () => {
  for (const [name, text] of [...fixtureTexts(), ['big draft', bigDraft()]]) {
    const doc = engine.annotate(text);
    const visible = visibleOccurrences(doc, DEFAULT_SETTINGS);
    pauses = 0;
    const paused = await headingTreeAsync(engine, doc, visible, doc.outline, pause, 0);
    assert.deepEqual(paused, headingTree(engine, doc, visible), name);
    if (name === 'big draft') assert.ok(pauses > 10, `paused ${pauses} times`);
  }
});

function ctxFor(doc: ConceptDocument): FeatureContext {
  return { engine, document: async () => doc, settings: async () => DEFAULT_SETTINGS } as unknown as FeatureContext;
}
const params = { textDocument: { uri: 'file:///t/big.md' } };

test('a big draft: the server answer (outline and tree with pauses) is the plain heading tree of a fresh parse', async () => {
  const text = bigDraft();
  assert.ok(text.length >= BIG_DOCUMENT);
  const answer = (await provideDocumentSymbols(ctxFor(engine.annotate(text)), params)) as DocumentSymbol[];
  const plain = engine.annotate(text);
  assert.deepEqual(answer, headingTree(engine, plain, visibleOccurrences(plain, DEFAULT_SETTINGS)));
});

test('a big draft: a request cancelled while the outline is built gets null, and the next one the whole tree', async () => {
  const doc = engine.annotate(bigDraft());
  const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
  const pending = provideDocumentSymbols(ctxFor(doc), params, token);
  await new Promise<void>((r) => setImmediate(r));
  token.isCancellationRequested = true;
  assert.equal(await pending, null);
  const plain = engine.annotate(doc.text);
  assert.deepEqual(await provideDocumentSymbols(ctxFor(doc), params), headingTree(engine, plain, visibleOccurrences(plain, DEFAULT_SETTINGS)));
});
