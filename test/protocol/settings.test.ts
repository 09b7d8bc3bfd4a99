/**
 * Settings under `policyLens.`, answered by the client to workspace/configuration (or passed in
 * initializationOptions): the category filter, code lenses on/off, the file size limit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, CompletionItem, Diagnostic, DocumentSymbol, Hover, SemanticTokens } from 'vscode-languageserver-protocol';
import { decodeTokens, r, tokenStrings, withServer, type TestClient } from './client';

const TEXT = [
  '# 数据要素', // 0: 数据要素 0:2-0:6 (factors)
  '',
  '推动颠覆性创新与新质生产力，', // 2: 颠覆性创新 2:2-2:7 (technology, variant), 新质生产力 2:8-2:13 (foundation)
  '发展专精特新。', // 3: 专精特新 3:2-3:6 (industries)
  '',
  'dfscx', // 5: pinyin initials of 颠覆式创新
].join('\n');

const hover = (c: TestClient, uri: string, line: number, character: number) =>
  c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
const tokens = async (c: TestClient, uri: string) =>
  tokenStrings(decodeTokens((await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data, c.legend));

test('policyLens.categories: a category left out has no hover, token, diagnostic, highlight, definition, symbol or completion', () =>
  withServer({ files: {}, settings: { categories: ['foundation', 'factors', 'industries'] } }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    assert.deepEqual(await c.waitForDiagnostics(uri), [], 'the variant 颠覆性创新 is a technology term: hidden');
    assert.equal(await hover(c, uri, 2, 4), null);
    assert.equal(r((await hover(c, uri, 0, 3))!.range!), '0:2-0:6', 'other categories still show');
    assert.deepEqual(await tokens(c, uri), ['0:2+4 policyFactor', '2:8+5 policyFoundation', '3:2+4 policyIndustry']);
    const position = { line: 2, character: 4 };
    assert.equal(await c.request('textDocument/documentHighlight', { textDocument: { uri }, position }), null);
    assert.equal(await c.request('textDocument/definition', { textDocument: { uri }, position }), null);
    assert.equal(await c.request('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }), null);
    const outline = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(outline.map((s) => [s.name, s.children?.map((k) => k.name)]), [['数据要素', ['数据要素', '新质生产力', '专精特新']]]);
    const items = await c.request<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 5 } });
    assert.ok(!items?.some((i) => i.label === '颠覆式创新'), JSON.stringify(items?.map((i) => i.label)));

    // Turned back on at run time: published again, with the variant.
    const mark = c.mark();
    await c.changeConfiguration({ categories: ['foundation', 'technology', 'factors', 'industries'] });
    const diagnostics = await c.waitForDiagnostics(uri, mark);
    assert.deepEqual(diagnostics.map((d: Diagnostic) => `${r(d.range)} ${d.code}`), ['2:2-2:7 variant-term']);
    assert.deepEqual(await tokens(c, uri), ['0:2+4 policyFactor', '2:2+5 policyTechnology.variant', '2:8+5 policyFoundation', '3:2+4 policyIndustry']);
  }));

test('policyLens.codeLens.enabled: false gives no lenses; true (after didChangeConfiguration) gives them', () =>
  withServer({ files: {}, settings: { codeLens: { enabled: false } } }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    assert.deepEqual(await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }), []);
    const mark = c.mark();
    await c.changeConfiguration({ codeLens: { enabled: true } });
    await c.waitForRefresh('workspace/codeLens/refresh', mark);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => `${r(l.range)} ${l.command?.title}`),
      ['0:0-0:0 数据要素 ×1 · 颠覆式创新 ×1 · 新质生产力 ×1 · 专精特新 ×1'],
    );
  }));

test('policyLens.maxFileSize: a larger document is skipped with one window/showMessage; shrunk, it is tagged again', () =>
  withServer({ files: {}, settings: { maxFileSize: 100 } }, async (c) => {
    const big = '数据要素。' + '普通文字。'.repeat(29); // 5 + 145 = 150 characters
    assert.equal(big.length, 150);
    const small = await c.open('small.md', '数据要素。');
    const uri = await c.open('big.md', big);
    const message = await c.waitForMessage((m) => m.message.includes('big.md'));
    // A notification: it needs no answer (a request once crashed the server when a client refused it).
    assert.deepEqual(message, { method: 'window/showMessage', type: 3, message: 'Policy Lens skipped big.md: 150 characters is more than policyLens.maxFileSize (100).' });
    assert.deepEqual(await c.waitForDiagnostics(uri), []);
    assert.equal(await hover(c, uri, 0, 1), null);
    assert.deepEqual(await tokens(c, uri), []);
    assert.equal(r((await hover(c, small, 0, 1))!.range!), '0:0-0:4', 'a small document is still tagged');

    // Still too large after an edit: no second message.
    const v2 = await c.change(uri, [{ range: { start: { line: 0, character: 150 }, end: { line: 0, character: 150 } }, text: '。' }]);
    await c.waitForAnalysis(uri, v2);
    assert.equal(c.events.filter((e) => e.type === 'message').length, 1);

    // Cut under the limit: tagged again.
    const v3 = await c.change(uri, [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 151 } }, text: '' }]);
    assert.equal(c.text(uri), '数据要素。');
    await c.waitForAnalysis(uri, v3);
    assert.equal(r((await hover(c, uri, 0, 1))!.range!), '0:0-0:4');
  }));

test('settings from initializationOptions when the client cannot answer workspace/configuration', () =>
  withServer(
    { files: {}, noConfiguration: true, initializationOptions: { settings: { consistency: { level: 'warning' }, codeLens: { enabled: false } } } },
    async (c) => {
      const uri = await c.open('draft.md', TEXT);
      const diagnostics = await c.waitForDiagnostics(uri);
      assert.deepEqual(diagnostics.map((d) => `${r(d.range)} ${d.severity}`), ['2:2-2:7 2']);
      assert.deepEqual(await c.request('textDocument/codeLens', { textDocument: { uri } }), []);
      assert.equal(c.events.filter((e) => e.type === 'configuration').length, 0, 'no workspace/configuration request');
    },
  ));

test('settings of the wrong type fall back to the defaults', () =>
  withServer({ files: {}, settings: { consistency: { level: 'loud' }, maxFileSize: 'big', outline: 3, codeLens: { enabled: 'yes' } } }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    assert.deepEqual((await c.waitForDiagnostics(uri)).map((d) => `${r(d.range)} ${d.severity}`), ['2:2-2:7 4'], 'hint, the default level');
    assert.equal((await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).length, 1, 'code lenses on, the default');
    assert.equal((await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }))[0].kind, 15, 'full outline, the default');
  }));

test('a client without workspace/configuration (Neovim 0.7) changes settings by pushing them in didChangeConfiguration', () =>
  withServer({ files: {}, noConfiguration: true }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    assert.deepEqual((await c.waitForDiagnostics(uri)).map((d) => `${r(d.range)} ${d.severity}`), ['2:2-2:7 4']);
    const mark = c.mark();
    // The push model: the settings travel in the notification itself, under the section name.
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { policyLens: { consistency: { level: 'warning' } } } });
    const diagnostics = await c.waitForDiagnostics(uri, mark);
    assert.deepEqual(diagnostics.map((d) => `${r(d.range)} ${d.severity}`), ['2:2-2:7 2'], 'the pushed level (warning) is applied');
  }));
