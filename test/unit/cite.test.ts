/**
 * Citations (core/cite.ts) in GB/T 7714-2015, BibTeX and CSL-JSON: the shipped paper, whose metadata
 * gives only author and title (nothing is invented), and a source with every field; `policy-lens cite`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedEngine } from '../../server/src/core/engine';
import { bibtexEscape, cite, cslName, gbt7714 } from '../../server/src/core/cite';
import type { QuotableSource } from '../../server/src/core/check/quotationSource';
import { main } from '../../server/src/cli/main';

const paper = () => sharedEngine().sources[0];

/** A source with every field, as a user's source file may give them. */
const FULL: QuotableSource = {
  id: 'zhu-full',
  meta: { title: '新质生产力发展的理论逻辑与路径分析', author: '朱浩然', journal: '某某学报', year: 2024, volume: '40', issue: '3', pages: '12-18' },
  paragraphs: [],
  byAnchor: (a) => paper().byAnchor(a),
};

test('GB/T 7714-2015: the shipped paper gives author and title only, and the citation omits the rest', () => {
  assert.equal(cite(paper(), 'gbt7714'), '朱浩然. 新质生产力发展的理论逻辑与路径分析[J].');
  assert.equal(cite(paper(), 'gbt7714', 's2-2-p1'), '朱浩然. 新质生产力发展的理论逻辑与路径分析[J]. 引文位置：二（二）第1段.');
});

test('GB/T 7714-2015: a source with journal, year, volume, issue and pages; online; more than three authors', () => {
  assert.equal(cite(FULL, 'gbt7714', 's0-p1'), '朱浩然. 新质生产力发展的理论逻辑与路径分析[J]. 某某学报, 2024, 40(3): 12-18. 引文位置：引言第1段.');
  assert.equal(gbt7714({ title: 'T', author: '甲', journal: '刊', issue: '2' }), '甲. T[J]. 刊, (2).');
  assert.equal(gbt7714({ title: 'T', author: '甲', year: 2020, url: 'https://example.org/t' }), '甲. T[J/OL]. 2020. https://example.org/t.');
  assert.equal(gbt7714({ title: 'T', author: '甲；乙；丙；丁' }), '甲, 乙, 丙, 等. T[J].');
});

test('BibTeX: @article keyed by the source id, only the known fields, locator in note, values escaped', () => {
  assert.equal(cite(paper(), 'bibtex'), '@article{zhu,\n  author = {朱浩然},\n  title = {新质生产力发展的理论逻辑与路径分析},\n  language = {zh},\n}');
  assert.equal(
    cite(FULL, 'bibtex', 's2-2-p1'),
    '@article{zhu-full,\n  author = {朱浩然},\n  title = {新质生产力发展的理论逻辑与路径分析},\n  journal = {某某学报},\n  year = {2024},\n  volume = {40},\n  number = {3},\n  pages = {12--18},\n  note = {二（二）第1段},\n}',
  );
  assert.equal(bibtexEscape('R&D {50%} $x_1$ #~^\\'), 'R\\&D \\{50\\%\\} \\$x\\_1\\$ \\#\\~{}\\^{}\\textbackslash{}');
});

test('CSL-JSON: one article-journal item, the Chinese name split into family and given', () => {
  assert.deepEqual(JSON.parse(cite(paper(), 'csl-json', 's2-2-p1')), [
    { id: 'zhu', type: 'article-journal', title: '新质生产力发展的理论逻辑与路径分析', author: [{ family: '朱', given: '浩然' }], language: 'zh', note: '二（二）第1段' },
  ]);
  assert.deepEqual(JSON.parse(cite(FULL, 'csl-json')), [
    {
      id: 'zhu-full', type: 'article-journal', title: '新质生产力发展的理论逻辑与路径分析', author: [{ family: '朱', given: '浩然' }],
      'container-title': '某某学报', issued: { 'date-parts': [[2024]] }, volume: '40', issue: '3', page: '12-18',
    },
  ]);
  assert.deepEqual(cslName('欧阳修'), { family: '欧阳', given: '修' });
  assert.deepEqual(cslName('欧阳'), { family: '欧', given: '阳' });
  assert.deepEqual(cslName('John Smith'), { literal: 'John Smith' });
  assert.deepEqual(cslName('马克·吐温'), { literal: '马克·吐温' });
});

test('an unknown anchor is an error, never a citation without its locator', () => {
  assert.throws(() => cite(paper(), 'gbt7714', 's9-p9'), /zhu has no paragraph "s9-p9"/);
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('policy-lens cite SOURCE [ANCHOR] --style …', async () => {
  assert.deepEqual(await run(['cite', 'zhu', 's2-2-p1']), { code: 0, out: '朱浩然. 新质生产力发展的理论逻辑与路径分析[J]. 引文位置：二（二）第1段.\n', err: '' });
  assert.deepEqual(await run(['cite', '朱浩然', '--style', 'bibtex']), { code: 0, out: '@article{zhu,\n  author = {朱浩然},\n  title = {新质生产力发展的理论逻辑与路径分析},\n  language = {zh},\n}\n', err: '' });
  assert.equal(JSON.parse((await run(['cite', '《新质生产力发展的理论逻辑与路径分析》', '--style=csl-json'])).out)[0].id, 'zhu');
  const unknown = await run(['cite', 'nobody']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /no source "nobody"; the sources are: zhu/);
  assert.equal((await run(['cite', 'zhu', 's9-p9'])).code, 2);
  assert.equal((await run(['cite', 'zhu', '--style', 'apa'])).code, 2);
  assert.equal((await run(['cite'])).code, 2);
});
