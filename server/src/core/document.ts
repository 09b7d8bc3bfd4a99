/**
 * A `ConceptDocument` is an immutable value per document version: text → Markdown syntax tree →
 * prose ranges → concept occurrences, plus the heading outline. Every editor feature reads it; none
 * re-scans text. Sentences (retext) are computed lazily per top-level block, on first request.
 */
import { toNlcst } from 'mdast-util-to-nlcst';
import { ParseLatin } from 'parse-latin';
import { VFile } from 'vfile';
import type { Root as NlcstRoot, Sentence } from 'nlcst';
import type { Range } from 'vscode-languageserver-types';
import type { Concept } from './lexicon/types';
import type { ConceptMatcher, FormKind, RawMatch } from './match/matcher';
import { DEFINITION_LINE, extractProse, frontMatterLength, lineStartOf, parseMarkdown, type BlockInfo, type HeadingInfo, type ProseRange } from './text/prose';
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

/** The parts of a document that an edit can reuse: everything is in absolute offsets, sorted. */
interface DocumentParts {
  readonly blocks: readonly BlockInfo[];
  readonly prose: readonly ProseRange[];
  readonly headings: readonly HeadingInfo[];
  readonly occurrences: readonly Occurrence[];
  readonly hasDefinitions?: boolean;
}

const FENCE_START = /^(---|\+\+\+)/;

/** Block types that may continue past a blank line or run to the end when unclosed. */
const OPEN_ENDED = new Set(['list', 'blockquote', 'code', 'html', 'footnoteDefinition']);

export class ConceptDocument {
  readonly occurrences: readonly Occurrence[];
  readonly headings: readonly HeadingInfo[];
  readonly blocks: readonly BlockInfo[];
  readonly prose: readonly ProseRange[];
  private lines?: LineIndex;
  private byConcept?: Map<string, Occurrence[]>;
  private sectionsCache?: DocumentSection[];
  private readonly sentenceCache = new Map<number, SentenceInfo[]>();
  /** Whether the text may hold link or footnote definitions (then edits near brackets re-read everything). */
  readonly hasDefinitions: boolean;

  constructor(
    readonly text: string,
    private readonly engine: AnnotationEngine,
    readonly uri = '',
    readonly version = 0,
    parts?: DocumentParts,
  ) {
    const p = parts ?? annotateRange(text, 0, text.length, engine);
    // Incremental updates never add or remove definitions (those edits re-read everything), so the flag carries over.
    this.hasDefinitions = p.hasDefinitions ?? DEFINITION_LINE.test(text);
    this.blocks = p.blocks;
    this.prose = p.prose;
    this.headings = p.headings;
    this.occurrences = p.occurrences;
  }

  /**
   * The document after an edit, re-parsing and re-matching only the top-level blocks the edit
   * touches (plus one neighbour on each side), and reusing the rest shifted. Falls back to wider
   * windows, up to the whole document, when a block could reach past the window (an unclosed fence, a
   * list or quote that may continue). A property test checks the result equals a full annotation.
   */
  update(text: string, version = this.version + 1): ConceptDocument {
    const old = this.text;
    const minLen = Math.min(old.length, text.length);
    let prefix = 0;
    while (prefix < minLen && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < minLen - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
    if (prefix === old.length && prefix === text.length) return new ConceptDocument(text, this.engine, this.uri, version, this);
    const delta = text.length - old.length;
    const oldChangeEnd = old.length - suffix;
    const blocks = this.blocks;
    const n = blocks.length;
    // First block touching the change (or after it) and last block touching it (or before it).
    let first = 0;
    while (first < n && blocks[first].end < prefix) first++;
    let last = n - 1;
    while (last >= 0 && blocks[last].start > oldChangeEnd) last--;
    let lo = Math.max(0, Math.min(first, last) - 1);
    // Front matter decides what everything after it is: an edit inside it, or one that closes an
    // unclosed fence at the top, re-reads everything. (Closed front matter ends at its first closing
    // fence, so edits after it can't change it.)
    const oldFrontMatter = n > 0 && (blocks[0].type === 'yaml' || blocks[0].type === 'toml') ? blocks[0].end : 0;
    if (prefix < oldFrontMatter || (oldFrontMatter === 0 && FENCE_START.test(text) && frontMatterLength(text) > 0)) {
      return new ConceptDocument(text, this.engine, this.uri, version);
    }
    let hi = Math.min(n - 1, Math.max(first, last) + 1);
    for (;;) {
      const wholeStart = lo <= 0;
      const wholeEnd = hi >= n - 1;
      if (wholeStart && wholeEnd) return new ConceptDocument(text, this.engine, this.uri, version);
      const oldStart = wholeStart ? 0 : lineStartOf(old, blocks[lo].start);
      const oldEnd = wholeEnd ? old.length : lineStartOf(old, blocks[hi + 1].start);
      if (oldStart > prefix || oldEnd < oldChangeEnd) {
        // The change reaches outside the chosen blocks' lines: widen.
        lo = Math.max(0, lo - 1);
        hi = Math.min(n - 1, hi + 1);
        continue;
      }
      const newEnd = oldEnd + delta;
      // Link and footnote definitions change how references anywhere else parse, and a reference's
      // parse depends on definitions anywhere: when either is in play, re-read everything.
      const oldWindow = old.slice(oldStart, oldEnd);
      const newWindow = text.slice(oldStart, newEnd);
      if (DEFINITION_LINE.test(oldWindow) || DEFINITION_LINE.test(newWindow) || (this.hasDefinitions && (oldWindow.includes('[') || newWindow.includes('[')))) {
        return new ConceptDocument(text, this.engine, this.uri, version);
      }
      const window = annotateRange(text, oldStart, newEnd, this.engine);
      const tail = window.blocks[window.blocks.length - 1];
      // Nothing in the window may continue into the reused blocks after it, or absorb the window's start.
      const safeEnd = wholeEnd || ((!tail || !OPEN_ENDED.has(tail.type)) && endsWithBlankLine(text, oldStart, newEnd));
      const safeStart = wholeStart || (!OPEN_ENDED.has(blocks[lo - 1].type) && startsAfterBlankLine(text, oldStart));
      if (!safeEnd || !safeStart) {
        if (!safeEnd) hi = Math.min(n - 1, hi + 1);
        if (!safeStart) lo = Math.max(0, lo - 1);
        continue;
      }
      const shift = <T extends { start: number; end: number }>(x: T): T => ({ ...x, start: x.start + delta, end: x.end + delta });
      const keepBefore = <T extends { start: number }>(list: readonly T[]) => list.filter((x) => x.start < oldStart);
      const keepAfter = <T extends { start: number; end: number }>(list: readonly T[]) => list.filter((x) => x.start >= oldEnd).map(shift);
      return new ConceptDocument(text, this.engine, this.uri, version, {
        blocks: [...keepBefore(blocks), ...window.blocks, ...keepAfter(blocks)],
        prose: [...keepBefore(this.prose), ...window.prose, ...keepAfter(this.prose)],
        headings: [...keepBefore(this.headings), ...window.headings, ...keepAfter(this.headings)],
        occurrences: [...keepBefore(this.occurrences), ...window.occurrences, ...keepAfter(this.occurrences)],
        hasDefinitions: this.hasDefinitions,
      });
    }
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

  /** Whether the code unit at `offset` is prose (inside a text node of a heading, paragraph, cell…). */
  isProseAt(offset: number): boolean {
    return this.proseRangeAt(offset) !== undefined;
  }

  /** The prose range (one text node) holding the code unit at `offset`. */
  proseRangeAt(offset: number): ProseRange | undefined {
    const prose = this.prose;
    let lo = 0;
    let hi = prose.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < prose[mid].start) hi = mid - 1;
      else if (offset >= prose[mid].end) lo = mid + 1;
      else return prose[mid];
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
    // retext reads paragraphs and headings; a table cell has no sentence there, so its own text
    // (the prose range holding the offset) stands in for it.
    const range = this.proseRangeAt(offset);
    return range && { start: range.start, end: range.end, text: sentenceText(this.text.slice(range.start, range.end)) };
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
    // Re-parse just this block: cheaper than keeping every block's syntax tree alive.
    const start = lineStartOf(this.text, block.start);
    const source = this.text.slice(start, block.end);
    const tree = parseMarkdown(source);
    const file = new VFile(source);
    const nl = toNlcst(tree, file, ParseLatin) as NlcstRoot;
    splitChineseSentencesInTree(nl);
    const out: SentenceInfo[] = [];
    const visit = (node: NlcstRoot | NlcstRoot['children'][number]) => {
      if (node.type === 'SentenceNode') {
        const p = (node as Sentence).position;
        if (p?.start.offset !== undefined && p.end.offset !== undefined) {
          out.push({ start: p.start.offset + start, end: p.end.offset + start, text: sentenceText(source.slice(p.start.offset, p.end.offset)) });
        }
        return;
      }
      if ('children' in node) for (const c of node.children) visit(c as never);
    };
    visit(nl);
    return out;
  }
}

/** Parses and matches `text[from, to)` (whole lines), returning parts in absolute offsets. */
function annotateRange(text: string, from: number, to: number, engine: AnnotationEngine): DocumentParts {
  const model = extractProse(from === 0 && to === text.length ? text : text.slice(from, to), from);
  const raw: RawMatch[] = [];
  for (const r of model.prose) engine.matcher.findAll(text, r.start, r.end, raw);
  const occurrences: Occurrence[] = [];
  for (const m of raw) {
    const concept = engine.concept(m.form.conceptId);
    if (concept) occurrences.push({ start: m.start, end: m.end, concept, kind: m.form.kind });
  }
  return { blocks: model.blocks, prose: model.prose, headings: model.headings, occurrences };
}

/** Whether `text[from, to)` ends with a blank line (so nothing in it can continue into what follows). */
function endsWithBlankLine(text: string, from: number, to: number): boolean {
  // to is a line start; the line before it must be blank, and the one before that must end.
  let i = to;
  if (i <= from) return false;
  // step over the line break ending the previous line
  if (text.charCodeAt(i - 1) === 0x0a) i--;
  if (i > from && text.charCodeAt(i - 1) === 0x0d) i--;
  // the previous line must be blank (only spaces/tabs)
  while (i > from && (text.charCodeAt(i - 1) === 0x20 || text.charCodeAt(i - 1) === 0x09)) i--;
  return i > from && (text.charCodeAt(i - 1) === 0x0a || text.charCodeAt(i - 1) === 0x0d);
}

/** Whether a line start follows a blank line (or the document start). */
function startsAfterBlankLine(text: string, lineStart: number): boolean {
  if (lineStart === 0) return true;
  let i = lineStart;
  if (text.charCodeAt(i - 1) === 0x0a) i--;
  if (i > 0 && text.charCodeAt(i - 1) === 0x0d) i--;
  while (i > 0 && (text.charCodeAt(i - 1) === 0x20 || text.charCodeAt(i - 1) === 0x09)) i--;
  return i === 0 || text.charCodeAt(i - 1) === 0x0a || text.charCodeAt(i - 1) === 0x0d;
}

/** A sentence's text for display: soft line breaks (and the markers after them) removed the way the matcher reads them. */
export function sentenceText(raw: string): string {
  return raw
    .replace(/([A-Za-z0-9])[ \t]*\r?\n[\s>]*(?=[A-Za-z0-9])/g, '$1 ')
    .replace(/[ \t]*\r?\n[\s>]*/g, '')
    .trim();
}
