/**
 * A `ConceptDocument` is an immutable value per document version: text → Markdown syntax tree →
 * prose ranges → concept occurrences, plus the heading outline. Every editor feature reads it; none
 * re-scans text. Sentences (retext) are computed lazily per top-level block, on first request.
 */
import { toNlcst } from 'mdast-util-to-nlcst';
import { isClosing, isTerminal, plainSentences, type PlainTextNode } from './text/plainSentences';
import { ParseLatin } from 'parse-latin';
import { VFile } from 'vfile';
import type { Root as NlcstRoot, Sentence } from 'nlcst';
import type { InlineCode as MdastInlineCode, Root as MdastRoot, Text as MdastText } from 'mdast';
import type { Range } from 'vscode-languageserver-types';
import type { Tree } from '@lezer/common';
import type { Concept } from './lexicon/types';
import type { ConceptMatcher, FormKind, RawMatch } from './match/matcher';
import { DEFINITION_LINE, editNeedsFullRead, extractProse, extractProseAsync, frontMatterLength, isFenced, lezerPieces, lineStartOf, nextLineStart, parseFrom, parseMarkdown, safeRestart, type BlockInfo, type HeadingInfo, type ProseModel, type ProseRange } from './text/prose';
import { splitChineseSentencesInTree } from './text/chineseSentences';
import { lezerStateEdited, reparseEdited, runValue, SHAPES_SAMPLE, type LezerState } from './text/lezerProse';
import { keepingShapes, onShapesReset } from './shapes';
import { detectOutline, detectOutlineAsync, detectOutlineKeeping, type OutlineHeading } from './text/gongwen';
import { LineIndex } from './lineIndex';
import { commonPrefix, commonSuffix } from './text/commonEnds';
import { spanIndexAt } from './spans';
import { applyDirectives, conceptIdsNamed, readDirectives, type DirectiveSet } from './text/directives';
import { DEFAULT_LIMITS, notice, type DocumentNotice, type NoticeCode, type ParseLimits } from './limits';

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

/** A section of the draft: an outline heading and the occurrences between it and the next heading of any level. */
export interface DocumentSection {
  readonly heading: OutlineHeading;
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

/**
 * What an editor knows about an edit (from LSP change events): the old and the new text share at
 * least their first `prefix` and last `suffix` code units. Saves comparing two long texts.
 */
export interface EditHint {
  readonly prefix: number;
  readonly suffix: number;
}

/** The parts of a document that an edit can reuse: everything is in absolute offsets, sorted. */
interface DocumentParts {
  readonly blocks: readonly BlockInfo[];
  readonly prose: readonly ProseRange[];
  readonly headings: readonly HeadingInfo[];
  readonly occurrences: readonly Occurrence[];
  readonly hasDefinitions?: boolean;
  readonly notices?: readonly DocumentNotice[];
  /** lezer's parse of the text, with every edit since recorded (set when lezer read it): the next edit's window is lezer's too. */
  readonly lezer?: LezerState;
}

const FENCE_START = /^\ufeff?(---|\+\+\+)/;
/** A line that opens (or could close) a code fence. */
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/m;

/**
 * The whole lines an edit of `text[from, to)` can change: from the line holding `from` through the line
 * holding `to`, since text after an inserted line break starts a new line (`数据```` becomes a fence
 * line when a break is typed before the backticks).
 */
function linesAround(text: string, from: number, to: number): string {
  return text.slice(lineStartOf(text, from), nextLineStart(text, Math.max(from, to)));
}

export class ConceptDocument {
  /**
   * Every match in the prose, before the document's directives (`<!-- policy-lens: … -->`) apply: what
   * incremental updates splice and reuse. Features read `occurrences`.
   */
  private readonly raw: readonly Occurrence[];
  private directiveSet?: DirectiveSet;
  private visible?: readonly Occurrence[];
  readonly headings: readonly HeadingInfo[];
  readonly blocks: readonly BlockInfo[];
  readonly prose: readonly ProseRange[];
  private lines?: LineIndex;
  private byConcept?: Map<string, Occurrence[]>;
  private sectionsCache?: DocumentSection[];
  private outlineCache?: readonly OutlineHeading[];
  private outlineParents?: number[];
  private readonly sentenceCache = new Map<number, SentenceInfo[]>();
  /** Whether the text may hold link or footnote definitions (then edits near brackets re-read everything). */
  readonly hasDefinitions: boolean;
  /**
   * What the parse had to give up (nesting past `limits.nestingDepth` read as text, a parser failure
   * read line by line), for the front ends to report. Empty for an ordinary document.
   */
  readonly notices: readonly DocumentNotice[];
  /** lezer's parse of this version, with every edit since recorded (set when lezer read it): edits re-read with lezer too. */
  private readonly lezerRead?: LezerState;

  constructor(
    readonly text: string,
    private readonly engine: AnnotationEngine,
    readonly uri = '',
    readonly version = 0,
    parts?: DocumentParts,
    lines?: LineIndex,
    readonly limits: ParseLimits = DEFAULT_LIMITS,
  ) {
    this.lines = lines;
    const p = parts ?? annotateText(text, engine, limits);
    this.notices = p.notices ?? [];
    this.lezerRead = p instanceof ConceptDocument ? p.lezerRead : p.lezer;
    // Incremental updates never add or remove definitions (those edits re-read everything), so the flag carries over.
    this.hasDefinitions = p.hasDefinitions ?? DEFINITION_LINE.test(text);
    this.blocks = p.blocks;
    this.prose = p.prose;
    this.headings = p.headings;
    // The document itself passed as the parts of its next version (same text) hands over its raw matches.
    this.raw = p instanceof ConceptDocument ? p.raw : p.occurrences;
  }

  /**
   * lezer's tree of this version when it holds one freshly parsed (after a whole read or a reparse of
   * a long block; not after an edit read in pieces): for the property tests, which compare it with a
   * fresh parse.
   */
  get lezerTree(): { tree: Tree; from: number } | undefined {
    const t = this.lezerRead;
    const f = t?.fragments;
    if (!t || f?.length !== 1 || f[0].offset !== 0 || f[0].from !== 0 || f[0].openStart || f[0].openEnd) return undefined;
    return { tree: f[0].tree, from: t.from };
  }

  /** The tagged occurrences, in document order: the matches the document's directives leave on. */
  get occurrences(): readonly Occurrence[] {
    return (this.visible ??= applyDirectives(this.raw, this.directives));
  }

  /** The document's `<!-- policy-lens: … -->` directives, what they turn off and what in them is not understood. */
  get directives(): DirectiveSet {
    return (this.directiveSet ??= readDirectives(this.text, this.blocks, this.engine));
  }

  /** The ids of the concepts named by `names` (ids, terms or any surface form); unknown names are left out. */
  conceptIdsNamed(names: readonly string[]): Set<string> {
    const ids = new Set<string>();
    for (const n of names) for (const id of conceptIdsNamed(this.engine, n)) ids.add(id);
    return ids;
  }

  /**
   * This version with only the occurrences `keep` accepts (a settings filter, for an export). A view
   * to read, not to edit: an update of it would not bring the others back.
   */
  filtered(keep: (o: Occurrence) => boolean): ConceptDocument {
    const parts = { blocks: this.blocks, prose: this.prose, headings: this.headings, occurrences: this.raw.filter(keep), hasDefinitions: this.hasDefinitions };
    return new ConceptDocument(this.text, this.engine, this.uri, this.version, parts, this.lines);
  }

  /**
   * The document after an edit. Parsing restarts at the last top-level block before the edit where a
   * fresh parse is valid (a safe restart, as for pieces of a long text) and runs forward until it
   * reaches a safe restart past the edit where the old document had a block starting on the same text;
   * from there on, both texts are the same and parse the same, so the old blocks, prose and occurrences
   * are reused, shifted. An edit that opens a code fence thus re-reads up to the fence that closes it,
   * and a one-character edit in a paragraph re-reads a few blocks. A property test checks the result
   * equals a full annotation.
   */
  update(text: string, version = this.version + 1, hint?: EditHint): ConceptDocument {
    const old = this.text;
    const [prefix, suffix] = hint ? fromHint(hint, old.length, text.length) : commonEnds(old, text);
    if (prefix === old.length && prefix === text.length) return new ConceptDocument(text, this.engine, this.uri, version, this, this.lines, this.limits);
    const full = () => {
      updateCounts.full++;
      return new ConceptDocument(text, this.engine, this.uri, version, undefined, undefined, this.limits);
    };
    // A document read line by line after a parser failure is re-read whole (it is rare, and small).
    if (this.notices.some((n) => n.code === 'parse-fallback')) return full();
    const delta = text.length - old.length;
    const oldChangeEnd = old.length - suffix;
    const newChangeEnd = text.length - suffix;
    const blocks = this.blocks;
    // Front matter decides what everything after it is: an edit inside it or on its closing fence's
    // line, or one that makes or unmakes it, re-reads everything.
    const frontMatter = blocks.length > 0 && (blocks[0].type === 'yaml' || blocks[0].type === 'toml') ? blocks[0].end : 0;
    if ((frontMatter > 0 && prefix <= frontMatter) || (FENCE_START.test(text) ? frontMatterLength(text) : 0) !== frontMatter) return full();
    // A document lezer read has the edited window re-read by lezer, unless the window (or the text
    // around the edit) holds what sends a text to remark: then remark re-reads it, as for any document.
    const lezer = this.lezerRead;
    // An edit of the byte-order mark before lezer's text, or one that leaves a mark at the start of a
    // text lezer read from 0 (a fresh read starts past it; a piece from 0 would read it as text): everything again.
    if (lezer && (prefix < lezer.from || (lezer.from === 0 && text.charCodeAt(0) === 0xfeff))) return full();
    // An edit inside a fenced code block's content, making and unmaking no fence line, changes nothing
    // but the block's length: no parse at all (a long code block would otherwise be re-read whole).
    const inside = this.fencedCodeAround(prefix, oldChangeEnd);
    if (inside >= 0 && !FENCE_LINE.test(linesAround(text, prefix, newChangeEnd))) {
      const b = blocks[inside];
      updateCounts.none++;
      const edited = lezer && lezerStateEdited(lezer, text, prefix, oldChangeEnd, newChangeEnd);
      return this.spliced(text, version, prefix, oldChangeEnd, delta, b.start, b.end, inside + 1, { blocks: [{ type: b.type, start: b.start, end: b.end + delta }], prose: [], headings: [], occurrences: [], lezer: edited });
    }
    const from = this.restartBefore(prefix, frontMatter);
    // The state for the next version when remark re-reads the window: this edit recorded (or reparsed).
    let next: LezerState | undefined;
    if (lezer) {
      const read = this.lezerUpdate(lezer, text, version, prefix, oldChangeEnd, newChangeEnd, from);
      if (read instanceof ConceptDocument) return read;
      next = read;
    }
    // Where to stop: a safe restart at or after the edit's end where the old text had a block on the
    // same line after a blank line (then the texts from there on are equal and parse the same).
    let resume = -1;
    const stopAt = (line: number): boolean => {
      if (line < newChangeEnd) return false;
      const lo = this.blockAfterSafeRestart(line - delta);
      if (lo < 0) return false;
      resume = lo;
      return true;
    };
    const model: ProseModel = { prose: [], headings: [], blocks: [] };
    const codes = new Set<NoticeCode>();
    let stop: number;
    try {
      stop = parseFrom(text, from, model, { firstEnd: newChangeEnd + 256, chunk: 2048, stopAt, nestingDepth: this.limits.nestingDepth, onLimit: (c) => codes.add(c) });
    } catch (e) {
      if (e instanceof RangeError) return full();
      throw e;
    }
    // Link and footnote definitions change how references anywhere parse: when the re-read text adds or
    // drops one, or may hold a reference while the document has definitions, re-read everything.
    const oldStop = resume >= 0 ? stop - delta : old.length;
    const newWindow = text.slice(from, stop);
    const oldWindow = old.slice(from, oldStop);
    if (DEFINITION_LINE.test(oldWindow) || DEFINITION_LINE.test(newWindow) || (this.hasDefinitions && (oldWindow.includes('[') || newWindow.includes('[')))) return full();
    const raw: RawMatch[] = [];
    for (const r of model.prose) this.engine.matcher.findAll(text, r.start, r.end, raw);
    // The notices of the whole text: this one's, and any the re-read window raised. (A notice stays after
    // the deep part is edited away, until the document is next parsed whole.)
    const notices = codes.size && !this.notices.some((n) => codes.has(n.code)) ? [...this.notices, ...[...codes].map((c) => notice(c, this.limits))] : this.notices;
    const parts = { blocks: model.blocks, prose: model.prose, headings: model.headings, occurrences: toOccurrences(raw, this.engine), notices, lezer: next };
    updateCounts.window++;
    return this.spliced(text, version, prefix, oldChangeEnd, delta, from, resume >= 0 ? oldStop : Infinity, resume >= 0 ? resume : blocks.length, parts);
  }

  /**
   * The index of this version's block that starts on the line at `line` after a safe restart (the
   * text from there parses on its own), or -1: where an edit's re-read may stop and this version's
   * blocks resume.
   */
  private blockAfterSafeRestart(line: number): number {
    const blocks = this.blocks;
    const lo = lowerBound(blocks, line);
    if (lo === 0 || lo >= blocks.length || lineStartOf(this.text, blocks[lo].start) !== line) return -1;
    return safeRestart(this.text, line, blocks[lo - 1].start, blocks[lo - 1].type) ? lo : -1;
  }

  /**
   * Where an edit at `prefix` re-reads from: the line start of the last block whose first line lies
   * wholly before the edit and after which the rest parses on its own; or the start, just after the
   * front matter.
   */
  private restartBefore(prefix: number, frontMatter: number): number {
    const blocks = this.blocks;
    const old = this.text;
    const first = lowerBound(blocks, prefix);
    for (let j = Math.min(first, blocks.length - 1); j >= 1; j--) {
      const line = lineStartOf(old, blocks[j].start);
      if (line < frontMatter || blocks[j - 1].type === 'yaml' || blocks[j - 1].type === 'toml') break;
      if (nextLineStart(old, line) <= prefix && safeRestart(old, line, blocks[j - 1].start, blocks[j - 1].type)) return line;
    }
    return frontMatter;
  }

  /**
   * `update` for a document lezer read: lezer reads the edited text from `from` (a safe restart before
   * the edit) to the first safe restart past the edit where the old text had the same block on the
   * same line; the parts before and after are this version's, shifted. The same restarts as the remark
   * window's, for the same reasons: the blocks before a safe restart never depend on the text after
   * it, and the text after one parses on its own. The window is read in pieces parsed on their own
   * (prose.ts `lezerPieces`), and the edit only recorded in the fragments; an edit inside a block
   * longer than `editTuning.largeBlock` is reparsed from the fragments instead (`reparseEdited`), which
   * reuses what the edit left alone. Returns the state for the next version instead of a document
   * when what lezer read, or the text around the edit, holds what sends a text to remark (remark then
   * re-reads the window).
   */
  private lezerUpdate(lezer: LezerState, text: string, version: number, prefix: number, oldChangeEnd: number, newChangeEnd: number, from: number): ConceptDocument | LezerState {
    const blocks = this.blocks;
    const delta = text.length - this.text.length;
    let resume = -1;
    // lezer's text starts past a byte-order mark at the document's start (as for the whole text).
    const start = Math.max(from, lezer.from);
    const stopAt = (line: number, block: BlockInfo): boolean => {
      if (line < newChangeEnd) return false;
      const lo = this.blockAfterSafeRestart(line - delta);
      if (lo < 0) return false;
      // The same block, shifted (it must be, by the argument above; if not, read on: still exact).
      const o = blocks[lo];
      if (o.type !== block.type || o.start + delta !== block.start || o.end + delta !== block.end) return false;
      resume = lo;
      return true;
    };
    const around = lowerBound(blocks, prefix + 1) - 1;
    const long = around >= 0 && blocks[around].end >= prefix && blocks[around].end - blocks[around].start > editTuning.largeBlock;
    let r: { readonly model: ProseModel; readonly stop: number; readonly reason?: string };
    let state: LezerState;
    if (long) {
      const reparsed = reparseEdited(lezer, text, { prefix, oldEnd: oldChangeEnd, newEnd: newChangeEnd }, start, (line, previous, block) => safeRestart(text, line, previous.start, previous.type) && stopAt(line, block));
      r = reparsed;
      state = reparsed.state;
    } else {
      r = lezerPieces(text, start, { firstEnd: newChangeEnd + 256, stopAt });
      state = lezerStateEdited(lezer, text, prefix, oldChangeEnd, newChangeEnd);
    }
    // What lezer re-read, and the text around the edit, must hold nothing that sends a text to remark
    // (the rest of the document keeps the parts it had, whichever parser read them).
    if (r.reason || editNeedsFullRead(text, prefix, newChangeEnd, this.limits.nestingDepth, start, r.stop)) return state;
    updateCounts.lezer++;
    if (long) updateCounts.reparsed++;
    const raw: RawMatch[] = [];
    for (const p of r.model.prose) this.engine.matcher.findAll(text, p.start, p.end, raw);
    const parts: DocumentParts = { blocks: r.model.blocks, prose: r.model.prose, headings: r.model.headings, occurrences: toOccurrences(raw, this.engine), notices: this.notices, lezer: state };
    return this.spliced(text, version, prefix, oldChangeEnd, delta, start, resume >= 0 ? r.stop - delta : Infinity, resume >= 0 ? resume : blocks.length, parts);
  }

  /**
   * The edited document: this one's parts before `from`, the re-read `middle`, and this one's parts from
   * `oldStop` on (blocks from index `resume`), shifted by `delta`. Each shape is built explicitly: an
   * object spread per item costs more than the parse of a small edit.
   */
  private spliced(text: string, version: number, prefix: number, oldChangeEnd: number, delta: number, from: number, oldStop: number, resume: number, middle: DocumentParts): ConceptDocument {
    // Each list is allocated once at its final length: growing it by pushes left about a third of an
    // edit's heap allocation as garbage (1 MB draft: 830 → 580 KB per edit in the splice), and the
    // scavenges that this allocation triggers are what the slowest edits have in common.
    const splice = <T extends { start: number }>(list: readonly T[], head: number, tail: number, mid: readonly T[], shift: (x: T) => T): T[] => {
      const out = new Array<T>(head + mid.length + Math.max(0, list.length - tail));
      let k = 0;
      for (let i = 0; i < head; i++) out[k++] = list[i];
      for (const x of mid) out[k++] = x;
      for (let i = tail; i < list.length; i++) out[k++] = shift(list[i]);
      return out;
    };
    const around = <T extends { start: number }>(list: readonly T[], mid: readonly T[], shift: (x: T) => T) => splice(list, lowerBound(list, from), lowerBound(list, oldStop), mid, shift);
    return new ConceptDocument(
      text,
      this.engine,
      this.uri,
      version,
      {
        blocks: splice(this.blocks, lowerBound(this.blocks, from), resume, middle.blocks, (b) => ({ type: b.type, start: b.start + delta, end: b.end + delta })),
        prose: around(this.prose, middle.prose, (p) => ({ start: p.start + delta, end: p.end + delta })),
        headings: around(this.headings, middle.headings, (h) => ({ depth: h.depth, text: h.text, start: h.start + delta, end: h.end + delta })),
        occurrences: around(this.raw, middle.occurrences, (o) => ({ start: o.start + delta, end: o.end + delta, concept: o.concept, kind: o.kind })),
        hasDefinitions: this.hasDefinitions,
        notices: middle.notices ?? this.notices,
        lezer: middle.lezer,
      },
      this.lines?.edited(text, prefix, oldChangeEnd, delta),
      this.limits,
    );
  }

  /**
   * The index of the top-level fenced code block whose content lines hold all of `[from, to)` (after its
   * opening fence's line, before its last line when that closes it, no fence-like line touched), or -1.
   */
  private fencedCodeAround(from: number, to: number): number {
    const i = lowerBound(this.blocks, from + 1) - 1;
    if (i < 0) return -1;
    const b = this.blocks[i];
    if (b.type !== 'code' || to > b.end) return -1;
    const text = this.text;
    const open = lineStartOf(text, b.start);
    if (!isFenced(text, b.start)) return -1;
    if (nextLineStart(text, open) > from) return -1;
    // The last line: a closing fence, or content when the fence is left open to the document's end.
    const lastLine = lineStartOf(text, b.end);
    const closed = lastLine > open && FENCE_LINE.test(text.slice(lastLine, b.end));
    if (closed && to >= lastLine) return -1;
    if (!closed && b.end < text.length && text.slice(b.end).trim() !== '') return -1;
    return FENCE_LINE.test(linesAround(text, from, to)) ? -1 : i;
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
    const i = spanIndexAt(this.prose, offset);
    return i >= 0 ? this.prose[i] : undefined;
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

  /**
   * The draft's outline: Markdown headings and 公文 numbered headings (一、（一）1.（1）①, 第X章/节/条,
   * 附件), nested. Derived on first use from this version's blocks, prose and Markdown headings, so it
   * is the same for an updated document as for a fresh one.
   */
  get outline(): readonly OutlineHeading[] {
    return (this.outlineCache ??= detectOutline(this));
  }

  /** `outline`, made with `pause()` awaited about every 5 ms (for a big draft, by the server): the same headings, cached the same. */
  async outlineAsync(pause: () => Promise<void>): Promise<readonly OutlineHeading[]> {
    if (this.outlineCache) return this.outlineCache;
    const headings = await detectOutlineAsync(this, pause);
    return (this.outlineCache ??= headings);
  }

  /** The draft's sections, one per outline heading, with the occurrences each contains. */
  get sections(): readonly DocumentSection[] {
    if (this.sectionsCache) return this.sectionsCache;
    const out: DocumentSection[] = [];
    const headings = this.outline;
    let k = 0;
    for (let i = 0; i < headings.length; i++) {
      const h = headings[i];
      const end = i + 1 < headings.length ? headings[i + 1].start : this.text.length;
      while (k < this.occurrences.length && this.occurrences[k].start < h.start) k++;
      const start = k;
      while (k < this.occurrences.length && this.occurrences[k].start < end) k++;
      out.push({ heading: h, start: h.start, end, occurrences: this.occurrences.slice(start, k) });
    }
    return (this.sectionsCache = out);
  }

  /** The outline headings whose sections hold `offset`, outermost first (the section path of a position). */
  sectionPath(offset: number): OutlineHeading[] {
    const headings = this.outline;
    if (!this.outlineParents) {
      // Each heading's parent: the nearest earlier heading of a smaller depth.
      const parents: number[] = [];
      const stack: number[] = [];
      headings.forEach((h, i) => {
        while (stack.length && headings[stack[stack.length - 1]].depth >= h.depth) stack.pop();
        parents.push(stack.length ? stack[stack.length - 1] : -1);
        stack.push(i);
      });
      this.outlineParents = parents;
    }
    const path: OutlineHeading[] = [];
    for (let i = lowerBound(headings, offset + 1) - 1; i >= 0; i = this.outlineParents[i]) path.unshift(headings[i]);
    return path;
  }

  /** The sentence (by retext, split at Chinese sentence punctuation) that contains `offset`. */
  sentenceAt(offset: number): SentenceInfo | undefined {
    const blockIndex = this.blockIndexAt(offset);
    if (blockIndex < 0) return undefined;
    let sentences = this.sentenceCache.get(blockIndex);
    if (!sentences) {
      sentences = this.sentencesOfBlock(blockIndex);
      this.sentenceCache.set(blockIndex, sentences);
    }
    const i = spanIndexAt(sentences, offset);
    if (i >= 0) return sentences[i];
    // retext reads paragraphs and headings; a table cell has no sentence there, so its own text
    // (the prose range holding the offset) stands in for it.
    const range = this.proseRangeAt(offset);
    return range && { start: range.start, end: range.end, text: sentenceText(this.text.slice(range.start, range.end)) };
  }

  private blockIndexAt(offset: number): number {
    return spanIndexAt(this.blocks, offset);
  }

  /**
   * The block's sentences by punctuation alone, in one pass over its prose ranges: a sentence runs from
   * its first prose character through 。！？；!?… (and `.` before white space) and any closing quotes.
   */
  private linearSentences(block: BlockInfo): SentenceInfo[] {
    const out: SentenceInfo[] = [];
    const text = this.text;
    let start = -1;
    let end = -1;
    const flush = () => {
      if (start >= 0) out.push({ start, end, text: sentenceText(text.slice(start, end)) });
      start = -1;
    };
    for (let i = lowerBound(this.prose, block.start); i < this.prose.length && this.prose[i].start < block.end; i++) {
      const r = this.prose[i];
      for (let k = r.start; k < r.end; k++) {
        const c = text.charCodeAt(k);
        if (start < 0) {
          if (isBlank(c)) continue;
          start = k;
        }
        end = k + 1;
        if (isTerminal(c) || (c === 0x2e && (k + 1 >= r.end || isBlank(text.charCodeAt(k + 1))))) {
          while (k + 1 < r.end && (isTerminal(text.charCodeAt(k + 1)) || isClosing(text.charCodeAt(k + 1)))) end = ++k + 1;
          flush();
        }
      }
    }
    flush();
    return out;
  }

  /**
   * The block's text nodes (and inline code spans) for mdast-util-to-nlcst (`mdastOfNodes`) or the
   * plain path, in offsets and lines of `source` (the block from its line's start, `start` in the
   * document): one node per prose range, with its mdast value. `null` when the block holds no
   * sentence (no prose, or a table: retext ignores tables), `undefined` when something between its
   * ranges would add words or a break of its own, or when a range's value cannot be told from its
   * source alone: then the block is re-parsed.
   * Between two ranges on different lines mdast-util-to-nlcst puts a paragraph break, as it does
   * between two blocks of the full tree (a range never holds a blank line; a gap with a line ending
   * and no hard break lies between two paragraphs, items or quotes).
   */
  private proseNodes(block: BlockInfo, start: number, source: string): BlockNode[] | null | undefined {
    const prose = this.prose;
    const first = lowerBound(prose, block.start);
    if (first >= prose.length || prose[first].start >= block.end || block.type === 'table') return null;
    const text = this.text;
    const flow = block.type === 'paragraph' || block.type === 'heading';
    const children: BlockNode[] = [];
    let line = 1;
    let at = start;
    /** The line (1-based, in `source`) of document offset `k`, for `k` at or after the last one asked. */
    const lineOf = (k: number): number => {
      for (; at < k; at++) {
        const c = text.charCodeAt(at);
        if (c === 0x0a || (c === 0x0d && text.charCodeAt(at + 1) !== 0x0a)) line++;
      }
      return line;
    };
    /**
     * Whether the gap `[from, to)` adds nothing but inline code spans (then pushed as mdast's
     * inlineCode nodes, which mdast-util-to-nlcst reads as source): each span on one line, with no
     * backtick inside, and the marks around it benign on their own (so no span sits in a link's title).
     */
    const gapOk = (from: number, to: number): boolean => {
      const gap = text.slice(from, to);
      if (BENIGN_GAP.test(gap)) return true;
      if (!gap.includes('`')) return false;
      CODE_SPAN.lastIndex = 0;
      let k = 0;
      for (let m; (m = CODE_SPAN.exec(gap)); ) {
        if (!BENIGN_GAP.test(gap.slice(k, m.index))) return false;
        const s = from + m.index - start;
        const e = s + m[0].length;
        const l = lineOf(from + m.index);
        children.push({ value: gap.slice(m.index, m.index + m[0].length), code: true, inner: m[2], offset: s, end: e, startLine: l, endLine: l });
        k = m.index + m[0].length;
      }
      return k > 0 && BENIGN_GAP.test(gap.slice(k));
    };
    let gapFrom = start;
    for (let i = first; i < prose.length && prose[i].start < block.end; i++) {
      const r = prose[i];
      const gap = text.slice(gapFrom, r.start);
      if (!gapOk(gapFrom, r.start)) return undefined;
      if (i > first && EOL.test(gap) && (flow || HARD_BREAK.test(gap))) return undefined;
      const raw = text.slice(r.start, r.end);
      // Text that starts with white space or a line ending after a line's start or a check box (a task's
      // box at its line's end: micromark's text then holds the next line's indentation, which its
      // value drops).
      if (LEADING_BLANK.test(raw) && AFTER_LINE_OR_BOX.test(gap)) return undefined;
      // A line of a paragraph that starts with `>` after its indentation keeps it as text; only a block
      // quote's own markers are prefixes that the value drops.
      if (CONTINUED_MARKER.test(raw) && (block.type !== 'blockquote' || NOT_ONE_QUOTE_MARKER.test(raw))) return undefined;
      const value = runValue(raw);
      const s = r.start - start;
      const e = r.end - start;
      const sl = lineOf(r.start);
      children.push({ value, offset: s, end: e, startLine: sl, endLine: lineOf(r.end) });
      gapFrom = r.end;
    }
    if (!gapOk(gapFrom, block.end)) return undefined;
    return children;
  }

  /**
   * The block's sentences as retext reads them. By default from this version's prose ranges: each
   * range is one mdast text node (its value is its source less line prefixes, escapes and references),
   * so a tree of just those text nodes, at their lines, turns into the same nlcst as the block's full
   * syntax tree, as long as nothing between two ranges yields words of its own (inline code, images,
   * HTML, hard breaks, autolink literals, table cells; see `proseNodes`). A block that holds one of
   * those is re-parsed, as is every block with `via: 'reparse'` (the reference a property test
   * compares the two with).
   */
  sentencesOfBlock(blockIndex: number, via: 'prose' | 'retext' | 'reparse' = 'prose'): SentenceInfo[] {
    const block = this.blocks[blockIndex];
    let start = lineStartOf(this.text, block.start);
    // micromark drops a byte-order mark at the start of what it parses and counts offsets without it:
    // right at the document's start; a later line's U+FEFF is text, so a mark goes in front for it to drop.
    if (start === 0 && this.text.charCodeAt(0) === 0xfeff) start = 1;
    const source = this.text.slice(start, block.end);
    const out: SentenceInfo[] = [];
    // No syntax tree to read (parse-fallback), or a block so long that retext would cost seconds and
    // mdast-util-to-nlcst overflow the stack (it spreads a paragraph's words into one call's arguments,
    // about 100,000 at most): the linear splitter.
    if (block.end - block.start > LONG_BLOCK || this.notices.some((n) => n.code === 'parse-fallback')) return this.linearSentences(block);
    const nodes = via !== 'reparse' ? this.proseNodes(block, start, source) : undefined;
    if (nodes === null) return out;
    if (nodes && via === 'prose') {
      // No mark parse-latin ends a sentence at: the same sentences in one pass (plainSentences.ts).
      const spans = plainSentences(nodes);
      if (spans) {
        sentenceCounts.prose++;
        sentenceCounts.plain++;
        return spans.map(([s, e]) => ({ start: s + start, end: e + start, text: sentenceText(source.slice(s, e)) }));
      }
    }
    let tree = nodes && mdastOfNodes(nodes);
    if (!tree) {
      sentenceCounts.reparse++;
      const parsed = start > 0 && source.charCodeAt(0) === 0xfeff ? '\ufeff' + source : source;
      tree = parseMarkdown(parsed, undefined, { nestingDepth: this.limits.nestingDepth });
    } else sentenceCounts.prose++;
    let nl: NlcstRoot;
    try {
      nl = toNlcst(tree, new VFile(source), ParseLatin) as NlcstRoot;
    } catch (e) {
      // mdast-util-to-nlcst recurses; past the nesting limit this cannot happen, but a stack overflow
      // must never cost the document: without sentences, a prose range stands in (sentenceAt).
      if (e instanceof RangeError) return this.linearSentences(block);
      throw e;
    }
    splitChineseSentencesInTree(nl);
    // An explicit stack: the tree may be deep.
    const stack: (NlcstRoot | NlcstRoot['children'][number])[] = [nl];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'SentenceNode') {
        const p = (node as Sentence).position;
        if (p?.start.offset !== undefined && p.end.offset !== undefined) {
          out.push({ start: p.start.offset + start, end: p.end.offset + start, text: sentenceText(source.slice(p.start.offset, p.end.offset)) });
        }
        continue;
      }
      if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as never);
    }
    return out;
  }
}

/** A text node (or inline code span) of a block, in offsets and lines of the block's source: what `proseNodes` finds. */
interface BlockNode extends PlainTextNode {
  /** Where the node's source ends (a text node's value may be shorter than its source). */
  readonly end: number;
  /** An inline code span's value (its content), for mdast. */
  readonly inner?: string;
}

/** The block's nodes as the mdast tree mdast-util-to-nlcst reads: one paragraph of text and inline code nodes. */
function mdastOfNodes(nodes: readonly BlockNode[]): MdastRoot {
  const children: (MdastText | MdastInlineCode)[] = nodes.map((n) =>
    n.code
      ? { type: 'inlineCode', value: n.inner!, position: { start: { line: n.startLine, column: 1, offset: n.offset }, end: { line: n.endLine, column: 1, offset: n.end } } }
      : { type: 'text', value: n.value, position: { start: { line: n.startLine, column: 1, offset: n.offset }, end: { line: n.endLine, column: 1, offset: n.end } } },
  );
  const end = children[children.length - 1].position!.end;
  return { type: 'root', children: [{ type: 'paragraph', children, position: { start: children[0].position!.start, end } }], position: { start: children[0].position!.start, end } };
}

/**
 * Longest top-level block (UTF-16 code units) whose sentences retext reads; a longer one is split by
 * `linearSentences`. retext took about 4 s on a 1,000,000-character paragraph and then overflowed.
 */
export const LONG_BLOCK = 20_000;

/**
 * What may lie between two prose ranges of a block (or before the first, after the last) without
 * adding to retext's words: emphasis, strikethrough and link marks, link destinations, heading and
 * list markers, check boxes, block quote markers, indentation, line endings and setext underlines.
 * Anything else (inline code, images, HTML, autolinks, footnote references, table pipes, escapes
 * outside text) sends the block to a re-parse.
 */
const BENIGN_GAP = /^(?:[*_~ \t>#=+\-\[\]\r\n]|\d{1,9}[.)]|\[[ \txX]\]|\([^()\r\n`<>!\[\]\\&]*\))*$/;
const EOL = /[\r\n]/;
/** An inline code span on one line with no backtick inside (a run of backticks, its content, the same run). */
const CODE_SPAN = /(?<!`)(`+)([^`\r\n]+)\1(?!`)/g;
/** Two spaces or more before a line ending: maybe a hard break (a break node, not a paragraph's end). */
const HARD_BREAK = /[ \t]{2,}(?:\r\n|\n|\r)/;
/** A line ending, indentation and a `>` inside a text node. */
const CONTINUED_MARKER = /[\r\n][ \t]*>/;
const LEADING_BLANK = /^[ \t\r\n]/;
const AFTER_LINE_OR_BOX = /(?:^|[\r\n]|\[[ \txX]\])[ \t]*$/;
/** A continued line of a quote that is not just one quote marker (nested quotes, a `>` as text after it). */
const NOT_ONE_QUOTE_MARKER = /[\r\n](?:[ \t]*>[ \t]*>|[ \t]{4,}>)/;

/** How many blocks' sentences were read from their prose ranges and how many re-parsed (the bench reads it). */
export const sentenceCounts = { prose: 0, reparse: 0, plain: 0 };

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3000;
}

/**
 * Parses and matches a whole text. A stack overflow in the parser (a RangeError; past the nesting
 * limit it should not happen) costs only the structure: the text is then read line by line, every
 * non-blank line as prose (`plainLines`), with a `parse-fallback` notice.
 */
function annotateText(text: string, engine: AnnotationEngine, limits: ParseLimits = DEFAULT_LIMITS): DocumentParts {
  const codes = new Set<NoticeCode>();
  let model: ProseModel;
  let lezer: LezerState | undefined;
  try {
    model = extractProse(text, 0, undefined, { nestingDepth: limits.nestingDepth, onLimit: (c) => codes.add(c), keepTree: (t) => (lezer = t) });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    model = plainLines(text);
    codes.add('parse-fallback');
  }
  const raw: RawMatch[] = [];
  for (const r of model.prose) engine.matcher.findAll(text, r.start, r.end, raw);
  return { blocks: model.blocks, prose: model.prose, headings: model.headings, occurrences: toOccurrences(raw, engine), notices: [...codes].map((c) => notice(c, limits)), lezer };
}

/**
 * How `update()` re-read edited documents since the process started: lezer (`reparsed`: those of
 * them reparsed from the fragments, in a long block), a remark window, the whole text again (a lezer
 * document whose edit brought in a construct remark must read), or no parse at all (an edit inside
 * fenced code). The bench and the tests read it.
 */
export const updateCounts = { lezer: 0, window: 0, full: 0, none: 0, reparsed: 0 };

/**
 * `largeBlock`: the length (code units) of the block an edit falls in above which lezer reparses it
 * from the fragments rather than in pieces (a piece parse of a long block costs about twice its
 * length on every keystroke: an edit in a 289 KB loose list took 1.2 s in pieces, 0.16 s from the
 * fragments). The property tests set it to 0 and to Infinity to check both ways.
 */
export const editTuning = { largeBlock: 4096 };

/** The safe reading of a text no parser could read: each run of non-blank lines a paragraph, each non-blank line (trimmed) prose. */
export function plainLines(text: string): ProseModel {
  const prose: ProseRange[] = [];
  const blocks: BlockInfo[] = [];
  let blockStart = -1;
  let blockEnd = -1;
  for (let i = 0; i < text.length; ) {
    const next = nextLineStart(text, i);
    let s = i;
    let e = next;
    while (e > s && /[\s]/.test(text[e - 1])) e--;
    while (s < e && /[\s]/.test(text[s])) s++;
    if (s < e) {
      prose.push({ start: s, end: e });
      if (blockStart < 0) blockStart = s;
      blockEnd = e;
    } else if (blockStart >= 0) {
      blocks.push({ type: 'paragraph', start: blockStart, end: blockEnd });
      blockStart = -1;
    }
    i = next;
  }
  if (blockStart >= 0) blocks.push({ type: 'paragraph', start: blockStart, end: blockEnd });
  return { prose, headings: [], blocks };
}

function toOccurrences(raw: readonly RawMatch[], engine: AnnotationEngine): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const m of raw) {
    const concept = engine.concept(m.form.conceptId);
    if (concept) occurrences.push({ start: m.start, end: m.end, concept, kind: m.form.kind });
  }
  return occurrences;
}

/** The hint's bounds, clamped to what two texts of these lengths can share. */
function fromHint(hint: EditHint, oldLength: number, newLength: number): [number, number] {
  const min = Math.min(oldLength, newLength);
  const prefix = Math.max(0, Math.min(hint.prefix, min));
  return [prefix, Math.max(0, Math.min(hint.suffix, min - prefix))];
}

/**
 * The lengths of the common prefix and the common suffix (not overlapping the prefix) of two texts.
 * Compares 1,024 code units at a time first: string equality runs in native code, far faster than a
 * loop of charCodeAt over a megabyte.
 */
function commonEnds(a: string, b: string): [number, number] {
  const prefix = commonPrefix(a, b);
  return [prefix, commonSuffix(a, b, prefix)];
}

/** Thrown by `annotateAsync` when `isCancelled()` turned true between two pieces. */
export class AnnotationCancelled extends Error {
  constructor() {
    super('annotation cancelled');
  }
}

/**
 * `new ConceptDocument(text, engine, uri, version, …, limits)`, parsed in pieces of about 8 KB with
 * `pause()` awaited between them and `isCancelled()` checked after each (then it throws
 * `AnnotationCancelled`), so a big document never holds the thread for long: the server parses big
 * open documents this way and answers requests about other documents in between. Same result as the
 * synchronous constructor.
 */
export async function annotateAsync(
  text: string,
  engine: AnnotationEngine,
  options: { uri?: string; version?: number; limits?: ParseLimits; pause: () => Promise<void>; isCancelled?: () => boolean },
): Promise<ConceptDocument> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const codes = new Set<NoticeCode>();
  const pause = async () => {
    await options.pause();
    if (options.isCancelled?.()) throw new AnnotationCancelled();
  };
  let model: ProseModel;
  let lezer: LezerState | undefined;
  try {
    model = await extractProseAsync(text, pause, { nestingDepth: limits.nestingDepth, onLimit: (c) => codes.add(c), keepTree: (t) => (lezer = t) });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    model = plainLines(text);
    codes.add('parse-fallback');
  }
  const raw: RawMatch[] = [];
  let scanned = 0;
  for (const r of model.prose) {
    engine.matcher.findAll(text, r.start, r.end, raw);
    scanned += r.end - r.start;
    if (scanned > 262_144) (scanned = 0), await pause();
  }
  const parts: DocumentParts = { blocks: model.blocks, prose: model.prose, headings: model.headings, occurrences: toOccurrences(raw, engine), notices: [...codes].map((c) => notice(c, limits)), lezer };
  return new ConceptDocument(text, engine, options.uri ?? '', options.version ?? 0, parts, undefined, limits);
}

/** Index of the first item starting at or after `offset` (items sorted by start). */
function lowerBound(list: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A sentence's text for display: soft line breaks (and the markers after them) removed the way the matcher reads them. */
export function sentenceText(raw: string): string {
  // Both replacements need a line feed: most sentences have none.
  if (raw.indexOf('\n') < 0) return raw.trim();
  return raw
    .replace(/([A-Za-z0-9])[ \t]*\r?\n[\s>]*(?=[A-Za-z0-9])/g, '$1 ')
    .replace(/[ \t]*\r?\n[\s>]*/g, '')
    .trim();
}

let keptDocuments = new WeakMap<AnnotationEngine, readonly unknown[]>();
onShapesReset(() => (keptDocuments = new WeakMap()));

/**
 * `keepShapes` (text/lezerProse.ts) for this layer: once per engine, `SHAPES_SAMPLE` annotated, its
 * occurrences, line index and outline made, and all of it kept (with the outline's builder) as long as
 * the engine lives. Documents, line indexes and outline builders are objects whose hidden classes a
 * memory-reducing collection drops once none is alive, and with them the code of the outline scan,
 * the heading tree and the rest compiled against them. What is kept is never read.
 *
 * For long-lived processes (the language server's document store calls it for every document it
 * makes; a no-op after the first per engine). A one-shot CLI run is better off without: in
 * `annotate --format json` on the 1 MB draft it cost about 60 ms CPU and bought nothing.
 */
export function keepDocumentShapes(engine: AnnotationEngine): void {
  if (!keepingShapes() || keptDocuments.has(engine)) return;
  const kept: unknown[] = [];
  keptDocuments.set(engine, kept);
  try {
    const doc = new ConceptDocument(SHAPES_SAMPLE, engine);
    kept.push(doc, doc.occurrences, doc.rangeOf({ start: 0, end: 1 }), detectOutlineKeeping(doc, (b) => kept.push(b)));
  } catch {
    // Best effort: only speed depends on it.
  }
}

/** What `keepDocumentShapes` kept for an engine (for its tests). */
export function keptDocumentShapes(engine: AnnotationEngine): readonly unknown[] {
  return keptDocuments.get(engine) ?? [];
}
