/**
 * English forms match only on word boundaries. The matcher checks them with a character test (ASCII
 * letters, digits, underscore) because it runs on every code unit; this pins that test to retext's own
 * word tokenisation (parse-latin): on the realistic drafts, and on tricky inline cases, every English
 * match starts and ends exactly where retext has a word start and a word end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseLatin } from 'parse-latin';
import type { Root } from 'nlcst';
import { sharedEngine } from '../../server/src/core/engine';

const ROOT = join(__dirname, '..', '..');

/** Offsets where retext's words start and end in a text. */
function wordEdges(text: string): { starts: Set<number>; ends: Set<number> } {
  const tree = new ParseLatin().parse(text) as Root;
  const starts = new Set<number>();
  const ends = new Set<number>();
  const visit = (node: { type: string; children?: unknown[]; position?: { start: { offset?: number }; end: { offset?: number } } }) => {
    if (node.type === 'WordNode' && node.position) {
      starts.add(node.position.start.offset!);
      ends.add(node.position.end.offset!);
      return;
    }
    for (const c of (node.children ?? []) as (typeof node)[]) visit(c);
  };
  visit(tree as never);
  return { starts, ends };
}

function englishMatches(text: string) {
  return sharedEngine().annotate(text).occurrences.filter((o) => o.kind === 'english');
}

test('English matches in the drafts start and end on retext word boundaries', () => {
  let checked = 0;
  for (const rel of ['examples/policy-draft.md', 'test/fixtures/drafts/think-tank-brief.md', 'test/fixtures/drafts/traditional.md']) {
    const text = readFileSync(join(ROOT, rel), 'utf8');
    const { starts, ends } = wordEdges(text);
    for (const o of englishMatches(text)) {
      assert.ok(starts.has(o.start), `${rel}: "${text.slice(o.start, o.end)}" starts inside a retext word`);
      assert.ok(ends.has(o.end), `${rel}: "${text.slice(o.start, o.end)}" ends inside a retext word`);
      checked++;
    }
  }
  assert.ok(checked >= 10, `only ${checked} English matches checked`);
});

test('where retext sees no word boundary, nothing English is matched', () => {
  for (const text of ['metadata elements', 'bigdata elements', 'data elementsX', 'TFPs', 'AIGC', '数据要素和data elements2']) {
    const { starts, ends } = wordEdges(text);
    for (const o of englishMatches(text)) assert.ok(starts.has(o.start) && ends.has(o.end), `${text}: ${text.slice(o.start, o.end)}`);
  }
  assert.deepEqual(englishMatches('推动data elements流通，AI赋能').map((o) => o.concept.id), ['data-elements', 'artificial-intelligence']);
});
