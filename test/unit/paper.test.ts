import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadSourcePaper, parseSourcePaper, SourcePaperError } from '../../server/src/core/source/paper';

/** The repository root: the first folder above this test holding package.json and server/. */
function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${__dirname}`);
    dir = parent;
  }
}

const ROOT = repoRoot();
const PAPER_PATH = join(ROOT, 'server', 'data', 'source', 'paper.md');
const PAPER_MD = readFileSync(PAPER_PATH, 'utf8');
const TITLE = '新质生产力发展的理论逻辑与路径分析';

/** The seed: the paper as extracted from its PDF, kept in the repository as test data in `test/fixtures/seed/*.txt`. */
function readSeed(): string {
  const seedDir = join(ROOT, 'test', 'fixtures', 'seed');
  if (!existsSync(seedDir)) {
    assert.fail(
      `the seed text of the source paper is missing: expected ${seedDir}/*.txt (test data in the repository). ` +
        'The faithfulness tests compare server/data/source/paper.md against it.',
    );
  }
  const candidates = readdirSync(seedDir)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => readFileSync(join(seedDir, name), 'utf8'))
    .filter((text) => text.includes(TITLE));
  assert.equal(candidates.length, 1, `expected exactly one seed text of 《${TITLE}》 in ${seedDir}, found ${candidates.length}`);
  return candidates[0];
}

/** paper.md without its YAML front matter. */
function paperBody(markdown: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(markdown);
  assert.ok(m, 'paper.md starts with YAML front matter');
  return markdown.slice(m[0].length);
}

/** Headings the paper does not have, added for structure; they hold no Han characters. */
const EDITORIAL_LINES = ['## Introduction'];
/** Marks where the (truncated) English abstract is missing text. */
const ELISION = '[…]';

function withoutEditorialLines(body: string): string {
  return body
    .split(/\r?\n/)
    .filter((line) => !EDITORIAL_LINES.includes(line))
    .join('\n');
}

/** Fails with the first point of difference, which a plain string diff of 7,000 characters hides. */
function assertSameSequence(actual: string[], expected: string[], what: string): void {
  const n = Math.min(actual.length, expected.length);
  let i = 0;
  while (i < n && actual[i] === expected[i]) i++;
  if (i === n && actual.length === expected.length) return;
  const sep = what.startsWith('Han') ? '' : ' ';
  assert.fail(
    `${what} differ at item ${i} (paper.md has ${actual.length}, the seed ${expected.length}):\n` +
      `  paper.md: …${actual.slice(Math.max(0, i - 10), i + 10).join(sep)}…\n` +
      `  seed:     …${expected.slice(Math.max(0, i - 10), i + 10).join(sep)}…`,
  );
}

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]+/g;
const DIGITS = /[0-9]+/g;

test('faithfulness: the Han characters of paper.md are those of the seed, in order', () => {
  const seed = readSeed();
  const body = paperBody(PAPER_MD);
  assertSameSequence(body.match(HAN) ?? [], seed.match(HAN) ?? [], 'Han character sequences');
});

test('faithfulness: Latin words and numbers are those of the seed, in order', () => {
  const seed = readSeed();
  const body = withoutEditorialLines(paperBody(PAPER_MD));
  assertSameSequence(body.match(LATIN_WORD) ?? [], seed.match(LATIN_WORD) ?? [], 'Latin word sequences');
  assertSameSequence(body.match(DIGITS) ?? [], seed.match(DIGITS) ?? [], 'number sequences');
});

test('faithfulness: every character but whitespace is the seed’s, bar the listed editorial changes', () => {
  // Editorial changes, all of them: the labels 摘要： and Abstract: became headings (the colon goes),
  // Markdown heading marks, the added Introduction heading, and the […] elision marks.
  const seed = readSeed().replace('摘要：', '摘要').replace('Abstract:', 'Abstract');
  const body = withoutEditorialLines(paperBody(PAPER_MD))
    .replace(/^#{1,3} /gm, '')
    .split(ELISION)
    .join('');
  const strip = (s: string) => [...s.replace(/\s+/g, '')];
  assertSameSequence(strip(body), strip(seed), 'non-whitespace character sequences');
});

test('faithfulness: every seed line survives verbatim, spaces inside it included', () => {
  const seed = readSeed();
  const body = paperBody(PAPER_MD);
  for (const raw of seed.split(/\r?\n/)) {
    const line = raw.trim().replace(/^摘要：/, '').replace(/^Abstract: /, '');
    if (line === '') continue;
    assert.ok(body.includes(line), `seed line not found verbatim in paper.md: ${JSON.stringify(line)}`);
  }
  // Spaces the text really has are kept.
  for (const kept of ['区块链和 5G 等', '关键转折点 [1]。', '陕西 西安 710038']) {
    assert.ok(body.includes(kept), `paper.md keeps ${JSON.stringify(kept)}`);
  }
});

test('faithfulness: no stray PDF space is left between two CJK characters', () => {
  const cjk = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u201c\\u201d';
  const stray = new RegExp(`[${cjk}] +[${cjk}]`, 'u');
  for (const [i, line] of paperBody(PAPER_MD).split(/\r?\n/).entries()) {
    if (line === '陕西职业技术学院马克思主义学院，陕西 西安 710038') continue; // the address has a real space
    assert.doesNotMatch(line, stray, `body line ${i + 1} has a space between CJK characters`);
  }
});

test('front matter gives the attribution', () => {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(PAPER_MD)![1];
  assert.match(front, /^title: 新质生产力发展的理论逻辑与路径分析$/m);
  assert.match(front, /^author: 朱浩然$/m);
  assert.match(front, /^affiliation: 陕西职业技术学院马克思主义学院，陕西 西安 710038$/m);
  assert.match(front, /verbatim/);
  assert.match(front, /English abstract is incomplete in the source/);
});

const PAPER = parseSourcePaper(PAPER_MD);

test('the paper: title, author, affiliation', () => {
  assert.equal(PAPER.title, TITLE);
  assert.equal(PAPER.author, '朱浩然');
  assert.equal(PAPER.affiliation, '陕西职业技术学院马克思主义学院，陕西 西安 710038');
  assert.equal(PAPER.markdown, PAPER_MD);
});

test('the paper: headings and their anchors', () => {
  assert.deepEqual(
    PAPER.headings.map((h) => [h.level, h.anchor, h.text]),
    [
      [1, 'title', '新质生产力发展的理论逻辑与路径分析'],
      [2, 'abstract', '摘要'],
      [2, 'abstract-en', 'Abstract'],
      [2, 's0', 'Introduction'],
      [2, 's1', '一、新质生产力发展的理论逻辑'],
      [3, 's1-1', '（一）新质生产力中的颠覆式创新为经济高质量发展提供革新动力'],
      [3, 's1-2', '（二）新质生产力中的新型要素为经济高质量发展提供全新动能'],
      [3, 's1-3', '（三）新质生产力中的战略性新兴产业和未来产业为经济高质量发展提供主体支撑'],
      [2, 's2', '二、新质生产力发展的路径分析'],
      // Truncated in the paper itself ("软实" for 软实力): kept as it is.
      [3, 's2-1', '（一）强化关键核心技术攻坚突破形成新质生产力，筑牢经济高质量发展软实'],
      [3, 's2-2', '（二）加速新型数据要素融合渗透形成新质生产力，激活经济高质量发展新动能'],
      [3, 's2-3', '（三）培育战略性新兴产业和未来产业形成新质生产力，抢抓经济高质量发展新机遇'],
      [2, 's3', '三、结束语'],
    ],
  );
  const lines = PAPER_MD.split('\n');
  for (const h of PAPER.headings) assert.equal(lines[h.line], `${'#'.repeat(h.level)} ${h.text}`);
});

test('the paper: the exact paragraph anchors', () => {
  assert.deepEqual(
    PAPER.paragraphs.map((p) => p.anchor),
    [
      'abstract-p1',
      'abstract-en-p1',
      's0-p1',
      's1-1-p1', 's1-1-p2', 's1-1-p3',
      's1-2-p1', 's1-2-p2',
      's1-3-p1', 's1-3-p2', 's1-3-p3', 's1-3-p4',
      's2-1-p1', 's2-1-p2', 's2-1-p3',
      's2-2-p1', 's2-2-p2', 's2-2-p3', 's2-2-p4',
      's2-3-p1', 's2-3-p2', 's2-3-p3',
      's3-p1',
    ],
  );
});

test('the paper: paragraphs by anchor, with their text, place and labels', () => {
  const p = PAPER.byAnchor('s2-2-p1');
  assert.ok(p);
  assert.ok(p.text.startsWith('在现代经济发展中，数据要素已成为'), p.text);
  assert.equal(p.section?.anchor, 's2');
  assert.equal(p.subsection?.anchor, 's2-2');
  assert.equal(p.index, 1);
  assert.equal(p.labelZh, '二（二）第1段');
  assert.equal(p.labelEn, 'Section 2.2, paragraph 1');

  const abstract = PAPER.byAnchor('abstract-p1')!;
  assert.ok(abstract.text.startsWith('新质生产力作为生产力演进的新阶段'), 'the 摘要： label is gone');
  assert.equal(abstract.labelZh, '摘要');
  assert.equal(abstract.labelEn, 'Abstract');
  assert.equal(abstract.subsection, undefined);

  const english = PAPER.byAnchor('abstract-en-p1')!;
  assert.equal(
    english.text,
    'Neo-productivity, as a new stage in the evolution of productivity, adopts an innovation-driven and quality-oriented […] ' +
      'elements, and the emergence of new industries. This form of productivity is characterized by the dual driving forces of technological […]',
  );
  assert.equal(english.labelZh, '英文摘要');
  assert.equal(english.labelEn, 'English abstract');

  const intro = PAPER.byAnchor('s0-p1')!;
  assert.ok(intro.text.startsWith('在当前全球经济快速变化和技术创新不断突破的背景下'));
  assert.ok(intro.text.endsWith('推动经济向更高质量、更可持续的方向发展。'));
  assert.equal(intro.labelZh, '引言第1段');
  assert.equal(intro.labelEn, 'Introduction, paragraph 1');

  const pageBreak = PAPER.byAnchor('s1-1-p1')!;
  assert.ok(pageBreak.text.startsWith('在当今经济发展的多变和技术迭代的快速环境中，'), 'paragraph split by a page break is re-joined');
  assert.ok(PAPER.byAnchor('s1-3-p2')!.text.includes('发挥了重要作用，同时也为传统产业'));
  assert.ok(PAPER.byAnchor('s2-3-p1')!.text.includes('拓展新的业务领域，从而为全球创新版图'));

  const s132 = PAPER.byAnchor('s1-3-p3')!;
  assert.equal(s132.index, 3);
  assert.equal(s132.labelZh, '一（三）第3段');
  assert.equal(s132.labelEn, 'Section 1.3, paragraph 3');

  const closing = PAPER.byAnchor('s3-p1')!;
  assert.ok(closing.text.startsWith('总结来说，新质生产力是推动经济高质量发展的关键因素'));
  assert.equal(closing.section?.anchor, 's3');
  assert.equal(closing.subsection, undefined);
  assert.equal(closing.labelZh, '三、结束语 第1段');
  assert.equal(closing.labelEn, 'Section 3, paragraph 1');

  assert.equal(PAPER.byAnchor('s9-p1'), undefined);
  assert.equal(PAPER.byAnchor('title'), undefined, 'the title is a heading, not an anchored paragraph');
});

test('the paper: offsets and lines slice the file back to each paragraph', () => {
  const lines = PAPER_MD.split('\n');
  for (const p of PAPER.paragraphs) {
    assert.equal(PAPER_MD.slice(p.startOffset, p.endOffset), p.text, p.anchor);
    assert.equal(lines[p.line], p.text, p.anchor);
  }
});

test('the paper: no paragraph holds a line break or starts or ends with a space', () => {
  for (const p of PAPER.paragraphs) {
    assert.doesNotMatch(p.text, /[\r\n]/, p.anchor);
    assert.doesNotMatch(p.text, /^\s/, p.anchor);
    assert.doesNotMatch(p.text, /\s$/, p.anchor);
  }
});

test('loadSourcePaper reads the shipped file', { skip: !existsSync(join(ROOT, 'server', 'data', 'lexicon.yaml')) && 'dataDir() needs server/data/lexicon.yaml, not there yet' }, () => {
  const loaded = loadSourcePaper();
  assert.equal(loaded.markdown, PAPER_MD);
  assert.deepEqual(loaded.paragraphs.map((p) => p.anchor), PAPER.paragraphs.map((p) => p.anchor));
  assert.equal(loadSourcePaper(), loaded, 'parsed once');
});

const SMALL = [
  '---',
  'title: 小标题',
  '---',
  '',
  '# 小标题',
  '',
  '某作者',
  '',
  '某单位',
  '',
  '## 摘要',
  '',
  '摘要段。',
  '',
  '## 一、第一节',
  '',
  '### （一）甲',
  '',
  '甲一。',
  '',
  '甲二 [1]。',
  '',
  '### （二）乙',
  '',
  '乙一。',
  '',
  '## 十二、第十二节',
  '',
  '节一。',
  '',
].join('\n');

test('parseSourcePaper: an inline paper with sections and subsections', () => {
  const paper = parseSourcePaper(SMALL);
  assert.equal(paper.title, '小标题');
  assert.equal(paper.author, '某作者');
  assert.equal(paper.affiliation, '某单位');
  assert.deepEqual(
    paper.headings.map((h) => [h.anchor, h.line]),
    [['title', 4], ['abstract', 10], ['s1', 14], ['s1-1', 16], ['s1-2', 22], ['s12', 26]],
  );
  assert.deepEqual(
    paper.paragraphs.map((p) => [p.anchor, p.text, p.line, p.index, p.labelZh, p.labelEn]),
    [
      ['abstract-p1', '摘要段。', 12, 1, '摘要', 'Abstract'],
      ['s1-1-p1', '甲一。', 18, 1, '一（一）第1段', 'Section 1.1, paragraph 1'],
      ['s1-1-p2', '甲二 [1]。', 20, 2, '一（一）第2段', 'Section 1.1, paragraph 2'],
      ['s1-2-p1', '乙一。', 24, 1, '一（二）第1段', 'Section 1.2, paragraph 1'],
      ['s12-p1', '节一。', 28, 1, '十二、第十二节 第1段', 'Section 12, paragraph 1'],
    ],
  );
  const second = paper.byAnchor('s1-1-p2')!;
  assert.equal(second.startOffset, SMALL.indexOf('甲二 [1]。'));
  assert.equal(second.endOffset, second.startOffset + '甲二 [1]。'.length);
  assert.equal(second.section?.text, '一、第一节');
  assert.equal(second.subsection?.text, '（一）甲');
});

test('parseSourcePaper: CRLF line ends give the same anchors, and offsets still slice to the text', () => {
  const crlf = SMALL.replace(/\n/g, '\r\n');
  const paper = parseSourcePaper(crlf);
  assert.deepEqual(paper.paragraphs.map((p) => p.anchor), ['abstract-p1', 's1-1-p1', 's1-1-p2', 's1-2-p1', 's12-p1']);
  for (const p of paper.paragraphs) assert.equal(crlf.slice(p.startOffset, p.endOffset), p.text);
});

test('parseSourcePaper: errors name the file and the line', () => {
  const bad = (markdown: string, message: RegExp) =>
    assert.throws(() => parseSourcePaper(markdown, 'x.md'), (e: unknown) => e instanceof SourcePaperError && message.test(e.message));
  bad('# T\n\n## 第一节\n', /^x\.md:3: unrecognised section heading "第一节"/);
  bad('# T\n\n## 摘要\n\n一行\n接着一行\n', /^x\.md:6: a paragraph continues on a second line/);
  bad('# T\n\n## 一、节\n\n### 小节\n', /^x\.md:5: unrecognised subsection heading/);
  bad('# T\n\n## 摘要\n\n### （一）甲\n', /^x\.md:5: subsection "（一）甲" is not inside a numbered section/);
  bad('# T\n\n## 一、节\n\n 前有空格\n', /^x\.md:5: paragraph starts with whitespace/);
  bad('# T\n\n## 一、节\n\n## 一、又一节\n', /^x\.md:5: duplicate section anchor "s1"/);
  bad('---\ntitle: 甲\n---\n# 乙\n', /^x\.md:4: front matter title "甲" differs from the text "乙"/);
});
