import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/core/lineIndex';

/** Line starts by the definition: after every `\n`, `\r\n` or lone `\r`. */
function reference(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  return starts;
}

const startsOf = (index: LineIndex) => Array.from({ length: index.lineCount }, (_, l) => index.lineStart(l));

function randomText(next: () => number, length: number, breaks: readonly string[]): string {
  const parts = ['数据要素', '新质生产力', 'a', ' ', '。', ...breaks];
  let out = '';
  while (out.length < length) out += parts[Math.floor(next() * parts.length)];
  return out;
}

test('line starts, fresh and after random edits, are where the line breaks put them (LF, CRLF, lone CR; texts short and over 4 KB)', () => {
  let seed = 99;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x80000000);
  for (let n = 0; n < 300; n++) {
    const breaks = n % 3 === 0 ? ['\n'] : n % 3 === 1 ? ['\n', '\r\n'] : ['\n', '\r\n', '\r'];
    let text = randomText(next, n % 5 === 0 ? 12_000 : 1 + Math.floor(next() * 200), breaks);
    let index = new LineIndex(text);
    assert.deepEqual(startsOf(index), reference(text), `fresh, text ${n}`);
    for (let e = 0; e < 8; e++) {
      const prefix = Math.floor(next() * (text.length + 1));
      const removed = Math.min(text.length - prefix, Math.floor(next() * (next() < 0.2 ? 6000 : 4)));
      const inserted = randomText(next, Math.floor(next() * (next() < 0.2 ? 5000 : 3)), breaks).slice(0, next() < 0.3 ? 0 : undefined);
      const edited = text.slice(0, prefix) + inserted + text.slice(prefix + removed);
      index = index.edited(edited, prefix, prefix + removed, inserted.length - removed);
      text = edited;
      assert.deepEqual(startsOf(index), reference(text), `text ${n}, edit ${e}`);
    }
  }
});

test('a long range whose only carriage return is its last code unit is not read as free of them (the line feed search would miss that break)', () => {
  // The random texts above hold carriage returns everywhere or nowhere, so none exercised this edge.
  const body = '数据要素\n'.repeat(2000);
  for (const text of [body + '\r', body + '\r\n', '\r' + body, body + '\r' + body]) {
    assert.deepEqual(startsOf(new LineIndex(text)), reference(text), JSON.stringify(text.slice(-3)));
  }
  // An edit that pastes such a range: its re-scanned middle ends at that carriage return's line.
  const before = 'a\nb\n';
  const pasted = body + '\r';
  const after = 'a\n' + pasted + 'b\n';
  const index = new LineIndex(before).edited(after, 2, 2, pasted.length);
  assert.deepEqual(startsOf(index), reference(after));
});
