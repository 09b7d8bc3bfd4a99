'use strict';
// The extension loads in a real extension host, activates on Markdown,
// starts its language server and registers what package.json promises.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { ROOT, EXTENSION_ID, ready, until, cliAnnotations, groundTruth } = require('../helpers');

suite('activation', () => {
  test('opening a Markdown draft activates the extension and the server answers', async function () {
    this.timeout(180000);
    const { ext, api } = await ready();
    assert.ok(ext.isActive);
    assert.ok(api.paperUri.path.endsWith('/server/data/source/paper.md'), `paperUri ${api.paperUri}`);
    assert.ok(fs.existsSync(api.paperUri.fsPath), 'the paper ships with the extension');
  });

  test('every command of package.json is registered', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const declared = pkg.contributes.commands.map((c) => c.command);
    assert.ok(declared.length >= 9, `declared commands: ${declared}`);
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !all.has(c));
    assert.deepStrictEqual(missing, [], 'declared but not registered');
    // The views contribute their own focus commands.
    assert.ok(all.has('policyLens.concepts.focus') && all.has('policyLens.conceptMap.focus'), 'view focus commands');
  });

  test('the extension under test is the working tree, with a fresh bundle', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.strictEqual(path.resolve(ext.extensionPath), ROOT);
    const bundle = path.join(ROOT, 'dist', 'extension.js');
    const sources = fs.readdirSync(path.join(ROOT, 'client', 'src')).map((f) => fs.statSync(path.join(ROOT, 'client', 'src', f)).mtimeMs);
    assert.ok(fs.statSync(bundle).mtimeMs >= Math.max(...sources), 'dist/extension.js is older than client/src: run npm run build');
  });

  test('the draft shown by the Concepts view is the active draft, with its occurrence count', async () => {
    const { api, doc } = await ready();
    const shown = await until('the Concepts view model to have the server\'s count', () => {
      const s = api.shownDraft();
      return s && s.total !== undefined && s;
    });
    assert.strictEqual(shown.uri.toString(), doc.uri.toString());
    assert.strictEqual(shown.total, cliAnnotations(doc.uri.fsPath).length, 'as many as `policy-lens annotate` finds');
    assert.ok(shown.total >= groundTruth().length);
  });
});
