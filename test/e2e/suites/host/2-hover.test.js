'use strict';
// Hovers through VS Code's own hover command (every provider merged), on the
// copied examples/policy-draft.md and the fixture drafts.
const assert = require('assert');
const vscode = require('vscode');
const { ready, openDraft, at, rangeOf, hoverAt, ourHovers, concept, markdownOf } = require('../helpers');

const PAPER = '朱浩然《新质生产力发展的理论逻辑与路径分析》';

suite('hover', () => {
  let doc;
  suiteSetup(async function () {
    this.timeout(180000);
    ({ doc } = await ready());
    ({ doc } = await openDraft('policy-draft.md'));
  });

  test('on a canonical term: term, English, definition in both languages, source citation, link, counts', async () => {
    const c = concept('data-elements');
    const { markdown, range } = await hoverAt(doc.uri, at(doc, '加快培育数据要素', '数据要素'));
    assert.ok(range, 'the hover has the occurrence range');
    assert.ok(range.isEqual(rangeOf(doc, '加快培育数据要素', '数据要素')), `hover range ${JSON.stringify(range)}`);
    assert.match(markdown, /^### 数据要素 · data elements$/m);
    assert.ok(markdown.includes(c.definition.zh), 'the Chinese definition, verbatim from the lexicon');
    assert.ok(markdown.includes(`*${c.definition.en}*`), 'the English definition, in italics');
    assert.ok(markdown.includes(`**Source** ${PAPER}, 二（二）第1段 (Section 2.2, paragraph 1)`), `source citation of ${c.source.defines}:\n${markdown}`);
    // The quoted passage of the cited paragraph (a blockquote), and the trusted command link to it.
    assert.match(markdown, /^> \S.*数据要素/m, 'a quote from the cited paragraph naming the concept');
    assert.ok(markdown.includes('[Open the paper at this paragraph](command:policyLens.openSourcePaper?%5B%22s2-2-p1%22%5D)'), 'link to the paragraph');
    assert.ok(!/“.*” is a variant/.test(markdown), 'no variant note on the canonical term');
    assert.match(markdown, /\*\*Related\*\* .*数字经济 \(digital economy\)/);
    // 3 in this draft; the fixture drafts use it too (數據要素 in the traditional one).
    const m = /In this document: (\d+) · In the workspace: (\d+) in (\d+) file\(s\)/.exec(markdown);
    assert.ok(m, 'counts line');
    assert.strictEqual(Number(m[1]), 3, 'occurrences of 数据要素 in policy-draft.md');
    assert.ok(Number(m[3]) >= 3 && Number(m[2]) > Number(m[1]), `workspace counts ${m[0]}`);
  });

  test('on the English form: the concept, named as its English name', async () => {
    const { markdown } = await hoverAt(doc.uri, at(doc, '(data elements)', 'data elements', { inside: 3 }));
    assert.match(markdown, /^### 数据要素 · data elements$/m);
    assert.ok(markdown.includes('“data elements” is an English name of 数据要素.'), markdown);
  });

  test('on a Chinese variant (颠覆性创新 → 颠覆式创新)', async () => {
    const { markdown, range } = await hoverAt(doc.uri, at(doc, '对颠覆性创新项目', '颠覆性创新', { inside: 2 }));
    assert.match(markdown, /^### 颠覆式创新 · /m);
    assert.ok(markdown.includes('“颠覆性创新” is a variant of 颠覆式创新.'), markdown);
    assert.ok(range.isEqual(rangeOf(doc, '对颠覆性创新项目', '颠覆性创新')));
  });

  test('on a term soft-wrapped across two lines, from its second line', async () => {
    // “颠覆性技\n术创新”: the hover covers both lines and names the joined surface form.
    const text = doc.getText();
    const start = text.indexOf('颠覆性技\n术创新');
    assert.ok(start > 0, 'the draft wraps 颠覆性技术创新');
    const second = doc.positionAt(start + '颠覆性技\n'.length + 1);
    const { markdown, range } = await hoverAt(doc.uri, second);
    assert.match(markdown, /^### 颠覆式创新 · /m);
    assert.ok(markdown.includes('“颠覆性技术创新” is the official wording of 颠覆式创新, the paper’s term.'), markdown);
    assert.ok(range.start.isEqual(doc.positionAt(start)) && range.end.isEqual(doc.positionAt(start + '颠覆性技\n术创新'.length)), `range ${JSON.stringify(range)}`);
  });

  test('on a traditional-script form in another draft', async () => {
    const { doc: trad } = await openDraft('drafts/traditional.md');
    const { markdown } = await hoverAt(trad.uri, at(trad, '推動跨境數據要素流通', '數據要素'));
    assert.match(markdown, /^### 数据要素 · data elements$/m);
    assert.ok(markdown.includes('“數據要素” is the traditional-Chinese form of 数据要素.'), markdown);
    await openDraft('policy-draft.md');
  });

  const none = [
    ['inside a fenced code block', '"indicator": "全要素生产率增速"', '全要素生产率'],
    ['inside the code block\'s notes string', '新质生产力指数为试编', '新质生产力'],
    ['inside inline code', '`数字经济核心产业增加值`', '数字经济'],
    ['inside an HTML comment', '关于数据产权制度的表述', '数据产权制度'],
    ['inside the YAML front matter', 'keywords: [新质生产力, 数据要素', '数据要素'],
    ['inside a link URL', '/zt/新质生产力/index.html', '新质生产力'],
    ['on plain prose without a concept', '结合我省实际，制定本方案', '实际'],
  ];
  for (const [where, context, needle] of none) {
    test(`no concept hover ${where}`, async () => {
      const pos = at(doc, context, needle);
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos)) || [];
      const ours = await ourHovers(doc.uri, pos);
      assert.deepStrictEqual(ours.map(markdownOf), [], `${where}: ${JSON.stringify(context)}`);
      // Nor any other hover text naming the concept (e.g. a half-matched one).
      assert.ok(!hovers.some((h) => /### .* · /.test(markdownOf(h))), hovers.map(markdownOf).join('\n---\n'));
    });
  }

  test('but the link text of the same line does get one', async () => {
    const { markdown } = await hoverAt(doc.uri, at(doc, '门户网站“新质生产力”专栏', '新质生产力'));
    assert.match(markdown, /^### 新质生产力 · new quality productive forces$/m);
  });
});
