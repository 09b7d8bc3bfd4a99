/**
 * The lexicon authoring feature in process, over an engine with a workspace lexicon (buildEngine): the
 * "add as an alias" actions offered for the concepts of that lexicon whose terms share characters
 * with the selection (never the shipped ones), the versioned edit the command sends, and "open the
 * lexicon entry" for a workspace concept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplyWorkspaceEditParams, CodeAction, Connection, ExecuteCommandParams } from 'vscode-languageserver';
import { buildEngine } from '../../server/src/core/lexicon/layers';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import type { FeatureContext } from '../../server/src/lsp/context';
import { nearestConcepts, registerLexiconAuthoring, selectedTerm } from '../../server/src/lsp/features/lexiconAuthoring';
import { sharedEngine } from '../../server/src/core/engine';

const LEXICON_URI = 'file:///ws/.policy-lens/lexicon.yaml';
const LEXICON = 'version: 1\nconcepts:\n  # 产业\n  - id: industrial-clusters\n    term: 产业集群\n    aliases: { synonym: [产业群] }\n';
const DRAFT_URI = 'file:///ws/draft.md';
const DRAFT = '推动产业集聚区和产业集群发展。\n';

function setup() {
  const engine = buildEngine({ lexicons: [{ uri: LEXICON_URI, text: LEXICON, kind: 'workspace' }], sources: [] }).engine;
  const doc = engine.annotate(DRAFT, DRAFT_URI, 1);
  const edits: ApplyWorkspaceEditParams[] = [];
  let execute: ((p: ExecuteCommandParams, token: unknown) => Promise<unknown>) | undefined;
  const connection = {
    onExecuteCommand: (h: typeof execute) => (execute = h),
    workspace: { applyEdit: async (p: ApplyWorkspaceEditParams) => (edits.push(p), { applied: true }) },
    window: { showDocument: async () => ({ success: true }) },
    sendNotification: () => undefined,
    console: { error: () => undefined },
  } as unknown as Connection;
  const ctx = {
    connection,
    engine,
    paperUri: 'file:///paper.md',
    document: async (uri: string) => (uri === DRAFT_URI ? doc : undefined),
    settings: async () => DEFAULT_SETTINGS,
  } as unknown as FeatureContext;
  const route = ((_name: string, h: (c: FeatureContext, p: unknown, t: unknown) => unknown) => (p: unknown, t: unknown) => h(ctx, p, t)) as Parameters<typeof registerLexiconAuthoring>[1];
  const authoring = registerLexiconAuthoring(connection, route, { open: (uri) => (uri === LEXICON_URI ? { version: 3, getText: () => LEXICON } : undefined), folders: () => ['file:///ws'] });
  authoring.configure({ workspace: { applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } }, window: { showDocument: { support: true } } });
  return { ctx, authoring, edits, execute: (c: CodeAction) => execute!({ command: c.command!.command, arguments: c.command!.arguments }, {}) };
}

test('a selection that shares characters with a workspace concept: add it as a new concept, or as that concept’s alias', async () => {
  const { ctx, authoring, edits, execute } = setup();
  const range = { start: { line: 0, character: 2 }, end: { line: 0, character: 7 } };
  const actions = await authoring.provideCodeActions(ctx, { textDocument: { uri: DRAFT_URI }, range, context: { diagnostics: [], triggerKind: 1 } });
  assert.deepEqual(
    actions?.map((a) => [a.title, a.command?.command, a.command?.arguments]),
    [
      ['Add “产业集聚区” as a new concept', 'policyLens.lexicon.addConcept', [{ uri: DRAFT_URI, term: '产业集聚区' }]],
      ['Add “产业集聚区” as an alias of “产业集群”', 'policyLens.lexicon.addAlias', [{ uri: DRAFT_URI, form: '产业集聚区', conceptId: 'industrial-clusters' }]],
    ],
  );
  // The open lexicon, at its version: the form joins the flow list, nothing else changes.
  assert.deepEqual(await execute(actions![1]), { applied: true, uri: LEXICON_URI, conceptId: 'industrial-clusters', line: 3 });
  assert.deepEqual(edits, [
    {
      label: 'Add “产业集聚区” as an alias of “产业集群”',
      edit: { documentChanges: [{ textDocument: { uri: LEXICON_URI, version: 3 }, edits: [{ range: { start: { line: 5, character: 28 }, end: { line: 5, character: 28 } }, newText: ', 产业集聚区' }] }] },
    },
  ]);
});

test('"Open the lexicon entry" of a workspace concept: its file and the line of its `- id:`', async () => {
  const { ctx, authoring, execute } = setup();
  const range = { start: { line: 0, character: 10 }, end: { line: 0, character: 10 } };
  const actions = (await authoring.provideCodeActions(ctx, { textDocument: { uri: DRAFT_URI }, range, context: { diagnostics: [], triggerKind: 1 } }))!;
  assert.deepEqual(actions.map((a) => a.title), ['Open the lexicon entry of “产业集群”']);
  assert.deepEqual(await execute(actions[0]), { uri: LEXICON_URI, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } } });
});

test('selected terms and the nearest concepts', () => {
  assert.equal(selectedTerm(' 产业集\n聚区 '), '产业集聚区');
  assert.equal(selectedTerm('推动产业集群发展，建设中试平台'), undefined);
  assert.equal(selectedTerm('industrial clusters'), undefined);
  assert.equal(selectedTerm('中'.repeat(33)), undefined);
  const near = nearestConcepts('数据产权', sharedEngine().lexicon.concepts).map((c) => c.term);
  assert.equal(near.length, 5);
  assert.equal(near[0], '数据产权制度'); // all four characters shared
});
