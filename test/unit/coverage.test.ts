/**
 * The one coverage aggregation (server/src/core/coverage.ts) on inline drafts, with exact numbers: what
 * the Concepts view, the code lens, the CLI table, the coverage webview and the HTML report show.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConceptDocument } from '../../server/src/core/document';
import { documentMeta } from '../../server/src/core/meta';
import { addToCorpus, byCategory, conceptUnits, cooccurrencePairs, corpusPairs, coveragePicture, documentCoverage, emptyCorpus, frameCoverage, groupByConcept, langOf, ranked, tally } from '../../server/src/core/coverage';
import type { Concept } from '../../server/src/core/lexicon/types';
import { engine, testConcept } from './helpers';

const DRAFT = [
  '---',
  'title: 关于数据要素的意见',
  '发文机关: 某省人民政府',
  'region: 某省',
  'date: 2025-03-01',
  '---',
  '',
  '# 实施意见',
  '',
  '一、总体要求',
  '',
  '发展新质生产力，培育数据要素市场。推进颠覆性创新。',
  '',
  '（一）主要目标',
  '',
  '数据要素与产业数字化协同，数据要素流通。',
  '',
  '二、重点任务',
  '',
  '推动颠覆式创新和新质生产力。',
  '',
].join('\n');

const doc = new ConceptDocument(DRAFT, engine, 'file:///draft.md');

test('tally: occurrences by concept (first-use order) and by category, ranked most used first', () => {
  const t = tally(doc.occurrences);
  assert.equal(t.total, 8);
  assert.deepEqual([...t.concepts.values()].map((e) => [e.concept.id, e.count, e.first]), [['npf', 2, 0], ['data-elements', 3, 1], ['disruptive', 2, 2], ['industrial-digitalization', 1, 4]]);
  assert.deepEqual([...t.categories].map(([c, e]) => [c, e.occurrences, e.concepts.size]), [['foundation', 2, 1], ['factors', 4, 2], ['technology', 2, 1]]);
  assert.deepEqual(ranked(t).map((e) => `${e.concept.term}×${e.count}`), ['数据要素×3', '新质生产力×2', '颠覆式创新×2', '产业数字化×1']);
  assert.deepEqual(groupByConcept(doc.occurrences).map((g) => [g[0].concept.id, g.map((o) => DRAFT.slice(o.start, o.end))]), [
    ['npf', ['新质生产力', '新质生产力']],
    ['data-elements', ['数据要素', '数据要素', '数据要素']],
    ['disruptive', ['颠覆性创新', '颠覆式创新']],
    ['industrial-digitalization', ['产业数字化']],
  ]);
});

test('byCategory: groups in the paper order, entries most used first, ties in given order', () => {
  const entries = [
    { id: 'a', category: 'factors', n: 1 },
    { id: 'b', category: 'technology', n: 2 },
    { id: 'c', category: 'factors', n: 3 },
    { id: 'd', category: 'foundation', n: 1 },
    { id: 'e', category: 'factors', n: 1 },
  ];
  assert.deepEqual(byCategory(entries, (e) => e.category, (e) => e.n).map((g) => [g.category, g.entries.map((e) => e.id)]), [
    ['foundation', ['d']],
    ['technology', ['b']],
    ['factors', ['c', 'a', 'e']],
  ]);
});

test('co-occurrence: each pair of distinct concepts once per sentence, heaviest first', () => {
  assert.deepEqual(conceptUnits(doc), [['npf', 'data-elements'], ['disruptive'], ['data-elements', 'industrial-digitalization', 'data-elements'], ['disruptive', 'npf']]);
  assert.deepEqual(cooccurrencePairs(conceptUnits(doc)), [
    { source: 'data-elements', target: 'industrial-digitalization', weight: 1 },
    { source: 'data-elements', target: 'npf', weight: 1 },
    { source: 'disruptive', target: 'npf', weight: 1 },
  ]);
  assert.deepEqual(cooccurrencePairs([['b', 'a', 'c'], ['a', 'b'], ['a', 'a']]), [
    { source: 'a', target: 'b', weight: 2 },
    { source: 'a', target: 'c', weight: 1 },
    { source: 'b', target: 'c', weight: 1 },
  ]);
  // By paragraph: the first paragraph's two sentences are one unit.
  assert.deepEqual(conceptUnits(doc, doc.occurrences, 'paragraph'), [['npf', 'data-elements', 'disruptive'], ['data-elements', 'industrial-digitalization', 'data-elements'], ['disruptive', 'npf']]);
});

test('front matter: title, 发文机关 as issuer, region, year from the date', () => {
  assert.deepEqual(documentMeta(DRAFT), { title: '关于数据要素的意见', issuer: '某省人民政府', region: '某省', date: '2025-03-01', year: '2025' });
  assert.deepEqual(documentMeta('# 无前言\n'), {});
  assert.deepEqual(documentMeta('---\n- a list\n---\n'), {});
  assert.deepEqual(documentMeta('---\nyear: 2026\ndocNumber: ""\n---\n'), { year: '2026' });
});

test('documentCoverage: sections by 公文 outline path (three levels by default), counts, pairs, metadata', () => {
  const c = documentCoverage(doc, { path: 'draft.md', meta: documentMeta(DRAFT) });
  assert.equal(c.path, 'draft.md');
  assert.equal(c.total, 8);
  assert.deepEqual(c.meta.region, '某省');
  assert.deepEqual(c.concepts, { npf: 2, 'data-elements': 3, disruptive: 2, 'industrial-digitalization': 1 });
  assert.deepEqual(c.sections.map((s) => [s.path.join(' › '), s.start, s.counts]), [
    ['实施意见 › 一、总体要求', DRAFT.indexOf('一、'), { npf: 1, 'data-elements': 1, disruptive: 1 }],
    ['实施意见 › 一、总体要求 › （一）主要目标', DRAFT.indexOf('（一）'), { 'data-elements': 2, 'industrial-digitalization': 1 }],
    ['实施意见 › 二、重点任务', DRAFT.indexOf('二、'), { disruptive: 1, npf: 1 }],
  ]);
  // Two levels: （一） counts toward 一、.
  assert.deepEqual(documentCoverage(doc, { sectionDepth: 2 }).sections.map((s) => [s.path.at(-1), s.counts]), [
    ['一、总体要求', { npf: 1, 'data-elements': 3, disruptive: 1, 'industrial-digitalization': 1 }],
    ['二、重点任务', { disruptive: 1, npf: 1 }],
  ]);
  assert.deepEqual(c.pairs.map((p) => `${p.source}–${p.target}:${p.weight}`), ['data-elements–industrial-digitalization:1', 'data-elements–npf:1', 'disruptive–npf:1']);
  // Only the visible occurrences count (a settings filter): text before any heading gets the empty path.
  const plain = new ConceptDocument('数据要素和新质生产力。\n', engine);
  const only = documentCoverage(plain, { occurrences: plain.occurrences.filter((o) => o.concept.id !== 'npf') });
  assert.deepEqual([only.total, only.concepts, only.sections, only.pairs], [1, { 'data-elements': 1 }, [{ path: [], start: 0, counts: { 'data-elements': 1 } }], []]);
});

const frame: Concept[] = [
  { ...testConcept('npf', '新质生产力', 'foundation'), paths: [] },
  { ...testConcept('data-elements', '数据要素', 'factors'), paths: ['data-integration'] },
  { ...testConcept('disruptive', '颠覆式创新', 'technology'), paths: ['tech-breakthrough'] },
  { ...testConcept('industrial-digitalization', '产业数字化', 'factors'), paths: ['data-integration', 'industry-cultivation'] },
  { ...testConcept('future-industries', '未来产业', 'industries'), paths: ['industry-cultivation'] },
  { ...testConcept('computing', '算力', 'factors'), paths: ['data-integration'] },
];

test('frameCoverage: covered, missing, dominant (half the occurrences), by category and by path', () => {
  const f = frameCoverage({ npf: 2, 'data-elements': 3, disruptive: 2, 'industrial-digitalization': 1, 'not-in-source': 9 }, frame);
  assert.equal(f.total, 8);
  assert.deepEqual(f.covered, ['data-elements', 'npf', 'disruptive', 'industrial-digitalization']);
  assert.deepEqual(f.missing, ['future-industries', 'computing']);
  // 3/8 is under half; 3+2 = 5/8 reaches it.
  assert.deepEqual(f.dominant, [{ id: 'data-elements', count: 3, share: 0.375 }, { id: 'npf', count: 2, share: 0.25 }]);
  assert.deepEqual(f.categories.map((g) => [g.id, g.concepts, g.covered, g.occurrences]), [
    ['foundation', 1, 1, 2],
    ['technology', 1, 1, 2],
    ['factors', 3, 2, 4],
    ['industries', 1, 0, 0],
  ]);
  assert.deepEqual(f.paths.map((g) => [g.id, g.concepts, g.covered, g.occurrences]), [
    ['tech-breakthrough', 1, 1, 2],
    ['data-integration', 3, 2, 4],
    ['industry-cultivation', 2, 1, 1],
  ]);
  assert.deepEqual(frameCoverage({}, frame).dominant, []);
});

test('corpus: documents merged with bounded state; trends by year and region; pairs summed', () => {
  const other = new ConceptDocument('---\nregion: 另一省\nyear: 2026\n---\n\n数据要素和新质生产力。未来产业。\n', engine);
  const corpus = emptyCorpus();
  addToCorpus(corpus, documentCoverage(doc, { path: 'a.md', meta: documentMeta(doc.text) }));
  addToCorpus(corpus, documentCoverage(other, { path: 'b.md', meta: documentMeta(other.text) }));
  addToCorpus(corpus, documentCoverage(new ConceptDocument('没有概念。\n', engine), { path: 'c.md' }));
  assert.deepEqual([corpus.documents, corpus.total], [3, 10]);
  assert.deepEqual(corpus.concepts, { npf: 3, 'data-elements': 4, disruptive: 2, 'industrial-digitalization': 1 });
  assert.deepEqual(corpus.documentsUsing, { npf: 2, 'data-elements': 2, disruptive: 1, 'industrial-digitalization': 1 });
  assert.deepEqual(corpus.byYear, { '2025': { npf: 2, 'data-elements': 3, disruptive: 2, 'industrial-digitalization': 1 }, '2026': { npf: 1, 'data-elements': 1 } });
  assert.deepEqual(corpus.documentsByRegion, { 某省: 1, 另一省: 1 });
  assert.deepEqual(corpusPairs(corpus).map((p) => `${p.source}–${p.target}:${p.weight}`), ['data-elements–npf:2', 'data-elements–industrial-digitalization:1', 'disruptive–npf:1']);
});

test('coveragePicture: the charts\' numbers in one language, heatmap cells non-zero only', () => {
  const c = documentCoverage(doc, { path: 'draft.md' });
  const rows = c.sections.map((s) => ({ label: s.path.at(-1)!, counts: s.counts }));
  const zh = coveragePicture(c.concepts, rows, c.pairs, frame, 'zh');
  assert.deepEqual(zh.categories.map((g) => `${g.label} ${g.covered}/${g.concepts} ×${g.occurrences}`), ['理论基础 1/1 ×2', '新技术 1/1 ×2', '新要素 2/3 ×4', '新产业 0/1 ×0']);
  assert.deepEqual(zh.paths.map((g) => g.label.slice(0, 3)), ['路径一', '路径二', '路径三']);
  assert.deepEqual(zh.heatmap.columns, ['data-elements', 'npf', 'disruptive', 'industrial-digitalization']);
  assert.deepEqual(zh.heatmap.rows, ['一、总体要求', '（一）主要目标', '二、重点任务']);
  assert.deepEqual(zh.heatmap.cells, [[0, 0, 1], [1, 0, 1], [2, 0, 1], [0, 1, 2], [3, 1, 1], [1, 2, 1], [2, 2, 1]]);
  assert.deepEqual(zh.network.nodes.map((n) => `${n.name}:${n.value}`), ['数据要素:3', '新质生产力:2', '颠覆式创新:2', '产业数字化:1']);
  assert.deepEqual(zh.network.links, [
    { source: 'data-elements', target: 'industrial-digitalization', value: 1 },
    { source: 'data-elements', target: 'npf', value: 1 },
    { source: 'disruptive', target: 'npf', value: 1 },
  ]);
  assert.deepEqual(zh.concepts.map((k) => `${k.id}:${k.count}:${k.share}`), ['data-elements:3:0.375', 'npf:2:0.25', 'disruptive:2:0.25', 'industrial-digitalization:1:0.125', 'future-industries:0:0', 'computing:0:0']);
  assert.deepEqual([zh.missing, zh.dominant, zh.total, zh.documents], [['future-industries', 'computing'], ['data-elements', 'npf'], 8, 1]);
  const en = coveragePicture(c.concepts, rows, c.pairs, frame, 'en');
  assert.deepEqual(en.categories.map((g) => g.label), ['Foundations', 'New technology', 'New factors', 'New industries']);
  assert.equal(en.network.nodes[0].name, 'data elements');
  assert.deepEqual(['zh-cn', 'zh_CN.UTF-8', 'en-US', '', undefined, 'C'].map(langOf), ['zh', 'zh', 'en', 'en', 'en', 'en']);
});
