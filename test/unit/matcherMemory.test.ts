/**
 * The bounded automaton (match/matcher.ts): with a dense-table budget of one row (the root's), every
 * other state sparse with failure links, matches are exactly those of the fully dense automaton, on
 * random lexicons and random texts (fixed seeds), and on the shipped lexicon over the real corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConceptMatcher, type SurfaceForm } from '../../server/src/core/match/matcher';
import { sharedEngine } from '../../server/src/core/engine';

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const ALPHABET = [...'数据要素产业集群新质生产力创新链主中试基地技术发展'].concat(['a', 'b', 'A', ' ', '\n', '>']);
const show = (m: ConceptMatcher, text: string) => m.findAll(text).map((x) => `${x.start}-${x.end}=${x.form.conceptId}:${x.form.kind}`);

test('sparse rows give the dense automaton\'s matches: random lexicons, random texts', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed);
    const pick = () => ALPHABET[Math.floor(r() * 22)];
    const seen = new Set<string>();
    const forms: SurfaceForm[] = [];
    const count = 5 + Math.floor(r() * 60);
    for (let i = 0; i < count; i++) {
      let t = '';
      const len = 1 + Math.floor(r() * 5);
      for (let k = 0; k < len; k++) t += r() < 0.1 ? ['a', 'b'][Math.floor(r() * 2)] : pick();
      if (seen.has(t)) continue;
      seen.add(t);
      forms.push({ text: t, conceptId: `c${i % 17}-${t}`, kind: i % 3 === 0 ? 'term' : 'synonym', ...(r() < 0.1 && { notWithin: [pick() + t] }) });
    }
    const dense = new ConceptMatcher(forms, { denseBudgetCells: Number.POSITIVE_INFINITY });
    const sparse = new ConceptMatcher(forms, { denseBudgetCells: 1 });
    const mid = new ConceptMatcher(forms, { denseBudgetCells: 200 });
    for (let j = 0; j < 30; j++) {
      let text = '';
      const len = Math.floor(r() * 200);
      for (let k = 0; k < len; k++) text += ALPHABET[Math.floor(r() * ALPHABET.length)];
      const expected = show(dense, text);
      assert.deepEqual(show(sparse, text), expected, `seed ${seed}, text ${JSON.stringify(text)}`);
      assert.deepEqual(show(mid, text), expected, `seed ${seed}, text ${JSON.stringify(text)}`);
    }
  }
});

test('sparse rows give the dense automaton\'s matches: the shipped lexicon on the real corpus', () => {
  const forms = sharedEngine().matcher.forms;
  const sparse = new ConceptMatcher(forms, { denseBudgetCells: 1 });
  const dir = join(__dirname, '..', 'fixtures', 'real');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    assert.deepEqual(show(sparse, text), show(sharedEngine().matcher, text), f);
  }
});

test('10,000 random Chinese terms: the table stays within the budget', () => {
  const r = rng(7);
  const forms: SurfaceForm[] = [];
  const seen = new Set<string>();
  while (forms.length < 10_000) {
    let t = '';
    const len = 2 + Math.floor(r() * 5);
    for (let k = 0; k < len; k++) t += String.fromCharCode(0x4e00 + Math.floor(r() * 20_902));
    if (seen.has(t)) continue;
    seen.add(t);
    forms.push({ text: t, conceptId: `t${forms.length}`, kind: 'term' });
  }
  const m = new ConceptMatcher(forms);
  // Dense: tens of thousands of states × thousands of classes × 4 bytes, gigabytes.
  assert.ok(m.tableBytes < 24 * 1024 * 1024, `${m.tableBytes} bytes`);
  assert.deepEqual(m.findAll(`前${forms[5].text}后${forms[9_999].text}`).map((x) => x.form.conceptId), ['t5', 't9999']);
});
