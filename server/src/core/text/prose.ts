/**
 * Finds the prose of a Markdown document with unified + remark-parse (GFM and front matter on).
 *
 * Prose is the text of headings, paragraphs, list items, table cells, block quotes, footnotes, link
 * text and emphasis. Fenced and indented code, inline code, link and image destinations, image alt
 * text, raw HTML, HTML comments, link reference definitions and front matter are not prose.
 */
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import type { Root, RootContent, Nodes, Heading } from 'mdast';
import type { Tree } from '@lezer/common';
import { DEFAULT_LIMITS, limitDefinitions, limitNesting, type NoticeCode } from '../limits';
import { firstAtLeast } from '../lineIndex';
import { ownString } from './ownString';
import { footnoteLabels } from './lezerFootnote';
import { indentedFourColumns, keepShapes, lezerFootnoteModel, PIPELESS_DELIMITER_ROW, lezerInput, lezerModel, lezerParser, lezerState, parseLezerPiece, textFallbackReason, unreadDelimiterRowIn, walkLezerPiece, walkLezerTreeChecked, walkLezerTreeCheckedAsync, type FallbackReason, type LezerState } from './lezerProse';

/** A run of prose in source offsets (UTF-16 code units, end exclusive). It may span soft line breaks. */
export interface ProseRange {
  readonly start: number;
  readonly end: number;
}

export interface HeadingInfo {
  /** 1–6. */
  readonly depth: number;
  /** The heading's plain text. */
  readonly text: string;
  /** The whole heading, markers included. */
  readonly start: number;
  readonly end: number;
}

/** A top-level block of the document: the unit of parsing and of incremental updates. */
export interface BlockInfo {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

export interface ProseModel {
  readonly prose: readonly ProseRange[];
  readonly headings: readonly HeadingInfo[];
  readonly blocks: readonly BlockInfo[];
}

/** How to parse: the nesting limit, and who hears that it cut something off. */
export interface ParseOptions {
  /** See `ParseLimits.nestingDepth`; `DEFAULT_LIMITS.nestingDepth` by default. */
  readonly nestingDepth?: number;
  /** Called when the parse had to give something up (markers past the nesting depth read as text). */
  readonly onLimit?: (code: NoticeCode) => void;
  /**
   * `'remark'` reads the document with remark only (the reference the fast path is tested against);
   * by default a whole document is read by lezer unless it holds a construct where the two differ.
   */
  readonly parser?: 'auto' | 'remark';
  /**
   * Called with lezer's parse when the whole text was read by lezer (and nothing was cut at the
   * nesting limit): an open document keeps it, so that its edits are re-read by lezer too.
   */
  readonly keepTree?: (state: LezerState) => void;
}

/**
 * How whole documents were parsed since the process started (or since `resetParseCounts`): by lezer,
 * or by remark and why. The bench reads it for the corpus fallback rate.
 */
/** `crlf`: of the `lezer` reads, those of a CRLF text read as its LF twin (`crlfAsLf`). */
export const parseCounts: { lezer: number; remark: number; crlf: number; reasons: Partial<Record<FallbackReason | 'definition', number>> } = { lezer: 0, remark: 0, crlf: 0, reasons: {} };

export function resetParseCounts(): void {
  parseCounts.lezer = 0;
  parseCounts.remark = 0;
  parseCounts.crlf = 0;
  parseCounts.reasons = {};
}

function countFallback(reason: FallbackReason | 'definition'): void {
  parseCounts.remark++;
  parseCounts.reasons[reason] = (parseCounts.reasons[reason] ?? 0) + 1;
}

/**
 * The fast path for a whole document: lezer, unless the text holds link or footnote definitions or
 * a construct `lezerModel` names. Adds to `model` and returns true, or leaves it and returns false.
 */
function lezerWhole(text: string, fm: number, model: ProseModel, options: ParseOptions): boolean {
  if (options.parser === 'remark') return false;
  const limited = limitNesting(text, options.nestingDepth ?? DEFAULT_LIMITS.nestingDepth);
  const source = limited.limited ? limited.text : text;
  const from = fm || (source.charCodeAt(0) === BOM ? 1 : 0);
  // Footnote definitions as real drafts write them lezer reads (lezerFootnote.ts); link reference
  // definitions and the rest go to remark.
  let labels: Set<string> | undefined;
  if (DEFINITION_LINE.test(text)) {
    labels = limited.limited ? undefined : footnoteLabels(text, from, DEFINITION_LINE);
    if (!labels) {
      countFallback('definition');
      return false;
    }
  }
  const read = (t: string, at: number, into: ProseModel, keep?: (state: LezerState) => void) => (labels ? lezerFootnoteModel(t, at, into, labels) : lezerModel(t, at, into, keep));
  let reason = read(source, from, model, limited.limited ? undefined : options.keepTree);
  if (reason && CR_REASONS.has(reason)) {
    const crlf = crlfAsLf(source);
    if (crlf) {
      const lfModel: ProseModel = { prose: [], headings: [], blocks: [] };
      reason = read(crlf.text, crlf.toLf(from), lfModel) ?? crlf.mapInto(lfModel, model);
      if (!reason) parseCounts.crlf++;
    }
  }
  if (reason) {
    countFallback(reason);
    return false;
  }
  if (limited.limited) options.onLimit?.('nesting-limit');
  parseCounts.lezer++;
  return true;
}

/**
 * The reasons a whole read gives that a CRLF text may owe to its line endings alone: lezer's table
 * delimiter row takes no CR (so every CRLF table), a backslash before a CR, `www.` before one.
 */
const CR_REASONS: ReadonlySet<FallbackReason | 'definition'> = new Set(['table-boundary', 'lone-cr', 'autolink-literal']);

/** Whether a text has CRLF line endings and no lone CR. */
function crlfOnly(text: string): boolean {
  return text.includes('\r\n') && !/\r(?!\n)/.test(text);
}

/**
 * A text whose line endings are CRLF (some or all, and no lone CR) as the same text with each CRLF
 * made LF, and the way back. CommonMark and micromark read the three line endings alike, so lezer's
 * read of the LF text, its positions moved past the CRs, is what remark reads in the CRLF text (the
 * fast-path property tests hold it so on CRLF documents). Only the whole read goes this way: the
 * document keeps no lezer tree (its positions are not the text's), so its edits are re-read by the
 * remark window, as for a text remark read.
 */
export function crlfAsLf(text: string): { text: string; toLf(offset: number): number; mapInto(lf: ProseModel, model: ProseModel): FallbackReason | undefined } | undefined {
  if (!crlfOnly(text)) return undefined;
  // Where each CRLF's LF stands in the LF text: the k-th CRLF at `i` (its CR) leaves its LF at `i - k`.
  const found: number[] = [];
  for (let i = text.indexOf('\r\n'), k = 0; i >= 0; i = text.indexOf('\r\n', i + 2), k++) found.push(i - k);
  const lfs = Int32Array.from(found);
  const lf = text.replace(/\r\n/g, '\n');
  // How many CRs stand before LF-text position `o`: the LFs that came from a CRLF before it.
  const back = (o: number) => o + firstAtLeast(lfs, o);
  return {
    text: lf,
    toLf(offset) {
      // The CRLFs wholly before `offset` (a line start or the document's start in practice).
      let k = 0;
      while (k < lfs.length && lfs[k] + k < offset) k++;
      return offset - k;
    },
    mapInto(read, model) {
      // A heading's text across lines (setext) holds the line ending itself: remark's has CRLF there,
      // lezer's LF, and a character reference may spell a LF too. Rare: remark reads those texts.
      if (read.headings.some((h) => h.text.includes('\n'))) return 'crlf-heading';
      const blocks = model.blocks as BlockInfo[];
      const prose = model.prose as ProseRange[];
      const headings = model.headings as HeadingInfo[];
      for (const b of read.blocks) blocks.push({ type: b.type, start: back(b.start), end: back(b.end) });
      for (const r of read.prose) prose.push({ start: back(r.start), end: back(r.end) });
      for (const h of read.headings) headings.push({ depth: h.depth, text: h.text, start: back(h.start), end: back(h.end) });
      return undefined;
    },
  };
}

/** GFM's parts (remark-gfm turns on all five). */
export interface GfmParts {
  readonly autolinks: boolean;
  readonly footnotes: boolean;
  readonly strikethrough: boolean;
  readonly tables: boolean;
  readonly tasks: boolean;
}

export const ALL_GFM: GfmParts = { autolinks: true, footnotes: true, strikethrough: true, tables: true, tasks: true };

/**
 * GFM as remark-gfm sets it up (the same extensions in the same order), with each part optional: a
 * part is left out of a parse when the text lacks what it needs to fire (see `parseMarkdown`). Tables
 * and autolink literals are the costly ones (about 35 % and 10 % on top of CommonMark on the bench's
 * drafts), the other three a few per cent each.
 */
function remarkGfmParts(this: Processor, parts: GfmParts) {
  const data = this.data();
  const micromark = [];
  const mdast = [];
  if (parts.autolinks) micromark.push(gfmAutolinkLiteral()), mdast.push(gfmAutolinkLiteralFromMarkdown());
  if (parts.footnotes) micromark.push(gfmFootnote()), mdast.push(gfmFootnoteFromMarkdown());
  if (parts.strikethrough) micromark.push(gfmStrikethrough()), mdast.push(gfmStrikethroughFromMarkdown());
  if (parts.tables) micromark.push(gfmTable()), mdast.push(gfmTableFromMarkdown());
  if (parts.tasks) micromark.push(gfmTaskListItem()), mdast.push(gfmTaskListItemFromMarkdown());
  (data.micromarkExtensions ??= []).push(...micromark);
  (data.fromMarkdownExtensions ??= []).push(...mdast);
}

const processors = new Map<number, Processor<Root>>();
function processorFor(parts: GfmParts): Processor<Root> {
  const key = +parts.autolinks | (+parts.footnotes << 1) | (+parts.strikethrough << 2) | (+parts.tables << 3) | (+parts.tasks << 4);
  let p = processors.get(key);
  if (!p) processors.set(key, (p = unified().use(remarkParse).use(remarkGfmParts, parts).freeze() as unknown as Processor<Root>));
  return p;
}

/**
 * Every literal autolink starts at `www.`, `http://` or `https://`, or holds an `@` (e-mail, `mailto:`,
 * `xmpp:`), in the text's value. A value differs from the source only through escapes and character
 * references, so source without `\` and `&` shows every trigger its values could hold.
 */
const AUTOLINK_TRIGGER = /@|www\.|https?:\/\//i;
const AUTOLINK_SOURCE_TRIGGER = /[@&\\]|www\.|https?:\/\//i;
/** A task list item's check box: `[ ]`, `[x]` or `[X]` (tab allowed for the space). */
const TASK_BOX = /\[[ \txX]\]/;

/**
 * Parses Markdown once into a syntax tree: GFM, each part left out where it cannot fire. Footnotes
 * need `[^` in the source, strikethrough a `~`, task lists a check box, a table a delimiter row (a
 * pipe, or a colon when it has none). An autolink literal needs a trigger in a text node: links'
 * destinations (`[…](https://…)`) hold most triggers in policy drafts, so the text is parsed without
 * autolink literals first, and again with them only when a text node holds a trigger. micromark
 * constructs read the source, and without its trigger an extension only tries and fails, so the tree
 * is the same as full GFM's (a property test compares the two). `parts` forces a configuration.
 */
export function parseMarkdown(text: string, parts?: GfmParts, options: ParseOptions = {}): Root {
  // Markers past the nesting limit become no-break spaces, one for one, so offsets hold (limits.ts).
  const limited = limitNesting(text, options.nestingDepth ?? DEFAULT_LIMITS.nestingDepth);
  if (limited.limited) {
    options.onLimit?.('nesting-limit');
    text = limited.text;
  }
  if (parts) return processorFor(parts).parse(text);
  const needs = {
    autolinks: false,
    footnotes: text.includes('[^'),
    strikethrough: text.includes('~'),
    tables: text.includes('|') || PIPELESS_DELIMITER_ROW.test(text),
    tasks: TASK_BOX.test(text),
  };
  const tree = processorFor(needs).parse(text);
  if (!AUTOLINK_SOURCE_TRIGGER.test(text) || !hasTextMatching(tree, AUTOLINK_TRIGGER)) return tree;
  return processorFor({ ...needs, autolinks: true }).parse(text);
}

function hasTextMatching(root: Root, re: RegExp): boolean {
  // An explicit stack, not recursion: a tree may be nested thousands deep (issue 8).
  const stack: (Root | RootContent)[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      if (re.test(node.value)) return true;
    } else if ('children' in node) {
      const kids = node.children as RootContent[];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
  }
  return false;
}

/**
 * Front matter: a `---` (YAML) or `+++` (TOML) fence on the first line, closed by the same fence on a
 * line of its own. Recognised here rather than with remark-frontmatter, whose micromark extension
 * (2.0.0) breaks container parsing after an unclosed fence: every later block quote and list became
 * a paragraph (micromark-extension-frontmatter issue #5). An unclosed fence is a thematic break, as in
 * CommonMark.
 */
const FRONT_MATTER = /^\ufeff?(---|\+\+\+)[ \t]*(?:\r\n|\n|\r)(?:[\s\S]*?(?:\r\n|\n|\r))??\1[ \t]*(?=\r\n|\n|\r|$)/;

/** Length of the front matter at the start of a document, or 0. */
export function frontMatterLength(text: string): number {
  return FRONT_MATTER.exec(text)?.[0].length ?? 0;
}

/**
 * A line that may start a link reference or footnote definition (`[label]:`, `[^1]:`), possibly in a
 * container. A label may run over several lines and hold escaped brackets (`[数据\n要素]:`, `[a\]b]:`); CommonMark caps it at 999 characters,
 * and a footnote's caret comes on top (`[^` and 999 characters: 1,000 in the brackets). A byte-order mark may
 * stand before the first line's (micromark drops it there: `\ufeff[^1]: 注` is a definition).
 */
export const DEFINITION_LINE = /^\ufeff?[ \t>*+\-\d.)]*\[(?:[^\]\\]|\\[\s\S]){1,1000}\]:/m;

/** Node types whose content is never prose. */
const NOT_PROSE = new Set(['code', 'inlineCode', 'html', 'yaml', 'toml', 'definition', 'image', 'imageReference', 'math', 'inlineMath']);


/**
 * Size of the pieces a long document is parsed in, in UTF-16 code units. micromark's time grows faster
 * than the input (on the bench's Chinese drafts, 1 MB in one piece takes about 1.9× as long as in 16 KB
 * pieces, and 5 MB in one piece about 4× as long per megabyte), so a long text is parsed as a run of
 * pieces cut between top-level blocks. The result is the same tree, block for block (a property test
 * compares the two on random documents with every kind of block).
 */
export const PARSE_CHUNK = 8192;

/** Parses `text` and collects its prose ranges, headings and top-level blocks, in offsets of `text` plus `base`. */
export function extractProse(text: string, base = 0, chunk = PARSE_CHUNK, options: ParseOptions = {}): ProseModel {
  const model: ProseModel = { prose: [], headings: [], blocks: [] };
  // Front matter only exists at the start of a document.
  const fm = base === 0 ? frontMatterLength(text) : 0;
  if (fm) (model.blocks as BlockInfo[]).push({ type: /^\ufeff?\+/.test(text) ? 'toml' : 'yaml', start: 0, end: fm });
  if (base === 0 && lezerWhole(text, fm, model, options)) return model;
  // A link reference or footnote definition anywhere changes how references everywhere parse: those
  // documents are parsed in one piece.
  if (text.length - fm <= chunk || DEFINITION_LINE.test(text)) {
    // Definitions past `MAX_DEFINITIONS` become HTML comments of the same length (limits.ts).
    const defs = base === 0 ? limitDefinitions(text) : { text, limited: false };
    if (defs.limited) {
      options.onLimit?.('definition-limit');
      text = defs.text;
    }
    const piece = parsePiece(text, fm, text.length, options);
    walkBlocks(piece.children, base + piece.offset, model);
    return model;
  }
  parseFrom(text, fm, model, { ...options, chunk, base });
  return model;
}

export interface ParseFromOptions extends ParseOptions {
  /** Piece size after the first piece. */
  readonly chunk?: number;
  /** End of the first piece (rounded up to a line start); `from + chunk` by default. */
  readonly firstEnd?: number;
  /** Added to every offset collected. */
  readonly base?: number;
  /**
   * Asked, in order, about each place after which the rest of the text could be parsed on its own (a
   * safe restart, see `parseFrom`); returning true stops the run there.
   */
  readonly stopAt?: (offset: number) => boolean;
}

/**
 * Parses `text` from `from` (a line start where a fresh parse is valid: the document start, or a safe
 * restart) in pieces, adding blocks, headings and prose to `model`; returns where it stopped (the
 * text's end, or the restart `stopAt` accepted).
 *
 * micromark's time grows faster than its input, so long texts go in pieces cut between top-level
 * blocks. A piece's last block may run past the cut, so the next piece starts at a block before it:
 * every block before that restart was closed by a line inside the piece, exactly as in the whole text.
 * A restart must follow a blank line (then no container and no paragraph is open, so no lazy line or
 * interrupted paragraph carries over) and must not follow indented code (after it, micromark 4 reads
 * an empty list item as a paragraph: state a fresh parse would not have). Property tests compare the
 * result with one whole parse on random documents cut at almost every line.
 */
export function parseFrom(text: string, from: number, model: ProseModel, options: ParseFromOptions = {}): number {
  const run = parsePieces(text, from, model, options);
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
  }
}

/**
 * `parseFrom` as a generator that yields after each piece, so that an async caller can let other
 * work run between pieces (the server parses a big open document this way, see `extractProseAsync`).
 */
export function* parsePieces(text: string, from: number, model: ProseModel, options: ParseFromOptions = {}): Generator<void, number, void> {
  const chunk = options.chunk ?? PARSE_CHUNK;
  const base = options.base ?? 0;
  let pos = from;
  let end = Math.max(options.firstEnd ?? 0, pos + chunk);
  for (;;) {
    // A piece ends past a blank line, so that it can hold a safe restart: a long run of text without
    // blank lines (one huge line) is parsed once, not again in a bigger piece.
    end = end >= text.length ? text.length : nextLineStart(text, afterNextBlankLine(text, end));
    const { children: blocks, offset: at } = parsePiece(text, pos, end, options);
    let last = -1;
    for (let k = 1; k < blocks.length; k++) {
      const line = lineStartOf(text, at + blocks[k].position!.start.offset!);
      if (line <= pos || !safeRestart(text, line, at + blocks[k - 1].position!.start.offset!, blocks[k - 1].type)) continue;
      if (options.stopAt?.(line)) {
        walkBlocks(blocks.slice(0, k), base + at, model);
        return line;
      }
      last = k;
    }
    if (end === text.length) {
      walkBlocks(blocks, base + at, model);
      return text.length;
    }
    if (last < 0) {
      end = pos + 2 * (end - pos); // no safe place to cut inside this piece: take a bigger one
      continue;
    }
    walkBlocks(blocks.slice(0, last), base + at, model);
    pos = lineStartOf(text, at + blocks[last].position!.start.offset!);
    end = pos + chunk;
    yield;
  }
}

/** What `lezerPieces` read: the blocks, prose and headings of `[from, stop)`. */
export interface LezerWindow {
  readonly model: ProseModel;
  /** Where the read stopped: the line start `stopAt` accepted, or the text's end (with a `reason`: the start of the piece that raised it). */
  readonly stop: number;
  /** Set when what was read holds a construct that sends a text to remark (then `model` is partial). */
  readonly reason?: FallbackReason;
}

/**
 * The first piece of an edit's lezer window: at least this many code units from its start. lezer
 * reads about 4 code units a microsecond (1 MB draft: a 4 KB piece took 0.9 ms), and the usual window
 * is one or two blocks, so the first piece is small; each further piece doubles, up to 64 KB, so that a
 * long window (a fence opened above a long text) costs few pieces.
 */
export const LEZER_CHUNK = 1024;
const LEZER_CHUNK_MAX = 65_536;

/**
 * `parsePieces` with lezer: reads `text` from `from` (a safe restart in a document lezer reads) in
 * pieces (the first at least `chunk` code units, or through `firstEnd`; each next one twice the last),
 * each parsed on its own, until `stopAt(line, block)` accepts a safe restart (the line start of
 * `block`) or the text ends. The same cuts as remark's pieces, for the same reasons: a piece ends
 * past a blank line, and only the blocks before its last safe restart are taken (each was closed by a
 * line inside the piece, exactly as in the whole text); the next piece starts at that restart. A
 * property test compares the result with the whole text's walk.
 */
export function lezerPieces(text: string, from: number, options: { readonly firstEnd?: number; readonly chunk?: number; readonly stopAt?: (line: number, block: BlockInfo) => boolean } = {}): LezerWindow {
  let chunk = options.chunk ?? LEZER_CHUNK;
  const model: ProseModel = { prose: [], headings: [], blocks: [] };
  const rows = new Set<number>();
  let pos = from;
  let end = Math.max(options.firstEnd ?? 0, pos + chunk);
  for (;;) {
    end = end >= text.length ? text.length : nextLineStart(text, afterNextBlankLine(text, end));
    const piece = parseLezerPiece(text, pos, end);
    const blocks = piece.blocks;
    let last = -1;
    let stop = -1;
    for (let k = 1; k < blocks.length; k++) {
      const line = lineStartOf(text, blocks[k].start);
      if (line <= pos || !safeRestart(text, line, blocks[k - 1].start, blocks[k - 1].type)) continue;
      last = k;
      if (options.stopAt?.(line, blocks[k])) {
        stop = line;
        break;
      }
    }
    if (stop < 0 && end === text.length) {
      last = blocks.length;
      stop = text.length;
    }
    if (last < 0) {
      end = pos + 2 * (end - pos); // no safe place to cut inside this piece: take a bigger one
      continue;
    }
    const reason = walkLezerPiece(piece, last, text, model, rows);
    if (reason) return { model, stop: pos, reason };
    if (stop >= 0) {
      if (unreadDelimiterRowIn(text, from, stop, rows)) return { model, stop, reason: 'table-boundary' };
      return { model, stop };
    }
    pos = lineStartOf(text, blocks[last].start);
    chunk = Math.min(2 * chunk, LEZER_CHUNK_MAX);
    end = pos + chunk;
  }
}

/**
 * Parses `text[from, end)` as it reads inside the whole text, for a piece starting at a line start:
 * returns its top-level nodes and the offset in `text` their positions count from. micromark drops a
 * byte-order mark at the start of what it parses and counts offsets without it. That is right at the
 * document's start only: a U+FEFF that starts a later piece (a BOM left in the middle of a file by
 * concatenation) is an ordinary character of the whole text, so a mark is put in front of such a
 * piece for micromark to drop, and the piece's own U+FEFF stays.
 */
export function parsePiece(text: string, from: number, end: number, options: ParseOptions = {}): { children: RootContent[]; offset: number } {
  const source = text.slice(from, end);
  if (from === 0) return { children: parseMarkdown(source, undefined, options).children, offset: source.charCodeAt(0) === BOM ? 1 : 0 };
  return { children: parseMarkdown(source.charCodeAt(0) === BOM ? '\ufeff' + source : source, undefined, options).children, offset: from };
}

/**
 * `extractProse` in pieces with `pause()` awaited between them (the same result): a long text no
 * longer holds the thread for the whole parse. A text with link or footnote definitions is parsed in
 * one piece, as by `extractProse`.
 */
export async function extractProseAsync(text: string, pause: () => Promise<void>, options: ParseOptions = {}, chunk = PARSE_CHUNK): Promise<ProseModel> {
  const fm = frontMatterLength(text);
  // The scans before lezer take tens of milliseconds each on a 5 MB draft: a pause before and after
  // each lets a waiting request through.
  if (options.parser !== 'remark' && !DEFINITION_LINE.test(text)) {
    await pause();
    // The scan reads what lezer is given, the text past the nesting limit's cuts, as `lezerModel` does
    // in the synchronous read: a cut's no-break spaces may make a construct it names (`<http://x[a…>`
    // with the brackets past the limit cut: an angle autolink for micromark only).
    const limited = limitNesting(text, options.nestingDepth ?? DEFAULT_LIMITS.nestingDepth);
    const source = limited.limited ? limited.text : text;
    await pause();
    const early = textFallbackReason(source);
    // A CRLF text the scan sends to remark for its line endings alone may be read as its LF twin.
    // (The nesting limit keeps every line ending: the twin of its text is that of the text.)
    let twin = early && CR_REASONS.has(early) ? crlfAsLf(source) : undefined;
    if (!early || (twin && !textFallbackReason(twin.text))) {
      // lezer in steps, with pauses between them: about 5 ms of parsing at a time, and as much walking.
      await pause();
      const from = fm || (source.charCodeAt(0) === BOM ? 1 : 0);
      const model: ProseModel = { prose: [], headings: [], blocks: [] };
      if (fm) (model.blocks as BlockInfo[]).push({ type: /^\ufeff?\+/.test(text) ? 'toml' : 'yaml', start: 0, end: fm });
      let reason: FallbackReason | undefined = early;
      if (!early) {
        const tree = await lezerTreeAsync(source, from, pause);
        reason = await walkLezerTreeCheckedAsync(tree, source, from, model, pause);
        keepShapes();
        if (!reason && !limited.limited) options.keepTree?.(lezerState(tree, from, source.includes('\r')));
        // A walk's reason the line endings may explain: the twin, after its own scan (as `lezerModel` makes it).
        if (reason && CR_REASONS.has(reason) && (twin = crlfAsLf(source))) {
          await pause();
          const twinEarly = textFallbackReason(twin.text);
          if (twinEarly) {
            reason = twinEarly;
            twin = undefined;
          }
        }
      }
      if (twin) {
        const lfModel: ProseModel = { prose: [], headings: [], blocks: [] };
        const lfFrom = twin.toLf(from);
        const tree = await lezerTreeAsync(twin.text, lfFrom, pause);
        reason = (await walkLezerTreeCheckedAsync(tree, twin.text, lfFrom, lfModel, pause)) ?? twin.mapInto(lfModel, model);
        keepShapes();
        if (!reason) parseCounts.crlf++;
      }
      if (!reason) {
        if (limited.limited) options.onLimit?.('nesting-limit');
        parseCounts.lezer++;
        return model;
      }
      countFallback(reason);
    } else countFallback(early);
    options = { ...options, parser: 'remark' };
  }
  if (text.length - fm <= chunk || DEFINITION_LINE.test(text)) return extractProse(text, 0, chunk, options);
  const model: ProseModel = { prose: [], headings: [], blocks: [] };
  if (fm) (model.blocks as BlockInfo[]).push({ type: /^\ufeff?\+/.test(text) ? 'toml' : 'yaml', start: 0, end: fm });
  const run = parsePieces(text, fm, model, { ...options, chunk });
  for (;;) {
    const step = run.next();
    if (step.done) return model;
    await pause();
  }
}

/** lezer's tree of `source[from…]`, parsed in steps of about 5 ms with `pause()` between them. */
async function lezerTreeAsync(source: string, from: number, pause: () => Promise<void>): Promise<Tree> {
  const parse = lezerParser.startParse(lezerInput(source, from));
  let tree: Tree | null;
  let t0 = Date.now();
  while (!(tree = parse.advance())) {
    if (Date.now() - t0 > 5) {
      await pause();
      t0 = Date.now();
    }
  }
  return tree;
}

/**
 * Whether the text from `line` (the line start of a top-level block) parses on its own as it does
 * after what precedes it: it follows a blank line, the block before it (starting at `previousStart`)
 * is not indented code, and it is not a list that the line, indented four columns or more, may still
 * continue.
 */
export function safeRestart(text: string, line: number, previousStart: number, previousType: string): boolean {
  if (!startsAfterBlankLine(text, line)) return false;
  // After a list, a line indented four columns may still belong to its last item for micromark, which
  // reads it as a lazy line (` *   代码\n\n    缩进`: content at column 5, the code line at column 4) and
  // ends code started there after one line; read on its own it is plain indented code. After an empty
  // item (`*\n\n    缩\n    `) micromark likewise ends such code before a white-space line it would take
  // in alone. (A lone `-` after that code, which micromark then reads as a list, follows indented code:
  // never a restart.)
  if (previousType === 'list' && indentedFourColumns(text, line)) return false;
  return previousType !== 'code' || isFenced(text, previousStart);
}

/** Whether the code block starting at `start` is fenced (its line opens with ``` or ~~~), not indented. */
export function isFenced(text: string, start: number): boolean {
  return FENCE_OPEN.test(text.slice(lineStartOf(text, start), start + 4));
}

const FENCE_OPEN = /^\ufeff? {0,3}(`{3}|~{3})/;
/** U+FEFF, the byte-order mark a decoded file may start with (decode.ts keeps it for the CLI). */
const BOM = 0xfeff;

function walkBlocks(nodes: readonly RootContent[], offset: number, model: ProseModel): void {
  const prose = model.prose as ProseRange[];
  const headings = model.headings as HeadingInfo[];
  const blocks = model.blocks as BlockInfo[];
  for (const node of nodes) {
    const p = node.position;
    if (!p || p.start.offset === undefined || p.end.offset === undefined) continue;
    blocks.push({ type: node.type, start: p.start.offset + offset, end: p.end.offset + offset });
    collect(node, prose, headings, offset);
  }
}

/** The start of the line after the one holding `offset` (or the text's end). */
export function nextLineStart(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return i + 1;
    if (c === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
  }
  return text.length;
}

/** The start of the line after the first blank line from the line holding `offset` on (or the text's end). */
function afterNextBlankLine(text: string, offset: number): number {
  const blank = /(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)/g;
  blank.lastIndex = lineStartOf(text, offset) > 0 ? lineStartOf(text, offset) - 1 : 0;
  const m = blank.exec(text);
  return m ? m.index + m[0].length : text.length;
}

/** Whether a line start follows a blank line (or the document start). */
export function startsAfterBlankLine(text: string, lineStart: number): boolean {
  if (lineStart === 0) return true;
  let i = lineStart;
  if (text.charCodeAt(i - 1) === 0x0a) i--;
  if (i > 0 && text.charCodeAt(i - 1) === 0x0d) i--;
  while (i > 0 && (text.charCodeAt(i - 1) === 0x20 || text.charCodeAt(i - 1) === 0x09)) i--;
  return i === 0 || text.charCodeAt(i - 1) === 0x0a || text.charCodeAt(i - 1) === 0x0d;
}

/** The start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 0x0a && text.charCodeAt(i - 1) !== 0x0d) i--;
  return i;
}

/**
 * Collects a block's prose ranges and headings in document order. An explicit stack, not recursion:
 * a tree may be nested thousands deep (10,000 block quotes overflowed the call stack, issue 8).
 */
function collect(root: RootContent, prose: ProseRange[], headings: HeadingInfo[], base: number): void {
  const stack: RootContent[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (NOT_PROSE.has(node.type)) continue;
    if (node.type === 'text') {
      const p = node.position;
      if (p?.start.offset !== undefined && p.end.offset !== undefined && p.end.offset > p.start.offset) {
        prose.push({ start: p.start.offset + base, end: p.end.offset + base });
      }
      continue;
    }
    if (node.type === 'link' && isAutolink(node)) continue;
    if (node.type === 'heading') {
      const p = node.position;
      if (p?.start.offset !== undefined && p.end.offset !== undefined) {
        headings.push({ depth: node.depth, text: ownString(plainText(node).trim()), start: p.start.offset + base, end: p.end.offset + base });
      }
    }
    if ('children' in node) {
      const kids = node.children as RootContent[];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
  }
}

/** `<https://…>` and GFM's bare `www.…`: the visible text is the destination itself, not prose. */
function isAutolink(node: Extract<Nodes, { type: 'link' }>): boolean {
  if (node.children.length !== 1 || node.children[0].type !== 'text') return false;
  const value = node.children[0].value;
  return node.url === value || node.url === `mailto:${value}` || node.url === `http://${value}` || node.url.endsWith(`//${value}`);
}

/** A node's plain text (text and inline code values, in order), without recursion. */
function plainText(root: Heading | RootContent): string {
  let out = '';
  const stack: (Heading | RootContent)[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text' || node.type === 'inlineCode') out += node.value;
    else if ('children' in node) {
      const kids = node.children as RootContent[];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
  }
  return out;
}

/** Non-blank lines (holding more than white space, as `\s` reads it) the edit window takes in on each side. */
const WINDOW_LINES = 8;
/** Code units the edit window takes in on each side: more than a definition's label can span (999 characters, escapes doubling them). */
const WINDOW_REACH = 2100;

/**
 * Whether the blocks `[coverFrom, coverTo)` that lezer re-read after an edit of `[prefix, newEnd)`
 * must be read by remark instead (or limited): the checks `lezerWhole` makes on a whole text
 * (`textFallbackReason`, a definition, a cut at the nesting limit), on those blocks and a window
 * around the edit. The blocks outside keep the parts they had, so only what lezer read is checked;
 * the window catches a definition, which changes how references anywhere read: a match that an edit
 * makes takes in an edited code unit (or the line break before one), and reaches at most
 * `WINDOW_REACH` code units from there (six inline HTML tags in a row: `WINDOW_LINES - 2` non-blank
 * lines). The window runs over whole lines, at least that far each way, from just after a blank line
 * to just after one, where `limitNesting`'s count starts afresh.
 */
export function editNeedsFullRead(text: string, prefix: number, newEnd: number, nestingDepth: number, coverFrom = prefix, coverTo = newEnd): FallbackReason | 'definition' | 'nesting-limit' | undefined {
  let start = lineStartOf(text, Math.min(prefix, coverFrom));
  for (let lines = 0; start > 0; ) {
    const before = lineStartOf(text, start - 1);
    const blank = !/\S/.test(text.slice(before, start));
    if (!blank) lines++;
    // Stop just after a blank line (spaces and tabs only: limitNesting's blank line), once far enough.
    if (lines > WINDOW_LINES && prefix - start >= WINDOW_REACH && isBlankLine(text, before, start)) break;
    start = before;
  }
  // `coverTo` (a line start just after a blank line, or the text's end) and on.
  let end = Math.max(nextLineStart(text, newEnd), coverTo);
  for (let lines = 0; end < text.length; ) {
    const after = nextLineStart(text, end);
    const blank = isBlankLine(text, end, after);
    if (!/\S/.test(text.slice(end, after))) {
      if (lines > WINDOW_LINES && end - newEnd >= WINDOW_REACH && blank) {
        end = after;
        break;
      }
    } else lines++;
    end = after;
  }
  const window = text.slice(start, end);
  const reason = textFallbackReason(window);
  if (reason) return reason;
  if (DEFINITION_LINE.test(window)) return 'definition';
  if (limitNesting(window, nestingDepth).limited) return 'nesting-limit';
  return undefined;
}

/** Whether `text[from, to)` (one line with its line break) holds only spaces and tabs. */
function isBlankLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}
