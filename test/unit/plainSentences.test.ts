/**
 * The plain sentence path (server/src/core/text/plainSentences.ts) gives exactly retext's sentences
 * wherever it is taken: on random documents (test/support/sentenceFuzz.ts; the bench runs more), on
 * every block of the fixtures and of the real-document corpus; and it is taken where it should be.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sharedEngine } from '../../server/src/core/engine';
import { ConceptDocument, sentenceCounts } from '../../server/src/core/document';
import { isClosing, isTerminal, isWhite, plainSentences } from '../../server/src/core/text/plainSentences';
import { CLOSING, TERMINAL } from '../../server/src/core/text/chineseSentences';
import { ParseLatin } from 'parse-latin';
import { checkPlainSentences, plainSentenceDifference } from '../support/sentenceFuzz';

const engine = sharedEngine();

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? markdownFiles(p) : f.endsWith('.md') ? [p] : [];
  });
}

/** A block's sentence texts, checked to come from the plain path (read once) and to equal retext's reading. */
function plainRead(doc: ConceptDocument, block: number): string[] {
  const before = sentenceCounts.plain;
  const sentences = doc.sentencesOfBlock(block);
  assert.equal(sentenceCounts.plain, before + 1, 'read on the plain path');
  assert.deepEqual(doc.sentencesOfBlock(block, 'retext'), sentences);
  return sentences.map((s) => s.text);
}

test('random documents: the plain path equals retext on every block (two seeds)', () => {
  for (const seed of [20261301, 20261302]) {
    const r = checkPlainSentences(engine, seed, 400);
    assert.equal(r.failure, undefined, JSON.stringify(r.failure));
    assert.ok(r.plain > 200, `the plain path was taken on ${r.plain} blocks`);
  }
});

test('every block of the fixtures and the real documents: the plain path equals retext', () => {
  const before = sentenceCounts.plain;
  const files = markdownFiles(join(__dirname, '..', 'fixtures'));
  assert.ok(files.length > 10);
  for (const f of files) {
    const d = plainSentenceDifference(new ConceptDocument(readFileSync(f, 'utf8'), engine));
    assert.equal(d, undefined, `${f}: ${JSON.stringify(d)}`);
  }
  assert.ok(sentenceCounts.plain - before > 100, `plain path on ${sentenceCounts.plain - before} blocks`);
});

test('a Chinese paragraph splits after 。！？； and the closing marks that follow', () => {
  const text = '加快培育新质生产力。推动“数据要素”流通！是否可行？一是创新；二是“改革。”（完）\n';
  const doc = new ConceptDocument(text, engine);
  assert.deepEqual(plainRead(doc, 0), ['加快培育新质生产力。', '推动“数据要素”流通！', '是否可行？', '一是创新；', '二是“改革。”', '（完）']);
});

test('a block with a mark parse-latin ends sentences at takes the reference path; line breaks between nodes and inline code do not', () => {
  const at = (value: string, startLine = 1, endLine = 1) => ({ value, offset: 0, startLine, endLine });
  for (const v of ['Data elements. New forces.', '是吗? 对', '等等……后来', 'a!b', '两行\n\u3000\n之间', '31..8', 'ab. cd', '.8', '约8.%', 'a.\u3000b']) assert.equal(plainSentences([at(v)]), undefined, v);
  // Marks that end the block's text (or a line before a break) end a sentence there in both readings.
  assert.deepEqual(plainSentences([at('是吗?')]), [[0, 3]]);
  assert.deepEqual(plainSentences([at('数据要素。等等……')]), [[0, 5], [5, 9]]);
  assert.deepEqual(plainSentences([at('every quarter.', 1, 1), { value: '下一项', offset: 20, startLine: 2, endLine: 2 }]), [[0, 14], [20, 23]]);
  assert.equal(plainSentences([at('every quarter.', 1, 1), { value: '同一行', offset: 20, startLine: 1, endLine: 1 }]), undefined);
  // Nodes on two lines (two list items): a sentence ends at the break, its trailing white space with it.
  assert.deepEqual(plainSentences([at('一行 ', 1, 1), { value: '二行', offset: 5, startLine: 2, endLine: 2 }]), [
    [0, 3],
    [5, 7],
  ]);
  // Inline code is one token of its sentence.
  assert.deepEqual(plainSentences([at('配置项为'), { value: '`quota`', code: true, offset: 4, startLine: 1, endLine: 1 }, { value: '。下一句', offset: 11, startLine: 1, endLine: 1 }]), [
    [0, 12],
    [12, 15],
  ]);
  // Offsets follow the values: a node's characters sit at its offset plus their place in its value.
  assert.deepEqual(plainSentences([at('\u3000甲。 乙'), { value: '丙；', offset: 10, startLine: 1, endLine: 1 }]), [
    [1, 3],
    [4, 12],
  ]);
});

test('a lone full stop between two words (a decimal, a version, a domain) stays inside its sentence', () => {
  const at = (value: string) => ({ value, offset: 0, startLine: 1, endLine: 1 });
  assert.deepEqual(plainSentences([at('增长31.8%。访问gov.cn；v2.0版')]), [
    [0, 8],
    [8, 17],
    [17, 22],
  ]);
  const text = '增长31.8%，达到27.5%。下一句v2.0。\n';
  const doc = new ConceptDocument(text, engine);
  assert.deepEqual(plainRead(doc, 0), ['增长31.8%，达到27.5%。', '下一句v2.0。']);
});

test('a heading numbered “6. ” is one sentence, as parse-latin joins a short number to what follows', () => {
  const text = '#### 6. 着力规范生产经营。推动发展\n\n甲/6. 乙\n';
  const doc = new ConceptDocument(text, engine);
  assert.deepEqual(plainRead(doc, 0), ['6. 着力规范生产经营。', '推动发展']);
  // After a slash the number is part of a word to parse-latin: the reference path reads that block.
  const plain = sentenceCounts.plain;
  assert.deepEqual(doc.sentencesOfBlock(1).map((s) => s.text), ['甲/6.', '乙']);
  assert.equal(sentenceCounts.plain, plain);
});

test("isWhite is parse-latin's white space, code unit by code unit", () => {
  const latin = new ParseLatin();
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    const tokens = latin.tokenize(ch);
    assert.equal(isWhite(c), tokens.length === 1 && tokens[0].type === 'WhiteSpaceNode', `U+${c.toString(16)}`);
  }
});

test('isTerminal and isClosing are splitChineseSentences’ own sets, code unit by code unit', () => {
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    assert.equal(isTerminal(c), TERMINAL.test(ch), `U+${c.toString(16)}`);
    assert.equal(isClosing(c), CLOSING.test(ch), `U+${c.toString(16)}`);
  }
});
