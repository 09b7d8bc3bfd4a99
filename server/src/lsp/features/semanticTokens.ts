import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensParams, SemanticTokensDeltaParams, SemanticTokensRangeParams, SemanticTokensLegend, CancellationToken } from 'vscode-languageserver';
import { checkCancelled, conceptVisible, documentWithSettings, visibleOccurrences, type FeatureContext } from '../context';
import { annotateWindow, scanLongRange, type LongRangeScan } from '../../core/text/window';
import { frontMatterLength } from '../../core/text/prose';
import { commonPrefix, commonSuffix } from '../../core/text/commonEnds';
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
 * starts together (a 1 MB draft has about 8,000 tokens); after an edit, only the occurrences around it
 * are encoded again, from the previous version's encoding (`reencodeTokens`).
 */
export class SemanticTokensProvider {
  private readonly last = new Map<string, { resultId: string; data: Uint32Array }>();
  /** Per URI, the last full encoding and what it was made with: the next version's starts from it. */
  private readonly encoded = new Map<string, { tokens: EncodedTokens; engine: Engine; settings: Settings }>();
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
    this.encoded.delete(uri);
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
    // Made from the previous answer: the integers it kept in front and at the back need no comparing.
    const t = this.encoded.get(uri)?.tokens;
    const same = t && t.data === data && t.base === previous.data ? t.same : undefined;
    return { resultId, edits: diff(previous.data, data, same?.front, same?.back) };
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
    const typeOf = (c: Concept) => otherFrameType(engine, c);
    if (range) return encodeTokens(doc, occurrences, typeOf);
    // The whole document: re-encode only around the edit when the previous version's encoding was
    // made with the same engine and settings (a keystroke in a 1 MB draft re-encodes a few tokens).
    const kept = this.encoded.get(uri);
    let tokens: EncodedTokens;
    if (kept && kept.engine === engine && kept.settings === settings) {
      tokens = kept.tokens.text === doc.text && kept.tokens.occurrences === occurrences ? kept.tokens : reencodeTokens(kept.tokens, doc, occurrences, typeOf);
    } else {
      tokens = encodeWithPlaces(doc, occurrences, typeOf);
    }
    this.encoded.set(uri, { tokens, engine, settings });
    return tokens.data;
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
  return encodeWithPlaces(doc, occurrences, typeOf).data;
}

/**
 * Tokens with what an incremental re-encoding needs: per occurrence, the index of its first token
 * (`first`, one entry more than occurrences), and per token its absolute line and character.
 */
export interface EncodedTokens {
  readonly text: string;
  readonly occurrences: readonly Occurrence[];
  readonly data: Uint32Array;
  readonly first: Int32Array;
  readonly lines: Int32Array;
  readonly chars: Int32Array;
  readonly lineCount: number;
  /** Made by `reencodeTokens` from this data: the first `front` and last `back` integers are its own. */
  readonly base?: Uint32Array;
  readonly same?: { readonly front: number; readonly back: number };
}

/** A growable token buffer: five integers a token, its absolute place alongside. */
class TokenBuffer {
  data: Uint32Array;
  lines: Int32Array;
  chars: Int32Array;
  n = 0;
  constructor(capacity: number) {
    this.data = new Uint32Array(capacity * 5);
    this.lines = new Int32Array(capacity);
    this.chars = new Int32Array(capacity);
  }
  reserve(tokens: number): void {
    if (this.n + tokens <= this.lines.length) return;
    const size = Math.max(this.lines.length * 2, this.n + tokens, 16);
    const data = new Uint32Array(size * 5);
    data.set(this.data.subarray(0, this.n * 5));
    const lines = new Int32Array(size);
    lines.set(this.lines.subarray(0, this.n));
    const chars = new Int32Array(size);
    chars.set(this.chars.subarray(0, this.n));
    this.data = data;
    this.lines = lines;
    this.chars = chars;
  }
}

/**
 * Encodes `occurrences[from…]` into `out` after a token at (`prevLine`, `prevChar`), writing each
 * occurrence's first token index into `first`. `stop(i, line)` is asked before each occurrence (with the
 * line it starts on) whether to encode it as the last one; returns the index after the last encoded.
 */
function encodeRun(
  doc: Pick<ConceptDocument, 'text' | 'lineIndex'>,
  occurrences: readonly Occurrence[],
  from: number,
  typeOf: (concept: Concept) => number,
  out: TokenBuffer,
  first: Int32Array,
  prevLine: number,
  prevChar: number,
  stop?: (i: number, line: number) => boolean,
): number {
  const lines = doc.lineIndex;
  const count = lines.lineCount;
  const text = doc.text;
  const data = () => out.data;
  let line = from < occurrences.length ? lines.lineAt(occurrences[from].start) : 0;
  for (let i = from; i < occurrences.length; i++) {
    const o = occurrences[i];
    first[i] = out.n;
    // Occurrences are sorted, so the line cursor only moves forward.
    while (line + 1 < count && lines.lineStart(line + 1) <= o.start) line++;
    const last = stop?.(i, line) ?? false;
    const type = typeIndex.get(o.concept.category) ?? typeOf(o.concept);
    const mods = o.kind === 'term' ? 0 : 1;
    let endLine = line;
    while (endLine + 1 < count && lines.lineStart(endLine + 1) <= o.end) endLine++;
    out.reserve(endLine - line + 1);
    const d = data();
    for (let l = line; l <= endLine; l++) {
      const lineStart = lines.lineStart(l);
      const start = l === line ? o.start : firstContent(text, lineStart, o.end);
      const to = l === endLine ? o.end : lines.lineEnd(l);
      if (to <= start) continue;
      const char = start - lineStart;
      const k = out.n * 5;
      d[k] = l - prevLine;
      d[k + 1] = l === prevLine ? char - prevChar : char;
      d[k + 2] = to - start;
      d[k + 3] = type;
      d[k + 4] = mods;
      out.lines[out.n] = l;
      out.chars[out.n] = char;
      out.n++;
      prevLine = l;
      prevChar = char;
    }
    if (last) return i + 1;
  }
  return occurrences.length;
}

/** The full encoding, with the places an incremental one starts from. */
export function encodeWithPlaces(doc: Pick<ConceptDocument, 'text' | 'lineIndex'>, occurrences: readonly Occurrence[], typeOf: (concept: Concept) => number = () => 0): EncodedTokens {
  // Most occurrences are one token (a soft-wrapped one is one per line). Kept as typed arrays:
  // building a plain array of 40,000 numbers costs milliseconds, and a delta answer only needs the
  // few that changed as a plain array (JSON).
  const out = new TokenBuffer(occurrences.length + 1);
  const first = new Int32Array(occurrences.length + 1);
  encodeRun(doc, occurrences, 0, typeOf, out, first, 0, 0);
  first[occurrences.length] = out.n;
  return finish(doc, occurrences, out, first);
}

function finish(doc: Pick<ConceptDocument, 'text' | 'lineIndex'>, occurrences: readonly Occurrence[], out: TokenBuffer, first: Int32Array): EncodedTokens {
  return { text: doc.text, occurrences, data: out.data.subarray(0, out.n * 5), first, lines: out.lines.subarray(0, out.n), chars: out.chars.subarray(0, out.n), lineCount: doc.lineIndex.lineCount };
}

const sameOccurrence = (a: Occurrence, b: Occurrence, shift: number) => a.start + shift === b.start && a.end + shift === b.end && a.concept === b.concept && a.kind === b.kind;

/**
 * The encoding of `occurrences` in `doc`, made from `prev` (an earlier version's) by re-encoding only
 * the occurrences around the edit: equal to `encodeWithPlaces(doc, occurrences, typeOf)` (a property
 * test checks it after random edits). The tokens of occurrences that end before the first changed code
 * unit are kept; from the first occurrence past the edit that starts on a line wholly after it and is
 * the old one shifted, the old tokens are kept too (relative tokens do not change when the lines above
 * them do; the absolute lines shift by the change in line count).
 */
export function reencodeTokens(prev: EncodedTokens, doc: Pick<ConceptDocument, 'text' | 'lineIndex'>, occurrences: readonly Occurrence[], typeOf: (concept: Concept) => number = () => 0): EncodedTokens {
  const oldText = prev.text;
  const text = doc.text;
  const old = prev.occurrences;
  const prefix = commonPrefix(oldText, text);
  const suffix = commonSuffix(oldText, text, prefix);
  const delta = text.length - oldText.length;
  const newChangeEnd = text.length - suffix;
  // Kept in front: occurrences unchanged that end before the edit (line starts before it are the same).
  let a = 0;
  const both = Math.min(old.length, occurrences.length);
  while (a < both && old[a].end < prefix && sameOccurrence(old[a], occurrences[a], 0)) a++;
  // Kept at the back: occurrences that are the old ones shifted, past the edit.
  const shift = occurrences.length - old.length;
  let tail = occurrences.length;
  while (tail > a && tail - shift > a && occurrences[tail - 1].start > newChangeEnd && sameOccurrence(old[tail - 1 - shift], occurrences[tail - 1], delta)) tail--;
  const keptTokens = prev.first[a];
  const out = new TokenBuffer(prev.lines.length + 16);
  out.data.set(prev.data.subarray(0, keptTokens * 5));
  out.lines.set(prev.lines.subarray(0, keptTokens));
  out.chars.set(prev.chars.subarray(0, keptTokens));
  out.n = keptTokens;
  const first = new Int32Array(occurrences.length + 1);
  first.set(prev.first.subarray(0, a));
  const prevLine = keptTokens > 0 ? prev.lines[keptTokens - 1] : 0;
  const prevChar = keptTokens > 0 ? prev.chars[keptTokens - 1] : 0;
  const lines = doc.lineIndex;
  // A line starting after the edit's end (and the character after it) starts the same in both texts.
  const stable = (i: number, line: number) => i >= tail && lines.lineStart(line) > newChangeEnd;
  const next = encodeRun(doc, occurrences, a, typeOf, out, first, prevLine, prevChar, stable);
  if (next < occurrences.length) {
    const from = prev.first[next - shift];
    const count = prev.lines.length - from;
    out.reserve(count);
    out.data.set(prev.data.subarray(from * 5), out.n * 5);
    const lineShift = lines.lineCount - prev.lineCount;
    for (let t = 0; t < count; t++) {
      out.lines[out.n + t] = prev.lines[from + t] + lineShift;
      out.chars[out.n + t] = prev.chars[from + t];
    }
    const tokenShift = out.n - from;
    for (let i = next; i < occurrences.length; i++) first[i] = prev.first[i - shift] + tokenShift;
    out.n += count;
  }
  first[occurrences.length] = out.n;
  const back = next < occurrences.length ? (prev.lines.length - prev.first[next - shift]) * 5 : 0;
  return { ...finish(doc, occurrences, out, first), base: prev.data, same: { front: keptTokens * 5, back } };
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

/**
 * One edit turning `a` into `b`: the span between their common prefix and common suffix. `front` and
 * `back`: how many integers at the start and the end are known to be equal (not compared again).
 */
function diff(a: Uint32Array, b: Uint32Array, front = 0, back = 0): SemanticTokensEdit[] {
  const min = Math.min(a.length, b.length);
  let start = Math.min(front, min);
  while (start < min && a[start] === b[start]) start++;
  if (start === a.length && start === b.length) return [];
  let end = Math.min(back, min - start);
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
