/**
 * Term consistency: a variant (颠覆性技术创新) where the paper's term (颠覆式创新) exists is reported
 * with code `variant-term` at the severity the settings ask for, and fixed by code actions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { withServer } from './client';

const TEXT = [
  '# 方案',
  '',
  // 颠覆性技术创新 2:2-2:9 and 颠覆性创新 2:10-2:15 are variants; 颠覆式创新 2:18-2:23 is the term;
  // the English name 2:24-2:45 is not a competing term.
  '推动颠覆性技术创新和颠覆性创新，坚持颠覆式创新（disruptive innovation）。',
  '',
].join('\n');

const variant = (start: number, end: number, surface: string, severity: 1 | 2 | 3 | 4): Diagnostic => ({
  range: { start: { line: 2, character: start }, end: { line: 2, character: end } },
  severity,
  source: 'policy-lens',
  code: 'variant-term',
  message: `“${surface}” is a variant; the paper’s term is “颠覆式创新”.`,
  data: { term: '颠覆式创新' },
});

test('consistency: a diagnostic on each variant, none on the term or its English name (default severity: hint)', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    assert.deepEqual(await c.waitForDiagnostics(uri), [variant(2, 9, '颠覆性技术创新', 4), variant(10, 15, '颠覆性创新', 4)]);
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
      assert.deepEqual((await c.waitForDiagnostics(warn)).map((d) => d.severity), [2, 2]);
      assert.deepEqual((await c.waitForDiagnostics(info)).map((d) => d.severity), [3, 3]);
      assert.deepEqual(await c.waitForDiagnostics(off), []);
      // Changed at run time: the server asks again and publishes anew.
      const mark = c.mark();
      await c.changeConfiguration({ consistency: { level: 'hint' } });
      assert.deepEqual(await c.waitForDiagnostics(off, mark), [variant(2, 9, '颠覆性技术创新', 4), variant(10, 15, '颠覆性创新', 4)]);
      assert.deepEqual((await c.waitForDiagnostics(warn, mark)).map((d) => d.severity), [4, 4]);
    },
  ));

test('quick fix: replace one variant with the canonical term, and a "fix all" for the document', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const diagnostics = await c.waitForDiagnostics(uri);
    const first = diagnostics[0];
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: first.range,
      context: { diagnostics: [first] },
    });
    const fixAllEdits: TextEdit[] = [
      { range: diagnostics[0].range, newText: '颠覆式创新' },
      { range: diagnostics[1].range, newText: '颠覆式创新' },
    ];
    assert.deepEqual(actions, [
      {
        title: 'Replace with the canonical term “颠覆式创新”',
        kind: 'quickfix',
        diagnostics: [first],
        isPreferred: true,
        edit: { changes: { [uri]: [{ range: first.range, newText: '颠覆式创新' }] } },
      },
      {
        title: 'Replace all 2 variant term(s) in this document with the canonical terms',
        kind: 'quickfix',
        diagnostics,
        edit: { changes: { [uri]: fixAllEdits } },
      },
      // On a tag, the actions that turn it off (test/protocol/noise.test.ts) follow the fixes.
      {
        title: 'Don’t tag “颠覆式创新” in this document',
        kind: 'quickfix',
        edit: { documentChanges: [{ textDocument: { uri, version: 1 }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '<!-- policy-lens: ignore 颠覆式创新 -->\n\n' }] }] },
      },
      {
        title: 'Don’t tag this line',
        kind: 'quickfix',
        edit: { documentChanges: [{ textDocument: { uri, version: 1 }, edits: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '<!-- policy-lens: disable-next-line -->\n' }] }] },
      },
    ]);
  }));

test('source.fixAll: one action for the whole document; applying it leaves no diagnostics', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    await c.waitForDiagnostics(uri);
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.policyLens');
    assert.equal(actions[0].title, 'Replace all 2 variant term(s) in this document with the canonical terms');
    const edits = actions[0].edit!.changes![uri];
    // Apply as an editor does: one didChange, edits from the last to the first so ranges stay valid.
    const mark = c.mark();
    await c.change(uri, [...edits].reverse().map((e) => ({ range: e.range, text: e.newText })));
    assert.equal(c.text(uri).split('\n')[2], '推动颠覆式创新和颠覆式创新，坚持颠覆式创新（disruptive innovation）。');
    assert.deepEqual(await c.waitForDiagnostics(uri, mark), []);
    // Nothing left to fix.
    const after = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(after, []);
  }));
