import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensParams, SemanticTokensDeltaParams, SemanticTokensRangeParams, SemanticTokensLegend, CancellationToken } from 'vscode-languageserver';
import { checkCancelled, conceptVisible, documentWithSettings, visibleOccurrences, type FeatureContext } from '../context';
import { annotateWindow, scanLongRange, type LongRangeScan } from '../../core/text/window';
import { frontMatterLength } from '../../core/text/prose';
import { LineIndex } from '../../core/lineIndex';
import type { ConceptDocument, Occurrence } from '../../core/document';
import { CATEGORY_IDS, type CategoryId, type Concept } from '../../core/lexicon/types';
import type { Engine } from '../../core/engine';
import type { Settings } from '../settings';

/**
 * One token type per category, so a theme can colour the paper's frame apart. The types are declared
 * in package.json (`semanticTokenTypes`, with default scopes) under these names.
 */
export const TOKEN_TYPES: Record<CategoryId, string> = {
  foundation: 'policyFoundation',
  technology: 'policyTechnology',
  factors: 'policyFactor',
  industries: 'policyIndustry',
};
/** `variant`: the occurrence is not the canonical term. */
export const TOKEN_MODIFIERS = ['variant'] as const;

export const LEGEND: SemanticTokensLegend = {
  tokenTypes: CATEGORY_IDS.map((c) => TOKEN_TYPES[c]),
  tokenModifiers: [...TOKEN_MODIFIERS],
};

const typeIndex = new Map(CATEGORY_IDS.map((c, i) => [c, i]));

/**
 * Answers full, delta and range requests. Keeps each document's last answer, so a delta request
 * gets one edit (the common prefix and suffix of the two token arrays, as vscode-languageserver's
 * SemanticTokensBuilder computes it). Tokens are encoded in one pass over the occurrences and the line
 * starts together: on a 1 MB draft that is about 8,000 tokens, re-encoded after every keystroke.
 */
export class SemanticTokensProvider {
  private readonly last = new Map<string, { resultId: string; data: Uint32Array }>();
  private nextId = 1;
  /** Per URI, the line index and long-range scan of a text still being parsed (range answers from windows reuse them). */
  private readonly early = new Map<string, { text: string; scan: LongRangeScan }>();

  /**
   * `pending` tells of a big open document whose parse has not ended (DocumentStore.pending): a range
   * request about it is then answered from a window around the range (core/text/window.ts), exactly
   * as the full parse will tag it, instead of waiting seconds for a 5 MB draft's parse.
   */
  constructor(private readonly pending?: (uri: string) => Promise<{ text: string; version: number; engine: Engine; settings: Settings } | undefined>) {}

  forget(uri: string): void {
    this.last.delete(uri);
    this.early.delete(uri);
  }

  async full(ctx: FeatureContext, params: SemanticTokensParams, token?: CancellationToken): Promise<SemanticTokens> {
    const data = await this.encode(ctx, params.textDocument.uri, undefined, token);
    const resultId = String(this.nextId++);
    this.last.set(params.textDocument.uri, { resultId, data });
    return { resultId, data: toArray(data) };
  }

  async delta(ctx: FeatureContext, params: SemanticTokensDeltaParams, token?: CancellationToken): Promise<SemanticTokens | SemanticTokensDelta> {
    const uri = params.textDocument.uri;
    const data = await this.encode(ctx, uri, undefined, token);
    const previous = this.last.get(uri);
    const resultId = String(this.nextId++);
    this.last.set(uri, { resultId, data });
    if (!previous || previous.resultId !== params.previousResultId) return { resultId, data: toArray(data) };
    return { resultId, edits: diff(previous.data, data) };
  }

  async range(ctx: FeatureContext, params: SemanticTokensRangeParams, token?: CancellationToken): Promise<SemanticTokens> {
    const early = await this.fromWindow(ctx, params, token);
    if (early) return { data: toArray(early) };
    return { data: toArray(await this.encode(ctx, params.textDocument.uri, params.range, token)) };
  }

  /**
   * The range's tokens from a parse of a window around it, while the document's full parse is still
   * to come; undefined when the parse is at hand (or quick) or the window cannot be read exactly.
   */
  private async fromWindow(ctx: FeatureContext, params: SemanticTokensRangeParams, token?: CancellationToken): Promise<Uint32Array | undefined> {
    const uri = params.textDocument.uri;
    const job = await this.pending?.(uri);
    checkCancelled(token);
    if (!job) {
      this.early.delete(uri);
      return undefined;
    }
    // No await from here on: the answer is written before the full parse (started by another request
    // waiting on the same settings) takes the thread.
    const { text, engine, settings } = job;
    let kept = this.early.get(uri);
    if (kept?.text !== text) this.early.set(uri, (kept = { text, scan: scanLongRange(text, frontMatterLength(text)) }));
    const from = offsetOfPosition(text, params.range.start);
    const to = offsetOfPosition(text, params.range.end);
    const w = annotateWindow(text, engine, from, to, { nestingDepth: settings.limits.nestingDepth, scan: kept.scan });
    // Start the full parse if nothing has yet (the answer above took no turn of the event loop).
    void ctx.document(uri).catch(() => undefined);
    if (!w) return undefined;
    const occurrences: Occurrence[] = [];
    for (const o of w.occurrences) {
      if (o.end > from && o.start < to && conceptVisible(engine, o.concept, settings)) occurrences.push({ start: o.start - w.start, end: o.end - w.start, concept: o.concept, kind: o.kind });
    }
    // Encoded over the window's own lines (no line index of megabytes), then moved to its first line.
    const windowText = text.slice(w.start, w.end);
    const data = encodeTokens({ text: windowText, lineIndex: new LineIndex(windowText) }, occurrences, (c) => otherFrameType(engine, c));
    if (data.length) data[0] += lineOfOffset(text, w.start);
    return data;
  }

  private async encode(ctx: FeatureContext, uri: string, range: SemanticTokensRangeParams['range'] | undefined, token?: CancellationToken): Promise<Uint32Array> {
    const opened = await documentWithSettings(ctx, uri, token);
    if (!opened) return new Uint32Array(0);
    const { doc, settings } = opened;
    let occurrences = visibleOccurrences(doc, settings);
    if (range) {
      const from = doc.lineIndex.offsetAt(range.start);
      const to = doc.lineIndex.offsetAt(range.end);
      occurrences = occurrences.filter((o) => o.end > from && o.start < to);
    }
    const engine = ctx.engine;
    return encodeTokens(doc, occurrences, (c) => otherFrameType(engine, c));
  }
}

/**
 * The token type of a category outside the shipped frame (another source's, or `other`): the legend
 * has the shipped paper's four types, so another frame's categories take them in their frame order,
 * which keeps the categories of one frame apart in colour.
 */
function otherFrameType(engine: Engine, concept: Concept): number {
  const order = engine.frame(concept.source?.id).categories.findIndex((e) => e.id === concept.category);
  return order < 0 ? 0 : order % CATEGORY_IDS.length;
}

/**
 * LSP's relative token encoding of occurrences in document order. Tokens are single-line: a
 * soft-wrapped occurrence becomes one token per line it touches, each line's from its first content
 * (after indentation and block-quote markers).
 */
export function encodeTokens(doc: Pick<ConceptDocument, 'text' | 'lineIndex'>, occurrences: readonly Occurrence[], typeOf: (concept: Concept) => number = () => 0): Uint32Array {
  const lines = doc.lineIndex;
  const count = lines.lineCount;
  const text = doc.text;
  // Five integers a token; most occurrences are one token (a soft-wrapped one is one per line). Kept
  // as a typed array: building a plain array of 40,000 numbers costs milliseconds, and a delta answer
  // only needs the few that changed as a plain array (JSON).
  let out = new Uint32Array(occurrences.length * 5 + 5);
  let n = 0;
  let line = 0;
  let prevLine = 0;
  let prevChar = 0;
  for (const o of occurrences) {
    // Occurrences are sorted, so the line cursor only moves forward.
    while (line + 1 < count && lines.lineStart(line + 1) <= o.start) line++;
    const type = typeIndex.get(o.concept.category) ?? typeOf(o.concept);
    const mods = o.kind === 'term' ? 0 : 1;
    let endLine = line;
    while (endLine + 1 < count && lines.lineStart(endLine + 1) <= o.end) endLine++;
    for (let l = line; l <= endLine; l++) {
      const lineStart = lines.lineStart(l);
      const from = l === line ? o.start : firstContent(text, lineStart, o.end);
      const to = l === endLine ? o.end : lines.lineEnd(l);
      if (to <= from) continue;
      if (n + 5 > out.length) {
        const bigger = new Uint32Array(out.length * 2);
        bigger.set(out);
        out = bigger;
      }
      const char = from - lineStart;
      out[n++] = l - prevLine;
      out[n++] = l === prevLine ? char - prevChar : char;
      out[n++] = to - from;
      out[n++] = type;
      out[n++] = mods;
      prevLine = l;
      prevChar = char;
    }
  }
  return out.subarray(0, n);
}

/** Line breaks as LSP counts them (`\n`, `\r\n`, a lone `\r`) before `offset` (a line start). */
function lineOfOffset(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  if (text.lastIndexOf('\r', offset) >= 0) for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) !== 0x0a) line++;
  return line;
}

/** A position's offset without a line index of the whole text (LineIndex.offsetAt's semantics: a character past the line's end clamps to it). */
function offsetOfPosition(text: string, position: { line: number; character: number }): number {
  if (text.indexOf('\r') >= 0) return new LineIndex(text).offsetAt(position);
  let start = 0;
  for (let l = 0; l < position.line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return text.length;
    start = nl + 1;
  }
  const nl = text.indexOf('\n', start);
  const end = nl < 0 ? text.length : nl;
  return Math.min(start + Math.max(0, position.character), end);
}

/** A plain array for JSON (JSON.stringify writes a typed array as an object). */
function toArray(data: Uint32Array): number[] {
  const out = new Array<number>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i];
  return out;
}

/** One edit turning `a` into `b`: the span between their common prefix and common suffix. */
function diff(a: Uint32Array, b: Uint32Array): SemanticTokensEdit[] {
  let start = 0;
  const min = Math.min(a.length, b.length);
  while (start < min && a[start] === b[start]) start++;
  if (start === a.length && start === b.length) return [];
  let end = 0;
  while (end < min - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const deleteCount = a.length - end - start;
  const data = toArray(b.subarray(start, b.length - end));
  return [data.length ? { start, deleteCount, data } : { start, deleteCount }];
}

/** Skips a continuation line's indentation and block-quote markers. */
function firstContent(text: string, from: number, limit: number): number {
  while (from < limit && /[ \t>]/.test(text[from])) from++;
  return from;
}
