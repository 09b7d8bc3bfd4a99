/**
 * Coverage: the one aggregation of concept occurrences by concept, category, path, section, document
 * and corpus. The server's Concepts answer, the code lens, the CLI table, the Concepts view, the coverage
 * webview and the HTML report all count through here, so they never disagree.
 *
 * Everything here is pure over plain data: a document's aggregate (`DocumentCoverage`) is a JSON value,
 * small and independent of the text's size, so worker threads can send it back and a corpus of any size
 * is merged with bounded memory. Offsets are UTF-16 code units (as everywhere in the core).
 *
 * It imports nothing heavy (no parser), so the VS Code client bundles the grouping helpers it shares.
 */
import type { ConceptDocument, Occurrence } from './document';
import type { CategoryId, Concept, PathId } from './lexicon/types';
import { CATEGORY_IDS, PATH_IDS } from './lexicon/types';
import { CATEGORY_LABELS, PATH_LABELS } from './lexicon/categories';
import type { DocumentMeta } from './meta';
import { spanIndexAt } from './spans';

/** The least a counted item says about its concept: an `Occurrence`, an `AnnotationJson`, a view's item. */
export interface ConceptRef {
  readonly id: string;
  readonly term: string;
  readonly category: string;
}

/** One concept's count in a tally; `first` is the index of its first item (first use). */
export interface ConceptTally<C extends ConceptRef = ConceptRef> {
  readonly concept: C;
  count: number;
  readonly first: number;
}

/** Occurrences counted by concept and by category. */
export interface Tally<C extends ConceptRef = ConceptRef> {
  total: number;
  /** concept id → count, in order of first use. */
  readonly concepts: Map<string, ConceptTally<C>>;
  /** category id → occurrences and distinct concepts. */
  readonly categories: Map<string, { occurrences: number; concepts: Set<string> }>;
}

/** Counts items (anything with a `concept`) by concept and category, in one pass. */
export function tally<C extends ConceptRef>(items: Iterable<{ readonly concept: C }>): Tally<C> {
  const t: Tally<C> = { total: 0, concepts: new Map(), categories: new Map() };
  for (const item of items) {
    const c = item.concept;
    const e = t.concepts.get(c.id);
    if (e) e.count++;
    else t.concepts.set(c.id, { concept: c, count: 1, first: t.total });
    let cat = t.categories.get(c.category);
    if (!cat) t.categories.set(c.category, (cat = { occurrences: 0, concepts: new Set() }));
    cat.occurrences++;
    cat.concepts.add(c.id);
    t.total++;
  }
  return t;
}

/** A tally's concepts, most used first, ties in order of first use. */
export function ranked<C extends ConceptRef>(t: Tally<C>): ConceptTally<C>[] {
  return [...t.concepts.values()].sort((a, b) => b.count - a.count || a.first - b.first);
}

/** Items grouped by concept id, groups in order of first use, items in their order. */
export function groupByConcept<T extends { readonly concept: { readonly id: string } }>(items: Iterable<T>): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    let list = groups.get(item.concept.id);
    if (!list) groups.set(item.concept.id, (list = []));
    list.push(item);
  }
  return [...groups.values()];
}

/**
 * Concept entries grouped by category in the paper's order (unknown categories last), each group's
 * entries most used first (`weight`), ties in their given order. What the Concepts view shows.
 */
export function byCategory<T>(
  entries: readonly T[],
  category: (e: T) => string,
  weight: (e: T) => number,
  /** The order of the groups; by default the shipped paper's categories in its order, then the others. */
  rank: (category: string) => number = (id) => ((CATEGORY_IDS as readonly string[]).includes(id) ? (CATEGORY_IDS as readonly string[]).indexOf(id) : CATEGORY_IDS.length),
): { category: string; entries: T[] }[] {
  const groups = new Map<string, { e: T; i: number }[]>();
  entries.forEach((e, i) => {
    const c = category(e);
    let g = groups.get(c);
    if (!g) groups.set(c, (g = []));
    g.push({ e, i });
  });
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([c, g]) => ({ category: c, entries: g.sort((a, b) => weight(b.e) - weight(a.e) || a.i - b.i).map((x) => x.e) }));
}

/** A weighted, undirected concept pair: `source < target` (by id). */
export interface CooccurrencePair {
  readonly source: string;
  readonly target: string;
  /** In how many units (sentences, paragraphs, documents) both occur. */
  readonly weight: number;
}

/**
 * Concept co-occurrence: for each unit (the concept ids of one sentence, say, repeats allowed), every
 * pair of distinct concepts in it counts once. Pairs by weight, heaviest first, then by ids. Pure: the
 * exporters' co-occurrence files and the coverage network both use it.
 */
export function cooccurrencePairs(units: Iterable<Iterable<string>>): CooccurrencePair[] {
  const weights = new Map<string, number>();
  for (const unit of units) {
    const ids = [...new Set(unit)].sort();
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
      const key = `${ids[i]}\u0000${ids[j]}`;
      weights.set(key, (weights.get(key) ?? 0) + 1);
    }
  }
  return mergePairs([...weights].map(([k, weight]) => {
    const [source, target] = k.split('\u0000');
    return { source, target, weight };
  }));
}

/** Pair lists summed (several documents' pairs into a corpus's), sorted as `cooccurrencePairs` sorts. */
export function mergePairs(...lists: readonly (readonly CooccurrencePair[])[]): CooccurrencePair[] {
  const out = new Map<string, { source: string; target: string; weight: number }>();
  for (const list of lists) for (const p of list) {
    const [source, target] = p.source < p.target ? [p.source, p.target] : [p.target, p.source];
    const key = `${source}\u0000${target}`;
    const e = out.get(key);
    if (e) e.weight += p.weight;
    else out.set(key, { source, target, weight: p.weight });
  }
  return [...out.values()].sort((a, b) => b.weight - a.weight || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

/**
 * The concept ids of each sentence (or top-level block, `unit: 'paragraph'`) of a document that holds
 * an occurrence, in document order: the units `cooccurrencePairs` reads.
 */
export function conceptUnits(doc: ConceptDocument, occurrences: readonly Occurrence[] = doc.occurrences, unit: 'sentence' | 'paragraph' = 'sentence'): string[][] {
  const out: string[][] = [];
  let key = NaN;
  for (const o of occurrences) {
    let k: number;
    if (unit === 'paragraph') k = spanIndexAt(doc.blocks, o.start);
    else k = doc.sentenceAt(o.start)?.start ?? -1 - o.start; // no sentence: the occurrence stands alone
    if (k !== key) out.push([]), (key = k);
    out[out.length - 1].push(o.concept.id);
  }
  return out;
}

/** One section's counts: its outline path (names), where it starts, occurrences by concept id. */
export interface SectionCoverage {
  readonly path: string[];
  /** Offset (UTF-16) of the section's first heading; 0 for text before any heading. */
  readonly start: number;
  readonly counts: Record<string, number>;
}

/** A document's aggregate: all that coverage needs, as JSON, independent of the text's size. */
export interface DocumentCoverage {
  readonly path: string;
  readonly meta: DocumentMeta;
  readonly total: number;
  /** concept id → occurrences, in order of first use. */
  readonly concepts: Record<string, number>;
  /** Sections (paths cut to `sectionDepth`) that hold occurrences, in document order. */
  readonly sections: SectionCoverage[];
  /** Concept pairs within a sentence. */
  readonly pairs: CooccurrencePair[];
}

/**
 * A document's coverage aggregate over `occurrences` (the visible ones; all by default). Sections are
 * the outline paths (公文 numbering or Markdown headings) cut to `sectionDepth` levels (3: a title,
 * 一、 and （一） each get a row while 1. and deeper items count toward their parent).
 */
export function documentCoverage(doc: ConceptDocument, options: { path?: string; occurrences?: readonly Occurrence[]; sectionDepth?: number; meta?: DocumentMeta } = {}): DocumentCoverage {
  const occurrences = options.occurrences ?? doc.occurrences;
  const depth = options.sectionDepth ?? 3;
  const concepts: Record<string, number> = {};
  const sections: SectionCoverage[] = [];
  const byKey = new Map<string, SectionCoverage>();
  for (const o of occurrences) {
    concepts[o.concept.id] = (concepts[o.concept.id] ?? 0) + 1;
    const headings = doc.sectionPath(o.start).slice(0, depth);
    const key = sectionKey(doc, o.start, depth);
    let s = byKey.get(key);
    if (!s) {
      s = { path: headings.map((h) => h.text), start: headings.length ? headings[headings.length - 1].start : 0, counts: {} };
      byKey.set(key, s);
      sections.push(s);
    }
    s.counts[o.concept.id] = (s.counts[o.concept.id] ?? 0) + 1;
  }
  sections.sort((a, b) => a.start - b.start);
  return { path: options.path ?? doc.uri, meta: options.meta ?? {}, total: occurrences.length, concepts, sections, pairs: cooccurrencePairs(conceptUnits(doc, occurrences)) };
}

/** Which section row (of `documentCoverage` with this depth) holds `offset`: equal keys, same row. */
export function sectionKey(doc: ConceptDocument, offset: number, depth = 3): string {
  const headings = doc.sectionPath(offset).slice(0, depth);
  return headings.length ? String(headings[headings.length - 1].start) : '';
}

/** Several documents' aggregates merged: a folder's or a corpus's. Memory grows with concepts, not texts. */
export interface CorpusCoverage {
  documents: number;
  total: number;
  /** concept id → occurrences in all documents. */
  readonly concepts: Record<string, number>;
  /** concept id → documents using it. */
  readonly documentsUsing: Record<string, number>;
  /** `source\u0000target` → weight (see `corpusPairs`): a map while merging, so adding a document sorts nothing. */
  readonly pairWeights: Record<string, number>;
  /** year → concept id → occurrences (documents with a `year` or `date`). */
  readonly byYear: Record<string, Record<string, number>>;
  /** region → concept id → occurrences. */
  readonly byRegion: Record<string, Record<string, number>>;
  /** year/region → documents. */
  readonly documentsByYear: Record<string, number>;
  readonly documentsByRegion: Record<string, number>;
}

export function emptyCorpus(): CorpusCoverage {
  return { documents: 0, total: 0, concepts: {}, documentsUsing: {}, pairWeights: {}, byYear: {}, byRegion: {}, documentsByYear: {}, documentsByRegion: {} };
}

/** Adds one document's aggregate to a corpus (in place); returns the corpus. */
export function addToCorpus(corpus: CorpusCoverage, doc: DocumentCoverage): CorpusCoverage {
  corpus.documents++;
  corpus.total += doc.total;
  const add = (into: Record<string, number>, id: string, n: number) => (into[id] = (into[id] ?? 0) + n);
  for (const [id, n] of Object.entries(doc.concepts)) {
    add(corpus.concepts, id, n);
    add(corpus.documentsUsing, id, 1);
    if (doc.meta.year) add((corpus.byYear[doc.meta.year] ??= {}), id, n);
    if (doc.meta.region) add((corpus.byRegion[doc.meta.region] ??= {}), id, n);
  }
  if (doc.meta.year) add(corpus.documentsByYear, doc.meta.year, 1);
  if (doc.meta.region) add(corpus.documentsByRegion, doc.meta.region, 1);
  for (const p of doc.pairs) add(corpus.pairWeights, p.source < p.target ? `${p.source}\u0000${p.target}` : `${p.target}\u0000${p.source}`, p.weight);
  return corpus;
}

/** A corpus's concept pairs, heaviest first (as `cooccurrencePairs` sorts). */
export function corpusPairs(corpus: CorpusCoverage): CooccurrencePair[] {
  return mergePairs(Object.entries(corpus.pairWeights).map(([k, weight]) => {
    const [source, target] = k.split('\u0000');
    return { source, target, weight };
  }));
}

/** Counts by category or path over a frame: concepts in the frame, how many are covered, occurrences. */
export interface FrameGroupCoverage {
  readonly id: string;
  /** Concepts of the source in this group. */
  readonly concepts: number;
  readonly covered: number;
  readonly occurrences: number;
}

export interface FrameCoverage {
  readonly total: number;
  readonly categories: FrameGroupCoverage[];
  readonly paths: FrameGroupCoverage[];
  /** Ids of the source's concepts that occur, most used first. */
  readonly covered: string[];
  /** Ids of the source's concepts that never occur, in the source's order. */
  readonly missing: string[];
  /** The fewest concepts (most used first) that together hold at least half of the occurrences. */
  readonly dominant: { id: string; count: number; share: number }[];
  /** Each covered concept's share of all occurrences (0–1). */
  readonly shares: Record<string, number>;
}

/**
 * Which of a source's concepts and paths `counts` (concept id → occurrences) covers: per category and per
 * path (a concept serving two paths counts for both), the covered and missing concepts, and the
 * dominant ones. Counts of concepts outside the source are ignored.
 */
export function frameCoverage(counts: Readonly<Record<string, number>>, source: readonly Concept[]): FrameCoverage {
  const inSource = source.filter((c) => (counts[c.id] ?? 0) > 0);
  const total = inSource.reduce((n, c) => n + counts[c.id], 0);
  const group = (id: string, member: (c: Concept) => boolean): FrameGroupCoverage => {
    const all = source.filter(member);
    const used = all.filter((c) => (counts[c.id] ?? 0) > 0);
    return { id, concepts: all.length, covered: used.length, occurrences: used.reduce((n, c) => n + counts[c.id], 0) };
  };
  const order = new Map(source.map((c, i) => [c.id, i]));
  const covered = inSource.map((c) => c.id).sort((a, b) => counts[b] - counts[a] || order.get(a)! - order.get(b)!);
  const shares: Record<string, number> = {};
  for (const id of covered) shares[id] = counts[id] / total;
  const dominant: FrameCoverage['dominant'] = [];
  let sum = 0;
  for (const id of covered) {
    if (sum * 2 >= total) break;
    dominant.push({ id, count: counts[id], share: shares[id] });
    sum += counts[id];
  }
  return {
    total,
    categories: CATEGORY_IDS.map((cat) => group(cat, (c) => c.category === cat)),
    paths: PATH_IDS.map((p) => group(p, (c) => c.paths.includes(p))),
    covered,
    missing: source.filter((c) => !(counts[c.id] > 0)).map((c) => c.id),
    dominant,
    shares,
  };
}

export type Lang = 'zh' | 'en';

/** The picture's language from a locale (`zh-cn`, `zh_CN.UTF-8`, `en-US`): Chinese for any zh, else English. */
export function langOf(locale: string | undefined): Lang {
  return (locale ?? '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** A frame label (category or path) in one language. */
export function frameLabel(id: string, lang: Lang): string {
  const l = CATEGORY_LABELS[id as CategoryId] ?? PATH_LABELS[id as PathId];
  return l ? l[lang] : id;
}

/**
 * What the coverage charts draw, the same for the webview (one draft: rows are sections) and the
 * report (a corpus: rows are documents). Plain JSON, labels in one language.
 */
export interface CoveragePicture {
  readonly lang: Lang;
  readonly documents: number;
  readonly total: number;
  readonly categories: { id: string; label: string; concepts: number; covered: number; occurrences: number }[];
  readonly paths: { id: string; label: string; concepts: number; covered: number; occurrences: number }[];
  /** Every concept of the source, most used first, unused ones after in the source's order. */
  readonly concepts: { id: string; term: string; en: string; category: string; count: number; share: number; documents: number }[];
  readonly missing: string[];
  readonly dominant: string[];
  /** Heatmap: rows (sections or documents) × columns (covered concepts, as `concepts`); cells `[column, row, count]`, non-zero only. */
  readonly heatmap: { rows: string[]; columns: string[]; cells: [number, number, number][] };
  /** Co-occurrence network: nodes are covered concepts (value = occurrences), links within a sentence. */
  readonly network: { nodes: { id: string; name: string; category: string; value: number }[]; links: { source: string; target: string; value: number }[] };
}

/** The picture of rows (sections or documents, each with counts by concept id) over a source. */
export function coveragePicture(
  counts: Readonly<Record<string, number>>,
  rows: readonly { label: string; counts: Readonly<Record<string, number>> }[],
  pairs: readonly CooccurrencePair[],
  source: readonly Concept[],
  lang: Lang,
  corpus: { documents: number; documentsUsing?: Readonly<Record<string, number>> } = { documents: 1 },
): CoveragePicture {
  const documentsUsing = corpus.documentsUsing ?? {};
  const frame = frameCoverage(counts, source);
  const byId = new Map(source.map((c) => [c.id, c]));
  const unused = frame.missing;
  const concepts = [...frame.covered, ...unused].map((id) => {
    const c = byId.get(id)!;
    return { id, term: c.term, en: c.en, category: c.category, count: counts[id] ?? 0, share: frame.shares[id] ?? 0, documents: documentsUsing[id] ?? ((counts[id] ?? 0) > 0 ? 1 : 0) };
  });
  const columns = frame.covered;
  const col = new Map(columns.map((id, i) => [id, i]));
  const cells: [number, number, number][] = [];
  rows.forEach((r, ri) => {
    for (const [id, n] of Object.entries(r.counts)) {
      const ci = col.get(id);
      if (ci !== undefined && n > 0) cells.push([ci, ri, n]);
    }
  });
  cells.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const name = (id: string) => (lang === 'zh' ? byId.get(id)!.term : byId.get(id)!.en);
  return {
    lang,
    documents: corpus.documents,
    total: frame.total,
    categories: frame.categories.map((g) => ({ ...g, label: frameLabel(g.id, lang) })),
    paths: frame.paths.map((g) => ({ ...g, label: frameLabel(g.id, lang) })),
    concepts,
    missing: frame.missing,
    dominant: frame.dominant.map((d) => d.id),
    heatmap: { rows: rows.map((r) => r.label), columns, cells },
    network: {
      nodes: columns.map((id) => ({ id, name: name(id), category: byId.get(id)!.category, value: counts[id] })),
      links: pairs.filter((p) => col.has(p.source) && col.has(p.target)).map((p) => ({ source: p.source, target: p.target, value: p.weight })),
    },
  };
}
