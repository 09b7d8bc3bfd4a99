/**
 * Documents as they are typed: incremental didChange that creates or breaks an occurrence, several
 * changes in one notification, terms soft-wrapped across lines, traditional Chinese, CRLF.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, DocumentHighlight, Hover, Location, SemanticTokens } from 'vscode-languageserver-protocol';
import { decodeTokens, r, sharedServer, tokenStrings, withServer, type TestClient } from './client';

/** One server for the tests below that only open documents (see sharedServer in ./client). */
const shared = sharedServer();

const hover = (c: TestClient, uri: string, line: number, character: number) =>
  c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
const highlights = async (c: TestClient, uri: string, line: number, character: number) =>
  (await c.request<DocumentHighlight[] | null>('textDocument/documentHighlight', { textDocument: { uri }, position: { line, character } }))?.map((h) => r(h.range)) ?? null;
const tokens = async (c: TestClient, uri: string) =>
  tokenStrings(decodeTokens((await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data, c.legend));
const value = (h: Hover | null) => (h?.contents as { value: string } | undefined)?.value ?? '';

test('an incremental edit that creates an occurrence: 数据 + 要素 → 数据要素', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', '推动数据市场建设，发挥数据要素作用。\n');
    assert.equal(await hover(c, uri, 0, 3), null);
    assert.deepEqual(await highlights(c, uri, 0, 12), ['0:11-0:15']);
    const v2 = await c.change(uri, [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }, text: '要素' }]);
    assert.equal(c.text(uri), '推动数据要素市场建设，发挥数据要素作用。\n');
    await c.waitForAnalysis(uri, v2);
    const h = await hover(c, uri, 0, 3);
    assert.equal(r(h!.range!), '0:2-0:6');
    assert.match(value(h), /\nIn this document: 2 · In the workspace: 2 in 1 file\(s\)$/);
    assert.deepEqual(await highlights(c, uri, 0, 3), ['0:2-0:6', '0:13-0:17']);
  }));

test('an incremental edit that breaks an occurrence: deleting 要 from 数据要素', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', '# 方案\n\n数据要素与数据要素。\n');
    assert.deepEqual(await highlights(c, uri, 2, 1), ['2:0-2:4', '2:5-2:9']);
    const v2 = await c.change(uri, [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } }, text: '' }]);
    assert.equal(c.text(uri), '# 方案\n\n数据素与数据要素。\n');
    await c.waitForAnalysis(uri, v2);
    assert.equal(await hover(c, uri, 2, 1), null);
    assert.deepEqual(await highlights(c, uri, 2, 5), ['2:4-2:8']);
    assert.match(value(await hover(c, uri, 2, 5)), /\nIn this document: 1 · In the workspace: 1 in 1 file\(s\)$/);
  }));

test('several incremental changes in one didChange apply in order', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', '第一行\n第二行\n');
    await c.change(uri, [
      { range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } }, text: '，颠覆性创新' }, // 第二行，颠覆性创新
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, text: '数据要素\n新增一行' }, // line 0 replaced by two lines
    ]);
    assert.equal(c.text(uri), '数据要素\n新增一行\n第二行，颠覆性创新\n');
    assert.deepEqual(await tokens(c, uri), ['0:0+4 policyFactor', '2:4+5 policyTechnology.variant']);
    assert.deepEqual((await c.waitForDiagnostics(uri, 0, (d) => d.length > 0)).map((d: Diagnostic) => r(d.range)), ['2:4-2:9']);
  }));

const WRAPPED = [
  '推动颠覆性创', // 0: 颠覆性创新 runs from 0:2 …
  '新，发展数据', // 1: … to 1:1; 数据要素 from 1:4 …
  '要素。', // 2: … to 2:2
  '',
  '> 引文：颠覆性创', // 4: in a block quote, 颠覆性创新 from 4:5 …
  '> 新。', // 5: … to 5:3 (the continuation's "> " is not part of the term)
  '',
].join('\n');

test('a term soft-wrapped across two lines: one occurrence whose range spans both lines', () =>
  shared(async (c) => {
    const uri = await c.open('wrapped.md', WRAPPED);
    const h = await hover(c, uri, 1, 1);
    assert.equal(r(h!.range!), '0:2-1:1');
    assert.match(value(h), /^### 颠覆式创新 · disruptive innovation\n.*\n\n“颠覆性创新” is a variant of 颠覆式创新\.\n/);
    assert.equal(r((await hover(c, uri, 0, 3))!.range!), '0:2-1:1', 'from either line');
    assert.equal(r((await hover(c, uri, 2, 0))!.range!), '1:4-2:2');
    assert.equal(r((await hover(c, uri, 5, 3))!.range!), '4:5-5:3');
    assert.deepEqual(await highlights(c, uri, 0, 4), ['0:2-1:1', '4:5-5:3']);
    const diagnostics = await c.waitForDiagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => `${r(d.range)} ${d.message}`),
      ['0:2-1:1 “颠覆性创新” is a variant; the paper’s term is “颠覆式创新”.', '4:5-5:3 “颠覆性创新” is a variant; the paper’s term is “颠覆式创新”.'],
    );
    // Semantic tokens cannot span lines: one token per line, continuation markers skipped.
    assert.deepEqual(await tokens(c, uri), [
      '0:2+4 policyTechnology.variant',
      '1:0+1 policyTechnology.variant',
      '1:4+2 policyFactor',
      '2:0+2 policyFactor',
      '4:5+4 policyTechnology.variant',
      '5:2+1 policyTechnology.variant',
    ]);
  }));

const TRADITIONAL = [
  '# 香港推動新質生產力發展', // 0: 新質生產力 0:6-0:11
  '',
  '善用優勢，推動數據要素流通，發揮專精特新企業作用，防範顛覆性創新風險。', // 2: 數據要素 2:7-2:11, 專精特新 2:16-2:20, 顛覆性創新 2:27-2:32
  '',
].join('\n');

test('a traditional-Chinese file: hovers show the canonical (simplified) term, references cross scripts, traditional is not a "variant" diagnostic', () =>
  withServer({ files: { 'simplified.md': '数据要素\n' } }, async (c) => {
    await c.waitForIndexing();
    const uri = await c.open('traditional.md', TRADITIONAL);
    await c.waitForAnalysis(uri);
    const h = await hover(c, uri, 0, 7);
    assert.equal(r(h!.range!), '0:6-0:11');
    assert.match(value(h), /^### 新质生产力 · new quality productive forces\n/);
    assert.match(value(h), /\n“新質生產力” is the traditional-Chinese form of 新质生产力\.\n/);
    assert.equal(r((await hover(c, uri, 2, 8))!.range!), '2:7-2:11');
    assert.match(value(await hover(c, uri, 2, 17)), /^### 专精特新 · /);
    // 顛覆性創新 is the traditional form of a variant: shown as the canonical concept.
    assert.match(value(await hover(c, uri, 2, 28)), /^### 颠覆式创新 · disruptive innovation\n/);
    const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 2, character: 8 }, context: { includeDeclaration: true } });
    assert.deepEqual(
      refs.filter((l) => !c.short(l.uri).startsWith('paper')).map((l) => `${c.short(l.uri)} ${r(l.range)}`).sort(),
      ['ws/simplified.md 0:0-0:4', 'ws/traditional.md 2:7-2:11'],
    );
    // Only a Chinese variant is reported: a traditional form is the writer's script, not another term.
    assert.deepEqual(await c.waitForDiagnostics(uri), []);
  }));

test('CRLF line ends: positions count characters within each line', () =>
  shared(async (c) => {
    const uri = await c.open('crlf.md', '# 方案\r\n\r\n推动数据要素流通。\r\n发挥颠覆性创新作用。\r\n');
    assert.equal(r((await hover(c, uri, 2, 3))!.range!), '2:2-2:6');
    assert.deepEqual(await tokens(c, uri), ['2:2+4 policyFactor', '3:2+5 policyTechnology.variant']);
    assert.deepEqual((await c.waitForDiagnostics(uri)).map((d) => r(d.range)), ['3:2-3:7']);
  }));
