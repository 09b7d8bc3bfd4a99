/**
 * Control over noise: `policyLens.concepts.exclude`, the in-document directives
 * (`<!-- policy-lens: disable | enable | disable-next-line | ignore … -->`) and the code actions that
 * write them, as an editor sees them over the protocol.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CodeLens, Diagnostic, DocumentSymbol, Hover, Location, SemanticTokens, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { decodeTokens, r, tokenStrings, withServer, type TestClient } from './client';

const TEXT = [
  '# 数据要素', // 0: 数据要素 0:2-0:6 (factors)
  '',
  '推动推动颠覆性创新与新质生产力，', // 2: 颠覆性创新 2:4-2:9 (variant of 颠覆式创新), 新质生产力 2:10-2:15
  '发展专精特新。', // 3: 专精特新 3:2-3:6
  '',
  '培育数据要素市场。', // 5: 数据要素 5:2-5:6
].join('\n');

const hover = (c: TestClient, uri: string, line: number, character: number) =>
  c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
const tokens = async (c: TestClient, uri: string) =>
  tokenStrings(decodeTokens((await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data, c.legend));
const references = (c: TestClient, uri: string, line: number, character: number) =>
  c.request<Location[] | null>('textDocument/references', { textDocument: { uri }, position: { line, character }, context: { includeDeclaration: true } });
const codeActions = (c: TestClient, uri: string, line: number, character: number, only?: string[]) =>
  c.request<CodeAction[] | null>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character }, end: { line, character } },
    context: { diagnostics: [], ...(only && { only }) },
  });

/** Applies a code action's versioned edit as an editor does (after checking the version), as one didChange. */
async function applyAction(c: TestClient, uri: string, action: CodeAction, version: number): Promise<number> {
  const changes = action.edit?.documentChanges as TextDocumentEdit[] | undefined;
  assert.ok(changes && changes.length === 1, JSON.stringify(action.edit));
  assert.deepEqual(changes[0].textDocument, { uri, version }, 'the edit names the document version it was made for');
  return c.change(uri, [...changes[0].edits].reverse().map((e) => ({ range: e.range, text: e.newText })));
}

test('policyLens.concepts.exclude: an excluded concept (by term, or by a variant) has no hover, token, diagnostic, lens count, symbol, highlight or reference', () =>
  withServer({ files: {}, settings: { concepts: { exclude: ['数据要素', '颠覆性创新'] } } }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    assert.deepEqual(await c.waitForDiagnostics(uri), [], 'the variant 颠覆性创新 is of an excluded concept: not reported');
    assert.equal(await hover(c, uri, 0, 3), null);
    assert.equal(await hover(c, uri, 2, 4), null);
    assert.equal(r((await hover(c, uri, 2, 11))!.range!), '2:10-2:15', 'other concepts still show');
    assert.deepEqual(await tokens(c, uri), ['2:10+5 policyFoundation', '3:2+4 policyIndustry']);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => `${r(l.range)} ${l.command?.title}`), ['0:0-0:0 新质生产力 ×1 · 专精特新 ×1']);
    const outline = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(outline.map((s) => [s.name, s.children?.map((k) => k.name)]), [['数据要素', ['新质生产力', '专精特新']]]);
    const position = { line: 5, character: 3 };
    assert.equal(await c.request('textDocument/documentHighlight', { textDocument: { uri }, position }), null);
    assert.equal(await c.request('textDocument/definition', { textDocument: { uri }, position }), null);
    assert.equal(await references(c, uri, 5, 3), null);
    assert.equal(await c.request('policyLens/conceptAt', { uri, position }), null);
    const view = await c.request<{ total: number; concepts: { term: string }[] }>('policyLens/documentConcepts', { uri });
    assert.deepEqual([view.total, view.concepts.map((k) => k.term)], [2, ['新质生产力', '专精特新']], 'the Concepts view');
    const exported = await c.request<{ files: { annotations: { text: string }[] }[] }>('policyLens/annotations', { uri });
    assert.deepEqual(exported.files[0].annotations.map((a) => a.text), ['新质生产力', '专精特新'], 'the export');
    assert.equal((await c.waitForAnalysis(uri)).total, 2);

    // Turned back on at run time: everything is there again.
    const mark = c.mark();
    await c.changeConfiguration({ concepts: { exclude: [] } });
    assert.deepEqual((await c.waitForDiagnostics(uri, mark)).map((d: Diagnostic) => `${r(d.range)} ${d.code}`), ['2:4-2:9 variant-term']);
    assert.deepEqual(await tokens(c, uri), ['0:2+4 policyFactor', '2:4+5 policyTechnology.variant', '2:10+5 policyFoundation', '3:2+4 policyIndustry', '5:2+4 policyFactor']);
    assert.equal(r((await hover(c, uri, 0, 3))!.range!), '0:2-0:6');
  }));

test('policyLens.concepts.exclude is read per resource: references leave out the drafts whose settings exclude the concept', () =>
  withServer(
    {
      files: { 'a.md': '数据要素一\n', 'b.md': '数据要素二\n', 'c.md': '数据要素三\n' },
      settings: (scope) => ({ concepts: { exclude: scope?.endsWith('/b.md') ? ['data-elements'] : [] } }),
    },
    async (c) => {
      await c.waitForIndexing();
      const a = await c.open('a.md', '数据要素一\n');
      const files = (await references(c, a, 0, 1))!.filter((l) => !c.short(l.uri).startsWith('paper')).map((l) => `${c.short(l.uri)} ${r(l.range)}`);
      assert.deepEqual(files.sort(), ['ws/a.md 0:0-0:4', 'ws/c.md 0:0-0:4']);
      const b = await c.open('b.md', '数据要素二\n');
      assert.equal(await hover(c, b, 0, 1), null, 'b.md shows no tag');
      assert.ok((await hover(c, a, 0, 1)) !== null, 'a.md does');
    },
  ));

const DIRECTIVES = [
  '数据要素与新质生产力。', // 0: both tagged (before the ignore)
  '',
  '<!-- policy-lens: ignore 数据要素 -->', // 2
  '',
  '数据要素与新质生产力。', // 4: only 新质生产力 4:5-4:10
  '',
  '<!-- Policy-Lens：disable -->', // 6
  '',
  '专精特新与新质生产力。', // 8: nothing
  '',
  '<!-- policy-lens: enable -->', // 10
  '',
  '专精特新<!-- policy-lens: disable-next-line -->', // 12: 专精特新 12:0-12:4
  '专精特新与新质生产力，', // 13: nothing
  '专精特新。', // 14: 专精特新 14:0-14:4
  '',
  '<!-- policy-lens: frobnicate -->', // 16: an unknown directive
  '<!-- policy-lens: ignore 不是概念 -->', // 17: 不是概念 at 17:25-17:29
  '',
  '```',
  '<!-- policy-lens: disable -->', // 20: code, not a directive
  '```',
  '',
  '专精特新。', // 23: 专精特新 23:0-23:4
].join('\n');

test('directives: ignore from the comment on, disable … enable, disable-next-line; a comment in code is text; what is not understood is a hint', () =>
  withServer({ files: { 'on-disk.md': DIRECTIVES.replace('专精特新。', '专精特新与数据要素。') } }, async (c) => {
    const uri = await c.open('draft.md', DIRECTIVES);
    assert.deepEqual(await tokens(c, uri), [
      '0:0+4 policyFactor',
      '0:5+5 policyFoundation',
      '4:5+5 policyFoundation',
      '12:0+4 policyIndustry',
      '14:0+4 policyIndustry',
      '23:0+4 policyIndustry',
    ]);
    assert.equal(await hover(c, uri, 4, 1), null, 'an ignored 数据要素');
    assert.equal(await hover(c, uri, 8, 1), null, 'a disabled region');
    assert.equal(await hover(c, uri, 13, 1), null, 'a disabled line');
    assert.deepEqual(await c.waitForDiagnostics(uri), [
      {
        range: { start: { line: 16, character: 0 }, end: { line: 16, character: 32 } },
        severity: 4,
        source: 'policy-lens',
        code: 'directive',
        message: 'Unknown policy-lens directive “frobnicate”: use disable, enable, disable-next-line or ignore.',
      },
      {
        range: { start: { line: 17, character: 25 }, end: { line: 17, character: 29 } },
        severity: 4,
        source: 'policy-lens',
        code: 'directive',
        message: '“不是概念” names no concept of the lexicon: nothing is ignored for it.',
      },
    ]);
    // The workspace index reads the same directives: the file on disk lists only its first 数据要素.
    await c.waitForIndexing();
    const refs = (await references(c, uri, 0, 1))!.filter((l) => !c.short(l.uri).startsWith('paper')).map((l) => `${c.short(l.uri)} ${r(l.range)}`);
    assert.deepEqual(refs.sort(), ['ws/draft.md 0:0-0:4', 'ws/on-disk.md 0:0-0:4']);
  }));

test('code action "Don’t tag … in this document": a versioned edit inserting an ignore comment at the top; applied, the concept is gone', () =>
  withServer({ files: {}, capabilities: (caps) => (caps.workspace!.workspaceEdit = { documentChanges: true }) }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    await c.waitForDiagnostics(uri);
    const actions = await codeActions(c, uri, 5, 3);
    assert.deepEqual(actions, [
      {
        title: 'Don’t tag “数据要素” in this document',
        kind: 'quickfix',
        edit: { documentChanges: [{ textDocument: { uri, version: 1 }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '<!-- policy-lens: ignore 数据要素 -->\n\n' }] }] },
      },
      {
        title: 'Don’t tag this line',
        kind: 'quickfix',
        edit: { documentChanges: [{ textDocument: { uri, version: 1 }, edits: [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: '<!-- policy-lens: disable-next-line -->\n' }] }] },
      },
      {
        title: 'Open the lexicon entry of “数据要素”',
        command: { title: 'Open the lexicon entry of “数据要素”', command: 'policyLens.lexicon.openEntry', arguments: [{ uri, conceptId: 'data-elements' }] },
      },
    ]);
    const v2 = await applyAction(c, uri, actions![0], 1);
    assert.equal(c.text(uri), '<!-- policy-lens: ignore 数据要素 -->\n\n' + TEXT);
    await c.waitForAnalysis(uri, v2);
    assert.deepEqual(await tokens(c, uri), ['4:4+5 policyTechnology.variant', '4:10+5 policyFoundation', '5:2+4 policyIndustry']);
    assert.equal(await hover(c, uri, 2, 3), null);

    // A second concept goes into the same comment.
    const next = await codeActions(c, uri, 5, 3);
    assert.equal(next![0].title, 'Don’t tag “专精特新” in this document');
    assert.deepEqual((next![0].edit!.documentChanges![0] as TextDocumentEdit).edits, [{ range: { start: { line: 0, character: 29 }, end: { line: 0, character: 29 } }, newText: ' 专精特新' }]);
    const v3 = await applyAction(c, uri, next![0], v2);
    assert.equal(c.text(uri).split('\n')[0], '<!-- policy-lens: ignore 数据要素 专精特新 -->');
    await c.waitForAnalysis(uri, v3);
    assert.deepEqual(await tokens(c, uri), ['4:4+5 policyTechnology.variant', '4:10+5 policyFoundation']);

    // Not to an automatic request (VS Code's light bulb on every cursor move): only when asked.
    const automatic = await c.request<CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 5, character: 3 }, end: { line: 5, character: 3 } },
      context: { diagnostics: [], triggerKind: 2 },
    });
    assert.deepEqual(automatic, []);
    // Nothing to offer away from a tag, and nothing for a "fix all" (never applied on save).
    assert.deepEqual(await codeActions(c, uri, 1, 0), []);
    assert.deepEqual((await codeActions(c, uri, 4, 11, ['source.fixAll']))!.filter((a) => a.kind === 'quickfix'), []);
  }));

test('code action "Don’t tag this line": disable-next-line at the end of the line above in a paragraph; applied, that line has no tags', () =>
  withServer({ files: {} }, async (c) => {
    const text = '# 方案\n\n培育数据要素市场，\n推动新质生产力发展。\n';
    const uri = await c.open('draft.md', text);
    await c.waitForDiagnostics(uri);
    const actions = await codeActions(c, uri, 3, 3);
    assert.deepEqual(actions!.map((a) => a.title), ['Don’t tag “新质生产力” in this document', 'Don’t tag this line', 'Open the lexicon entry of “新质生产力”']);
    assert.deepEqual((actions![1].edit!.documentChanges![0] as TextDocumentEdit).edits, [{ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } }, newText: '<!-- policy-lens: disable-next-line -->' }]);
    const v2 = await applyAction(c, uri, actions![1], 1);
    assert.equal(c.text(uri), '# 方案\n\n培育数据要素市场，<!-- policy-lens: disable-next-line -->\n推动新质生产力发展。\n');
    await c.waitForAnalysis(uri, v2);
    assert.deepEqual(await tokens(c, uri), ['2:2+4 policyFactor']);
    // The paragraph is still one paragraph: the outline and lenses see the same heading.
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => `${r(l.range)} ${l.command?.title}`), ['0:0-0:0 数据要素 ×1']);
  }));

test('code actions in Chinese (zh-cn locale)', () =>
  withServer({ files: {}, locale: 'zh-cn' }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    await c.waitForDiagnostics(uri);
    assert.deepEqual((await codeActions(c, uri, 5, 3))!.map((a) => a.title), ['本文档中不再标注“数据要素”', '本行不标注', '打开「数据要素」的词表条目']);
  }));

test('policyLens.concepts.exclude with a name that is no concept: one warning, the other names still apply', () =>
  withServer({ files: {}, settings: { concepts: { exclude: ['公共厕所', '数据要素'] } } }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const message = await c.waitForMessage((m) => m.message.includes('公共厕所'));
    assert.deepEqual(message, { method: 'window/showMessage', type: 2, message: 'policyLens.concepts.exclude: “公共厕所” names no concept of the lexicon, so nothing is excluded for it.' });
    assert.equal(await hover(c, uri, 0, 3), null);
    // Asked again (another document, a configuration change): no second warning.
    await c.open('other.md', TEXT);
    await c.changeConfiguration();
    await c.waitForAnalysis(c.uri('other.md'));
    assert.equal(await hover(c, c.uri('other.md'), 0, 3), null);
    assert.equal(c.events.filter((e) => e.type === 'message').length, 1);
  }));
