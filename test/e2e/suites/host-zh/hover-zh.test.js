'use strict';
// Run with --locale zh-cn (the harness installs its offline zh-hans language
// pack): VS Code's display language is Chinese, so the client's l10n bundle
// and the server's strings are the Chinese ones of l10n/bundle.l10n.zh-cn.json.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { ROOT, ready, openDraft, at, hoverAt, recordMessages, until } = require('../helpers');

const zh = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'));
const fmt = (key, ...args) => {
  assert.ok(zh[key], `the zh-cn bundle translates "${key}"`);
  return zh[key].replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
};

suite('zh-cn display language', () => {
  let doc;
  suiteSetup(async function () {
    this.timeout(180000);
    await ready();
    ({ doc } = await openDraft('policy-draft.md'));
  });

  test('VS Code runs in zh-cn', () => {
    assert.strictEqual(vscode.env.language, 'zh-cn');
  });

  test('the hover\'s labels are Chinese: 出处, 在原文中打开此段, 相关概念, the counts', async () => {
    const { markdown } = await hoverAt(doc.uri, at(doc, '加快培育数据要素', '数据要素'));
    assert.match(markdown, /^### 数据要素 · data elements$/m);
    assert.ok(markdown.includes(`**${fmt('Source')}** 朱浩然《新质生产力发展的理论逻辑与路径分析》`), markdown);
    assert.ok(markdown.includes(`[${fmt('Open the paper at this paragraph')}](command:policyLens.openSourcePaper?`), markdown);
    assert.ok(markdown.includes(`**${fmt('Related')}** `), markdown);
    assert.ok(/本文：3 处 · 工作区：\d+ 个文件中共 \d+ 处/.test(markdown), markdown);
    for (const english of ['**Source**', 'Open the paper at this paragraph', '**Related**', 'In this document']) {
      assert.ok(!markdown.includes(english), `no English "${english}" left`);
    }
  });

  test('the variant note is Chinese', async () => {
    const { markdown } = await hoverAt(doc.uri, at(doc, '对颠覆性创新项目', '颠覆性创新', { inside: 2 }));
    assert.ok(markdown.includes(fmt('{0} is a variant of {1}.', '“颠覆性创新”', '颠覆式创新')), markdown);
  });

  test('the consistency hint is Chinese', async () => {
    const diags = await until('variant hints', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'policy-lens');
      return d.length ? d : undefined;
    });
    assert.ok(diags.some((d) => d.message === fmt('“{0}” is a variant; the paper’s term is “{1}”.', '颠覆性创新', '颠覆式创新')), diags.map((d) => d.message).join('\n'));
  });

  test('the client\'s own messages are Chinese', async () => {
    const editor = vscode.window.activeTextEditor;
    const pos = at(doc, '结合我省实际', '实际');
    editor.selection = new vscode.Selection(pos, pos);
    const messages = await recordMessages(() => vscode.commands.executeCommand('policyLens.showConceptAtCursor'));
    assert.deepStrictEqual(messages, [{ level: 'info', msg: fmt('There is no concept of the paper at the cursor.') }]);
  });
});
