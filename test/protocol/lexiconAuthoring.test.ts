/**
 * Lexicon authoring through the server: the code actions on a selection and on a tag, and the exact
 * WorkspaceEdit each command sends with workspace/applyEdit (a CreateFile for a missing
 * .policy-lens/lexicon.yaml; a versioned text edit of an existing one, of the open document's text
 * when the editor has it open).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { ApplyWorkspaceEditParams, CodeAction, ShowDocumentParams } from 'vscode-languageserver-protocol';
import { ROOT, withServer, type StartOptions, type TestClient } from './client';
import { userSchemaLine } from '../../server/src/core/lexicon/import/common';

/** A client that applies edits and shows documents, as VS Code and Neovim do; it records what it was asked. */
const capable: StartOptions['capabilities'] = (caps) => {
  caps.workspace!.applyEdit = true;
  caps.workspace!.workspaceEdit = { documentChanges: true, resourceOperations: ['create'] };
  caps.window!.showDocument = { support: true };
};

function recordEdits(c: TestClient): { edits: ApplyWorkspaceEditParams[]; shown: ShowDocumentParams[] } {
  const edits: ApplyWorkspaceEditParams[] = [];
  const shown: ShowDocumentParams[] = [];
  c.connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
    edits.push(p);
    return { applied: true };
  });
  c.connection.onRequest('window/showDocument', (p: ShowDocumentParams) => {
    shown.push(p);
    return { success: true };
  });
  return { edits, shown };
}

const actions = (c: TestClient, uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, triggerKind = 1) =>
  c.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], triggerKind } });
const at = (line: number, from: number, to = from) => ({ start: { line, character: from }, end: { line, character: to } });

const DRAFT = '推动产业集群和中试平台建设，发展新质生产力。\n';

test('"Add as a new concept" on a selection creates .policy-lens/lexicon.yaml with a CreateFile operation', () =>
  withServer({ files: { 'draft.md': DRAFT }, capabilities: capable }, async (c) => {
    const { edits } = recordEdits(c);
    const uri = await c.open('draft.md', DRAFT);
    const got = await actions(c, uri, at(0, 2, 6));
    assert.deepEqual(got, [
      {
        title: 'Add “产业集群” as a new concept',
        kind: 'refactor',
        command: { title: 'Add “产业集群” as a new concept', command: 'policyLens.lexicon.addConcept', arguments: [{ uri, term: '产业集群' }] },
      },
    ]);
    const lexicon = c.uri('.policy-lens/lexicon.yaml');
    const result = await c.request('workspace/executeCommand', got![0].command);
    assert.deepEqual(result, { applied: true, uri: lexicon, conceptId: 'chan-ye-ji-qun', line: 3 });
    assert.deepEqual(edits, [
      {
        label: 'Add “产业集群” as a new concept',
        edit: {
          documentChanges: [
            { kind: 'create', uri: lexicon, options: { overwrite: false, ignoreIfExists: false } },
            {
              textDocument: { uri: lexicon, version: null },
              edits: [{ range: at(0, 0), newText: `${userSchemaLine()}\nversion: 1\nconcepts:\n  - id: chan-ye-ji-qun\n    term: 产业集群\n` }],
            },
          ],
        },
      },
    ]);
    // The server wrote nothing itself: creating the file is the editor's job.
    assert.equal(existsSync(c.path('.policy-lens/lexicon.yaml')), false);
  }));

test('"Add as a new concept" into an existing lexicon: a versioned edit of the open document, comments kept', () =>
  withServer({ files: { 'draft.md': DRAFT, '.policy-lens/lexicon.yaml': 'version: 1\nconcepts:\n  - id: old\n    term: 旧词\n' }, capabilities: capable }, async (c) => {
    const { edits } = recordEdits(c);
    const uri = await c.open('draft.md', DRAFT);
    const [add] = (await actions(c, uri, at(0, 7, 9)))!;
    assert.equal(add.title, 'Add “中试” as a new concept');
    const lexicon = c.uri('.policy-lens/lexicon.yaml');
    // Not open: the file as it is on disk, version null.
    assert.deepEqual(await c.request('workspace/executeCommand', add.command), { applied: true, uri: lexicon, conceptId: 'zhong-shi', line: 4 });
    assert.deepEqual(edits.pop()!.edit, {
      documentChanges: [{ textDocument: { uri: lexicon, version: null }, edits: [{ range: at(4, 0), newText: '  - id: zhong-shi\n    term: 中试\n' }] }],
    });
    // Open with unsaved changes (a comment and a concept with the same slug): those are what is edited, at their version.
    const unsaved = '# 团队词表\nversion: 1\nconcepts:\n  - id: old\n    term: 旧词\n\n  - id: zhong-shi\n    term: 种石 # 另一个词\n';
    await c.open(lexicon, unsaved);
    const v2 = await c.change(lexicon, [{ range: at(0, 0), text: '' }]);
    assert.equal(v2, 2);
    assert.deepEqual(await c.request('workspace/executeCommand', add.command), { applied: true, uri: lexicon, conceptId: 'zhong-shi-2', line: 9 });
    assert.deepEqual(edits.pop()!.edit, {
      documentChanges: [{ textDocument: { uri: lexicon, version: 2 }, edits: [{ range: at(8, 0), newText: '\n  - id: zhong-shi-2\n    term: 中试\n' }] }],
    });
    assert.equal(readFileSync(c.path('.policy-lens/lexicon.yaml'), 'utf8'), 'version: 1\nconcepts:\n  - id: old\n    term: 旧词\n');
  }));

test('no "add" on a form the lexicon already tags, a sentence, or when asked only for quick fixes', () =>
  withServer({ files: { 'draft.md': DRAFT }, capabilities: capable }, async (c) => {
    const uri = await c.open('draft.md', DRAFT);
    // This feature's actions only (the suppress feature offers its own on a tag).
    const titles = async (range: ReturnType<typeof at>, triggerKind = 1) =>
      ((await actions(c, uri, range, triggerKind)) ?? []).filter((a) => a.command?.command.startsWith('policyLens.lexicon.')).map((a) => a.title);
    assert.deepEqual(await titles(at(0, 16, 21)), ['Open the lexicon entry of “新质生产力”']);
    assert.deepEqual(await titles(at(0, 0, 16)), []);
    // A selection that cuts through a tag (生产力 of 新质生产力) is no term to add.
    assert.deepEqual(await titles(at(0, 18, 21)), ['Open the lexicon entry of “新质生产力”']);
    // Asked automatically (on every selection change in VS Code): the add, not the entry.
    assert.deepEqual(await titles(at(0, 2, 6), 2), ['Add “产业集群” as a new concept']);
    assert.deepEqual(await titles(at(0, 16, 16), 2), []);
    const only = await c.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: at(0, 2, 6), context: { diagnostics: [], only: ['quickfix'] } });
    assert.deepEqual((only ?? []).filter((a) => a.command), []);
  }));

test('"Open the lexicon entry" on a tag: the line of the entry in the shipped lexicon, shown with window/showDocument', () =>
  withServer({ files: { 'draft.md': DRAFT }, capabilities: capable }, async (c) => {
    const { shown } = recordEdits(c);
    const uri = await c.open('draft.md', DRAFT);
    const open = (await actions(c, uri, at(0, 18)))!.find((a) => a.command)!;
    assert.deepEqual(open, {
      title: 'Open the lexicon entry of “新质生产力”',
      command: { title: 'Open the lexicon entry of “新质生产力”', command: 'policyLens.lexicon.openEntry', arguments: [{ uri, conceptId: 'new-quality-productive-forces' }] },
    });
    const shipped = join(ROOT, 'server', 'data', 'lexicon.yaml');
    const line = readFileSync(shipped, 'utf8').split('\n').indexOf('  - id: new-quality-productive-forces');
    assert.ok(line > 0);
    const location = { uri: URI.file(shipped).toString(), range: at(line, 0) };
    assert.deepEqual(await c.request('workspace/executeCommand', open.command), location);
    assert.deepEqual(shown, [{ uri: location.uri, selection: location.range, takeFocus: true }]);
  }));

test('an editor without versioned edits gets a message, never an unversioned edit', () =>
  withServer({ files: { 'draft.md': DRAFT } }, async (c) => {
    const { edits } = recordEdits(c);
    const uri = await c.open('draft.md', DRAFT);
    const [add] = (await actions(c, uri, at(0, 2, 6)))!;
    const mark = c.mark();
    assert.equal(await c.request('workspace/executeCommand', add.command), null);
    const message = await c.waitFor('a message', () => c.events.find((e) => e.seq > mark && e.type === 'message'));
    assert.match(JSON.stringify(message), /this editor does not take versioned workspace edits/);
    assert.deepEqual(edits, []);
  }));
