/**
 * A `ConceptDocument` is an immutable value per document version: text → Markdown syntax tree →
 * prose ranges → concept occurrences, plus the heading outline. Every editor feature reads it; none
 * re-scans text. Sentences (retext) are computed lazily per top-level block, on first request.
 */
import type { Root as MdastRoot, RootContent } from 'mdast';
import { toNlcst } from 'mdast-util-to-nlcst';
import { ParseLatin } from 'parse-latin';
import { VFile } from 'vfile';
import type { Root as NlcstRoot, Sentence } from 'nlcst';
import type { Range } from 'vscode-languageserver-types';
import type { Concept } from './lexicon/types';
import type { ConceptMatcher, FormKind, RawMatch } from './match/matcher';
import { extractProse, type BlockInfo, type HeadingInfo, type ProseRange } from './text/prose';
import { splitChineseSentencesInTree } from './text/chineseSentences';
import { LineIndex } from './lineIndex';

/** One tagged occurrence of a concept. Offsets are UTF-16 code units into the document text. */
export interface Occurrence {
  readonly start: number;
  readonly end: number;
  readonly concept: Concept;
  /** Which kind of surface form matched: the canonical term, a variant, a traditional or English form. */
  readonly kind: FormKind;
}

/** What a document needs to be annotated: the concepts by id and the matcher over their forms. */
export interface AnnotationEngine {
  readonly matcher: ConceptMatcher;
  concept(id: string): Concept | undefined;
}

/** A section of the draft: a heading and the occurrences between it and the next heading of any level. */
export interface DocumentSection {
  readonly heading: HeadingInfo;
  /** Offsets of the section's own content: from the heading to the next heading (any depth). */
  readonly start: number;
  readonly end: number;
  readonly occurrences: readonly Occurrence[];
}

export interface SentenceInfo {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export class ConceptDocument {
  readonly occurrences: readonly Occurrence[];
  readonly headings: readonly HeadingInfo[];
  readonly blocks: readonly BlockInfo[];
  readonly prose: readonly ProseRange[];
  private readonly tree: MdastRoot;
  private lines?: LineIndex;
  private byConcept?: Map<string, Occurrence[]>;
  private sectionsCache?: DocumentSection[];
  private readonly sentenceCache = new Map<number, SentenceInfo[]>();
  private file?: VFile;

  constructor(
    readonly text: string,
    engine: AnnotationEngine,
    readonly uri = '',
    readonly version = 0,
  ) {
    const model = extractProse(text);
    this.tree = model.tree;
    this.prose = model.prose;
    this.headings = model.headings;
    this.blocks = model.blocks;
    const raw: RawMatch[] = [];
    for (const r of model.prose) engine.matcher.findAll(text, r.start, r.end, raw);
    const occurrences: Occurrence[] = [];
    for (const m of raw) {
      const concept = engine.concept(m.form.conceptId);
      if (concept) occurrences.push({ start: m.start, end: m.end, concept, kind: m.form.kind });
    }
    this.occurrences = occurrences;
  }

  get lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.text));
  }

  rangeOf(o: { start: number; end: number }): Range {
    return { start: this.lineIndex.positionAt(o.start), end: this.lineIndex.positionAt(o.end) };
  }

  /** The occurrence covering `offset` (its start inclusive, its end inclusive, as a cursor after the term still touches it). */
  occurrenceAt(offset: number): Occurrence | undefined {
    const occ = this.occurrences;
    let lo = 0;
    let hi = occ.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = occ[mid];
      if (offset < o.start) hi = mid - 1;
      else if (offset > o.end) lo = mid + 1;
      else {
        // Prefer the occurrence that really contains the offset when two touch.
        if (offset === o.end && mid + 1 < occ.length && occ[mid + 1].start === offset) return occ[mid + 1];
        return o;
      }
    }
    return undefined;
  }

  /** All occurrences of one concept, in document order. */
  occurrencesOf(conceptId: string): readonly Occurrence[] {
    if (!this.byConcept) {
      this.byConcept = new Map();
      for (const o of this.occurrences) {
        let list = this.byConcept.get(o.concept.id);
        if (!list) this.byConcept.set(o.concept.id, (list = []));
        list.push(o);
      }
    }
    return this.byConcept.get(conceptId) ?? [];
  }

  /** The draft's sections, one per heading, with the occurrences each contains. */
  get sections(): readonly DocumentSection[] {
    if (this.sectionsCache) return this.sectionsCache;
    const out: DocumentSection[] = [];
    let k = 0;
    for (let i = 0; i < this.headings.length; i++) {
      const h = this.headings[i];
      const end = i + 1 < this.headings.length ? this.headings[i + 1].start : this.text.length;
      while (k < this.occurrences.length && this.occurrences[k].start < h.start) k++;
      const start = k;
      while (k < this.occurrences.length && this.occurrences[k].start < end) k++;
      out.push({ heading: h, start: h.start, end, occurrences: this.occurrences.slice(start, k) });
    }
    return (this.sectionsCache = out);
  }

  /** The sentence (by retext, split at Chinese sentence punctuation) that contains `offset`. */
  sentenceAt(offset: number): SentenceInfo | undefined {
    const blockIndex = this.blockIndexAt(offset);
    if (blockIndex < 0) return undefined;
    let sentences = this.sentenceCache.get(blockIndex);
    if (!sentences) {
      sentences = this.computeSentences(blockIndex);
      this.sentenceCache.set(blockIndex, sentences);
    }
    for (const s of sentences) if (offset >= s.start && offset < s.end) return s;
    return undefined;
  }

  private blockIndexAt(offset: number): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = this.blocks[mid];
      if (offset < b.start) hi = mid - 1;
      else if (offset >= b.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  private computeSentences(blockIndex: number): SentenceInfo[] {
    const block = this.blocks[blockIndex];
    const node = this.tree.children.find((n: RootContent) => n.position?.start.offset === block.start);
    if (!node) return [];
    this.file ??= new VFile(this.text);
    // mdast-util-to-nlcst wants a root; wrap the one block so positions stay absolute.
    const nl = toNlcst({ type: 'root', children: [node], position: node.position }, this.file, ParseLatin) as NlcstRoot;
    splitChineseSentencesInTree(nl);
    const out: SentenceInfo[] = [];
    const visit = (n: { type: string; children?: unknown[]; position?: { start: { offset?: number }; end: { offset?: number } } }) => {
      if (n.type === 'SentenceNode') {
        const s = (n as Sentence).position;
        if (s?.start.offset !== undefined && s.end.offset !== undefined) {
          out.push({ start: s.start.offset, end: s.end.offset, text: sentenceText(this.text.slice(s.start.offset, s.end.offset)) });
        }
        return;
      }
      for (const c of (n.children ?? []) as (typeof n)[]) visit(c);
    };
    visit(nl as never);
    return out;
  }
}

/** A sentence's text for display: soft line breaks (and the markers after them) removed the way the matcher reads them. */
export function sentenceText(raw: string): string {
  return raw
    .replace(/([A-Za-z0-9])[ \t]*\r?\n[\s>]*(?=[A-Za-z0-9])/g, '$1 ')
    .replace(/[ \t]*\r?\n[\s>]*/g, '')
    .trim();
}
