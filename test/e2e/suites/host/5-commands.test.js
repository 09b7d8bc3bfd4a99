'use strict';
// The commands behind the views, the hover link and Go to Definition: the
// source-paper viewer (read-only, at the paragraph, highlighted through the
// extension's test API), the Concepts view's reveal/refresh/section filter.
const assert = require('assert');
const vscode = require('vscode');
const { ready, openDraft, at, until, concept, paperLine, paperText, recordMessages, cliAnnotations } = require('../helpers');

const active = () => vscode.window.activeTextEditor;
const isPaperEditor = (api) => active() && active().document.uri.toString() === api.paperUri.toString();

/** The paper editor is read-only: an edit through the editor changes nothing. */
async function assertReadOnly(editor) {
  const before = editor.document.getText();
  await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'EDITED-BY-TEST'));
  const after = editor.document.getText();
  if (after !== before) {
    // Undo before failing so the shipped paper is never left modified (nothing saves it anyway).
    await vscode.commands.executeCommand('undo');
  }
  assert.strictEqual(after, before, 'the paper editor must be read-only');
  assert.strictEqual(editor.document.isDirty, false);
}

suite('commands and views', () => {
  let api;
  let doc;
  let expected;

  suiteSetup(async function () {
    this.timeout(180000);
    ({ api, doc } = await ready());
    expected = cliAnnotations(doc.uri.fsPath);
  });
  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    ({ doc } = await openDraft('policy-draft.md'));
  });

  test('openSourcePaper with an anchor: paper.md, read-only, at the paragraph, highlighted', async () => {
    const line = paperLine(paperText(), 's2-2-p1');
    const messages = await recordMessages(() => vscode.commands.executeCommand('policyLens.openSourcePaper', 's2-2-p1'));
    assert.deepStrictEqual(messages, []);
    const editor = await until('the paper editor to be active', () => isPaperEditor(api) && active());
    assert.strictEqual(editor.document.languageId, 'markdown');
    assert.strictEqual(editor.selection.active.line, line, 'cursor on the paragraph');
    assert.ok(editor.visibleRanges.some((r) => r.start.line <= line && line <= r.end.line), `line ${line + 1} visible in ${JSON.stringify(editor.visibleRanges)}`);
    const h = await until('the highlighted paragraph', () => api.highlightedParagraph());
    assert.strictEqual(h.start.line, line);
    assert.strictEqual(editor.document.getText(h), editor.document.lineAt(line).text, 'the whole paragraph');
    await assertReadOnly(editor);
  });

  test('openSourcePaper without an anchor opens the top; an unknown anchor says so', async () => {
    await vscode.commands.executeCommand('policyLens.openSourcePaper');
    let editor = await until('the paper editor', () => isPaperEditor(api) && active());
    assert.strictEqual(editor.selection.active.line, 0);
    await openDraft('policy-draft.md');
    const messages = await recordMessages(() => vscode.commands.executeCommand('policyLens.openSourcePaper', 'no-such-anchor'));
    assert.deepStrictEqual(messages, [{ level: 'warning', msg: 'The source paper has no paragraph “no-such-anchor”.' }]);
    editor = await until('the paper editor', () => isPaperEditor(api) && active());
    assert.strictEqual(editor.selection.active.line, 0);
  });

  test('Go to Definition (editor.action.revealDefinition) opens the paper at the paragraph, highlighted, read-only', async function () {
    this.timeout(40000);
    const c = concept('sti-commercialization');
    const line = paperLine(paperText(), c.source.defines);
    const editor = await vscode.window.showTextDocument(doc);
    const pos = at(doc, '提高科技成果转化效率', '科技成果转化');
    editor.selection = new vscode.Selection(pos, pos);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    const paper = await until('Go to Definition to open the paper', () => isPaperEditor(api) && active());
    assert.strictEqual(paper.selection.active.line, line);
    const h = await until(`the highlight on paper line ${line + 1}`, () => {
      const r = api.highlightedParagraph();
      return r && r.start.line === line && r;
    });
    assert.strictEqual(h.end.line, line);
    await assertReadOnly(paper);
  });

  test('openConceptInPaper (the views\' item action) opens the concept\'s defining paragraph', async () => {
    const line = paperLine(paperText(), concept('srdi').source.defines);
    await vscode.commands.executeCommand('policyLens.openConceptInPaper', { conceptId: 'srdi' });
    const editor = await until('the paper editor', () => isPaperEditor(api) && active());
    assert.strictEqual(editor.selection.active.line, line);
    await until('the highlight', () => api.highlightedParagraph() && api.highlightedParagraph().start.line === line);
  });

  test('the paper is not a draft: no consistency hints inside it', async () => {
    await vscode.commands.executeCommand('policyLens.openSourcePaper', 's1-1-p1');
    await until('the paper editor', () => isPaperEditor(api));
    // The paper says 颠覆性技术创新 (a variant) many times; the client drops its diagnostics.
    await until('the draft\'s variant hints (proves diagnostics arrive at all)', () =>
      vscode.languages.getDiagnostics(doc.uri).some((d) => d.source === 'policy-lens'));
    assert.deepStrictEqual(vscode.languages.getDiagnostics(api.paperUri).filter((d) => d.source === 'policy-lens').map((d) => d.message), []);
  });

  test('revealConceptInView: by id, and the concept at the cursor; a message off a concept', async function () {
    this.timeout(40000);
    await vscode.commands.executeCommand('policyLens.concepts.focus');
    let messages = await recordMessages(() => vscode.commands.executeCommand('policyLens.revealConceptInView', 'data-elements'));
    assert.deepStrictEqual(messages, []);
    const editor = await vscode.window.showTextDocument(doc);
    let pos = at(doc, '加快培育数据要素', '数据要素');
    editor.selection = new vscode.Selection(pos, pos);
    messages = await recordMessages(() => vscode.commands.executeCommand('policyLens.revealConceptInView'));
    assert.deepStrictEqual(messages, []);
    const shown = api.shownDraft();
    assert.strictEqual(shown && shown.uri.toString(), doc.uri.toString(), 'the view shows the draft');
    await vscode.window.showTextDocument(doc);
    pos = at(doc, '结合我省实际', '实际');
    vscode.window.activeTextEditor.selection = new vscode.Selection(pos, pos);
    messages = await recordMessages(() => vscode.commands.executeCommand('policyLens.revealConceptInView'));
    assert.deepStrictEqual(messages, [{ level: 'info', msg: 'There is no concept of the paper at the cursor.' }]);
    messages = await recordMessages(() => vscode.commands.executeCommand('policyLens.showConceptAtCursor'));
    assert.deepStrictEqual(messages, [{ level: 'info', msg: 'There is no concept of the paper at the cursor.' }]);
  });

  test('revealSectionConcepts (the code lens) and clearSectionFilter run cleanly', async () => {
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('### （三）激活数据要素潜能'));
    const messages = await recordMessages(async () => {
      await vscode.commands.executeCommand('policyLens.revealSectionConcepts', doc.uri.toString(), line);
      await vscode.commands.executeCommand('policyLens.clearSectionFilter');
    });
    assert.deepStrictEqual(messages, []);
  });

  test('the view follows edits (server notification) and refreshConcepts asks again', async function () {
    this.timeout(60000);
    const total = () => {
      const s = api.shownDraft();
      return s && s.uri.toString() === doc.uri.toString() ? s.total : undefined;
    };
    await until(`the view to show ${expected.length} occurrences`, () => total() === expected.length);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const add = new vscode.WorkspaceEdit();
    add.insert(doc.uri, end, '\n\n推动数据要素与实体经济深度融合。\n');
    assert.ok(await vscode.workspace.applyEdit(add));
    try {
      await until('the view to count the added 数据要素', () => total() === expected.length + 1);
      const messages = await recordMessages(() => vscode.commands.executeCommand('policyLens.refreshConcepts'));
      assert.deepStrictEqual(messages, []);
      assert.strictEqual(total(), expected.length + 1, 'after refreshConcepts');
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(doc.uri, new vscode.Range(end, doc.lineAt(doc.lineCount - 1).range.end), '');
      await vscode.workspace.applyEdit(restore);
      await doc.save();
    }
    await until('the view to drop it again', () => total() === expected.length);
  });
});
