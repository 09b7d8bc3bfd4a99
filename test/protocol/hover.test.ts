/**
 * textDocument/hover over stdio: the whole Markdown the server sends for a canonical term and for a
 * variant, and no hover where there is no prose.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { lexiconEntry, PAPER_URI, paperLines, r, sharedServer, withServer, type TestClient } from './client';

/** One server for the tests below that only open documents (see sharedServer in ./client). */
const shared = sharedServer();

const PLAN = [
  '# 数据要素市场建设方案', // 0: 数据要素 0:2-0:6
  '',
  '## 一、总体要求',
  '',
  '加快培育数据要素市场，推动颠覆性技术创新。', // 4: 数据要素 4:4-4:8, 颠覆性技术创新 4:13-4:20
  '',
  '## 二、重点任务',
  '',
  '发挥数据要素作用。', // 8: 数据要素 8:2-8:6
  '',
].join('\n');

const OTHER = '数据要素和数据要素。\n';

async function hover(c: TestClient, uri: string, line: number, character: number): Promise<Hover | null> {
  return c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
}

/**
 * The hover's related-concepts line, from the lexicon's `related` ids (the list is data others edit;
 * the layout is what is tested): `**Related** 数字经济 (digital economy) · 产业数字化 (…)`.
 */
function relatedLine(id: string): string {
  const related = lexiconEntry(id).related.map(lexiconEntry);
  assert.ok(related.length > 0, `${id} has related concepts`);
  return `**Related** ${related.map((k) => `${k.term} (${k.en})`).join(' · ')}`;
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  const contents = h.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

test('hover on a canonical term: term, English, category, definitions, citation, related concepts and counts', () =>
  withServer({ files: { 'plan.md': PLAN, 'other.md': OTHER } }, async (c) => {
    await c.waitForIndexing();
    const uri = await c.open('plan.md', PLAN);
    await c.waitForAnalysis(uri);
    const h = await hover(c, uri, 4, 5);
    assert.equal(r(h!.range!), '4:4-4:8');
    const def = lexiconEntry('data-elements').definition;
    assert.equal(
      markdown(h),
      [
        '### 数据要素 · data elements',
        '`新要素 New factors` `路径二：数据要素融合渗透`',
        '',
        def.zh,
        '',
        `*${def.en}*`,
        '',
        '---',
        '',
        '**Source** 朱浩然《新质生产力发展的理论逻辑与路径分析》, 二（二）第1段 (Section 2.2, paragraph 1)',
        '',
        // The sentence of the defining paragraph that uses the concept, the term in bold.
        '> 在现代经济发展中，**数据要素**已成为新质生产力的核心和关键要素，其特有的非竞争性、强渗透性与规模经济性特征使其成为经济增长新动能的底层支撑。',
        '',
        `[Open the paper at this paragraph](${PAPER_URI}#L77)`,
        '',
        relatedLine('data-elements'), // 数字经济 (digital economy) · 产业数字化 (industrial digitalization) · …
        '',
        // plan.md has it 3 times (open, live copy), other.md twice (only on disk).
        'In this document: 3 · In the workspace: 5 in 2 file(s)',
      ].join('\n'),
    );
    // The Chinese definition comes before the English one.
    const value = markdown(h);
    assert.ok(value.indexOf(def.zh) < value.indexOf(def.en));
    // The quote is the paper's own first sentence of 二（二）第1段 (line 77 of paper.md).
    assert.ok(paperLines()[76].startsWith('在现代经济发展中，数据要素已成为新质生产力的核心和关键要素，其特有的非竞争性、强渗透性与规模经济性特征使其成为经济增长新动能的底层支撑。'));
  }));

test('hover on the first and last character of a term, and right after it, shows the same concept', () =>
  shared(async (c) => {
    const uri = await c.open('plan.md', PLAN);
    for (const ch of [4, 7, 8]) {
      const h = await hover(c, uri, 4, ch);
      assert.equal(r(h!.range!), '4:4-4:8', `character ${ch}`);
      assert.match(markdown(h), /^### 数据要素 · data elements\n/);
    }
    assert.equal(await hover(c, uri, 4, 3), null, 'the character before the term');
  }));

test('hover on an official wording (颠覆性技术创新) shows the canonical term 颠覆式创新 and names the wording as official, not a variant', () =>
  shared(async (c) => {
    const uri = await c.open('plan.md', PLAN);
    await c.waitForAnalysis(uri);
    const h = await hover(c, uri, 4, 15);
    assert.equal(r(h!.range!), '4:13-4:20');
    const def = lexiconEntry('disruptive-innovation').definition;
    assert.equal(
      markdown(h),
      [
        '### 颠覆式创新 · disruptive innovation',
        '`新技术 New technology` `路径一：关键核心技术攻坚突破`',
        '',
        '“颠覆性技术创新” is the official wording of 颠覆式创新, the paper’s term.',
        '',
        def.zh,
        '',
        `*${def.en}*`,
        '',
        '---',
        '',
        '**Source** 朱浩然《新质生产力发展的理论逻辑与路径分析》, 一（一）第1段 (Section 1.1, paragraph 1)',
        '',
        '> 在当今经济发展的多变和技术迭代的快速环境中，**颠覆性技术创新**已成为推动经济高质量发展的核心动力。',
        '',
        `[Open the paper at this paragraph](${PAPER_URI}#L43)`,
        '',
        relatedLine('disruptive-innovation'), // 创造性破坏 (creative destruction) · …
        '',
        'In this document: 1 · In the workspace: 1 in 1 file(s)',
      ].join('\n'),
    );
  }));

test('hover on a form that brings its own quotation marks does not wrap it in another pair', () =>
  shared(async (c) => {
    const uri = await c.open('quoted.md', '突破“卡脖子”技术。\n');
    await c.waitForAnalysis(uri);
    const h = await hover(c, uri, 0, 4);
    assert.equal(r(h!.range!), '0:2-0:9');
    assert.match(markdown(h), /\n\n“卡脖子”技术 is the official wording of 卡脖子技术, the paper’s term\.\n/);
    assert.doesNotMatch(markdown(h), /““/);
  }));

test('hover right after didOpen counts the open document in the workspace total too', () =>
  shared(async (c) => {
    // No wait for the analysis: an editor hovers as soon as it has sent didOpen (or an edit).
    const uri = await c.open('plan.md', PLAN);
    const value = markdown(await hover(c, uri, 4, 5));
    assert.equal(value.split('\n').pop(), 'In this document: 3 · In the workspace: 3 in 1 file(s)', 'the workspace count must include the document being hovered');
  }));

test('hover links run the VS Code command when the client asks for command links', () =>
  withServer({ files: {}, initializationOptions: { paperLinks: 'command' } }, async (c) => {
    const uri = await c.open('plan.md', PLAN);
    const value = markdown(await hover(c, uri, 4, 5));
    const link = `command:policyLens.openSourcePaper?${encodeURIComponent(JSON.stringify(['s2-2-p1']))}`;
    assert.ok(value.includes(`[Open the paper at this paragraph](${link})`), value);
  }));

const NOT_PROSE = [
  '---', // 0
  'title: 数据要素', // 1: front matter
  '---', // 2
  '',
  '<!-- 数据要素 -->', // 4: HTML comment
  '',
  '见[数据要素](https://example.com/数据要素)与 `数据要素`。', // 6: link text 6:2-6:6, destination, inline code
  '',
  '```',
  '数据要素', // 9: fenced code
  '```',
  '',
  '    数据要素', // 12: indented code
  '',
  '普通文字。', // 14: prose without a concept
  '',
].join('\n');

test('no hover outside prose: front matter, HTML comment, link destination, inline code, fenced and indented code, plain words', () =>
  shared(async (c) => {
    const uri = await c.open('notes.md', NOT_PROSE);
    // The link text is prose: the one hover of this document.
    const h = await hover(c, uri, 6, 3);
    assert.equal(r(h!.range!), '6:2-6:6');
    const nowhere: [string, number, number][] = [
      ['front matter', 1, 9],
      ['HTML comment', 4, 6],
      ['link destination', 6, 30],
      ['inline code', 6, 37],
      ['fenced code', 9, 1],
      ['indented code', 12, 5],
      ['plain words', 14, 1],
      ['heading-less blank line', 3, 0],
      ['past the end of the document', 40, 0],
    ];
    for (const [what, line, character] of nowhere) {
      assert.equal(await hover(c, uri, line, character), null, what);
    }
  }));

test('hover names each kind of form for what it is: synonym, abbreviation, English name, traditional form', () =>
  shared(async (c) => {
    const uri = await c.open('kinds.md', '推动颠覆性创新，发展卡脖子攻关，培育data elements，發展新質生產力。\n');
    await c.waitForAnalysis(uri);
    assert.match(markdown(await hover(c, uri, 0, 3)), /\n\n“颠覆性创新” is a variant of 颠覆式创新\.\n/);
    assert.match(markdown(await hover(c, uri, 0, 11)), /\n\n“卡脖子” is an abbreviation of 卡脖子技术\.\n/);
    assert.match(markdown(await hover(c, uri, 0, 20)), /\n\n“data elements” is an English name of 数据要素\.\n/);
    assert.match(markdown(await hover(c, uri, 0, 35)), /\n\n“新質生產力” is the traditional-Chinese form of 新质生产力\.\n/);
  }));
