/** policyLens/coverage: the coverage webview's data, from the core's one aggregation, with settings applied. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer } from './client';
import type { CoverageResult } from '../../server/src/lsp/protocol';

const TEXT = [
  '一、总体要求', // 0
  '',
  '发展新质生产力，培育数据要素市场。', // 2
  '',
  '（一）主要目标', // 4
  '',
  '数据要素与产业数字化协同。推进颠覆性技术创新。', // 6
  '',
  '二、重点任务', // 8
  '',
  '推动新质生产力。', // 10
  '',
].join('\n');

test('coverage: sections × concepts, frame by category, co-occurrence, occurrences by row; zh and en labels', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const zh = await c.request<CoverageResult>('policyLens/coverage', { uri, lang: 'zh-cn' });
    const p = zh.picture;
    assert.equal(p.total, 6);
    assert.deepEqual(p.heatmap.rows, ['一、总体要求', '（一）主要目标', '二、重点任务']);
    // Most used first; ties in the paper's lexicon order.
    assert.deepEqual(p.heatmap.columns, ['new-quality-productive-forces', 'data-elements', 'disruptive-innovation', 'industrial-digitalization']);
    assert.deepEqual(p.heatmap.cells, [[0, 0, 1], [1, 0, 1], [1, 1, 1], [2, 1, 1], [3, 1, 1], [0, 2, 1]]);
    assert.deepEqual(p.network.links.map((l) => `${l.source}–${l.target}:${l.value}`), ['data-elements–industrial-digitalization:1', 'data-elements–new-quality-productive-forces:1']);
    assert.equal(p.categories[0].label, '理论基础');
    assert.deepEqual(zh.occurrences.map((o) => `${o.text}@${o.range.start.line}:${o.range.start.character} row ${o.row}`), [
      '新质生产力@2:2 row 0',
      '数据要素@2:10 row 0',
      '数据要素@6:0 row 1',
      '产业数字化@6:5 row 1',
      '颠覆性技术创新@6:15 row 1',
      '新质生产力@10:2 row 2',
    ]);
    const en = await c.request<CoverageResult>('policyLens/coverage', { uri, lang: 'en' });
    assert.equal(en.picture.categories[0].label, 'Foundations');
    assert.equal(await c.request('policyLens/coverage', { uri: 'file:///not-open.md' }), null);
  }));

test('coverage: a category turned off in the settings is left out of every count', () =>
  withServer({ files: {}, settings: { categories: ['technology', 'factors', 'industries'] } }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const r = await c.request<CoverageResult>('policyLens/coverage', { uri });
    assert.equal(r.picture.total, 4);
    assert.deepEqual(r.picture.heatmap.rows, ['一、总体要求', '（一）主要目标']);
    assert.equal(r.picture.categories.find((g) => g.id === 'foundation')!.occurrences, 0);
  }));
