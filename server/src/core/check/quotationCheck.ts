/**
 * The quotation check, a unified plugin on the model of retext-equality (like the consistency check):
 * every quotation in “…” or 「…」 that the draft presents as a source's words is compared with the
 * source's text, and reported as a `vfile` message with its place, a `ruleId` and what the source says.
 *
 * Which quotations are checked:
 * - an *attributed* quotation: the source's title or author stands in the same sentence just before
 *   the opening mark (《新质生产力发展的理论逻辑与路径分析》指出，“……”; 朱浩然认为，“……”) or just after
 *   the closing one (“……”（朱浩然）). A reference word (该文、此文、该论文、文中、作者…) before the mark
 *   counts too when the title or author is named earlier in the same paragraph: the paragraph has said
 *   which text it means, and a writer who misquotes after 该文指出 misquotes that text. A quotation
 *   of fewer than 6 characters (a term: “新质生产力”) is a name, not a sentence, and is never checked;
 * - any other quotation of 15 or more characters (not counting punctuation) that is close to a
 *   sentence of a source: at most a quarter of its characters differ from the stretch it matches.
 * Ellipses (…… … ⋯ ...) inside a quotation are allowed gaps: each piece is compared on its own.
 *
 * What is reported: `misquotation` (words differ), `quotation-punctuation`, `quotation-traditional`
 * and, for an attributed quotation the source does not contain, `quotation-not-found`; an exact
 * quotation gets an info-level `quotation-exact` message naming its paragraph, for a link.
 *
 * The source sentences are indexed once per list of sources (quotationSource.ts), so a 1 MB draft
 * with hundreds of quotations is checked in milliseconds per quotation, not per sentence.
 */
import { unified, type Plugin } from 'unified';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { Point, Position } from 'unist';
import type { ConceptDocument } from '../document';
import type { PaperParagraph } from '../source/paper';
import { spanIndexAt } from '../spans';
import { quotationScanOf } from './quotations';
import { align, markedWording, MAX_ALIGNED, type Alignment } from './quotationDiff';
import { isPunctuation, isWhite, normalize, sourceIndex, withoutMarkers, type IndexedParagraph, type Normalized, type QuotableSource, type SourceIndex } from './quotationSource';
import { ownString } from '../text/ownString';

export const QUOTATION_SOURCE = 'policy-lens';
export const MISQUOTATION_RULE = 'misquotation';
export const QUOTATION_PUNCTUATION_RULE = 'quotation-punctuation';
export const QUOTATION_TRADITIONAL_RULE = 'quotation-traditional';
export const QUOTATION_NOT_FOUND_RULE = 'quotation-not-found';
export const QUOTATION_EXACT_RULE = 'quotation-exact';

export type QuotationVerdict = 'exact' | 'traditional' | 'punctuation' | 'changed' | 'not-found';

const RULES: Record<QuotationVerdict, string> = {
  exact: QUOTATION_EXACT_RULE,
  traditional: QUOTATION_TRADITIONAL_RULE,
  punctuation: QUOTATION_PUNCTUATION_RULE,
  changed: MISQUOTATION_RULE,
  'not-found': QUOTATION_NOT_FOUND_RULE,
};

/** Shortest attributed quotation checked, in characters that are not punctuation (“新质生产力” is a term). */
export const MIN_ATTRIBUTED = 6;
/** Shortest unattributed quotation checked, in characters that are not punctuation. */
export const MIN_UNATTRIBUTED = 15;
/** An unattributed quotation is "close" to a source when at most this share of its characters differ. */
const UNATTRIBUTED_CHANGE = 0.25;
/** An attributed quotation differing more than this is taken as not found in the source. */
const ATTRIBUTED_CHANGE = 0.6;

/** One compared piece of a quotation (the text between its ellipses). */
export interface QuotationSegment {
  /** The compared characters in the draft: `[start, end)`, UTF-16 offsets (the writer's edge punctuation excluded). */
  readonly start: number;
  readonly end: number;
  readonly paragraph: PaperParagraph;
  readonly source: QuotableSource;
  readonly alignment: Alignment;
  /** The source's wording of that stretch, exactly (reference markers left out). */
  readonly sourceText: string;
}

/** The result for one checked quotation. */
export interface QuotationResult {
  /** The quotation, marks included: `[open, close + 1)`; the quoted text is `[open + 1, close)`. */
  readonly open: number;
  readonly close: number;
  readonly attributed: boolean;
  readonly verdict: QuotationVerdict;
  readonly ruleId: string;
  /** The source it is (or, when not found, claims to be) from. */
  readonly source: QuotableSource;
  /** The paragraph the quotation (its first piece) is from; absent when not found. */
  readonly paragraph?: PaperParagraph;
  readonly segments: readonly QuotationSegment[];
  /** The source's wording with the differences marked (pieces joined by ……); '' when exact or not found. */
  readonly marked: string;
  /** The edits that restore the source's wording, inside the quotation only; none when exact or not found. */
  readonly edits: readonly { readonly start: number; readonly end: number; readonly newText: string }[];
}

/** A quotation message: a VFileMessage with its result. */
export interface QuotationMessage extends VFileMessage {
  readonly ruleId: string;
  readonly source: typeof QUOTATION_SOURCE;
  readonly place: Position;
  readonly result: QuotationResult;
}

export interface QuotationOptions {
  /** The parsed document to check; else `file.data.conceptDocument`. */
  readonly document?: ConceptDocument;
  /** The sources to compare with (an engine's `sources`). */
  readonly sources: readonly QuotableSource[];
}

/**
 * The “…” and 「…」 quotations of a document as `[open, close]` offsets of their marks, in document order
 * of their openers: those of `findQuotations` (quotations.ts) for these two kinds, from the document's
 * quotation scan (re-scanned only around the edit for an edited open draft).
 */
function checkedQuotations(doc: ConceptDocument): [number, number][] {
  const text = doc.text;
  const out: [number, number][] = [];
  for (const q of quotationScanOf(doc).quotations) {
    const c = text.charCodeAt(q.start);
    if (c === 0x201c || c === 0x300c) out.push([q.start, q.end - 1]);
  }
  return out;
}
/** An ellipsis in a quotation: a gap the writer marked. */
const ELLIPSIS = /…+|⋯+|\.{3,}|。{3,}/g;
/** Where a sentence ends, for how far an attribution may stand from its quotation. */
const SENTENCE_END = /[。！？!?\n]/;
/** Words that point back at a text the paragraph named. */
const REFERENCE_WORD = /该文|此文|该论文|这篇论文|这篇文章|该文章|文中|论文|文章|该作者|作者/;
/** How far before the opening mark, and after the closing one, an attribution is looked for. */
const BEFORE = 80;
const AFTER = 40;

function contentLength(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (!isWhite(c) && !isPunctuation(c)) n++;
  }
  return n;
}

/** The source a quotation is attributed to, if any (see the module comment). */
function attribution(text: string, open: number, close: number, blockStart: number, blockEnd: number, sources: readonly NamedSource[]): QuotableSource | undefined {
  let before = text.slice(Math.max(blockStart, open - BEFORE), open);
  for (let i = before.length - 1; i >= 0; i--) {
    if (SENTENCE_END.test(before[i])) {
      before = before.slice(i + 1);
      break;
    }
  }
  let after = text.slice(close + 1, Math.min(blockEnd, close + 1 + AFTER));
  const endAt = after.search(SENTENCE_END);
  if (endAt >= 0) after = after.slice(0, endAt);
  for (const { source, names } of sources) if (names.some((n) => before.includes(n) || after.includes(n))) return source;
  if (REFERENCE_WORD.test(before)) {
    const paragraphBefore = text.slice(blockStart, open);
    for (const { source, names } of sources) if (names.some((n) => paragraphBefore.includes(n))) return source;
  }
  return undefined;
}

/** A source with the names a quotation's context may attribute it by (title and author, two characters or more). */
interface NamedSource {
  readonly source: QuotableSource;
  readonly names: readonly string[];
}

function namedSources(sources: readonly QuotableSource[]): NamedSource[] {
  return sources.map((source) => ({ source, names: [source.meta.title, source.meta.author].filter((n): n is string => !!n && n.length >= 2) }));
}

interface Candidate {
  readonly paragraph: IndexedParagraph;
  readonly alignment: Alignment;
}

/** The content characters of a normalized segment (punctuation removed), with their indexes in it. */
function contentOf(q: Normalized): { text: string; at: number[] } {
  let text = '';
  const at: number[] = [];
  for (let i = 0; i < q.text.length; i++) {
    if (isPunctuation(q.text[i])) continue;
    text += q.text[i];
    at.push(i);
  }
  return { text, at };
}

function alignIn(q: Normalized, p: IndexedParagraph, contentFrom: number, contentTo: number, pad: number, known: ReadonlySet<string>): Alignment | undefined {
  const cm = p.contentMap;
  if (cm.length === 0) return undefined;
  const from = Math.max(0, cm[Math.max(0, Math.min(cm.length - 1, contentFrom))] - pad);
  const to = Math.min(p.norm.text.length, cm[Math.max(0, Math.min(cm.length - 1, contentTo - 1))] + 1 + pad);
  return align(q, p.norm, from, to, known);
}

/** The best place in the sources for one segment, or undefined. `only`: the source it must be from. */
function bestMatch(q: Normalized, index: SourceIndex, only: QuotableSource | undefined): Candidate | undefined {
  const content = contentOf(q);
  const c = content.text;
  if (c.length < 2) return undefined;
  const pad = q.text.length - c.length + 2;
  const accept = (p: IndexedParagraph) => !only || p.source === only;
  // Exact content: through the rarest bigram of the segment.
  let rarest = -1;
  let rarestHits: readonly number[] = [];
  for (let i = 0; i + 1 < c.length; i++) {
    const hits = index.hits(c.slice(i, i + 2));
    if (hits.length === 0) {
      rarest = -2; // a bigram the sources never use: no exact match
      break;
    }
    if (rarest < 0 || hits.length < rarestHits.length) (rarest = i), (rarestHits = hits);
  }
  if (rarest >= 0) {
    for (const h of rarestHits) {
      const p = index.paragraphs[h >>> 16];
      const start = (h & 0xffff) - rarest;
      if (start < 0 || !accept(p) || !p.content.startsWith(c, start)) continue;
      // The common case, the same characters and punctuation: no alignment needed.
      const core = q.text.slice(content.at[0], content.at[content.at.length - 1] + 1);
      const sFrom = p.contentMap[start];
      if (p.norm.text.startsWith(core, sFrom)) {
        const alignment: Alignment = { parts: [{ kind: 'equal', text: core }], changedCharacters: 0, qFrom: content.at[0], qTo: content.at[content.at.length - 1] + 1, sFrom, sTo: sFrom + core.length };
        return { paragraph: p, alignment };
      }
      const a = alignIn(q, p, start, start + c.length, pad, index.characters);
      if (a) return { paragraph: p, alignment: a };
    }
  }
  if (q.text.length > MAX_ALIGNED) return undefined;
  // Close: vote for (paragraph, diagonal) by shared bigrams, then align the best few.
  const votes = new Map<number, number>();
  const seen = new Set<string>();
  let bigrams = 0;
  for (let i = 0; i + 1 < c.length; i++) {
    const key = c.slice(i, i + 2);
    if (seen.has(key)) continue;
    seen.add(key);
    bigrams++;
    for (const h of index.hits(key)) {
      const p = h >>> 16;
      if (!accept(index.paragraphs[p])) continue;
      const diagonal = (h & 0xffff) - i;
      const k = p * 131072 + ((diagonal + 4096) >> 3);
      votes.set(k, (votes.get(k) ?? 0) + 1);
    }
  }
  // A quotation with at most a quarter of its characters changed keeps about half its bigrams (one
  // changed character breaks two); an attributed one is looked for more loosely.
  const least = Math.max(2, bigrams * (only ? 0.25 : 0.4));
  const ranked = [...votes.entries()].filter(([, n]) => n >= least).sort((a, b) => b[1] - a[1]).slice(0, 3);
  // Candidates far behind the best are not worth an alignment.
  while (ranked.length > 1 && ranked[ranked.length - 1][1] < ranked[0][1] * 0.6) ranked.pop();
  let best: Candidate | undefined;
  for (const [k] of ranked) {
    const p = index.paragraphs[Math.floor(k / 131072)];
    const diagonal = (k % 131072) * 8 - 4096;
    // Characters added or left out shift the quotation off its diagonal by at most their number.
    const slack = Math.max(8, c.length >> (only ? 1 : 2));
    const a = alignIn(q, p, diagonal - slack, diagonal + c.length + slack, pad, index.characters);
    if (a && (!best || a.changedCharacters < best.alignment.changedCharacters)) best = { paragraph: p, alignment: a };
    // A candidate this close is the place (a word or two changed): the others cannot do much better.
    if (best && best.alignment.changedCharacters <= 2) break;
  }
  return best;
}

/**
 * Per list of sources, per quotation (marks included): its length in content characters and the
 * comparisons already made, by claimed source. A comparison reads nothing but the quotation and the
 * claimed source, so a quotation an edit did not touch is not compared (nor counted) again. Results
 * are kept relative to the opening mark.
 */
const comparisons = new WeakMap<readonly QuotableSource[], Map<string, KnownQuotation>>();
const KEPT_QUOTATIONS = 20_000;

interface KnownQuotation {
  /**
   * The quotation's text as a string of its own (`ownString`): the key and what `compare` reads. The
   * text a check is given is a view into its document's text, and a memo that outlives the version
   * must not keep that whole version alive (each keystroke inside a quotation makes a new entry).
   */
  readonly quoted: string;
  readonly length: number;
  readonly results: Map<number, QuotationResult | null>;
}

/** What is known of a quotation's text (see `comparisons`). */
function knownQuotation(quoted: string, sources: readonly QuotableSource[]): KnownQuotation {
  let memo = comparisons.get(sources);
  if (!memo) comparisons.set(sources, (memo = new Map()));
  let entry = memo.get(quoted);
  if (!entry) {
    if (memo.size >= KEPT_QUOTATIONS) memo.clear();
    const own = ownString(quoted);
    memo.set(own, (entry = { quoted: own, length: contentLength(own, 1, own.length - 1), results: new Map() }));
  }
  return entry;
}

/** The result for the quotation `known` at `open`, claimed for `claimed` (if any): `compare` on the quotation alone, shifted. */
function compareQuoted(known: KnownQuotation, open: number, claimed: QuotableSource | undefined, index: SourceIndex, sources: readonly QuotableSource[]): QuotationResult | undefined {
  const key = claimed ? sources.indexOf(claimed) : -1;
  let r = known.results.get(key);
  if (r === undefined) known.results.set(key, (r = compare(known.quoted, 0, known.quoted.length - 1, claimed, index) ?? null));
  return r ? (open === 0 ? r : shifted(r, open)) : undefined;
}

function shifted(r: QuotationResult, by: number): QuotationResult {
  return {
    ...r,
    open: r.open + by,
    close: r.close + by,
    segments: r.segments.map((s) => ({ ...s, start: s.start + by, end: s.end + by })),
    edits: r.edits.map((e) => ({ start: e.start + by, end: e.end + by, newText: e.newText })),
  };
}

/** Compares the quotation `[open, close]` of `text` (it reads nothing outside it) with the sources. */
function compare(text: string, open: number, close: number, claimed: QuotableSource | undefined, index: SourceIndex): QuotationResult | undefined {
  // The pieces between ellipses.
  const pieces: [number, number][] = [];
  let from = open + 1;
  const inner = text.slice(open + 1, close);
  for (const m of inner.matchAll(ELLIPSIS)) {
    pieces.push([from, open + 1 + m.index!]);
    from = open + 1 + m.index! + m[0].length;
  }
  pieces.push([from, close]);
  const segments: QuotationSegment[] = [];
  let compared = 0;
  let changed = 0;
  let missing = false;
  let source = claimed;
  for (const [a, z] of pieces) {
    if (contentLength(text, a, z) < 2) continue;
    const q = normalize(text, a, z);
    const match = bestMatch(q, index, source);
    const n = contentOf(q).text.length;
    compared += n;
    if (!match) {
      missing = true;
      changed += n;
      continue;
    }
    source ??= match.paragraph.source;
    const al = match.alignment;
    changed += al.changedCharacters;
    const p = match.paragraph;
    segments.push({
      start: q.map[al.qFrom],
      end: q.map[al.qTo - 1] + 1,
      paragraph: p.paragraph,
      source: p.source,
      alignment: al,
      sourceText: withoutMarkers(p.paragraph.text.slice(p.norm.map[al.sFrom], p.norm.map[al.sTo - 1] + 1)),
    });
  }
  const share = compared ? changed / compared : 1;
  if (!claimed && (missing || share > UNATTRIBUTED_CHANGE)) return undefined;
  if (!source) return undefined;
  if (missing || share > ATTRIBUTED_CHANGE || segments.length === 0) {
    return { open, close, attributed: true, verdict: 'not-found', ruleId: RULES['not-found'], source, segments: [], marked: '', edits: [] };
  }
  let verdict: QuotationVerdict = 'exact';
  for (const s of segments) {
    for (const part of s.alignment.parts) {
      if (part.kind !== 'equal' && SEVERITY_ORDER.indexOf(part.kind) > SEVERITY_ORDER.indexOf(verdict)) verdict = part.kind;
    }
  }
  const differing = segments.filter((s) => s.alignment.parts.some((p) => p.kind !== 'equal'));
  return {
    open,
    close,
    attributed: !!claimed,
    verdict,
    ruleId: RULES[verdict],
    source,
    paragraph: segments[0].paragraph,
    segments,
    marked: verdict === 'exact' ? '' : segments.map((s) => markedWording(s.alignment.parts)).join('……'),
    edits: differing.map((s) => ({ start: s.start, end: s.end, newText: s.sourceText })),
  };
}

const SEVERITY_ORDER: QuotationVerdict[] = ['exact', 'traditional', 'punctuation', 'changed'];

/**
 * Checks every quotation of a document against the sources; results in document order, exact ones
 * included. Pure: the same document and sources give the same results.
 */
export function checkQuotations(doc: ConceptDocument, sources: readonly QuotableSource[]): QuotationResult[] {
  const text = doc.text;
  const index = sourceIndex(sources);
  const out: QuotationResult[] = [];
  if (!index.paragraphs.length) return out;
  // Once per check, not once per quotation: a draft's every keystroke checks all its quotations again.
  const named = namedSources(sources);
  for (const [open, close] of checkedQuotations(doc)) {
    if (!doc.isProseAt(open)) continue;
    const quoted = text.slice(open, close + 1);
    const known = knownQuotation(quoted, sources);
    const length = known.length;
    if (length < MIN_ATTRIBUTED) continue;
    const b = spanIndexAt(doc.blocks, open);
    const block = b >= 0 ? doc.blocks[b] : { start: 0, end: text.length };
    const claimed = attribution(text, open, close, block.start, block.end, named);
    if (!claimed && length < MIN_UNATTRIBUTED) continue;
    const compared = compareQuoted(known, open, claimed, index, sources);
    if (compared) out.push(compared);
  }
  return out;
}

declare module 'vfile' {
  interface DataMap {
    /** The quotation results of the last run of the plugin on this file. */
    quotationResults: QuotationResult[];
  }
}

/** The unified plugin: `unified().use(policyLensQuotations, { document, sources }).run(tree, file)`. */
export const policyLensQuotations: Plugin<[QuotationOptions]> = function (options: QuotationOptions) {
  return (_tree, file) => {
    const doc = options.document ?? file.data.conceptDocument;
    if (!doc) throw new Error('policyLensQuotations needs the ConceptDocument (options.document or file.data.conceptDocument)');
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0; // see consistency.ts: a message's stack says nothing about the text
    try {
      const results = checkQuotations(doc, options.sources);
      file.data.quotationResults = results;
      for (const r of results) {
        const place: Position = { start: point(doc, r.open + 1), end: point(doc, r.close) };
        const title = `《${r.source.meta.title}》`;
        const where = r.paragraph ? `${r.paragraph.labelZh} / ${r.paragraph.labelEn}` : '';
        const reason =
          r.verdict === 'exact'
            ? `引文与原文一致（${title}${where}） / The quotation matches the source (${where})`
            : r.verdict === 'not-found'
              ? `${title}中没有这段引文 / The quotation is not in ${title}`
              : `引文与原文不符，原文作“${r.marked}” / The quotation differs from the source, which reads “${r.marked}” (${where})`;
        const message = file.message(reason, { place, ruleId: r.ruleId, source: QUOTATION_SOURCE });
        // Exact quotations are information (vfile's `fatal: undefined`), differences warnings.
        message.fatal = r.verdict === 'exact' ? undefined : false;
        Object.assign(message, { result: r });
      }
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  };
};

function point(doc: ConceptDocument, offset: number): Point {
  const p = doc.lineIndex.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1, offset };
}

/** Runs the plugin on a document and returns its messages (exact quotations included), in document order. */
export function quotationMessages(doc: ConceptDocument, sources: readonly QuotableSource[]): QuotationMessage[] {
  const file = new VFile({ path: doc.uri || undefined, value: doc.text });
  unified().use(policyLensQuotations, { document: doc, sources }).runSync({ type: 'root' }, file);
  return file.messages as QuotationMessage[];
}
