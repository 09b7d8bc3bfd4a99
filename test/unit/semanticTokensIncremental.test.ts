/**
 * The semantic tokens of an edited document are re-encoded only around the edit (reencodeTokens): the
 * result must equal a full encoding of the new version, token for token, after every edit of random
 * edit sequences (line breaks of every kind, soft-wrapped and block-quoted terms, edits next to terms).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConceptDocument } from '../../server/src/core/document';
import { encodeWithPlaces, reencodeTokens } from '../../server/src/lsp/features/semanticTokens';
import { engine } from './helpers';
import { rng } from '../support/editFuzz';

const PIECES = ['数据要素', '数据\n要素', '数据\r\n要素', '> 新质\n> 生产力', '新质生产力', '颠覆性创新', '产业数字化', '，', '。', '\n', '\n\n', '\r\n', '\r', ' ', '  ', '> ', '# ', '- ', '文字', 'abc', '“', '”', '`', '```\n'];
const EDITS = ['数', '据', '要', '素', '新', '质', '生', '产', '力', '\n', '\r', '\r\n', ' ', '>', '，', 'a', '`', '#', '“'];

function randomText(next: () => number): string {
  let s = '';
  const n = 10 + Math.floor(next() * 60);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

function randomEdit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const r = next();
  if (r < 0.45) return text.slice(0, at) + EDITS[Math.floor(next() * EDITS.length)] + text.slice(at);
  if (r < 0.8) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
  // A replacement of one code unit by another (the text's length stays).
  return text.slice(0, at) + EDITS[Math.floor(next() * EDITS.length)] + text.slice(at + 1);
}

const typeOf = () => 0;
const plain = (e: { data: Uint32Array; first: Int32Array; lines: Int32Array; chars: Int32Array }) => ({ data: [...e.data], first: [...e.first], lines: [...e.lines], chars: [...e.chars] });

test('incremental semantic tokens: a few edits by hand equal a full encoding', () => {
  const cases: [string, string][] = [
    ['数据要素\n\n新质生产力\n', '数据要素\n\n新质生产力x\n'],
    ['数据要素 新质生产力\n', '数据要素\n新质生产力\n'],
    ['数据\r要素 新质生产力\n', '数据\r\n要素 新质生产力\n'],
    ['文字\n数据要素\n', '文字数据要素\n'],
    ['数据要素，新质生产力。数据要素', '数据要素，新质生产力。数据要素\n'],
    ['> 新质\n> 生产力\n\n数据要素', '> 新质\n>  生产力\n\n数据要素'],
  ];
  for (const [before, after] of cases) {
    const a = new ConceptDocument(before, engine);
    const b = a.update(after);
    const incremental = reencodeTokens(encodeWithPlaces(a, a.occurrences, typeOf), b, b.occurrences, typeOf);
    assert.deepEqual(plain(incremental), plain(encodeWithPlaces(b, b.occurrences, typeOf)), JSON.stringify({ before, after }));
  }
});

test('incremental semantic tokens equal a full encoding after every edit of random sequences (fixed seed)', () => {
  const next = rng(20261201);
  let tokens = 0;
  for (let doc = 0; doc < 25; doc++) {
    let text = randomText(next);
    let d = new ConceptDocument(text, engine);
    let encoded = encodeWithPlaces(d, d.occurrences, typeOf);
    for (let e = 0; e < 12; e++) {
      const before = text;
      text = randomEdit(text, next);
      d = d.update(text);
      const full = encodeWithPlaces(d, d.occurrences, typeOf);
      const incremental = reencodeTokens(encoded, d, d.occurrences, typeOf);
      assert.deepEqual(plain(incremental), plain(full), `replay: ${JSON.stringify({ before, after: text })}`);
      // What the delta answer takes as equal without comparing: the kept integers in front and at the back.
      const { front, back } = incremental.same!;
      assert.deepEqual([...incremental.data.subarray(0, front)], [...encoded.data.subarray(0, front)]);
      assert.deepEqual([...incremental.data.subarray(incremental.data.length - back)], [...encoded.data.subarray(encoded.data.length - back)]);
      tokens += full.lines.length;
      encoded = incremental;
    }
  }
  assert.ok(tokens > 500, `the sample must hold tokens (${tokens})`);
});
