'use strict';
// The packaged extension with VS Code's display language set to zh-cn (the
// harness's offline language pack): Chinese workbench, the extension's
// Chinese view names (package.nls.zh-cn.json) and hover labels
// (l10n/bundle.l10n.zh-cn.json). Saves images/screenshots/hover-zh.png.
//   node --test test/e2e/ui-tests/zh.test.js     (after npm run package)
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const h = require('./helpers');

const nls = JSON.parse(fs.readFileSync(path.join(h.ROOT, 'package.nls.zh-cn.json'), 'utf8'));
const l10n = JSON.parse(fs.readFileSync(path.join(h.ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'));
const draftLines = fs.readFileSync(path.join(h.ROOT, 'examples', 'policy-draft.md'), 'utf8').split('\n');
const draftLine = (text) => draftLines.findIndex((l) => l.includes(text)) + 1;

let vs;
async function step(name, fn) {
  try {
    return await fn();
  } catch (e) {
    await vs.screenshot(`ui-zh-failure-${name}-${Date.now()}.png`);
    throw e;
  }
}

before(async () => {
  vs = await h.launchPolicyLens({ locale: 'zh-cn' });
});
after(async () => {
  if (vs) await vs.close();
});

test('the workbench and the extension speak Chinese', async (t) => {
  await step('open', async () => {
    // VS Code's own UI (language pack) …
    await vs.page.locator('.sidebar .composite.title', { hasText: '资源管理器' }).first().waitFor({ state: 'visible' });
    // … and the extension's status bar text: "$(telescope) {0} 概念".
    const status = await h.openDraft(vs, 'policy-draft.md', /\d+ 概念/);
    t.diagnostic(`status bar: ${status}`);
    assert.strictEqual(l10n['$(telescope) {0} concepts'], '$(telescope) {0} 概念');
    // The activity-bar container and its views, by their Chinese names.
    const entry = vs.page.locator('.part.activitybar .action-item', { has: vs.page.locator(`.action-label[aria-label^="${nls.viewContainer}"]`) }).first();
    await entry.click();
    await vs.page.locator('.pane-header', { hasText: nls['view.concepts'] }).first().waitFor({ state: 'visible' });
    await vs.page.locator('.pane-header', { hasText: nls['view.conceptMap'] }).first().waitFor({ state: 'visible' });
    // A concept row of the first category (rows below the pane's fold are not in the DOM: the list is virtual).
    await vs.page.locator('.pane-body .monaco-list-row', { hasText: '新质生产力' }).first().waitFor({ state: 'visible' });
  });
});

test('the hover on 数据要素 has Chinese labels: 出处, 在原文中打开此段, 相关概念', async (t) => {
  await step('hover', async () => {
    const source = l10n.Source; // 出处
    assert.strictEqual(source, '出处');
    await h.gotoLine(vs, draftLine('加快培育数据要素') - 8);
    const reshow = () => h.hoverOver(vs, '加快培育数据要素', '数据要素', source);
    await reshow();
    await h.enlargeHover(vs, reshow);
    const { hover, text } = await h.hoverOver(vs, '加快培育数据要素', '数据要素', source);
    t.diagnostic(`hover: ${text.replace(/\n/g, ' | ').slice(-260)}`);
    assert.match(text, /^数据要素 · data elements/);
    assert.ok(text.includes(`${source} 朱浩然《新质生产力发展的理论逻辑与路径分析》`), text);
    assert.ok(text.includes(l10n['Open the paper at this paragraph']), '在原文中打开此段');
    assert.ok(text.includes(`${l10n.Related} `), '相关概念');
    assert.match(text, /本文：3 处 · 工作区：\d+ 个文件中共 \d+ 处/);
    for (const english of ['Source', 'Open the paper at this paragraph', 'Related', 'In this document']) assert.ok(!text.includes(english), `no English "${english}"`);
    const seen = await h.visibleInHover(hover, ['数据要素 · data elements', '数据要素指作为生产要素', source, l10n['Open the paper at this paragraph']]);
    assert.ok(Object.values(seen).every(Boolean), `visible in the hover: ${JSON.stringify(seen)}`);
    await h.shot(vs, 'hover-zh.png');
  });
});
