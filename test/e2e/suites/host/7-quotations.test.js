'use strict';
// Quotations and citations in a real VS Code (issue 12): a draft quoting the
// paper with one changed word gets a `misquotation` warning with the paper's
// wording, whose quick fix restores the sentence; an exact quotation is a
// document link to its paragraph; "Copy citation" gives the GB/T 7714 entry.
const assert = require('assert');
const fs = require('fs');
const vscode = require('vscode');
const { ready, until, wsUri, withStub } = require('../helpers');

/** 二（二）第1段 of the paper (s2-2-p1). */
const S1 = '数据要素的有效利用和融合渗透能够显著提升传统生产要素的增值空间，同时为经济社会带来多维度和深层次的高质量发展。';
const CHANGED = S1.replace('显著提升', '大幅提升');
const TEXT = ['# 引文核对', '', `朱浩然认为，“${CHANGED}”`, '', `《新质生产力发展的理论逻辑与路径分析》指出，“${S1}”`, ''].join('\n');

suite('quotations', () => {
  let doc;

  suiteSetup(async function () {
    this.timeout(180000);
    await ready();
    const uri = wsUri('quote.md');
    fs.writeFileSync(uri.fsPath, TEXT);
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
  });

  const misquotations = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'policy-lens' && (d.code === 'misquotation' || (d.code && d.code.value === 'misquotation')));

  test('a changed word is a misquotation warning showing the paper’s wording; the quick fix restores the sentence', async function () {
    this.timeout(60000);
    const [d] = await until('the misquotation diagnostic', () => (misquotations().length ? misquotations() : undefined));
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepStrictEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [2, 7, 2, 7 + S1.length]);
    assert.ok(d.message.includes('［大幅→显著］'), d.message);
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = (actions || []).find((a) => a.title === 'Restore the wording of 朱浩然《新质生产力发展的理论逻辑与路径分析》');
    assert.ok(fix && fix.edit, `the quick fix is offered: ${JSON.stringify((actions || []).map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'VS Code applies the versioned edit');
    assert.strictEqual(doc.lineAt(2).text, `朱浩然认为，“${S1}”`);
    await until('the misquotation to go', () => misquotations().length === 0);
  });

  test('an exact quotation is a document link to its paragraph in the paper viewer', async function () {
    this.timeout(60000);
    const links = await until('the document links', async () => {
      const l = await vscode.commands.executeCommand('vscode.executeLinkProvider', doc.uri);
      return (l || []).some((x) => x.range.start.line === 4) ? l : undefined;
    });
    const link = links.find((x) => x.range.start.line === 4);
    assert.deepStrictEqual([link.range.start.character, link.range.end.character], [23, 23 + S1.length]);
    assert.deepStrictEqual([link.target.scheme, link.target.path, decodeURIComponent(link.target.query)], ['command', 'policyLens.openSourcePaper', JSON.stringify(['s2-2-p1'])]);
    assert.strictEqual(link.tooltip, 'Source: Section 2.2, paragraph 1 (二（二）第1段)');
  });

  test('Copy citation: the style picked in the QuickPick, GB/T 7714 with the paragraph as locator', async function () {
    this.timeout(30000);
    const text = await withStub('showQuickPick', async (items) => (await items).find((i) => i.label === 'GB/T 7714-2015'), () =>
      vscode.commands.executeCommand('policyLens.copyCitation', { anchor: 's2-2-p1' }),
    );
    assert.strictEqual(text, '朱浩然. 新质生产力发展的理论逻辑与路径分析[J]. 引文位置：二（二）第1段.');
    const clip = await vscode.env.clipboard.readText();
    // A headless browser may refuse clipboard reads (then VS Code answers ''); when it answers, it is the citation.
    assert.ok(clip === text || clip === '', `clipboard: ${clip}`);
  });
});
