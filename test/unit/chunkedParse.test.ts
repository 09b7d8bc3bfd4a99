import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_GFM, extractProse, parseMarkdown, PARSE_CHUNK } from '../../server/src/core/text/prose';
import { ConceptDocument } from '../../server/src/core/document';
import { generateDraft } from '../../bench/corpus';
import { engine } from './helpers';
import { checkChunkedParse, checkGfmParts } from '../support/editFuzz';

const ROOT = join(__dirname, '..', '..');
const REMARK = { parser: 'remark' } as const;

test('parsing in pieces equals parsing whole: random documents cut at almost every line (fixed seed)', () => {
  const failure = checkChunkedParse(20261127, 120);
  assert.equal(failure, undefined, failure && `replay: ${JSON.stringify(failure)}`);
});

test('parsing in pieces equals parsing whole: the paper, the fixtures and a generated 300 KB draft', () => {
  const texts: [string, string][] = [
    ['paper.md', readFileSync(join(ROOT, 'server/data/source/paper.md'), 'utf8')],
    ['examples/policy-draft.md', readFileSync(join(ROOT, 'examples/policy-draft.md'), 'utf8')],
    ...readdirSync(join(ROOT, 'test/fixtures/drafts'))
      .filter((f) => f.endsWith('.md'))
      .map((f): [string, string] => [f, readFileSync(join(ROOT, 'test/fixtures/drafts', f), 'utf8')]),
    ['generated 300 KB', generateDraft(7, 300_000, { frontMatter: true })],
  ];
  for (const [name, text] of texts) {
    // The remark path is the one parsed in pieces (lezer reads a whole document at once).
    const whole = extractProse(text, 0, Infinity, REMARK);
    for (const chunk of [64, 512, PARSE_CHUNK]) {
      assert.deepEqual(extractProse(text, 0, chunk, REMARK), whole, `${name}, pieces of ${chunk}`);
    }
  }
  // The generated draft is longer than a piece: the default path really cuts it, and the concepts found are the same.
  const draft = texts[texts.length - 1][1];
  assert.ok(draft.length > 10 * PARSE_CHUNK);
  const doc = new ConceptDocument(draft, engine);
  const whole = extractProse(draft, 0, Infinity, REMARK);
  assert.equal(doc.prose.length, whole.prose.length);
  assert.ok(doc.occurrences.length > 100, `${doc.occurrences.length} occurrences`);
});

test('a block longer than a piece is parsed whole: a long list and an unclosed code fence', () => {
  const list = Array.from({ length: 400 }, (_, i) => `- 第${i}项：推进数据要素市场化配置`).join('\n');
  const text = `# 标题\n\n${list}\n\n段落：新质生产力\n\n\`\`\`\n${'代码 数据要素\n'.repeat(300)}`;
  const whole = extractProse(text, 0, Infinity, REMARK);
  assert.deepEqual(extractProse(text, 0, 100, REMARK), whole);
  assert.deepEqual(whole.blocks.map((b) => b.type), ['heading', 'list', 'paragraph', 'code']);
});

test('GFM without the parts that cannot fire parses like full GFM: random documents (fixed seed)', () => {
  const failure = checkGfmParts(20261127, 200);
  assert.equal(failure, undefined, failure && `replay: ${JSON.stringify(failure)}`);
});

test('GFM parts: tables and autolink literals still parse where they can fire', () => {
  const kinds = (md: string) => JSON.stringify(parseMarkdown(md), (k, v) => (k === 'position' ? undefined : v));
  for (const md of ['| a | b |\n| - | - |\n| 1 | 2 |\n', '单列\n:--\n数据要素\n', '> 表头\n> --:\n> 值\n', '访问 www.gov.cn 查看', '见 https://x.cn/数据要素 。', '联系 ab@gov.cn', 'www&#46;gov.cn', '[链接](https://x.cn) 与 www.x.cn']) {
    assert.equal(kinds(md), kinds2(md), md);
  }
  assert.match(kinds('单列\n:--\n数据要素\n'), /"type":"table"/);
  assert.match(kinds('访问 www.gov.cn 查看'), /"type":"link"/);
  assert.match(kinds('www&#46;gov.cn'), /"type":"link"/);
  function kinds2(md: string) {
    return JSON.stringify(parseMarkdown(md, ALL_GFM), (k, v) => (k === 'position' ? undefined : v));
  }
});
