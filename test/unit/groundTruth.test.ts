/**
 * Realistic drafts written independently of the lexicon, with hand-made ground truth: every
 * occurrence, in prose, of the 25 concepts the paper is built on. The tool must tag exactly these
 * (for those concepts), with the right concept, and nothing outside prose.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedEngine } from '../../server/src/core/engine';

const ROOT = join(__dirname, '..', '..');
const DRAFTS = ['examples/policy-draft.md', 'test/fixtures/drafts/think-tank-brief.md', 'test/fixtures/drafts/traditional.md'];
export const REQUIRED_TERMS = ['新质生产力', '高质量发展', '全要素生产率', '数字经济', '颠覆式创新', '创造性破坏', '关键核心技术', '卡脖子技术', '科技成果转化', '技术转移', '头雁效应', '产业链', '创新链', '数据要素', '产业数字化', '数据产权制度', '数据交易市场', '战略性新兴产业', '未来产业', '专精特新', '创新生态系统', '全球价值链', '现代化产业体系', '新型工业化', '新型劳动者'];

interface Expected { line: number; character: number; text: string; term: string }

/** Offsets that are not prose by a crude, independent reading: front matter, fences, comments, inline code, URLs. */
function nonProseSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const add = (re: RegExp) => { for (const m of text.matchAll(re)) spans.push([m.index!, m.index! + m[0].length]); };
  add(/^---\n[\s\S]*?\n---\n/g);
  add(/^```[\s\S]*?^```/gm);
  add(/<!--[\s\S]*?-->/g);
  add(/`[^`\n]+`/g);
  add(/\]\([^)]*\)/g);
  add(/<[a-z][^>]*>/gi);
  return spans;
}

for (const rel of DRAFTS) {
  test(`ground truth: ${rel}`, () => {
    const text = readFileSync(join(ROOT, rel), 'utf8');
    const expected = JSON.parse(readFileSync(join(ROOT, `${rel}.expected.json`), 'utf8')) as Expected[];
    const doc = sharedEngine().annotate(text, rel);
    const actual = doc.occurrences
      .filter((o) => REQUIRED_TERMS.includes(o.concept.term))
      .map((o) => {
        const r = doc.rangeOf(o);
        return { line: r.start.line, character: r.start.character, text: text.slice(o.start, o.end), term: o.concept.term };
      });
    assert.deepEqual(actual, expected);
    const spans = nonProseSpans(text);
    for (const o of doc.occurrences) {
      const inside = spans.find(([s, e]) => o.start >= s && o.start < e);
      assert.equal(inside, undefined, `${o.concept.term} tagged outside prose at offset ${o.start}: ${JSON.stringify(text.slice(inside?.[0], inside?.[1]))}`);
    }
  });
}

test('common policy words that contain a short term are not tagged as it', () => {
  const text = '高新技术企业认定，集聚创新要素，发展创新产业链，培育高新技术产业。發展高新技術產業。应用新技术，培育新要素。';
  const doc = sharedEngine().annotate(text);
  assert.deepEqual(doc.occurrences.map((o) => `${text.slice(o.start, o.end)}=${o.concept.id}`), [
    '产业链=industrial-chain',
    '新技术=new-technology',
    '新要素=new-factors',
  ]);
});
