/**
 * GFM autolink literals on the lezer fast path (issue 11, lezerAutolink.ts): documents with bare
 * URLs and e-mail addresses are read by lezer, exactly as remark reads them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractProse, parseCounts, resetParseCounts } from '../../server/src/core/text/prose';
import { ConceptDocument } from '../../server/src/core/document';
import { engine } from './helpers';
import { checkAutolinks } from '../support/autolinkFuzz';

const REMARK = { parser: 'remark' } as const;

test('random documents full of bare URLs and e-mails: lezer reads them as remark does (fixed seed)', () => {
  // The bench's parse group runs more documents on two seeds.
  const { failure, lezer } = checkAutolinks(20261211, 300);
  assert.equal(failure, undefined, failure && `replay: ${JSON.stringify(failure)}`);
  assert.ok(lezer > 200, `${lezer} of 300 read by lezer`);
});

const prose = (doc: ConceptDocument) => doc.prose.map((p) => doc.text.slice(p.start, p.end));

test('a bare URL or e-mail is not prose, and the text around it is', () => {
  const cases: [string, string[]][] = [
    // `www.` and `http(s)://` after white space; the URL ends before trailing punctuation.
    ['访问 www.gov.cn/数据要素 查看数据要素。\n', ['访问 ', ' 查看数据要素。']],
    ['见 https://www.gov.cn/zhengce/a_(b).htm. 数据要素\n', ['见 ', '. 数据要素']],
    // A path runs to white space: Chinese text right after a URL is part of it.
    ['见 https://www.gov.cn/zhengce。数据要素\n', ['见 ']],
    ['来信 ab@gov.cn，数据要素\n', ['来信 ', '，数据要素']],
    // An underscore in the last two labels of the domain: no literal.
    ['访问 www.a_b.cn 数据要素\n', ['访问 www.a_b.cn 数据要素']],
    // In link text a URL is prose; the link's destination never is.
    ['[www.gov.cn 数据要素](https://x.cn)\n', ['www.gov.cn 数据要素']],
    // After `：` micromark's tokenizer takes no `www.`, and remark's autolink transform then turns
    // the whole text node into position-less nodes: none of it is prose (the reference's reading).
    ['数据要素：www.gov.cn\n', []],
  ];
  for (const [text, expected] of cases) {
    resetParseCounts();
    const doc = new ConceptDocument(text, engine);
    assert.equal(parseCounts.lezer, 1, `${JSON.stringify(text)} read by lezer`);
    assert.deepEqual(prose(doc), expected, JSON.stringify(text));
    assert.deepEqual(doc.prose, extractProse(text, 0, Infinity, REMARK).prose, JSON.stringify(text));
  }
});

test('a concept inside a bare URL is not tagged; the same words beside it are', () => {
  const text = '详见 www.gov.cn/数据要素 ，加快培育数据要素市场。\n';
  resetParseCounts();
  const doc = new ConceptDocument(text, engine);
  assert.equal(parseCounts.lezer, 1);
  const hits = doc.occurrences.map((o) => text.slice(o.start, o.end) + '@' + o.start);
  assert.ok(hits.includes(`数据要素@${text.lastIndexOf('数据要素')}`), JSON.stringify(hits));
  assert.ok(!hits.includes(`数据要素@${text.indexOf('数据要素')}`), JSON.stringify(hits));
});
