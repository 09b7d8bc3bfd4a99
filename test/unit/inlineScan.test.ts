import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tree } from '@lezer/common';
import { lezerParser } from '../../server/src/core/text/lezerProse';
import { inlineScanApplies, installInlineScan } from '../../server/src/core/text/inlineScan';
import { rng, randomDocument, randomEdit } from '../support/editFuzz';

// A configuration that changes nothing makes a copy of the fast path's parser with lezer's own inline loop.
const plain = lezerParser.configure({ props: [] });

function nodes(tree: Tree): string {
  const out: string[] = [];
  tree.iterate({ enter: (n) => void out.push(`${n.name}@${n.from}-${n.to}`) });
  return out.join(' ');
}

/** Inline-dense text: every trigger, spaces before line feeds, and the characters that look like triggers. */
const PIECES = ['**', '*', '_', '__', '~', '~~', '`', '``', '[', ']', '](', '(http://x)', '![', '!', '<', '>', '<b>', '</b>', '<!--', '-->', '&', '&amp;', '&#64;', ';', '\\', '\\\n', '  \n', '   \n', ' \n', ' ', '\n', '数据要素', 'abc', '，', '。', '😀', '\t', '|', '- ', '# ', 'www.gov.cn', 'https://a.b/c', 'x@y.cn', 'mailto:', '+', '-', '.', '(', ')', 'AI', '2024'];

function inlineDense(next: () => number): string {
  let s = '';
  const n = 1 + Math.floor(next() * 30);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

test('the fast path parser uses the scanning inline loop', () => {
  assert.equal(inlineScanApplies(lezerParser), true);
  assert.notEqual(lezerParser.parseInline, plain.parseInline);
});

test('the scanning inline loop gives the same elements as lezer’s loop on inline-dense text (fixed seed)', () => {
  const next = rng(20261201);
  for (let i = 0; i < 3000; i++) {
    const text = inlineDense(next);
    const offset = Math.floor(next() * 5);
    assert.deepEqual(lezerParser.parseInline(text, offset), plain.parseInline(text, offset), `text ${JSON.stringify(text)} at ${offset}`);
  }
});

test('the scanning inline loop gives the same tree as lezer’s loop on random edited documents (fixed seed)', () => {
  const next = rng(7);
  for (let i = 0; i < 300; i++) {
    let text = randomDocument(next);
    for (let e = 0; e < 6; e++) text = randomEdit(text, next);
    if (next() < 0.5) text += inlineDense(next);
    assert.equal(nodes(lezerParser.parse(text)), nodes(plain.parse(text)), `document ${JSON.stringify(text)}`);
  }
});

test('a parser with an inline parser whose triggers are not known keeps lezer’s loop', () => {
  const other = lezerParser.configure([{ parseInline: [{ name: 'Mention', parse: (cx, next, pos) => (next === 64 ? cx.addElement(cx.elt('Emphasis', pos, pos + 1)) : -1) }] }]);
  assert.equal(inlineScanApplies(other), false);
  assert.equal(installInlineScan(other), false);
  // lezer's Emphasis replaced under its own name: its triggers are not known either.
  const replaced = lezerParser.configure([{ parseInline: [{ name: 'Emphasis', parse: () => -1 }] }]);
  assert.equal(inlineScanApplies(replaced), false);
});

test('the scanning loop stays linear on long runs of spaces that end in no line feed (`*a` or `<a` and 200,000 spaces), and equals lezer’s loop on such runs', { timeout: 20_000 }, () => {
  // lezer's own loop offers every space of such a run to HardBreak, which scans the rest of the run:
  // quadratic (about 5 s for 50,000 spaces). The scan asks HardBreak only where it can succeed.
  for (const head of ['*a', '<a', 'a', '\\', '[x']) {
    for (const run of [3_000, 200_000]) {
      const text = head + ' '.repeat(run) + '*b*';
      const elements = lezerParser.parseInline(text, 2);
      if (run === 3_000) assert.deepEqual(elements, plain.parseInline(text, 2), head);
      else {
        // The same elements as with 3,000 spaces, the positions after the run moved by the difference.
        const after = 2 + head.length + run;
        const moved = JSON.parse(JSON.stringify(elements), (k, v) => ((k === 'from' || k === 'to') && v >= after ? v - (run - 3_000) : v));
        assert.deepEqual(moved, JSON.parse(JSON.stringify(lezerParser.parseInline(head + ' '.repeat(3_000) + '*b*', 2))), head);
      }
    }
  }
  // Hard breaks after long runs, and runs with no break, beside lezer's own loop.
  for (const t of ['a' + ' '.repeat(3_000) + '\nb', '*a' + ' '.repeat(3_000) + '\n*b*  \nc', 'x' + ' '.repeat(3_000) + 'y  \n  \nz', '  \n', ' \n  ']) {
    assert.deepEqual(lezerParser.parseInline(t, 3), plain.parseInline(t, 3), JSON.stringify(t.slice(0, 10)));
  }
});
