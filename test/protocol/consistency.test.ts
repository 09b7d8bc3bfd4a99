/**
 * Term consistency: a synonym the paper would correct (颠覆性创新 for 颠覆式创新, 战略新兴产业) is
 * reported with code `variant-term` at the severity the settings ask for, outside quotations only, and
 * fixed by code actions whose edits name the document version they were computed for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { sharedServer, withServer, type StartOptions, type TestClient } from './client';

/** One server for the tests below that only open documents (see sharedServer in ./client). */
const shared = sharedServer();

const TEXT = [
  '# 方案',
  '',
  // 颠覆性创新 2:10-2:15 and 战略新兴产业 2:49-2:55 are variants; 颠覆性技术创新 2:2-2:9 is the official
  // wording, 颠覆式创新 2:18-2:23 the term; the English name 2:24-2:45 is not a competing term.
  '推动颠覆性技术创新和颠覆性创新，坚持颠覆式创新（disruptive innovation），发展战略新兴产业。',
  // 颠覆性创新 3:1-3:6 is a variant; the quoted one and the one in a title are someone's words.
  '以颠覆性创新带动“颠覆性创新”与《颠覆性创新论》。',
  '',
].join('\n');

const at = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

const variant = (line: number, start: number, end: number, surface: string, severity: 1 | 2 | 3 | 4, term = '颠覆式创新'): Diagnostic => ({
  range: at(line, start, end),
  severity,
  source: 'policy-lens',
  code: 'variant-term',
  message: `“${surface}” is a variant; the paper’s term is “${term}”.`,
  data: { term, variant: surface },
});

const EXPECTED = [variant(2, 10, 15, '颠覆性创新', 4), variant(2, 49, 55, '战略新兴产业', 4, '战略性新兴产业'), variant(3, 1, 6, '颠覆性创新', 4)];

/** A client that takes versioned edits, as VS Code and Neovim do. */
const VERSIONED: StartOptions['capabilities'] = (c) => {
  c.workspace!.workspaceEdit = { documentChanges: true };
};

const versioned = (uri: string, version: number, edits: TextEdit[]): WorkspaceEdit => ({ documentChanges: [{ textDocument: { uri, version }, edits }] });

/**
 * The code actions for diagnostics, asked as VS Code asks to decide on a light bulb (trigger kind
 * Automatic): the fixes, without the "don't tag" actions an explicit request adds (see the last test).
 */
function codeActions(c: TestClient, uri: string, diagnostics: Diagnostic[], only?: string[], triggerKind = 2): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? at(0, 0, 0);
  return c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, triggerKind, ...(only && { only }) } });
}

/** Applies a WorkspaceEdit as an editor does: one didChange, edits from the last to the first. Rejects a stale version. */
async function apply(c: TestClient, uri: string, edit: WorkspaceEdit, version: number): Promise<void> {
  const change = edit.documentChanges?.[0];
  assert.ok(change && 'textDocument' in change, 'a versioned edit');
  assert.equal(change.textDocument.version, version, 'the edit is for the current version');
  await c.change(uri, [...change.edits].reverse().map((e) => ({ range: e.range, text: 'newText' in e ? e.newText : '' })));
}

test('consistency: a diagnostic on each synonym outside quotations, none on the term, its English name or quoted text (default severity: hint)', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', TEXT);
    assert.deepEqual(await c.waitForDiagnostics(uri), EXPECTED);
  }));

test('consistency: official wording, abbreviations and names are never reported (新兴产业, 核心技术, 专精特新“小巨人”企业, 量子科技)', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', '启动实施颠覆性技术创新项目，聚焦产业“卡脖子”核心技术，培育新兴产业和新型基础设施，支持专精特新“小巨人”企业，发展量子科技、现代产业体系。\n');
    assert.deepEqual(await c.waitForDiagnostics(uri), []);
  }));

test('consistency severity follows policyLens.consistency.level, read per document', () =>
  withServer(
    {
      files: {},
      settings: (scope) => ({ consistency: { level: scope?.endsWith('warn.md') ? 'warning' : scope?.endsWith('info.md') ? 'information' : 'off' } }),
    },
    async (c) => {
      const warn = await c.open('warn.md', TEXT);
      const info = await c.open('info.md', TEXT);
      const off = await c.open('off.md', TEXT);
      assert.deepEqual((await c.waitForDiagnostics(warn)).map((d) => d.severity), [2, 2, 2]);
      assert.deepEqual((await c.waitForDiagnostics(info)).map((d) => d.severity), [3, 3, 3]);
      assert.deepEqual(await c.waitForDiagnostics(off), []);
      // Changed at run time: the server asks again and publishes anew.
      const mark = c.mark();
      await c.changeConfiguration({ consistency: { level: 'hint' } });
      assert.deepEqual(await c.waitForDiagnostics(off, mark), EXPECTED);
      assert.deepEqual((await c.waitForDiagnostics(warn, mark)).map((d) => d.severity), [4, 4, 4]);
    },
  ));

test('quick fix: replaces exactly the variant; "fix all" covers one variant → term pair; every edit names the version', () =>
  withServer({ files: {}, capabilities: VERSIONED }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const diagnostics = await c.waitForDiagnostics(uri);
    // One 战略新兴产业: a quick fix, no "fix all".
    assert.deepEqual(await codeActions(c, uri, [diagnostics[1]]), [
      {
        title: 'Replace “战略新兴产业” with “战略性新兴产业”',
        kind: 'quickfix',
        diagnostics: [diagnostics[1]],
        isPreferred: true,
        edit: versioned(uri, 1, [{ range: at(2, 49, 55), newText: '战略性新兴产业' }]),
      },
    ]);
    // Two unquoted 颠覆性创新: a quick fix, and "replace all 2" for that pair only (not 战略新兴产业).
    const actions = await codeActions(c, uri, [diagnostics[0]]);
    assert.deepEqual(actions, [
      {
        title: 'Replace “颠覆性创新” with “颠覆式创新”',
        kind: 'quickfix',
        diagnostics: [diagnostics[0]],
        isPreferred: true,
        edit: versioned(uri, 1, [{ range: at(2, 10, 15), newText: '颠覆式创新' }]),
      },
      {
        title: 'Replace all 2 “颠覆性创新” with “颠覆式创新”',
        kind: 'quickfix',
        diagnostics: [diagnostics[0], diagnostics[2]],
        edit: versioned(uri, 1, [
          { range: at(2, 10, 15), newText: '颠覆式创新' },
          { range: at(3, 1, 6), newText: '颠覆式创新' },
        ]),
      },
    ]);
    const mark = c.mark();
    await apply(c, uri, actions[1].edit!, 1);
    assert.deepEqual(c.text(uri).split('\n').slice(2, 4), [
      '推动颠覆性技术创新和颠覆式创新，坚持颠覆式创新（disruptive innovation），发展战略新兴产业。',
      '以颠覆式创新带动“颠覆性创新”与《颠覆性创新论》。',
    ]);
    assert.deepEqual(await c.waitForDiagnostics(uri, mark), [EXPECTED[1]]);
  }));

test('a fix computed before an edit carries the old version (the client rejects it); a fresh request targets the new text', () =>
  withServer({ files: {}, capabilities: VERSIONED }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const diagnostics = await c.waitForDiagnostics(uri);
    const before = await codeActions(c, uri, [diagnostics[0]]);
    assert.deepEqual(before[0].edit, versioned(uri, 1, [{ range: at(2, 10, 15), newText: '颠覆式创新' }]));
    // The writer types before the variant; the old fix would now land on 插入颠覆式创新覆性创新.
    const mark = c.mark();
    const version = await c.change(uri, [{ range: at(2, 0, 0), text: '插入' }]);
    assert.equal(version, 2);
    const stale = before[0].edit!.documentChanges![0];
    assert.ok('textDocument' in stale && stale.textDocument.version === 1, 'the old edit names version 1, which the client no longer has');
    const fresh = await c.waitForDiagnostics(uri, mark);
    assert.deepEqual(fresh[0].range, at(2, 12, 17));
    const after = await codeActions(c, uri, [fresh[0]]);
    assert.deepEqual(after[0].edit, versioned(uri, 2, [{ range: at(2, 12, 17), newText: '颠覆式创新' }]));
    await apply(c, uri, after[0].edit!, 2);
    assert.equal(c.text(uri).split('\n')[2], '插入推动颠覆性技术创新和颠覆式创新，坚持颠覆式创新（disruptive innovation），发展战略新兴产业。');
  }));

test('a client without versioned edits gets `changes`, and no fix for a diagnostic of an older version', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const diagnostics = await c.waitForDiagnostics(uri);
    assert.deepEqual((await codeActions(c, uri, [diagnostics[0]]))[0].edit, { changes: { [uri]: [{ range: at(2, 10, 15), newText: '颠覆式创新' }] } });
    const mark = c.mark();
    await c.change(uri, [{ range: at(2, 0, 0), text: '插入' }]);
    const fresh = await c.waitForDiagnostics(uri, mark);
    // The old diagnostic's range now holds 技术创新和颠 (the text shifted by two): it matches no current diagnostic.
    assert.deepEqual(await codeActions(c, uri, [diagnostics[0]]), []);
    assert.deepEqual((await codeActions(c, uri, [fresh[0]]))[0].edit, { changes: { [uri]: [{ range: at(2, 12, 17), newText: '颠覆式创新' }] } });
    // A client that does not send `data` back still gets the fix of the variant at that range.
    const { data: _data, ...bare } = fresh[0];
    assert.deepEqual((await codeActions(c, uri, [bare]))[0].edit, { changes: { [uri]: [{ range: at(2, 12, 17), newText: '颠覆式创新' }] } });
  }));

test('a soft-wrapped variant: the fix replaces its whole range, line break included', () =>
  withServer({ files: {}, capabilities: VERSIONED }, async (c) => {
    const uri = await c.open('draft.md', '> 推动颠覆性\n> 创新。\n');
    const [d] = await c.waitForDiagnostics(uri);
    assert.deepEqual(d.range, { start: { line: 0, character: 4 }, end: { line: 1, character: 4 } });
    assert.equal((d.data as { variant: string }).variant, '颠覆性创新');
    const [fix] = await codeActions(c, uri, [d]);
    assert.deepEqual(fix.edit, versioned(uri, 1, [{ range: d.range, newText: '颠覆式创新' }]));
    await apply(c, uri, fix.edit!, 1);
    assert.equal(c.text(uri), '> 推动颠覆式创新。\n');
  }));

test('source.fixAll: nothing by default (no edit on save); with policyLens.consistency.fixOnSave, one action for every variant', async () => {
  await withServer({ files: {}, capabilities: VERSIONED }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    await c.waitForDiagnostics(uri);
    assert.deepEqual(await codeActions(c, uri, [], ['source.fixAll']), []);
    assert.deepEqual(await codeActions(c, uri, [], ['source']), []);
    // A request for every kind (no `only`) never gets the whole-document action either.
    assert.deepEqual(await codeActions(c, uri, []), []);
  });
  await withServer({ files: {}, capabilities: VERSIONED, settings: { consistency: { fixOnSave: true } } }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const diagnostics = await c.waitForDiagnostics(uri);
    const actions = await codeActions(c, uri, [], ['source.fixAll']);
    assert.deepEqual(actions, [
      {
        title: 'Replace every variant with the paper’s term (3)',
        kind: 'source.fixAll.policyLens',
        diagnostics,
        edit: versioned(uri, 1, diagnostics.map((d) => ({ range: d.range, newText: (d.data as { term: string }).term }))),
      },
    ]);
    const mark = c.mark();
    await apply(c, uri, actions[0].edit!, 1);
    assert.equal(c.text(uri).split('\n')[3], '以颠覆式创新带动“颠覆性创新”与《颠覆性创新论》。');
    assert.deepEqual(await c.waitForDiagnostics(uri, mark), []);
    assert.deepEqual(await codeActions(c, uri, [], ['source.fixAll']), []);
  });
});

test('asked explicitly (Ctrl+. or Neovim), the fixes come first, then the actions that turn the tag off', () =>
  withServer({ files: {}, capabilities: VERSIONED }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const diagnostics = await c.waitForDiagnostics(uri);
    const actions = await codeActions(c, uri, [diagnostics[1]], undefined, 1);
    assert.deepEqual(actions.map((a) => a.title), ['Replace “战略新兴产业” with “战略性新兴产业”', 'Don’t tag “战略性新兴产业” in this document', 'Don’t tag this line', 'Open the lexicon entry of “战略性新兴产业”']);
    assert.deepEqual(actions[0].edit, versioned(uri, 1, [{ range: at(2, 49, 55), newText: '战略性新兴产业' }]));
  }));
