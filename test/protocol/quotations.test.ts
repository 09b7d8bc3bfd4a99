/**
 * Quotations over the protocol: a quotation of the paper with one changed word is a `misquotation`
 * warning showing the paper's wording, and its quick fix (a versioned edit of the quoted text only)
 * restores the sentence; an exact quotation and one with an ellipsis are document links to their
 * paragraph; a paraphrase without quotation marks is left alone; `policyLens/cite` gives citations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, DocumentLink, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { PAPER_URI, sharedServer, withServer, type StartOptions } from './client';

/** One server for the tests below that only open documents (see sharedServer in ./client). */
const shared = sharedServer();

/** The paper, 二（二）第1段 (s2-2-p1, line 77 of paper.md). */
const S1 = '数据要素的有效利用和融合渗透能够显著提升传统生产要素的增值空间，同时为经济社会带来多维度和深层次的高质量发展。';
const CHANGED = S1.replace('显著提升', '大幅提升');
const ELLIPSIS = '在现代经济发展中，数据要素已成为新质生产力的核心和关键要素，……数据要素的有效利用和融合渗透能够显著提升传统生产要素的增值空间';

const TEXT = [
  '# 引文核对', // 0
  '',
  `朱浩然认为，“${CHANGED}”`, // 2: the quoted text is 2:7-2:(7 + length)
  '',
  `《新质生产力发展的理论逻辑与路径分析》指出，“${S1}”`, // 4: exact, 4:23-…
  '',
  `有研究指出：“${ELLIPSIS}”。`, // 6: exact with an ellipsis, 6:7-…
  '',
  `朱浩然认为，${CHANGED}`, // 8: a paraphrase, no quotation marks
  '',
].join('\n');

const at = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

const MISQUOTATION: Diagnostic = {
  range: at(2, 7, 7 + S1.length),
  severity: 2,
  source: 'policy-lens',
  code: 'misquotation',
  message: 'Misquotation: 朱浩然《新质生产力发展的理论逻辑与路径分析》, Section 2.2, paragraph 1 (二（二）第1段), reads “数据要素的有效利用和融合渗透能够［大幅→显著］提升传统生产要素的增值空…” (［quoted→source］, 〔增：added〕, 〔删：left out〕).',
  data: { open: TEXT.indexOf('“') },
};

const VERSIONED: StartOptions['capabilities'] = (c) => {
  c.workspace!.workspaceEdit = { documentChanges: true };
};

test('quotations: a misquotation is a warning with the paper’s wording; exact quotations and the paraphrase are not diagnosed', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', TEXT);
    assert.deepEqual(await c.waitForDiagnostics(uri), [MISQUOTATION]);
  }));

test('quotations: the quick fix is a versioned edit of the quoted text only, and restores the paper’s sentence', () =>
  withServer({ files: {}, capabilities: VERSIONED }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const [d] = await c.waitForDiagnostics(uri);
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], triggerKind: 2 } });
    const edit: WorkspaceEdit = { documentChanges: [{ textDocument: { uri, version: 1 }, edits: [{ range: at(2, 7, 7 + S1.length), newText: S1 }] }] };
    assert.deepEqual(actions, [{ title: 'Restore the wording of 朱浩然《新质生产力发展的理论逻辑与路径分析》', kind: 'quickfix', diagnostics: [d], isPreferred: true, edit }]);
    const mark = c.mark();
    const change = edit.documentChanges![0] as { edits: { range: ReturnType<typeof at>; newText: string }[] };
    await c.change(uri, change.edits.map((e) => ({ range: e.range, text: e.newText })));
    assert.equal(c.text(uri).split('\n')[2], `朱浩然认为，“${S1}”`);
    assert.deepEqual(await c.waitForDiagnostics(uri, mark), []);
  }));

test('quotations: exact quotations (one with an ellipsis) link to their paragraph; the misquotation links there too', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', TEXT);
    await c.waitForDiagnostics(uri);
    const links = await c.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    const tooltip = 'Source: Section 2.2, paragraph 1 (二（二）第1段)';
    const target = `${PAPER_URI}#L77`;
    assert.deepEqual(links, [
      { range: at(2, 7, 7 + S1.length), target, tooltip },
      { range: at(4, 23, 23 + S1.length), target, tooltip },
      { range: at(6, 7, 7 + ELLIPSIS.length), target, tooltip },
    ]);
    assert.deepEqual(c.initializeResult.capabilities.documentLinkProvider, { resolveProvider: false });
  }));

test('quotations: in Chinese, the message and the link say 原文', () =>
  withServer({ files: {}, locale: 'zh-cn' }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const [d] = await c.waitForDiagnostics(uri);
    assert.equal(d.message, '引文与原文不符：朱浩然《新质生产力发展的理论逻辑与路径分析》二（二）第1段（Section 2.2, paragraph 1）原文作“数据要素的有效利用和融合渗透能够［大幅→显著］提升传统生产要素的增值空…”（［引文→原文］，〔增：引文多出〕，〔删：引文缺少〕）。');
    const [link] = await c.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.equal(link.tooltip, '原文：二（二）第1段（Section 2.2, paragraph 1）');
  }));

test('policyLens/cite: each style, a paragraph or a concept as the locator; unknown → null; a bad style is an error', () =>
  withServer({ files: {}, initializationOptions: { paperLinks: 'command' } }, async (c) => {
    assert.deepEqual(await c.request('policyLens/cite', { style: 'gbt7714', anchor: 's2-2-p1' }), {
      style: 'gbt7714',
      text: '朱浩然. 新质生产力发展的理论逻辑与路径分析[J]. 引文位置：二（二）第1段.',
      source: 'zhu',
      anchor: 's2-2-p1',
    });
    assert.deepEqual(await c.request('policyLens/cite', { style: 'bibtex', source: 'zhu' }), {
      style: 'bibtex',
      text: '@article{zhu,\n  author = {朱浩然},\n  title = {新质生产力发展的理论逻辑与路径分析},\n  language = {zh},\n}',
      source: 'zhu',
    });
    const csl = (await c.request<{ text: string; anchor: string }>('policyLens/cite', { style: 'csl-json', conceptId: 'data-elements' }));
    assert.equal(csl.anchor, 's2-2-p1');
    assert.deepEqual(JSON.parse(csl.text)[0].author, [{ family: '朱', given: '浩然' }]);
    assert.equal(await c.request('policyLens/cite', { style: 'gbt7714', anchor: 's9-p9' }), null);
    assert.equal(await c.request('policyLens/cite', { style: 'gbt7714', source: 'nobody' }), null);
    await assert.rejects(c.request('policyLens/cite', { style: 'apa' }), /style must be one of gbt7714, bibtex, csl-json/);
    // The hover offers "Copy citation" as a command link to clients that run commands (VS Code).
    const uri = await c.open('plan.md', '加快培育数据要素市场。\n');
    const hover = await c.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
    const link = `command:policyLens.copyCitation?${encodeURIComponent(JSON.stringify([{ anchor: 's2-2-p1' }]))}`;
    assert.ok(hover.contents.value.includes(` · [Copy citation](${link})`), hover.contents.value);
  }));
