/**
 * examples/lexicons/policy-2026.yaml: it loads over the shipped lexicon, its specs pass, it tags its
 * terms in the real documents of test/fixtures/real, and it changes no tag of the shipped concepts
 * there (the gold files still hold, with the same known deviations). Every concept cites real
 * documents that use the term, by the title and the source their front matter gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sharedEngine } from '../../server/src/core/engine';
import { specProblems } from '../../server/src/core/lexicon/specs';
import { buildEngine } from '../../server/src/core/lexicon/layers';
import { compare, corpusDocuments, readDocument, readGold, type Span } from '../support/realCorpus';

const ROOT = join(__dirname, '..', '..');
const FILE = join(ROOT, 'examples', 'lexicons', 'policy-2026.yaml');
const TEXT = readFileSync(FILE, 'utf8');
const DATA = parse(TEXT) as { concepts: { id: string; term: string; references: { title: string; url: string }[] }[] };

/** The example as a user lexicon over the shipped one: no problems (buildEngine runs its specs too). */
function load() {
  const build = buildEngine({ lexicons: [{ uri: FILE, text: TEXT, kind: 'user' }], sources: [] });
  assert.deepEqual(build.problems, []);
  assert.deepEqual(build.loaded.find((l) => l.uri === FILE), { uri: FILE, kind: 'user', concepts: DATA.concepts.length });
  return build.engine;
}

test('the example lexicon loads over the shipped one and its specs pass', () => {
  const engine = load();
  assert.ok(DATA.concepts.length >= 16);
  for (const term of ['产业集群', '中试', '概念验证', '新业态', '先进制造业', '高新技术企业', '新动能', '低空经济', '生物制造']) {
    assert.ok(DATA.concepts.some((c) => c.term === term), `no concept for ${term}`);
  }
  assert.deepEqual(specProblems(FILE, TEXT, engine), []);
  // Every concept carries specs.
  assert.deepEqual(DATA.concepts.filter((c) => !(c as { specs?: unknown[] }).specs?.length).map((c) => c.id), []);
});

test('every concept cites real documents that use its term, by the title and source of their front matter', () => {
  const fronts = corpusDocuments().map((d) => {
    const text = readDocument(d);
    const title = /^title: "(.*)"$/m.exec(text)![1];
    const source = /^source: "(.*)"$/m.exec(text)![1];
    return { d, text, title, source };
  });
  for (const c of DATA.concepts) {
    assert.ok(c.references.length >= 1, `${c.id} cites nothing`);
    for (const r of c.references) {
      const doc = fronts.find((f) => f.title === r.title);
      assert.ok(doc, `${c.id}: “${r.title}” is not a document of test/fixtures/real`);
      assert.ok(doc.text.includes(c.term), `${c.id}: “${r.title}” does not use ${c.term}`);
      // The URL is the official page the front matter names, or the public copy it was taken from.
      const github = /^github:([^@]+)@([0-9a-f]+):(\S+)/.exec(doc.source);
      const expected = [...doc.source.matchAll(/https:\/\/\S+?(?=[\s)—;,]|$)/g)].map((m) => m[0]);
      if (github) expected.push(`https://github.com/${github[1]}/blob/${github[2]}/${github[3]}`);
      assert.ok(expected.includes(r.url), `${c.id}: ${r.url} is not the source of “${r.title}” (${expected.join(', ')})`);
    }
  }
});

test('in the real documents: the terms are tagged, and every shipped tag is as in the gold files', () => {
  const engine = load();
  const shippedIds = new Set(sharedEngine().lexicon.concepts.map((c) => c.id));
  const counts = new Map<string, number>();
  for (const d of corpusDocuments()) {
    const text = readDocument(d);
    const tags: Span[] = engine.annotate(text, d).occurrences.map((o) => ({ start: o.start, end: o.end, text: text.slice(o.start, o.end), concept: o.concept.id }));
    for (const t of tags) if (!shippedIds.has(t.concept)) counts.set(t.text, (counts.get(t.text) ?? 0) + 1);
    const gold = readGold(d);
    const { missed, wrong } = compare(gold, tags.filter((t) => shippedIds.has(t.concept)));
    const show = (s: Span) => `${s.text}@${s.start}-${s.end}=${s.concept}`;
    assert.deepEqual(missed.map(show).sort(), gold.known.filter((k) => k.kind === 'missed').map(show).sort(), `${d}: a shipped tag was lost`);
    assert.deepEqual(wrong.map(show).sort(), gold.known.filter((k) => k.kind === 'wrong').map(show).sort(), `${d}: a shipped tag changed`);
  }
  assert.deepEqual(Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))), EXPECTED_COUNTS);
});

/** Tags of the example's concepts in the ten documents, by form. */
const EXPECTED_COUNTS: Record<string, number> = {
  产业集群: 22,
  新业态: 16,
  中试: 13,
  先进制造业: 13,
  科技型中小企业: 7,
  以旧换新: 4, // not the housing “以旧换新” of the Anhui and Jiangsu reports
  高新技术企业: 6,
  低空经济: 4,
  商业航天: 4,
  概念验证: 4,
  生物制造: 4,
  零碳园区: 4,
  新动能: 3, // not the 新动能 inside 创新动能
  新型文化业态: 3, // 新业态 of culture, an official alias
  具身智能: 2,
  新型储能: 2,
  耐心资本: 2,
};
