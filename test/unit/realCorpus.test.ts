/**
 * The real-document corpus (test/fixtures/real/): complete official documents (政府工作报告, 意见, 通知,
 * 条例) with gold files made by reading every tag in context. The shipped engine must tag exactly the
 * gold occurrences, each with its concept at its exact range, and nothing else; the only exceptions are
 * the deviations each gold file lists under `known`, and those must still occur, so the list stays true
 * (after a lexicon change, `npx tsx scripts/corpus-candidates.ts gold` regenerates it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedEngine } from '../../server/src/core/engine';
import { bodyStart, compare, corpusDocuments, readDocument, readGold, spanKey, toolSpans, type Span } from '../support/realCorpus';

const show = (s: Span) => `${s.text}@${s.start}-${s.end}=${s.concept}`;
const rows: string[] = [];

test('the corpus has at least eight documents, each with a gold file', () => {
  const docs = corpusDocuments();
  assert.ok(docs.length >= 8, `only ${docs.length} documents in test/fixtures/real`);
  for (const d of docs) assert.equal(readGold(d).document, d);
});

for (const doc of corpusDocuments()) {
  test(`real corpus: ${doc}`, () => {
    const text = readDocument(doc);
    const gold = readGold(doc);

    // The gold is about this text: every range holds its text, and none lies in the front matter.
    const from = bodyStart(text);
    for (const s of [...gold.occurrences, ...gold.notTagged, ...gold.known]) {
      assert.equal(text.slice(s.start, s.end), s.text, `${doc}: gold range ${s.start}-${s.end} does not hold ${s.text}`);
      assert.ok(s.start >= from, `${doc}: ${show(s)} lies in the front matter`);
    }
    const goldKeys = new Set(gold.occurrences.map(spanKey));
    for (const n of gold.notTagged) assert.ok(!goldKeys.has(spanKey(n)), `${doc}: ${show(n)} is both an occurrence and not tagged`);

    const tags = toolSpans(sharedEngine(), text, doc);
    const { missed, wrong } = compare(gold, tags);
    const knownMissed = gold.known.filter((k) => k.kind === 'missed').map(show).sort();
    const knownWrong = gold.known.filter((k) => k.kind === 'wrong').map(show).sort();

    // Every gold occurrence is tagged with its concept at exactly its range, except the known misses.
    assert.deepEqual(missed.map(show).sort(), knownMissed, `${doc}: missed occurrences differ from the known list (a new miss, or a known one now tagged: update the gold)`);
    // No tag outside the gold (wrong sense, concept or range), except the known wrong ones.
    assert.deepEqual(wrong.map(show).sort(), knownWrong, `${doc}: wrong tags differ from the known list (a new wrong tag, or a known one gone: update the gold)`);
    // In particular, nothing listed as not-to-be-tagged is tagged, unless it is a known deviation.
    const tagKeys = new Set(tags.map(spanKey));
    const knownKeys = new Set(gold.known.map(spanKey));
    for (const n of gold.notTagged) assert.ok(!tagKeys.has(spanKey(n)) || knownKeys.has(spanKey(n)), `${doc}: ${show(n)} is tagged (${n.why})`);

    rows.push(`| ${doc.replace(/\.md$/, '')} | ${(text.length - from).toLocaleString('en')} | ${tags.length} | ${wrong.length} | ${missed.length} |`);
  });
}

test('per-document table (printed, not asserted)', () => {
  console.log(['', '| Document | Characters | Tags | Wrong | Missed |', '| --- | ---: | ---: | ---: | ---: |', ...rows].join('\n'));
});
