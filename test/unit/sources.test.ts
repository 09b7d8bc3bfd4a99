/**
 * Sources as data: the general anchor grammar (source.ts), front matter problems with exact ranges,
 * and the shipped paper as the first source with its frame from data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSource } from '../../server/src/core/source/source';
import { loadSourcePaper } from '../../server/src/core/source/paper';
import { SHIPPED_SOURCE_ID } from '../../server/src/core/source/types';
import { CATEGORY_LABELS, PATH_LABELS } from '../../server/src/core/lexicon/categories';
import { CATEGORY_IDS, PATH_IDS } from '../../server/src/core/lexicon/types';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'sources', 'cluster-notes.md');

const problems = (text: string) =>
  parseSource(text, 'file:///s.md').problems.map((p) => `${p.range.start.line}:${p.range.start.character}-${p.range.end.line}:${p.range.end.character} ${p.severity} ${p.code}: ${p.message}`);

test('the shipped paper is the first source: id, metadata and the frame from paper.source.yaml', () => {
  const paper = loadSourcePaper();
  assert.equal(paper.id, SHIPPED_SOURCE_ID);
  assert.equal(paper.id, 'zhu');
  assert.deepEqual(paper.meta, { language: 'zh', title: '新质生产力发展的理论逻辑与路径分析', author: '朱浩然', affiliation: '陕西职业技术学院马克思主义学院，陕西 西安 710038' });
  assert.deepEqual(paper.frame.categories.map((c) => c.id), [...CATEGORY_IDS]);
  assert.deepEqual(paper.frame.paths.map((c) => c.id), [...PATH_IDS]);
  // The old constant exports are the shipped frame's values.
  for (const c of paper.frame.categories) assert.deepEqual(CATEGORY_LABELS[c.id], { zh: c.zh, en: c.en });
  for (const p of paper.frame.paths) assert.deepEqual(PATH_LABELS[p.id], { zh: p.zh, en: p.en });
  assert.match(paper.uri ?? '', /^file:\/\/.*\/server\/data\/source\/paper\.md$/);
});

test('the general grammar gives the shipped paper exactly its own anchors and labels', () => {
  const paper = loadSourcePaper();
  // The general reader needs an id in the front matter; the shipped paper declares it beside the file.
  const text = paper.markdown.replace(/^---\n/, '---\nid: zhu\n');
  const r = parseSource(text, 'file:///paper.md');
  assert.deepEqual(r.problems, []);
  const shift = '---\nid: zhu\n'.length - '---\n'.length;
  assert.deepEqual(
    r.source!.paragraphs.map((p) => [p.anchor, p.labelZh, p.labelEn, p.line - 1, p.startOffset - shift, p.text]),
    paper.paragraphs.map((p) => [p.anchor, p.labelZh, p.labelEn, p.line, p.startOffset, p.text]),
  );
  assert.deepEqual(r.source!.headings.map((h) => [h.anchor, h.level, h.text]), paper.headings.map((h) => [h.anchor, h.level, h.text]));
});

test('a second source: plain # / ## headings and 公文 numbering get stable anchors', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const r = parseSource(text, 'file:///cluster-notes.md');
  assert.deepEqual(r.problems, []);
  const s = r.source!;
  assert.equal(s.id, 'cluster-notes');
  assert.deepEqual(s.meta, { title: '产业集群工作笔记', author: '测试作者', year: 2026, language: 'zh' });
  assert.deepEqual(s.frame.categories.map((c) => [c.id, c.zh, c.en, c.order]), [['chain', '产业链', 'Industrial chains', 0], ['space', '空间布局', 'Spatial layout', 1]]);
  assert.deepEqual(
    s.headings.map((h) => `${h.anchor} ${h.text}`),
    ['title 产业集群工作笔记', 's1 背景', 's2 做法', 's2-1 一、培育链主企业', 's2-1-1 （一）补齐薄弱环节', 's2-1-2 （二）建设公共平台', 's2-2 二、优化空间布局'],
  );
  assert.deepEqual(
    s.paragraphs.map((p) => `${p.anchor} ${p.line} ${p.labelZh} | ${p.labelEn}`),
    [
      'p1 19 第1段 | Paragraph 1',
      's1-p1 23 背景 第1段 | Section 1, paragraph 1',
      's1-p2 25 背景 第2段 | Section 1, paragraph 2',
      's2-1-p1 31 一、培育链主企业 第1段 | Section 2.1, paragraph 1',
      's2-1-1-p1 35 （一）补齐薄弱环节 第1段 | Section 2.1.1, paragraph 1',
      's2-1-2-p1 39 （二）建设公共平台 第1段 | Section 2.1.2, paragraph 1',
      's2-2-p1 43 二、优化空间布局 第1段 | Section 2.2, paragraph 1',
    ],
  );
  const p = s.byAnchor('s2-1-2-p1')!;
  assert.equal(text.slice(p.startOffset, p.endOffset), '建设中试基地和检验检测平台，服务集群内中小企业。');
  assert.equal(p.section?.text, '做法');
  assert.equal(p.subsection?.text, '一、培育链主企业');
});

test('anchors: numbered siblings keep their numbers, unnumbered ones count by position; paragraphs may wrap', () => {
  const text = '---\nid: t\ntitle: T\nauthor: A\n---\n# 一\n\n甲\n乙\n\n# 三\n\n丙\n\n## 第五条 适用范围\n\n丁\n';
  const s = parseSource(text, 'file:///t.md').source!;
  // Two # headings: no title; 一 and 三 are not 公文 numbers (no 、), so they count by position.
  assert.deepEqual(s.paragraphs.map((p) => [p.anchor, p.text]), [['s1-p1', '甲\n乙'], ['s2-p1', '丙'], ['s2-5-p1', '丁']]);
});

test('a list under a plain heading stays paragraphs; a run-in 公文 number is a paragraph', () => {
  const text = '---\nid: t\ntitle: T\nauthor: A\n---\n## 要点\n\n1. 第一项\n\n（一）加强领导。各地要把工作摆上重要位置。\n';
  const s = parseSource(text, 'file:///t.md').source!;
  assert.deepEqual(s.paragraphs.map((p) => p.anchor), ['s1-p1', 's1-p2']);
});

test('front matter problems have exact ranges and both languages; no source is made', () => {
  assert.deepEqual(problems('# 无前言\n'), ['0:0-0:5 error source-front-matter: a source file starts with YAML front matter ("---", then at least "id: …")']);
  assert.deepEqual(problems('---\nid: Bad Id\ntitle: T\n---\n'), ['1:4-1:10 error schema: id: does not match ^[a-z0-9]+(-[a-z0-9]+)*$']);
  assert.deepEqual(problems('---\nid: t\nmeta: { title: T, yeer: 2020 }\n---\n'), ['2:18-2:22 error schema: meta: unknown field "yeer"']);
  assert.deepEqual(problems('---\nid: t\ntitle: [\n---\n'), [problems('---\nid: t\ntitle: [\n---\n')[0]]);
  assert.match(problems('---\nid: t\ntitle: [\n---\n')[0], /^\d+:\d+-\d+:\d+ error yaml-syntax: front matter: /);
  assert.deepEqual(problems('---\ntitle: T\n---\n'), ['1:0-2:0 error schema: (root): missing required field "id"']);
  const r = parseSource('---\nid: t\nframe:\n  categories:\n    - { id: a, zh: 甲, en: A }\n    - { id: a, zh: 乙, en: B }\n---\n', 'file:///s.md');
  assert.equal(r.source, undefined);
  assert.deepEqual(r.problems.map((p) => [p.range.start, p.code, p.messageZh]), [[{ line: 5, character: 12 }, 'frame-duplicate', 'frame.categories[1]：“a”重复出现']]);
});
