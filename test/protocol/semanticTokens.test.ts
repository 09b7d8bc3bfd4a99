/**
 * Semantic tokens: the legend, and full / delta / range answers decoded from the 5-integer relative
 * encoding into (line, character, length, type, modifiers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver-protocol';
import { applyTokenEdits, decodeTokens, tokenStrings, withServer, type TestClient } from './client';

const TEXT = [
  '# 数据要素', // 0: 0:2+4 factor
  '',
  '推动颠覆性技术创新与新质生产力，', // 2: 2:2+7 technology (variant), 2:10+5 foundation
  '发展专精特新。', // 3: 3:2+4 industry
  '',
].join('\n');

const EXPECTED = ['0:2+4 policyFactor', '2:2+7 policyTechnology.variant', '2:10+5 policyFoundation', '3:2+4 policyIndustry'];

const full = (c: TestClient, uri: string) => c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });

test('semantic tokens legend: one token type per category of the paper, one modifier for variants', () =>
  withServer({ files: {} }, async (c) => {
    assert.deepEqual(c.legend, { tokenTypes: ['policyFoundation', 'policyTechnology', 'policyFactor', 'policyIndustry'], tokenModifiers: ['variant'] });
    const provider = c.initializeResult.capabilities.semanticTokensProvider as { full: unknown; range: unknown };
    assert.deepEqual(provider.full, { delta: true });
    assert.equal(provider.range, true);
  }));

test('semantic tokens full: exact integers and their decoding', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const tokens = await full(c, uri);
    assert.equal(typeof tokens.resultId, 'string');
    // Δline, Δchar (from the previous token on the same line), length, type index, modifier bits.
    assert.deepEqual(tokens.data, [0, 2, 4, 2, 0, 2, 2, 7, 1, 1, 0, 8, 5, 0, 0, 1, 2, 4, 3, 0]);
    assert.deepEqual(tokenStrings(decodeTokens(tokens.data, c.legend)), EXPECTED);
  }));

test('semantic tokens delta after an incremental edit: edits against the previous result give the new tokens', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const before = await full(c, uri);
    await c.change(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '数据要素' }]);
    const delta = await c.request<SemanticTokensDelta | SemanticTokens>('textDocument/semanticTokens/full/delta', {
      textDocument: { uri },
      previousResultId: before.resultId,
    });
    assert.ok('edits' in delta, `expected edits, got ${JSON.stringify(delta)}`);
    assert.notEqual(delta.resultId, before.resultId);
    const after = applyTokenEdits(before.data, delta.edits);
    assert.deepEqual(tokenStrings(decodeTokens(after, c.legend)), [
      '0:2+4 policyFactor',
      '2:2+7 policyTechnology.variant',
      '2:10+5 policyFoundation',
      '3:0+4 policyFactor',
      '3:6+4 policyIndustry',
    ]);
    // The edited result is what a fresh full request gives.
    assert.deepEqual(after, (await full(c, uri)).data);
    // A second delta against the latest result: nothing changed, so no edits.
    const latest = await full(c, uri);
    const none = await c.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: latest.resultId });
    assert.deepEqual(none.edits, []);
  }));

test('semantic tokens delta with an unknown previous result id answers full tokens', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    await full(c, uri);
    const answer = await c.request<SemanticTokens>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: 'no-such-id' });
    assert.ok('data' in answer, JSON.stringify(answer));
    assert.deepEqual(tokenStrings(decodeTokens(answer.data, c.legend)), EXPECTED);
  }));

test('semantic tokens range: only the tokens that overlap the range', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const range = async (sl: number, sc: number, el: number, ec: number) => {
      const t = await c.request<SemanticTokens>('textDocument/semanticTokens/range', {
        textDocument: { uri },
        range: { start: { line: sl, character: sc }, end: { line: el, character: ec } },
      });
      return tokenStrings(decodeTokens(t.data, c.legend));
    };
    assert.deepEqual(await range(2, 0, 3, 0), ['2:2+7 policyTechnology.variant', '2:10+5 policyFoundation']);
    assert.deepEqual(await range(0, 0, 2, 3), ['0:2+4 policyFactor', '2:2+7 policyTechnology.variant']);
    // 2:9 is the end of 颠覆性技术创新 (excluded), 2:12 inside 新质生产力.
    assert.deepEqual(await range(2, 9, 2, 12), ['2:10+5 policyFoundation']);
    assert.deepEqual(await range(1, 0, 1, 0), []);
    assert.deepEqual(await range(0, 0, 99, 0), EXPECTED);
  }));

test('semantic tokens range on a big draft whose parse is still running: answered from a window, before the full tokens, with exactly their tokens in the range', () =>
  withServer({ files: {} }, async (c) => {
    // 2.4 MB of paragraphs, a heading and a fenced block between them (the fence's term is code, not tagged).
    const unit = ['## 数据要素', '', '推动颠覆性技术创新与新质生产力，', '发展专精特新。', '', '```', '新质生产力', '', '数据要素', '```', '', ''].join('\n');
    const text = unit.repeat(Math.ceil(2_400_000 / unit.length));
    const lines = text.split('\n').length - 1;
    const uri = await c.open('big.md', text);
    const order: string[] = [];
    // The full request first: without the window it and the range answer wait for the same parse, and the full one comes back first.
    const wholeP = full(c, uri).then((t) => (order.push('full'), t));
    const range = { start: { line: lines - 40, character: 0 }, end: { line: lines - 20, character: 0 } };
    const rangeP = c.request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri }, range }).then((t) => (order.push('range'), t));
    const [whole, part] = await Promise.all([wholeP, rangeP]);
    assert.deepEqual(order, ['range', 'full']);
    const expected = tokenStrings(decodeTokens(whole.data, c.legend).filter((t) => t.line >= range.start.line && t.line < range.end.line));
    assert.deepEqual(tokenStrings(decodeTokens(part.data, c.legend)), expected);
    // Lines lines-40 … lines-21 hold one heading, one paragraph of three terms and a fence: at least 4 tokens.
    assert.ok(expected.length >= 4, expected.join(', '));
    assert.ok(expected.every((t) => !/^\d+:0\+5 /.test(t)), 'nothing inside a fence is tagged');
  }));
