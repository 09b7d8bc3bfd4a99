'use strict';
// A workspace's own lexicon and source text (issue 9), in a real VS Code: hover, definition into the
// workspace's source file, and live reload (a concept added to the lexicon on disk is tagged without a
// restart). The fixture is test/fixtures/workspace-lexicon; when the workspace is not a copy of it (the
// drafts workspace of run.sh), its files are copied in at the start and removed at the end, which is
// itself a live-reload check: the server picks the new lexicon up from the file watcher.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { until, wsFolder } = require('../helpers');

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'workspace-lexicon');
const FILES = ['.policy-lens/lexicon.yaml', '.policy-lens/sources/cluster-notes.md', 'drafts/report.md'];

function markdownOf(hover) {
  return hover.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** Our hover (the one with the concept heading) at a position, or undefined. */
async function ourHover(uri, position) {
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)) || [];
  return hovers.map(markdownOf).find((m) => /^### .+ · /m.test(m));
}

function positionOf(doc, needle, inside = 1) {
  const n = doc.getText().indexOf(needle);
  assert.ok(n >= 0, `"${needle}" is in ${path.basename(doc.uri.path)}`);
  return doc.positionAt(n + inside);
}

suite('user lexicon', () => {
  const created = [];
  let doc;
  let lexiconPath;
  let lexiconText;

  suiteSetup(async function () {
    this.timeout(180000);
    const root = wsFolder().fsPath;
    for (const rel of FILES) {
      const target = path.join(root, rel);
      if (fs.existsSync(target)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(FIXTURE, rel), target);
      created.push(target);
    }
    lexiconPath = path.join(root, '.policy-lens', 'lexicon.yaml');
    lexiconText = fs.readFileSync(lexiconPath, 'utf8');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, 'drafts', 'report.md')));
    await vscode.window.showTextDocument(doc, { preview: false });
    const ext = vscode.extensions.getExtension('policy-lens.policy-lens');
    await until('the extension to activate', () => ext.isActive, { timeout: 120000 });
    // The server answers with the workspace's concepts once it has loaded the lexicon, which it learns
    // of from the file watcher. A watcher can miss a file created in a folder that did not exist a
    // moment before (one CI run waited 120 s for an event that never came), so the lexicon is written
    // again, same text, every 15 s while the hover is not there: still the watcher path, no restart.
    let rewrites = 0;
    let lastWrite = Date.now();
    await until(
      'a hover on 产业集群 from the workspace lexicon',
      async () => {
        const md = await ourHover(doc.uri, positionOf(doc, '产业集群'));
        if (!md && created.length && Date.now() - lastWrite > 15000) {
          fs.writeFileSync(lexiconPath, lexiconText);
          lastWrite = Date.now();
          rewrites++;
        }
        return md;
      },
      { timeout: 120000 },
    );
    if (rewrites) console.log(`[user lexicon] the workspace lexicon was picked up after ${rewrites} rewrite(s) of its file`);
  });

  suiteTeardown(() => {
    if (lexiconPath && lexiconText !== undefined) fs.writeFileSync(lexiconPath, lexiconText);
    for (const f of created.reverse()) fs.rmSync(f, { force: true });
  });

  test('hover on 产业集群: the workspace lexicon’s definition and the workspace source as its citation', async () => {
    const md = await ourHover(doc.uri, positionOf(doc, '产业集群'));
    assert.ok(md, 'a Policy Lens hover');
    assert.match(md, /^### 产业集群 · industrial clusters$/m);
    assert.ok(md.includes('同一产业链上的企业和机构在一定地域内集中布局、分工协作而形成的产业组织形态。'), md);
    assert.ok(md.includes('《产业集群与低空经济札记》'), md);
  });

  test('hover on a shipped concept (数据要素) still works beside the workspace’s', async () => {
    const md = await ourHover(doc.uri, positionOf(doc, '数据要素'));
    assert.ok(md && /^### 数据要素 · data elements$/m.test(md), String(md));
  });

  test('definition of 产业集群 → the workspace’s source file, at its defining paragraph', async () => {
    const defs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, '产业集群'));
    const source = path.join(wsFolder().fsPath, '.policy-lens', 'sources', 'cluster-notes.md');
    const ours = defs.filter((d) => (d.targetUri || d.uri).fsPath === source);
    assert.strictEqual(ours.length, 1, JSON.stringify(defs.map((d) => (d.targetUri || d.uri).toString())));
    const range = ours[0].targetRange || ours[0].range;
    const sourceDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(source));
    assert.ok(sourceDoc.getText(range).startsWith('产业集群是同一产业链上的企业'), sourceDoc.getText(range));
  });

  test('live reload: a concept added to the lexicon on disk is tagged without a restart', async function () {
    this.timeout(60000);
    const position = positionOf(doc, '新增长点');
    assert.strictEqual(await ourHover(doc.uri, position), undefined, 'not a concept before the edit');
    const started = Date.now();
    fs.writeFileSync(
      lexiconPath,
      lexiconText +
        '  - id: new-growth-points\n    term: 新增长点\n    en: new growth points\n    category: frontier\n    definition:\n      zh: 能带动经济持续增长的新领域和新业务。\n',
    );
    const md = await until('a hover on 新增长点 after the lexicon changed', () => ourHover(doc.uri, position), { timeout: 30000 });
    console.log(`[user lexicon] hover on the new concept ${Date.now() - started} ms after the lexicon was written`);
    assert.match(md, /^### 新增长点 · new growth points$/m);
  });
});
