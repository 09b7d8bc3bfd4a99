/**
 * The example lexicon (examples/lexicons/policy-2026.yaml) on the real-document corpus, against the gold
 * of its second reading (test/fixtures/real/policy-2026.gold.json), exactly as realCorpus.test.ts does for
 * the shipped lexicon: the example's concepts must be tagged at exactly the gold occurrences and nowhere
 * else, except the deviations the gold lists under `known`, and those must still occur.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildEngine } from '../../server/src/core/lexicon/layers';
import { bodyStart, compare, corpusDocuments, readDocument, readLexiconGold, spanKey, toolSpans, type Span } from '../support/realCorpus';

const FILE = join(__dirname, '..', '..', 'examples', 'lexicons', 'policy-2026.yaml');
const TEXT = readFileSync(FILE, 'utf8');
const IDS = new Set((parse(TEXT) as { concepts: { id: string }[] }).concepts.map((c) => c.id));
const GOLD = readLexiconGold('policy-2026');
const show = (s: Span) => `${s.text}@${s.start}-${s.end}=${s.concept}`;
const build = buildEngine({ lexicons: [{ uri: FILE, text: TEXT, kind: 'workspace' }], sources: [] });
let tagsAll = 0, wrongAll = 0, missedAll = 0, goldAll = 0;

test('the gold covers every corpus document, with the example’s concepts only, and its kept-out spans hold their text', () => {
  assert.deepEqual(build.problems, []);
  assert.equal(GOLD.lexicon, 'examples/lexicons/policy-2026.yaml');
  assert.deepEqual(GOLD.documents.map((d) => d.document), corpusDocuments());
  for (const d of GOLD.documents) {
    for (const s of [...d.occurrences, ...d.notTagged, ...d.known]) assert.ok(IDS.has(s.concept), `${d.document}: ${show(s)} is not a concept of the example`);
  }
  for (const k of GOLD.keptOut) {
    assert.equal(readDocument(k.document).slice(k.start, k.end), k.text, `keptOut ${k.document} ${show(k)}`);
    assert.ok(k.why.length > 0 && IDS.has(k.concept));
  }
});

for (const gold of GOLD.documents) {
  const doc = gold.document;
  test(`example lexicon on the real corpus: ${doc}`, () => {
    const text = readDocument(doc);
    const from = bodyStart(text);
    for (const s of [...gold.occurrences, ...gold.notTagged, ...gold.known]) {
      assert.equal(text.slice(s.start, s.end), s.text, `${doc}: gold range ${s.start}-${s.end} does not hold ${s.text}`);
      assert.ok(s.start >= from, `${doc}: ${show(s)} lies in the front matter`);
    }
    const goldKeys = new Set(gold.occurrences.map(spanKey));
    for (const n of gold.notTagged) assert.ok(!goldKeys.has(spanKey(n)), `${doc}: ${show(n)} is both an occurrence and not tagged`);

    const tags = toolSpans(build.engine, text, doc).filter((t) => IDS.has(t.concept));
    const { missed, wrong } = compare(gold, tags);
    tagsAll += tags.length; wrongAll += wrong.length; missedAll += missed.length; goldAll += gold.occurrences.length;
    assert.deepEqual(missed.map(show).sort(), gold.known.filter((k) => k.kind === 'missed').map(show).sort(), `${doc}: missed occurrences of the example differ from the known list (a new miss, or a known one now tagged: update policy-2026.gold.json)`);
    assert.deepEqual(wrong.map(show).sort(), gold.known.filter((k) => k.kind === 'wrong').map(show).sort(), `${doc}: wrong tags of the example differ from the known list (a new wrong tag, or a known one gone: update policy-2026.gold.json)`);
    const tagKeys = new Set(tags.map(spanKey));
    const knownKeys = new Set(gold.known.map(spanKey));
    for (const n of gold.notTagged) assert.ok(!tagKeys.has(spanKey(n)) || knownKeys.has(spanKey(n)), `${doc}: ${show(n)} is tagged (${n.why})`);
  });
}

test('the example’s figures on the corpus are those the gold records', () => {
  const right = tagsAll - wrongAll;
  const pct = (a: number, b: number) => `${a}/${b} = ${((100 * a) / b).toFixed(1).replace(/\.0$/, '')} %`;
  console.log(`example lexicon on the corpus: ${tagsAll} tags, ${wrongAll} wrong, ${missedAll} missed of ${goldAll}; precision ${pct(right, tagsAll)}, recall ${pct(goldAll - missedAll, goldAll)}`);
  const after = (GOLD as unknown as { figures: { after: Record<string, unknown> } }).figures.after;
  assert.deepEqual({ tags: tagsAll, wrong: wrongAll, missed: missedAll, goldOccurrences: goldAll, precision: pct(right, tagsAll), recall: pct(goldAll - missedAll, goldAll) },
    { tags: after.tags, wrong: after.wrong, missed: after.missed, goldOccurrences: after.goldOccurrences, precision: after.precision, recall: after.recall });
});
