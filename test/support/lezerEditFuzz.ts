/**
 * The lezer edit path's properties (issue 11): after every random edit of a random document, the
 * document `update()` made must read exactly as a fresh one does, and what it reads must be what
 * remark reads; and a text read by lezer in pieces (how an edit re-reads its window) must read as the
 * whole text's walk. npm test runs fixed samples (test/unit/incrementalLezer.test.ts), the bench's
 * `incremental` group the full count.
 */
import type { Tree } from '@lezer/common';
import { ConceptDocument, editTuning, updateCounts, type AnnotationEngine } from '../../server/src/core/document';
import { DEFINITION_LINE, extractProse, frontMatterLength, lezerPieces, type ProseModel } from '../../server/src/core/text/prose';
import { lezerInput, lezerModel, lezerParser } from '../../server/src/core/text/lezerProse';
import { limitNesting, DEFAULT_LIMITS } from '../../server/src/core/limits';
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
  /** Which property failed: the parts a fresh annotation gives, lezer's reparsed tree, or remark's reading. */
  what: 'parts' | 'tree' | 'remark';
  before: string;
  after: string;
}

/**
 * `sequences` random edit sequences of `edits` edits each, on documents lezer reads (every other one
 * from blocks without what sends a text to remark, so that the lezer path is well exercised). After
 * each edit: (1) the updated document's blocks, prose, headings, occurrences and line starts equal a
 * fresh annotation's; (2) when a long block was reparsed from the fragments, the new tree equals a
 * fresh parse node for node (names and ranges); (3) its reading equals remark's (the fast path is
 * exact). Every third sequence reads its edits as the server does (pieces, the random documents' blocks
 * being short); the others alternate edit by edit between pieces and a reparse from the fragments
 * (`editTuning.largeBlock` 0 or Infinity), so that a reparse follows edits only recorded.
 * Returns the first failure, or undefined, and how the edits were read (`updateCounts` deltas).
 */
export function checkLezerIncremental(engine: AnnotationEngine, seed: number, sequences: number, edits: number): { failure?: LezerEditFailure; counts: typeof updateCounts } {
  const next = rng(seed);
  const start = { ...updateCounts };
  const counts = () => ({ lezer: updateCounts.lezer - start.lezer, window: updateCounts.window - start.window, full: updateCounts.full - start.full, none: updateCounts.none - start.none, reparsed: updateCounts.reparsed - start.reparsed });
  const largeBlock = editTuning.largeBlock;
  try {
    for (let s = 0; s < sequences; s++) {
      let text = randomDocument(next, s % 2 ? PLAIN_BLOCKS : BLOCKS);
      let doc = new ConceptDocument(text, engine);
      for (let e = 0; e < edits; e++) {
        const edit = randomEditAt(text, next);
        const after = edit.text;
        // Odd edits pass the edit's range as the language server does; even ones let update() find it.
        const hint = e % 2 ? { prefix: edit.start, suffix: text.length - edit.start - edit.removed } : undefined;
        editTuning.largeBlock = s % 3 === 0 ? largeBlock : (s + e) % 2 ? 0 : Infinity;
        const incremental = doc.update(after, undefined, hint);
        const fresh = new ConceptDocument(after, engine);
        const fail = (what: LezerEditFailure['what']) => ({ failure: { seed, sequence: s, edit: e, what, before: text, after }, counts: counts() });
        if (JSON.stringify(summary(incremental)) !== JSON.stringify(summary(fresh)) || matches(incremental).join() !== matches(fresh).join()) return fail('parts');
        const t = incremental.lezerTree;
        if (t && treeShape(t.tree) !== treeShape(lezerParser.parse(lezerInput(after, t.from)))) return fail('tree');
        if (readsAs(incremental) !== remarkReading(engine, after)) return fail('remark');
        text = after;
        doc = incremental;
      }
    }
  } finally {
    editTuning.largeBlock = largeBlock;
  }
  return { counts: counts() };
}

/**
 * A text's lezer reading in pieces (`lezerPieces`, the first of `chunk` code units, each next one twice as long) against the
 * whole text's walk (`lezerModel`): the same blocks, prose and headings, and no construct flagged in
 * the pieces that the whole walk did not flag. Texts lezer does not read whole (a definition, a
 * construct that sends them to remark, nesting past the limit) are left out (`lezer: false`): edits of
 * those are remark's. `what` says what differs.
 */
export function lezerPiecesDiffer(text: string, chunk: number): { lezer: boolean; what?: string } {
  const fm = frontMatterLength(text);
  const from = fm || (text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const whole: ProseModel = { prose: [], headings: [], blocks: [] };
  // Pieces read only documents whose whole read keeps a lezer tree (not those read by lezer's pipeless-table parser).
  let kept = false;
  if (limitNesting(text, DEFAULT_LIMITS.nestingDepth).limited || DEFINITION_LINE.test(text) || lezerModel(text, from, whole, () => (kept = true)) || !kept) return { lezer: false };
  const pieces = lezerPieces(text, from, { chunk });
  if (pieces.reason) return { lezer: true, what: `the pieces flagged ${pieces.reason}` };
  if (pieces.stop !== text.length) return { lezer: true, what: `the pieces stopped at ${pieces.stop}` };
  const a = JSON.stringify(whole);
  const b = JSON.stringify(pieces.model);
  return { lezer: true, what: a === b ? undefined : `whole ${a.slice(0, 400)} pieces ${b.slice(0, 400)}` };
}

/** `lezerPiecesDiffer` on `count` random documents, each cut with pieces of 1, 32 and 256 code units; `read`: how many lezer read. */
export function checkLezerPieces(seed: number, count: number): { failure?: { seed: number; document: number; chunk: number; what: string; text: string }; read: number } {
  const next = rng(seed);
  let read = 0;
  for (let d = 0; d < count; d++) {
    const text = randomDocument(next, d % 2 ? PLAIN_BLOCKS : BLOCKS);
    for (const chunk of [1, 32, 256]) {
      const r = lezerPiecesDiffer(text, chunk);
      if (r.what) return { failure: { seed, document: d, chunk, what: r.what, text }, read };
      if (!r.lezer) break;
      if (chunk === 1) read++;
    }
  }
  return { read };
}
