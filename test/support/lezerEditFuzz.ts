/**
 * The incremental lezer path's property (issue 11): after every random edit of a random document,
 * the document `update()` made must read exactly as a fresh one does, and its lezer tree must be the
 * tree a fresh parse gives; and what it reads must be what remark reads. npm test runs a fixed
 * sample (test/unit/incrementalLezer.test.ts), the bench's `incremental` group the full count.
 */
import type { Tree } from '@lezer/common';
import { ConceptDocument, updateCounts, type AnnotationEngine } from '../../server/src/core/document';
import { extractProse } from '../../server/src/core/text/prose';
import { lezerInput, lezerParser } from '../../server/src/core/text/lezerProse';
import type { RawMatch } from '../../server/src/core/match/matcher';
import { BLOCKS, PLAIN_BLOCKS, randomDocument, randomEditAt, rng, summary } from './editFuzz';

/** Every node of a tree (name, from, to) in document order, as one string. */
export function treeShape(tree: Tree): string {
  const out: string[] = [];
  const c = tree.cursor();
  for (;;) {
    out.push(`${c.name}@${c.from}-${c.to}`);
    if (c.firstChild()) continue;
    for (;;) {
      if (c.nextSibling()) break;
      if (!c.parent()) return out.join(' ');
    }
  }
}

/** What remark reads of a text (blocks, prose, headings) and the matches in its prose, comparable with `readsAs`. */
function remarkReading(engine: AnnotationEngine, text: string): string {
  const m = extractProse(text, 0, Infinity, { parser: 'remark' });
  const raw: RawMatch[] = [];
  for (const r of m.prose) engine.matcher.findAll(text, r.start, r.end, raw);
  return JSON.stringify({
    blocks: m.blocks.map((b) => `${b.start}-${b.end}:${b.type}`),
    headings: m.headings.map((h) => `${h.start}-${h.end}:${h.depth}:${h.text}`),
    prose: m.prose.map((p) => `${p.start}-${p.end}`),
    matches: raw.map((x) => `${x.start}-${x.end}:${x.form.conceptId}:${x.form.kind}`),
  });
}

function readsAs(doc: ConceptDocument): string {
  const s = summary(doc);
  return JSON.stringify({ blocks: s.blocks, headings: s.headings, prose: s.prose, matches: matches(doc) });
}

/**
 * The occurrences with their forms' kinds, as remarkReading has its matches (the random documents
 * hold no `policy-lens` directive, so every match is an occurrence).
 */
function matches(doc: ConceptDocument): string[] {
  return doc.occurrences.map((o) => `${o.start}-${o.end}:${o.concept.id}:${o.kind}`);
}

export interface LezerEditFailure {
  seed: number;
  sequence: number;
  edit: number;
  /** Which property failed: the parts a fresh annotation gives, lezer's tree, or remark's reading. */
  what: 'parts' | 'tree' | 'remark';
  before: string;
  after: string;
}

/**
 * `sequences` random edit sequences of `edits` edits each, on documents lezer reads (every other one
 * from blocks without what sends a text to remark, so that the lezer path is well exercised). After
 * each edit: (1) the updated document's blocks, prose, headings, occurrences and line starts equal a
 * fresh annotation's; (2) when it holds a freshly parsed lezer tree, that tree equals a fresh parse
 * node for node (names and ranges); (3) its reading equals remark's (the fast path is exact).
 * Returns the first failure, or undefined, and how the edits were read (`updateCounts` deltas).
 */
export function checkLezerIncremental(engine: AnnotationEngine, seed: number, sequences: number, edits: number): { failure?: LezerEditFailure; counts: typeof updateCounts; trees: number } {
  const next = rng(seed);
  const start = { ...updateCounts };
  let trees = 0;
  const counts = () => ({ lezer: updateCounts.lezer - start.lezer, window: updateCounts.window - start.window, full: updateCounts.full - start.full, none: updateCounts.none - start.none });
  for (let s = 0; s < sequences; s++) {
    let text = randomDocument(next, s % 2 ? PLAIN_BLOCKS : BLOCKS);
    let doc = new ConceptDocument(text, engine);
    for (let e = 0; e < edits; e++) {
      const edit = randomEditAt(text, next);
      const after = edit.text;
      // Odd edits pass the edit's range as the language server does; even ones let update() find it.
      const hint = e % 2 ? { prefix: edit.start, suffix: text.length - edit.start - edit.removed } : undefined;
      const incremental = doc.update(after, undefined, hint);
      const fresh = new ConceptDocument(after, engine);
      const fail = (what: LezerEditFailure['what']) => ({ failure: { seed, sequence: s, edit: e, what, before: text, after }, counts: counts(), trees });
      if (JSON.stringify(summary(incremental)) !== JSON.stringify(summary(fresh)) || matches(incremental).join() !== matches(fresh).join()) return fail('parts');
      const t = incremental.lezerTree;
      if (t) {
        trees++;
        if (treeShape(t.tree) !== treeShape(lezerParser.parse(lezerInput(after, t.from)))) return fail('tree');
      }
      if (readsAs(incremental) !== remarkReading(engine, after)) return fail('remark');
      text = after;
      doc = incremental;
    }
  }
  return { counts: counts(), trees };
}
