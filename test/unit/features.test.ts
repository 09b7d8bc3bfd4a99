/**
 * The LSP features run in process on inline strings, through the same narrow FeatureContext the server
 * hands them (lsp/context.ts), without spawning a server: hover, definition, references and semantic
 * tokens. The protocol tests check only the wiring on top of this.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedEngine } from '../../server/src/core/engine';
import { buildEngine } from '../../server/src/core/lexicon/layers';
import { createInMemoryContext } from '../../server/src/lsp/context';
import { provideHover } from '../../server/src/lsp/features/hover';
import { provideDefinition } from '../../server/src/lsp/features/definition';
import { provideReferences } from '../../server/src/lsp/features/references';
import { SemanticTokensProvider, LEGEND } from '../../server/src/lsp/features/semanticTokens';

const A = 'file:///ws/a.md';
const B = 'file:///ws/b.md';
const PAPER = 'file:///data/paper.md';

function workspace() {
  return createInMemoryContext({
    engine: sharedEngine(),
    paperUri: PAPER,
    documents: {
      [A]: '# 总体要求\n\n加快培育数据要素市场，发展新质生产力。\n',
      [B]: '数据要素×行动。\n',
    },
  });
}

const at = (uri: string, line: number, character: number) => ({ textDocument: { uri }, position: { line, character } });

test('hover: the term, its definition, the paper’s sentence and the workspace counts, over the occurrence’s range', async () => {
  const hover = await provideHover(workspace(), at(A, 2, 5));
  assert.ok(hover);
  assert.deepEqual(hover.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } });
  const value = (hover.contents as { value: string }).value;
  const lines = value.split('\n');
  assert.equal(lines[0], '### 数据要素 · data elements');
  assert.equal(lines[1], '`新要素 New factors` `路径二：数据要素融合渗透`');
  assert.ok(lines.includes('**Source** 朱浩然《新质生产力发展的理论逻辑与路径分析》, 二（二）第1段 (Section 2.2, paragraph 1)'), value);
  assert.ok(lines.includes(`[Open the paper at this paragraph](${PAPER}#L77)`), value);
  assert.equal(lines[lines.length - 1], 'In this document: 1 · In the workspace: 2 in 2 file(s)');
});

test('hover: nothing where no concept is', async () => {
  assert.equal(await provideHover(workspace(), at(A, 2, 0)), null);
});

test('definition: the defining paragraph of the paper, whole', async () => {
  assert.deepEqual(await provideDefinition(workspace(), at(A, 2, 5)), {
    uri: PAPER,
    range: { start: { line: 76, character: 0 }, end: { line: 76, character: 192 } },
  });
  assert.equal(await provideDefinition(workspace(), at(A, 0, 2)), null);
});

test('references: every open draft first, then the paper', async () => {
  const refs = await provideReferences(workspace(), { ...at(B, 0, 1), context: { includeDeclaration: true } });
  assert.ok(refs);
  assert.deepEqual(refs.slice(0, 3), [
    { uri: A, range: { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } } },
    { uri: B, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } },
    { uri: PAPER, range: { start: { line: 28, character: 211 }, end: { line: 28, character: 215 } } },
  ]);
  assert.ok(refs.slice(2).every((r) => r.uri === PAPER));
});

test('semantic tokens: one per occurrence, typed by category', async () => {
  const tokens = await new SemanticTokensProvider().full(workspace(), { textDocument: { uri: A } });
  // 数据要素 at 2:4 (4 long, factors), 新质生产力 at 2:13 (5 long, foundation).
  assert.deepEqual(tokens.data, [2, 4, 4, LEGEND.tokenTypes.indexOf('policyFactor'), 0, 0, 9, 5, LEGEND.tokenTypes.indexOf('policyFoundation'), 0]);
});

/** A workspace's own lexicon and source, inline, through the core's buildEngine. */
function userWorkspace() {
  const source = [
    '---',
    'id: notes',
    'meta: { title: 集群札记, author: 测试组 }',
    'frame:',
    '  categories:',
    '    - { id: clusters, zh: 产业组织, en: Industrial organisation }',
    '---',
    '',
    '# 集群札记',
    '',
    '## 一、产业集群',
    '',
    '产业集群是企业在一定地域内集中布局、分工协作的组织形态。',
    '',
  ].join('\n');
  const lexicon = 'version: 1\nconcepts:\n  - id: industrial-clusters\n    term: 产业集群\n    en: industrial clusters\n    category: clusters\n    definition: { zh: 企业在一定地域内的集中协作。 }\n    source: notes#s1-p1\n';
  const build = buildEngine({ lexicons: [{ uri: 'file:///ws/.policy-lens/lexicon.yaml', text: lexicon, kind: 'workspace' }], sources: [{ uri: 'file:///ws/.policy-lens/sources/notes.md', text: source }] });
  assert.deepEqual(build.problems, []);
  return createInMemoryContext({ engine: build.engine, paperUri: PAPER, documents: { [A]: '推动产业集群和数据要素发展。\n' } });
}

test('a workspace lexicon and source, inline: hover cites the source, definition goes into its file, references include it', async () => {
  const ctx = userWorkspace();
  const hover = await provideHover(ctx, at(A, 0, 3));
  const value = (hover?.contents as { value: string }).value;
  assert.ok(value.startsWith('### 产业集群 · industrial clusters\n`产业组织 Industrial organisation`\n\n企业在一定地域内的集中协作。\n\n---\n\n**Source** 测试组《集群札记》, 一、产业集群 第1段 (Section 1, paragraph 1)'), value);
  assert.deepEqual(await provideDefinition(ctx, at(A, 0, 3)), {
    uri: 'file:///ws/.policy-lens/sources/notes.md',
    range: { start: { line: 12, character: 0 }, end: { line: 12, character: 28 } },
  });
  const refs = await provideReferences(ctx, { ...at(A, 0, 3), context: { includeDeclaration: true } });
  assert.deepEqual(
    refs?.map((r) => `${r.uri.split('/').pop()} ${r.range.start.line}:${r.range.start.character}`),
    ['a.md 0:2', 'notes.md 10:5', 'notes.md 12:0'],
  );
  // The shipped concepts are still there, beside the workspace's.
  assert.match(((await provideHover(ctx, at(A, 0, 8)))?.contents as { value: string }).value, /^### 数据要素 · data elements\n/);
});
