/**
 * Reading aid and gold generator for the real-document corpus (test/fixtures/real/).
 *
 *   npx tsx scripts/corpus-candidates.ts list  [doc…]   every tag the tool makes, in context, grouped by concept and form
 *   npx tsx scripts/corpus-candidates.ts extra [doc…]   every hit of a form the lexicon lacks (decisions.json "add"), in context
 *   npx tsx scripts/corpus-candidates.ts gold  [doc…]   (re)writes <doc>.gold.json from the tool's tags and decisions.json
 *   npx tsx scripts/corpus-candidates.ts table          the per-document table and the missed forms, as Markdown
 *
 * The decisions are made by a person who read every tag in context; they live in
 * test/fixtures/real/decisions.json as data: forms the lexicon lacks that mean a paper concept
 * ("add"), tags that are not the paper's sense ("reject", by the longer word a tag sits in, or by
 * offset for one document), and words the tool must keep avoiding ("guard": 新技术 inside 高新技术). `gold` only applies them and recomputes offsets and today's deviations
 * (`known`), so after a lexicon change `gold` followed by `table` brings the gold and README up to date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedEngine } from '../server/src/core/engine';
import {
  REAL_DIR, bodyStart, compare, corpusDocuments, goldPath, readDocument, readGold, spanKey, toolSpans,
  type Gold, type Known, type NotTagged, type Span,
} from '../test/support/realCorpus';

/** A form the lexicon lacks but that means one of the paper's concepts. */
interface AddRule { form: string; concept: string; why: string; /** Skip hits inside these longer words. */ notWithin?: string[] }
/** Tags of `concept` that sit inside `within` (or at `at` in one document) are not the paper's sense. */
interface RejectRule { concept: string; within?: string; at?: number; why: string }
/** Occurrences of `form` inside `within` must never be tagged as `concept` (the lexicon avoids them today). */
interface GuardRule { form: string; concept: string; within: string; why: string }
/**
 * One point where the second reader's judgement differs from the first reader's. `resolution` starts with
 * "changed:" when the decision was changed (decisions.json now holds the second reader's view) and with
 * "kept:" when it is a judgement call and the first decision stands. A changed decision whose `firstReader` starts
 * with "not " (e.g. "not an occurrence") introduced a new gold entry; any other changed one altered an existing entry.
 * Disagreements may also be about spans outside the gold (a form the second reader would tag, kept untagged).
 */
interface Disagreement { start: number; end: number; text: string; concept: string; firstReader: string; secondReader: string; resolution: string }
/** The independent second reading of every document (issue 13): who, when, the rules applied and the disagreements. */
interface SecondReading { by: string; date: string; rules: string[]; docs: Record<string, Disagreement[]> }
interface Decisions {
  reviewedBy: string;
  add: AddRule[];
  reject: RejectRule[];
  guard: GuardRule[];
  docs: Record<string, { add?: AddRule[]; reject?: RejectRule[] }>;
  secondReading?: SecondReading;
}
/** What the gold file records of the second reading; `agreed` counts the first reader's gold entries the second reader accepts as they are. */
interface SecondReader { by: string; date: string; firstReaderEntries: number; agreed: number; disputed: number; changed: number; disagreements: Disagreement[] }

const DECISIONS_PATH = join(REAL_DIR, 'decisions.json');
const decisions = JSON.parse(readFileSync(DECISIONS_PATH, 'utf8')) as Decisions;
const engine = sharedEngine();
const CONTEXT = 30;

function context(text: string, start: number, end: number): string {
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  return `${flat(text.slice(Math.max(0, start - CONTEXT), start))}【${text.slice(start, end)}】${flat(text.slice(end, end + CONTEXT))}`;
}

/** The occurrences of `word` in `text` that contain [start, end). */
function inside(text: string, start: number, end: number, word: string): boolean {
  for (let i = text.indexOf(word, Math.max(0, end - word.length)); i !== -1 && i <= start; i = text.indexOf(word, i + 1)) {
    if (i <= start && i + word.length >= end) return true;
  }
  return false;
}

function rulesFor(doc: string): { add: AddRule[]; reject: RejectRule[] } {
  const own = decisions.docs[doc] ?? {};
  return { add: [...decisions.add, ...(own.add ?? [])], reject: [...decisions.reject, ...(own.reject ?? [])] };
}

function rejectionOf(text: string, s: Span, rules: RejectRule[]): RejectRule | undefined {
  return rules.find((r) => r.concept === s.concept && (r.at !== undefined ? r.at === s.start : r.within !== undefined && inside(text, s.start, s.end, r.within)));
}

/** Hits of the "add" forms in the body, outside longer excluded words and not inside a longer accepted tag. */
function additions(text: string, rules: AddRule[], accepted: Span[]): (Span & { why: string })[] {
  const from = bodyStart(text);
  const out: (Span & { why: string })[] = [];
  for (const r of rules) {
    for (let i = text.indexOf(r.form, from); i !== -1; i = text.indexOf(r.form, i + 1)) {
      const s = { start: i, end: i + r.form.length, text: r.form, concept: r.concept, why: r.why };
      if (r.notWithin?.some((w) => inside(text, s.start, s.end, w))) continue;
      // A longer or equal tag already covering the hit wins; so does an earlier, longer add.
      if (accepted.some((a) => a.start <= s.start && a.end >= s.end)) continue;
      if (out.some((o) => o.start <= s.start && o.end >= s.end)) continue;
      out.push(s);
    }
  }
  return out;
}

function buildGold(doc: string): Gold {
  const text = readDocument(doc);
  const rules = rulesFor(doc);
  const tags = toolSpans(engine, text, doc);
  const notTagged: NotTagged[] = [];
  const accepted: Span[] = [];
  for (const t of tags) {
    const r = rejectionOf(text, t, rules.reject);
    if (r) notTagged.push({ ...t, why: r.why });
    else accepted.push(t);
  }
  for (const g of decisions.guard) {
    const offset = g.within.indexOf(g.form);
    for (let i = text.indexOf(g.within, bodyStart(text)); i !== -1; i = text.indexOf(g.within, i + 1)) {
      const s = { start: i + offset, end: i + offset + g.form.length, text: g.form, concept: g.concept, why: g.why };
      if (!notTagged.some((n) => spanKey(n) === spanKey(s))) notTagged.push(s);
    }
  }
  notTagged.sort((a, b) => a.start - b.start);
  const added = additions(text, rules.add, accepted);
  // An added longer form replaces a shorter accepted tag inside it (人工智能+ over 人工智能).
  const occurrences = [
    ...accepted.filter((a) => !added.some((s) => s.start <= a.start && s.end >= a.end && s.end - s.start > a.end - a.start)),
    ...added.map(({ why: _why, ...s }) => s),
  ].sort((a, b) => a.start - b.start || a.end - b.end);
  const { missed, wrong } = compare({ occurrences }, tags);
  const whyMissed = (s: Span) => added.find((a) => spanKey(a) === spanKey(s))?.why ?? 'not tagged by the tool';
  const whyWrong = (s: Span) => {
    const rejected = notTagged.find((n) => spanKey(n) === spanKey(s));
    if (rejected) return rejected.why;
    const longer = added.find((a) => a.start <= s.start && a.end >= s.end);
    return longer ? `the occurrence is the longer form ${longer.text} (${longer.why})` : 'not a gold occurrence';
  };
  const known: Known[] = [
    ...missed.map((s) => ({ ...s, kind: 'missed' as const, why: whyMissed(s) })),
    ...wrong.map((s) => ({ ...s, kind: 'wrong' as const, why: whyWrong(s) })),
  ].sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
  const gold: Gold & { secondReader?: SecondReader } = { document: doc, reviewedBy: decisions.reviewedBy, occurrences, notTagged, known };
  if (decisions.secondReading) gold.secondReader = secondReaderOf(doc, text, gold);
  return gold;
}

/** The second reading of one document, checked against its text and gold. */
function secondReaderOf(doc: string, text: string, gold: Gold): SecondReader {
  const sr = decisions.secondReading as SecondReading;
  const disagreements = sr.docs[doc] ?? [];
  for (const d of disagreements) {
    if (text.slice(d.start, d.end) !== d.text) throw new Error(`${doc}: second-reader range ${d.start}-${d.end} does not hold ${d.text}`);
    if (!/^(changed|kept): /.test(d.resolution)) throw new Error(`${doc}: resolution of ${d.text}@${d.start} must start with "changed: " or "kept: "`);
  }
  const changed = disagreements.filter((d) => d.resolution.startsWith('changed: '));
  const kept = disagreements.filter((d) => d.resolution.startsWith('kept: '));
  for (const d of changed) {
    const inGold = gold.occurrences.some((o) => spanKey(o) === spanKey(d)) || gold.notTagged.some((n) => spanKey(n) === spanKey(d));
    if (!inGold) throw new Error(`${doc}: changed decision ${d.text}@${d.start} is not in the regenerated gold (add or reject it in decisions.json)`);
  }
  // The first reader's entries are today's gold entries (occurrences and notTagged) less the ones a changed decision
  // introduced (its firstReader says "not …"); a kept dispute or a changed decision on one of them is not agreement.
  const entries = new Set([...gold.occurrences, ...gold.notTagged].map(spanKey));
  const introduced = changed.filter((d) => d.firstReader.startsWith('not ')).length;
  const firstReaderEntries = entries.size - introduced;
  const onFirst = new Set([...kept, ...changed.filter((d) => !d.firstReader.startsWith('not '))].map(spanKey).filter((k) => entries.has(k)));
  const agreed = firstReaderEntries - onFirst.size;
  return { by: sr.by, date: sr.date, firstReaderEntries, agreed, disputed: kept.length, changed: changed.length, disagreements };
}

function docsFrom(args: string[]): string[] {
  const all = corpusDocuments();
  if (args.length === 0) return all;
  return args.map((a) => {
    const found = all.find((d) => d === a || d === `${a}.md` || d.startsWith(a));
    if (!found) throw new Error(`no corpus document ${a}; have ${all.join(', ')}`);
    return found;
  });
}

function list(doc: string): void {
  const text = readDocument(doc);
  const rules = rulesFor(doc);
  const groups = new Map<string, Span[]>();
  for (const t of toolSpans(engine, text, doc)) {
    const key = `${t.concept} ${t.text}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  console.log(`\n=== ${doc}: ${[...groups.values()].reduce((n, g) => n + g.length, 0)} tags`);
  for (const [key, spans] of [...groups].sort()) {
    console.log(`-- ${key} ×${spans.length}`);
    for (const s of spans) {
      const r = rejectionOf(text, s, rules.reject);
      console.log(`  ${String(s.start).padStart(6)} ${r ? 'REJECT ' : ''}${context(text, s.start, s.end)}`);
    }
  }
}

function extra(doc: string): void {
  const text = readDocument(doc);
  const rules = rulesFor(doc);
  const accepted = toolSpans(engine, text, doc).filter((t) => !rejectionOf(text, t, rules.reject));
  console.log(`\n=== ${doc}: forms the lexicon lacks`);
  for (const s of additions(text, rules.add, accepted)) console.log(`  ${String(s.start).padStart(6)} ${s.concept} ${context(text, s.start, s.end)}`);
}

function table(): void {
  const rows: string[] = ['| Document | Characters | Tags | Wrong | Missed | Gold occurrences |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  const missedForms = new Map<string, { concept: string; count: number; docs: Set<string>; why: string }>();
  const wrongForms = new Map<string, { count: number; docs: Set<string>; why: string }>();
  let totals = [0, 0, 0, 0, 0];
  for (const doc of corpusDocuments()) {
    const text = readDocument(doc);
    const gold = readGold(doc);
    const tags = toolSpans(engine, text, doc);
    const { missed, wrong } = compare(gold, tags);
    const chars = text.length - bodyStart(text);
    rows.push(`| ${doc} | ${chars.toLocaleString('en')} | ${tags.length} | ${wrong.length} | ${missed.length} | ${gold.occurrences.length} |`);
    totals = [totals[0] + chars, totals[1] + tags.length, totals[2] + wrong.length, totals[3] + missed.length, totals[4] + gold.occurrences.length];
    for (const k of gold.known) {
      const map = k.kind === 'missed' ? missedForms : wrongForms;
      const key = k.kind === 'missed' ? `${k.text}\u0000${k.concept}` : `${k.text}\u0000${k.concept}\u0000${k.why}`;
      const e = map.get(key) ?? { concept: k.concept, count: 0, docs: new Set<string>(), why: k.why };
      e.count++;
      e.docs.add(doc.replace(/\.md$/, ''));
      map.set(key, e as never);
    }
  }
  rows.push(`| **all ${corpusDocuments().length}** | ${totals[0].toLocaleString('en')} | ${totals[1]} | ${totals[2]} | ${totals[3]} | ${totals[4]} |`);
  console.log(rows.join('\n'));
  console.log('\nMissed (form, concept, count, documents):');
  for (const [key, e] of [...missedForms].sort((a, b) => b[1].count - a[1].count)) console.log(`| ${key.split('\u0000')[0]} | ${key.split('\u0000')[1]} | ${e.count} | ${[...e.docs].join(', ')} |`);
  console.log('\nWrong (form, concept, count, why):');
  for (const [key, e] of [...wrongForms].sort((a, b) => b[1].count - a[1].count)) console.log(`| ${key.split('\u0000')[0]} | ${key.split('\u0000')[1]} | ${e.count} | ${e.why} |`);
  secondReadingTable();
}

/** Agreement of the second reader with the first, per document, from the gold files. */
function secondReadingTable(): void {
  const rows = [
    '| Document | First reader\'s entries | Agreed | Disputed, kept | Forms proposed, kept out | Changed |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const sum = [0, 0, 0, 0, 0];
  for (const doc of corpusDocuments()) {
    const gold = readGold(doc) as Gold & { secondReader?: SecondReader };
    const sr = gold.secondReader;
    if (!sr) continue;
    const keys = new Set([...gold.occurrences, ...gold.notTagged].map(spanKey));
    const kept = sr.disagreements.filter((d) => d.resolution.startsWith('kept: '));
    const onGold = kept.filter((d) => keys.has(spanKey(d))).length;
    const row = [sr.firstReaderEntries, sr.agreed, onGold, kept.length - onGold, sr.changed];
    rows.push(`| ${doc.replace(/\.md$/, '')} | ${row.join(' | ')} |`);
    row.forEach((n, i) => { sum[i] += n; });
  }
  if (rows.length === 2) return;
  rows.push(`| **all** | ${sum.join(' | ')} |`);
  console.log('\nSecond reading (entries = gold occurrences + notTagged of the first reading):');
  console.log(rows.join('\n'));
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'list': for (const d of docsFrom(rest)) list(d); break;
  case 'extra': for (const d of docsFrom(rest)) extra(d); break;
  case 'gold':
    for (const d of docsFrom(rest)) {
      const gold = buildGold(d);
      writeFileSync(goldPath(d), `${JSON.stringify(gold, null, 1)}\n`);
      console.log(`${d}: ${gold.occurrences.length} occurrences, ${gold.notTagged.length} not tagged, ${gold.known.filter((k) => k.kind === 'missed').length} missed, ${gold.known.filter((k) => k.kind === 'wrong').length} wrong`);
    }
    break;
  case 'table': table(); break;
  default:
    console.error('usage: tsx scripts/corpus-candidates.ts list|extra|gold [doc…] | table');
    process.exitCode = 2;
}
