/**
 * A workspace with its own lexicon and source text (issue 9, test/fixtures/workspace-lexicon): hover,
 * definition into the workspace's source file, references, completion by pinyin, semantic tokens and
 * consistency hints for its concepts; the lexicon edited on disk (didChangeWatchedFiles) or in the
 * editor (didChange) is reloaded without a restart; a broken lexicon shows a diagnostic on its own
 * file with the range of the error, keeps its last good concepts, and leaves the shipped ones alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileChangeType, type CompletionItem, type Hover, type Location, type SemanticTokens } from 'vscode-languageserver-protocol';
import { ROOT, decodeTokens, tokenStrings, withServer, type TestClient } from './client';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'workspace-lexicon');
const LEXICON = '.policy-lens/lexicon.yaml';
const SOURCE = '.policy-lens/sources/cluster-notes.md';
const DRAFT = 'drafts/report.md';
const files = (): Record<string, string> => Object.fromEntries([LEXICON, SOURCE, DRAFT].map((rel) => [rel, readFileSync(join(FIXTURE, rel), 'utf8')]));

/** The status notifications the server sent (the test client records only the standard ones). */
function statuses(c: TestClient): { lexicons?: { lexicons: number; sources: number; concepts: number; problems: number; generation: number } }[] {
  const list: ReturnType<typeof statuses> = [];
  c.connection.onNotification('policyLens/status', (p: (typeof list)[number]) => list.push(p));
  return list;
}

async function hoverText(c: TestClient, uri: string, line: number, character: number): Promise<string | undefined> {
  const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  return h ? (h.contents as { value: string }).value : undefined;
}

/**
 * Opens the draft once the server has loaded the workspace's lexicons (its status says so: requests
 * do not wait for a slow first load for ever) and analysed the draft with them.
 */
async function openDraft(c: TestClient, status = statuses(c)): Promise<string> {
  await c.waitFor('the status after the lexicons loaded', () => status.find((s) => s.lexicons));
  const uri = await c.open(DRAFT, files()[DRAFT]);
  await c.waitForAnalysis(uri);
  return uri;
}

async function tokens(c: TestClient, uri: string): Promise<string[]> {
  const t = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
  return tokenStrings(decodeTokens(t.data, c.legend));
}

test('hover on a workspace concept: its term, its frame’s category, its definition and the workspace source as citation', () =>
  withServer({ files: files() }, async (c) => {
    const uri = await openDraft(c);
    const value = await hoverText(c, uri, 2, 5);
    assert.equal(
      value,
      [
        '### 产业集群 · industrial clusters',
        '`产业组织 Industrial organisation`',
        '',
        '同一产业链上的企业和机构在一定地域内集中布局、分工协作而形成的产业组织形态。',
        '',
        '*Firms and institutions of one industrial chain gathered in one area and working together.*',
        '',
        '---',
        '',
        '**Source** 政策透镜测试组《产业集群与低空经济札记》, 一、产业集群 第1段 (Section 1, paragraph 1)',
        '',
        '> **产业集群**是同一产业链上的企业、科研机构和服务机构在一定地域内集中布局、分工协作而形成的产业组织形态。',
        '',
        `[Open the source at this paragraph](${c.uri(SOURCE)}#L20)`,
        '',
        'In this document: 2 · In the workspace: 2 in 1 file(s)',
      ].join('\n'),
    );
    // A concept defined in Chinese only: no empty English line.
    const low = await hoverText(c, uri, 2, 16);
    assert.ok(low?.startsWith('### 低空经济 · low-altitude economy\n`新兴领域 Frontier sectors`\n\n以低空飞行活动为牵引、多领域融合发展的综合性经济形态。\n\n---'), low);
    // The shipped concepts are all still there.
    assert.match((await hoverText(c, uri, 4, 5)) ?? '', /^### 数据要素 · data elements\n/);
  }));

test('definition goes into the workspace’s own source file, at the defining paragraph; references list the source’s occurrences', () =>
  withServer({ files: files() }, async (c) => {
    const uri = await openDraft(c);
    const position = { line: 2, character: 5 };
    const def = await c.request<Location | null>('textDocument/definition', { textDocument: { uri }, position });
    // Line 19 of the source is the paragraph under “## 一、产业集群” (75 UTF-16 code units).
    assert.deepEqual(def, { uri: c.uri(SOURCE), range: { start: { line: 19, character: 0 }, end: { line: 19, character: 75 } } });
    await c.waitForIndexing();
    const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
    assert.deepEqual(
      refs.map((l) => `${c.short(l.uri)} ${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`),
      [
        'ws/drafts/report.md 2:4-2:8',
        'ws/drafts/report.md 4:15-4:18', // 产业群, a synonym
        'ws/.policy-lens/sources/cluster-notes.md 15:2-15:6', // the title
        'ws/.policy-lens/sources/cluster-notes.md 17:5-17:9', // the heading
        'ws/.policy-lens/sources/cluster-notes.md 19:0-19:4',
        'ws/.policy-lens/sources/cluster-notes.md 19:52-19:56',
      ],
    );
  }));

test('completion by pinyin initials: cyjq → 产业集群, dkjj → 低空经济 (pinyin derived at run time)', () =>
  withServer({ files: files() }, async (c) => {
    const status = statuses(c);
    await c.waitFor('the status after the lexicons loaded', () => status.find((s) => s.lexicons));
    const uri = await c.open('drafts/new.md', '推动cyjq\n培育dkjj\n');
    await c.waitForAnalysis(uri);
    for (const [line, typed, term] of [[0, 'cyjq', '产业集群'], [1, 'dkjj', '低空经济']] as const) {
      const items = await c.request<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line, character: 2 + typed.length } });
      const item = items?.find((i) => i.label === term);
      assert.ok(item, `${typed}: ${JSON.stringify(items?.map((i) => i.label))}`);
      assert.deepEqual(item.textEdit, { range: { start: { line, character: 2 }, end: { line, character: 2 + typed.length } }, newText: term });
    }
  }));

test('semantic tokens and consistency hints for the workspace’s concepts', () =>
  withServer({ files: files() }, async (c) => {
    const uri = await openDraft(c);
    // The user frame's two categories take the first two token types, in frame order.
    assert.deepEqual(await tokens(c, uri), [
      '2:4+4 policyFoundation', // 产业集群
      '2:15+4 policyTechnology', // 低空经济
      '4:4+4 policyFactor', // 数据要素 (shipped)
      '4:15+3 policyFoundation.variant', // 产业群
    ]);
    const diagnostics = await c.waitForDiagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.range, d.code, d.message]),
      [[{ start: { line: 4, character: 15 }, end: { line: 4, character: 18 } }, 'variant-term', '“产业群” is a variant; the lexicon’s term is “产业集群”.']],
    );
  }));

test('live reload: a concept added to the lexicon on disk is tagged without a restart, within a second; the status says what was loaded', () =>
  withServer({ files: files() }, async (c) => {
    const status = statuses(c);
    const uri = await openDraft(c, status);
    await c.waitForIndexing();
    assert.equal(await hoverText(c, uri, 2, 20), undefined, '新增长点 is no concept yet');
    const mark = c.mark();
    c.writeFile(LEXICON, files()[LEXICON] + '  - id: new-growth-points\n    term: 新增长点\n    definition: { zh: 能带动经济持续增长的新领域和新业务。 }\n');
    const sent = Date.now();
    await c.fileEvents([{ uri: c.uri(LEXICON), type: FileChangeType.Changed }]);
    await c.waitForRefresh('workspace/semanticTokens/refresh', mark);
    const refreshed = Date.now() - sent;
    const after = await tokens(c, uri);
    const answered = Date.now() - sent;
    console.log(`[live reload] didChangeWatchedFiles → semanticTokens/refresh ${refreshed} ms, → fresh tokens answered ${answered} ms`);
    assert.ok(answered < 1000, `reloaded within a second (${answered} ms)`);
    // A concept that cites no source and names no category is `other`.
    assert.ok(after.includes('2:19+4 policyFoundation'), after.join(', '));
    await c.waitForRefresh('workspace/codeLens/refresh', mark);
    assert.match((await hoverText(c, uri, 2, 20)) ?? '', /^### 新增长点\n`其他 Other`\n\n能带动经济持续增长的新领域和新业务。\n\nIn this document: 1 ·/);
    await c.waitFor('a status with three lexicon concepts', () => status.find((s) => s.lexicons?.concepts === 3));
    const last = status[status.length - 1].lexicons;
    assert.deepEqual(last && { ...last, generation: 0 }, { lexicons: 1, sources: 1, concepts: 3, problems: 0, generation: 0, message: 'Lexicons: 1 file(s), 3 concept(s), 1 source(s).' });
  }));

test('live reload from the editor: the open lexicon’s unsaved edits apply as it is typed', () =>
  withServer({ files: files() }, async (c) => {
    const uri = await openDraft(c);
    const lexicon = await c.open(LEXICON, files()[LEXICON]);
    const mark = c.mark();
    // Rename the concept's term in the editor: 先进制造业 is not in the draft, so 产业集群 loses its tag (its synonym 产业群 keeps one).
    const text = c.text(lexicon);
    const at = text.indexOf('term: 产业集群') + 'term: '.length;
    const line = text.slice(0, at).split('\n').length - 1;
    const character = at - text.lastIndexOf('\n', at - 1) - 1;
    await c.change(lexicon, [{ range: { start: { line, character }, end: { line, character: character + 4 } }, text: '先进制造业' }]);
    await c.waitForRefresh('workspace/semanticTokens/refresh', mark);
    assert.deepEqual(await tokens(c, uri), ['2:15+4 policyTechnology', '4:4+4 policyFactor', '4:15+3 policyFoundation.variant']);
  }));

test('a broken lexicon: a diagnostic on the lexicon file with the error’s range, the last good concepts kept, the shipped ones untouched; fixed, the diagnostic goes', () =>
  withServer({ files: files() }, async (c) => {
    const uri = await openDraft(c);
    const lexiconUri = c.uri(LEXICON);
    const good = files()[LEXICON];
    // An unclosed flow sequence on the `aliases:` line of the first concept (0-based line 7).
    const broken = good.replace('aliases: { synonym: [产业群] }', 'aliases: { synonym: [产业群 }');
    const mark = c.mark();
    c.writeFile(LEXICON, broken);
    await c.fileEvents([{ uri: lexiconUri, type: FileChangeType.Changed }]);
    const diagnostics = await c.waitForDiagnostics(lexiconUri, mark, (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.code, d.range, d.source]),
      [
        // The file as a whole: its last good version stays in force.
        [2, 'kept-last-good', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'policy-lens'],
        // The error itself, where the `]` is missing: `    aliases: { synonym: [产业群 }` at the `}`.
        [1, 'yaml-syntax', { start: { line: 7, character: 29 }, end: { line: 7, character: 30 } }, 'policy-lens'],
      ],
    );
    assert.match(diagnostics[1].message, /^YAML syntax: /);
    // The last good lexicon stays: 产业集群 still has its hover; so does the shipped 数据要素.
    assert.match((await hoverText(c, uri, 2, 5)) ?? '', /^### 产业集群 · industrial clusters\n/);
    assert.match((await hoverText(c, uri, 4, 5)) ?? '', /^### 数据要素 · data elements\n/);
    const fixed = c.mark();
    c.writeFile(LEXICON, good);
    await c.fileEvents([{ uri: lexiconUri, type: FileChangeType.Changed }]);
    assert.deepEqual(await c.waitForDiagnostics(lexiconUri, fixed), []);
  }));

test('the diagnostic of a broken lexicon speaks the UI language (messageZh)', () =>
  withServer({ files: { ...files(), [LEXICON]: files()[LEXICON].replace('category: frontier', 'category: nowhere') }, locale: 'zh-cn' }, async (c) => {
    const diagnostics = await c.waitForDiagnostics(c.uri(LEXICON), 0, (d) => d.length > 0);
    assert.ok(diagnostics.length >= 1, JSON.stringify(diagnostics));
    for (const d of diagnostics) assert.match(d.message, /\p{Script=Han}/u, d.message);
  }));

test('a workspace of 40 drafts (past the worker threshold) is indexed with the workspace’s engine: references find 产业集群 in all of them', () => {
  const many: Record<string, string> = files();
  for (let i = 0; i < 40; i++) many[`drafts/d${String(i).padStart(2, '0')}.md`] = `第${i}号：推动产业集群发展。\n`;
  return withServer({ files: many }, async (c) => {
    const uri = await openDraft(c);
    await c.waitForIndexing();
    // Fewer than 1,000 files with the workspace's own engine are annotated on the main thread (a worker would derive the forms again).
    assert.doesNotMatch(c.log, /parsed in \d+ worker threads/);
    const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 2, character: 5 }, context: { includeDeclaration: true } });
    const files40 = new Set(refs.map((l) => c.short(l.uri)).filter((u) => /\/d\d\d\.md$/.test(u)));
    assert.equal(files40.size, 40, [...files40].join(', '));
  });
});

test('a quotation of the workspace’s own source: exact → a document link into the source file; one changed word → a misquotation with its wording', () =>
  withServer({ files: files() }, async (c) => {
    const status = statuses(c);
    await c.waitFor('the status after the lexicons loaded', () => status.find((s) => s.lexicons));
    const sentence = '产业集群是同一产业链上的企业、科研机构和服务机构在一定地域内集中布局、分工协作而形成的产业组织形态。';
    const changed = sentence.replace('集中布局', '分散布局');
    const text = `《产业集群与低空经济札记》指出，“${sentence}”\n\n政策透镜测试组认为，“${changed}”\n`;
    const uri = await c.open('drafts/quote.md', text);
    await c.waitForAnalysis(uri);
    const links = await c.request<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; target: string }[]>('textDocument/documentLink', { textDocument: { uri } });
    const open = text.indexOf('“') + 1;
    assert.deepEqual(
      links.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character, l.target]),
      [
        [0, open, open + sentence.length, `${c.uri(SOURCE)}#L20`],
        [2, 11, 11 + changed.length, `${c.uri(SOURCE)}#L20`],
      ],
    );
    const published = await c.waitForDiagnostics(uri, 0, (d) => d.some((x) => x.code === 'misquotation'));
    const diags = published.find((d) => d.code === 'misquotation')!;
    assert.equal(diags.range.start.line, 2);
    assert.ok(diags.message.includes('［分散→集中］'), diags.message);
    assert.ok(diags.message.includes('政策透镜测试组'), diags.message);
  }));
