'use strict';
// Definition, references, outline, workspace symbols and code lenses through
// VS Code's own commands (so every registered provider takes part).
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const { ready, openDraft, at, rangeOf, until, concept, paperLine, paperText, walk, wsFolder, cliAnnotations } = require('../helpers');

const uriOf = (l) => l.targetUri || l.uri;
const rangeOfLoc = (l) => l.targetRange || l.range;
const isPaper = (uri) => uri.path.endsWith('/server/data/source/paper.md');

suite('navigation', () => {
  let doc;
  let api;
  suiteSetup(async function () {
    this.timeout(180000);
    ({ api } = await ready());
    ({ doc } = await openDraft('policy-draft.md'));
  });

  for (const [id, context, needle] of [
    ['data-elements', '加快培育数据要素', '数据要素'],
    ['sti-commercialization', '提高科技成果转化效率', '科技成果转化'],
    ['disruptive-innovation', '对颠覆性创新项目', '颠覆性创新'],
  ]) {
    test(`definition of ${needle} → paper.md at its defining paragraph`, async function () {
      const c = concept(id);
      const defs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', doc.uri, at(doc, context, needle));
      const ours = defs.filter((d) => isPaper(uriOf(d)));
      assert.strictEqual(ours.length, 1, `one definition in the paper: ${JSON.stringify(defs.map((d) => uriOf(d).toString()))}`);
      assert.strictEqual(uriOf(ours[0]).toString(), api.paperUri.toString(), 'the paper shipped with the extension');
      const line = paperLine(paperText(), c.source.defines);
      const r = rangeOfLoc(ours[0]);
      assert.strictEqual(r.start.line, line, `${c.source.defines} starts on paper line ${line + 1}`);
      assert.strictEqual(r.start.character, 0);
      const paperDoc = await vscode.workspace.openTextDocument(api.paperUri);
      assert.strictEqual(paperDoc.getText(r), paperDoc.lineAt(line).text, 'the range is the whole paragraph');
    });
  }

  test('no definition off a concept', async () => {
    const defs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', doc.uri, at(doc, '结合我省实际', '实际'));
    assert.deepStrictEqual(defs.filter((d) => isPaper(uriOf(d))), []);
  });

  test('references of 数据要素: every workspace draft (all its forms) and the paper', async function () {
    this.timeout(60000);
    const pos = at(doc, '加快培育数据要素', '数据要素');
    // The workspace index is built in the background: wait until all three drafts are in.
    const refs = await until('references in three workspace files', async () => {
      const r = await vscode.commands.executeCommand('vscode.executeReferenceProvider', doc.uri, pos);
      const files = new Set(r.filter((l) => !isPaper(l.uri)).map((l) => l.uri.toString()));
      return files.size >= 3 ? r : undefined;
    });
    const byFile = new Map();
    for (const l of refs) {
      const key = isPaper(l.uri) ? 'paper.md' : path.relative(wsFolder().fsPath, l.uri.fsPath);
      if (!byFile.has(key)) byFile.set(key, []);
      byFile.get(key).push(l);
    }
    console.log('[references 数据要素]', [...byFile].map(([f, ls]) => `${f} ×${ls.length}`).join(', '));
    assert.deepStrictEqual([...byFile.keys()].sort(), ['drafts/think-tank-brief.md', 'drafts/traditional.md', 'paper.md', 'policy-draft.md']);
    assert.strictEqual(byFile.get('policy-draft.md').length, 3);
    // In each draft, as many as the command-line tool finds there.
    for (const [file, locs] of byFile) {
      if (file === 'paper.md') continue;
      const n = cliAnnotations(path.join(wsFolder().fsPath, file)).filter((a) => a.concept.id === 'data-elements').length;
      assert.strictEqual(locs.length, n, `${file}: references vs policy-lens annotate`);
    }
    // Every location really is a form of 数据要素 in that file.
    const forms = /^(数据要素|數據要素|数据生产要素|新型数据要素|data elements?|data factors?)$/i;
    for (const l of refs) {
      const d = await vscode.workspace.openTextDocument(l.uri);
      const text = d.getText(l.range).replace(/\s*\n[\s>]*/g, '');
      assert.match(text, forms, `${path.basename(l.uri.path)}:${l.range.start.line + 1}:${l.range.start.character + 1}`);
    }
    // The paper's own occurrences: the defining paragraph among them.
    const defLine = paperLine(paperText(), concept('data-elements').source.defines);
    assert.ok(byFile.get('paper.md').some((l) => l.range.start.line === defLine), 'an occurrence in the defining paragraph');
    assert.ok(byFile.get('paper.md').length >= 5);
  });

  test('references from inside the paper reach the drafts', async function () {
    this.timeout(60000);
    const paperDoc = await vscode.workspace.openTextDocument(api.paperUri);
    const defLine = paperLine(paperText(), concept('data-elements').source.defines);
    const ch = paperDoc.lineAt(defLine).text.indexOf('数据要素');
    assert.ok(ch >= 0);
    const refs = await until('references from the paper', async () => {
      const r = await vscode.commands.executeCommand('vscode.executeReferenceProvider', api.paperUri, new vscode.Position(defLine, ch + 1));
      return r && r.some((l) => l.uri.toString() === doc.uri.toString()) ? r : undefined;
    });
    assert.ok(refs.some((l) => isPaper(l.uri)) && refs.some((l) => l.uri.path.endsWith('/drafts/traditional.md')));
  });

  test('outline: our heading tree with the concepts under their headings (among VS Code\'s Markdown symbols)', async () => {
    const symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.ok(Array.isArray(symbols) && symbols.length, 'document symbols');
    const all = [...walk(symbols)];
    // Ours: headings (String) that have concept children (Constant); the built-in Markdown outline has none.
    const section = all.find(({ symbol: s }) => s.kind === vscode.SymbolKind.String && /（三）激活数据要素潜能/.test(s.name) && (s.children || []).some((k) => k.kind === vscode.SymbolKind.Constant));
    assert.ok(section, `a heading symbol with concept children; got: ${all.filter((x) => x.symbol.kind === vscode.SymbolKind.String).map((x) => x.symbol.name).join(' | ')}`);
    const s = section.symbol;
    assert.strictEqual(s.name, '（三）激活数据要素潜能', 'our heading names carry no #');
    assert.strictEqual(s.selectionRange.start.line, rangeOf(doc, '### （三）激活数据要素潜能').start.line);
    assert.deepStrictEqual(section.parents.map((p) => p.name), ['××省加快发展新质生产力三年行动方案（2025—2027年）', '二、重点任务']);
    assert.match(s.detail, /^数据要素 ×3 · /);
    const kids = Object.fromEntries(s.children.map((k) => [k.name, k]));
    assert.deepStrictEqual(Object.keys(kids).sort(), ['产业数字化', '数字经济', '数据交易市场', '数据产权制度', '数据要素'].sort());
    const de = kids['数据要素'];
    assert.strictEqual(de.kind, vscode.SymbolKind.Constant);
    assert.strictEqual(de.detail, '×3 · 新要素 New factors');
    assert.ok(de.selectionRange.isEqual(rangeOf(doc, '### （三）激活数据要素潜能', '数据要素')), 'selection: its first occurrence (in the heading)');
    assert.ok(s.range.contains(de.range));
    // Nothing of the fenced code block shows up as a concept.
    const codeLines = [rangeOf(doc, '```json').start.line, rangeOf(doc, '```\n\n## 二').start.line];
    const inCode = all.filter(({ symbol: k }) => k.kind === vscode.SymbolKind.Constant && k.selectionRange.start.line > codeLines[0] && k.selectionRange.start.line < codeLines[1]);
    assert.deepStrictEqual(inCode.map((x) => x.symbol.name), []);
  });

  test('workspace symbols: pinyin initials "sjys" find 数据要素 at its defining paragraph', async () => {
    const found = await vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', 'sjys');
    const hit = found.find((s) => s.name.startsWith('数据要素'));
    assert.ok(hit, `found: ${found.map((s) => s.name).join(', ')}`);
    assert.strictEqual(hit.name, '数据要素 data elements');
    assert.strictEqual(hit.kind, vscode.SymbolKind.Constant);
    assert.ok(isPaper(hit.location.uri));
    assert.strictEqual(hit.location.range.start.line, paperLine(paperText(), concept('data-elements').source.defines));
    for (const [q, term] of [['數據要素', '数据要素'], ['data elements', '数据要素'], ['zjtx', '专精特新']]) {
      const r = await vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', q);
      assert.ok(r.some((s) => s.name.startsWith(term + ' ')), `${q} → ${term}: ${r.map((s) => s.name).join(', ')}`);
    }
  });

  test('code lenses: each heading\'s concepts, running revealSectionConcepts', async () => {
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 100);
    const ours = lenses.filter((l) => l.command && l.command.command === 'policyLens.revealSectionConcepts');
    assert.ok(ours.length >= 8, `lenses: ${ours.length}`);
    const line = rangeOf(doc, '### （三）激活数据要素潜能').start.line;
    const lens = ours.find((l) => l.range.start.line === line);
    assert.ok(lens, `a lens on line ${line + 1}`);
    assert.match(lens.command.title, /^数据要素 ×3 · /);
    for (const t of ['数据产权制度 ×1', '数据交易市场 ×1', '产业数字化 ×1', '数字经济 ×1']) assert.ok(lens.command.title.includes(t), lens.command.title);
    assert.deepStrictEqual(lens.command.arguments, [doc.uri.toString(), line]);
    // A heading whose own section (up to the next heading) uses no concept gets none.
    const bare = rangeOf(doc, '## 一、总体要求').start.line;
    assert.ok(!ours.some((l) => l.range.start.line === bare), 'no lens on a heading whose own section uses no concept');
  });
});
