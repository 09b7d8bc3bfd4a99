'use strict';
// Semantic tokens (the concept colours) as VS Code receives them, checked
// against examples/policy-draft.md.expected.json; and the highlighting toggle.
const assert = require('assert');
const vscode = require('vscode');
const { ready, openDraft, decodeTokens, lexicon, until, cliAnnotations, groundTruth } = require('../helpers');

const TYPE = { foundation: 'policyFoundation', technology: 'policyTechnology', factors: 'policyFactor', industries: 'policyIndustry' };

suite('semantic tokens', () => {
  let doc;
  let legend;
  suiteSetup(async function () {
    this.timeout(180000);
    await ready();
    ({ doc } = await openDraft('policy-draft.md'));
    legend = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokensLegend', doc.uri);
  });

  test('legend: one token type per category, and the variant modifier', () => {
    assert.deepStrictEqual(legend.tokenTypes, ['policyFoundation', 'policyTechnology', 'policyFactor', 'policyIndustry']);
    assert.deepStrictEqual(legend.tokenModifiers, ['variant']);
  });

  test('one token per occurrence (per line when soft-wrapped), with its category and variant flag', async () => {
    const tokens = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', doc.uri);
    assert.ok(tokens && tokens.data.length, 'tokens');
    const got = decodeTokens(tokens, legend);
    const key = (t) => `${t.line + 1}:${t.char + 1} ${doc.getText(new vscode.Range(t.line, t.char, t.line, t.char + t.length))} ${t.type}${t.modifiers.length ? ' +' + t.modifiers.join('+') : ''}`;
    const want = [];
    for (const a of cliAnnotations(doc.uri.fsPath)) {
      const variant = a.text.replace(/\s*\n[\s>]*/g, '') !== a.concept.term;
      // A soft-wrapped occurrence is one token per line; the continuation starts at the line's text.
      a.text.split('\n').forEach((part, i) => {
        const line = a.range.start.line + i;
        const char = i === 0 ? a.range.start.character : doc.lineAt(line).firstNonWhitespaceCharacterIndex;
        want.push({ line, char, length: i === 0 ? part.length : part.trimStart().length, type: TYPE[a.concept.category], modifiers: variant ? ['variant'] : [] });
      });
    }
    assert.deepStrictEqual(got.map(key), want.map(key), 'tokens = the occurrences `policy-lens annotate` reports');
    // And the hand-made ground truth (25 core concepts) is among them.
    const have = new Set(got.map((t) => `${t.line}:${t.char}`));
    const missing = groundTruth().filter((e) => !have.has(`${e.line}:${e.character}`));
    assert.deepStrictEqual(missing, [], 'ground-truth occurrences without a token');
  });

  test('no token inside the fenced code block, inline code, the comment or the front matter', async () => {
    const got = decodeTokens(await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', doc.uri), legend);
    const text = doc.getText();
    const spans = [];
    const add = (re) => { for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length, m[0].slice(0, 20)]); };
    add(/^---\n[\s\S]*?\n---\n/g);
    add(/^```[\s\S]*?^```/gm);
    add(/<!--[\s\S]*?-->/g);
    add(/`[^`\n]+`/g);
    add(/\]\([^)]*\)/g);
    assert.ok(spans.length >= 5);
    const inside = got.filter((t) => {
      const o = doc.offsetAt(new vscode.Position(t.line, t.char));
      return spans.some(([s, e]) => o >= s && o < e);
    });
    assert.deepStrictEqual(inside, []);
  });

  test('the wrapped 现代化产\\n业体系 is two tokens, one per line', async () => {
    const got = decodeTokens(await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', doc.uri), legend);
    const start = doc.positionAt(doc.getText().indexOf('现代化产\n业体系'));
    const parts = got.filter((t) => (t.line === start.line && t.char === start.character) || (t.line === start.line + 1 && t.char === 0 && t.length === 3));
    const type = TYPE[[...lexicon().values()].find((c) => c.term === '现代化产业体系').category];
    assert.deepStrictEqual(parts.map((t) => [t.length, t.type]), [[4, type], [3, type]]);
  });

  test('toggleHighlighting turns the tokens off and on again', async function () {
    this.timeout(40000);
    const cfg = () => vscode.workspace.getConfiguration('policyLens', doc.uri).get('highlighting.enabled');
    assert.strictEqual(cfg(), true);
    await vscode.commands.executeCommand('policyLens.toggleHighlighting');
    try {
      assert.strictEqual(cfg(), false, 'the setting is now off');
      await until('no semantic tokens while highlighting is off', async () => {
        const t = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', doc.uri);
        return !t || t.data.length === 0;
      }, { timeout: 10000 });
    } finally {
      await vscode.commands.executeCommand('policyLens.toggleHighlighting');
    }
    assert.strictEqual(cfg(), true);
    const t = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', doc.uri);
    assert.ok(t && t.data.length > 0, 'tokens are back');
  });
});
