/**
 * Finds the prose of a Markdown document with unified + remark-parse (GFM and front matter on).
 *
 * Prose is the text of headings, paragraphs, list items, table cells, block quotes, footnotes, link
 * text and emphasis. Fenced and indented code, inline code, link and image destinations, image alt
 * text, raw HTML, HTML comments, link reference definitions and front matter are not prose.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, RootContent, Nodes, Heading } from 'mdast';

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

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * Front matter: a `---` (YAML) or `+++` (TOML) fence on the first line, closed by the same fence on a
 * line of its own. Recognised here rather than with remark-frontmatter, whose micromark extension
 * (2.0.0) breaks container parsing after an unclosed fence: every later block quote and list became
 * a paragraph (micromark-extension-frontmatter issue #5). An unclosed fence is a thematic break, as in
 * CommonMark.
 */
const FRONT_MATTER = /^(---|\+\+\+)[ \t]*(?:\r\n|\n|\r)(?:[\s\S]*?(?:\r\n|\n|\r))??\1[ \t]*(?=\r\n|\n|\r|$)/;

/** Length of the front matter at the start of a document, or 0. */
export function frontMatterLength(text: string): number {
  return FRONT_MATTER.exec(text)?.[0].length ?? 0;
}

/** A line that may hold a link reference or footnote definition (`[label]:`, `[^1]:`), possibly in a container. */
export const DEFINITION_LINE = /^[ \t>*+\-\d.)]*\[[^\]\r\n]+\]:/m;

/** Node types whose content is never prose. */
const NOT_PROSE = new Set(['code', 'inlineCode', 'html', 'yaml', 'toml', 'definition', 'image', 'imageReference', 'math', 'inlineMath']);

/** Parses Markdown once into a syntax tree. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/**
 * Size of the pieces a long document is parsed in, in UTF-16 code units. micromark's time grows faster
 * than the input (on the bench's Chinese drafts, 1 MB in one piece takes about 1.9× as long as in 16 KB
 * pieces, and 5 MB in one piece about 4× as long per megabyte), so a long text is parsed as a run of
 * pieces cut between top-level blocks. The result is the same tree, block for block (a property test
 * compares the two on random documents with every kind of block).
 */
export const PARSE_CHUNK = 8192;

/** Parses `text` and collects its prose ranges, headings and top-level blocks, in offsets of `text` plus `base`. */
export function extractProse(text: string, base = 0, chunk = PARSE_CHUNK): ProseModel {
  const model: ProseModel = { prose: [], headings: [], blocks: [] };
  // Front matter only exists at the start of a document.
  const fm = base === 0 ? frontMatterLength(text) : 0;
  if (fm) (model.blocks as BlockInfo[]).push({ type: text.startsWith('+') ? 'toml' : 'yaml', start: 0, end: fm });
  // A link reference or footnote definition anywhere changes how references everywhere parse: those
  // documents are parsed in one piece.
  if (text.length - fm <= chunk || DEFINITION_LINE.test(text)) {
    walkBlocks(parseMarkdown(fm ? text.slice(fm) : text).children, base + fm, model);
    return model;
  }
  let pos = fm;
  let size = chunk;
  while (pos < text.length) {
    const end = pos + size >= text.length ? text.length : nextLineStart(text, pos + size);
    const blocks = parseMarkdown(text.slice(pos, end)).children;
    if (end === text.length) {
      walkBlocks(blocks, base + pos, model);
      break;
    }
    // The last block may go on past the cut: drop it and start the next piece at its line. Every block
    // before it was closed by a line inside this piece, exactly as it is in the whole text, and the
    // next piece starts where no container is open, as a document does.
    const next = blocks.length >= 2 ? blocks[blocks.length - 1].position?.start.offset : undefined;
    if (next === undefined) {
      size *= 2; // one block longer than the piece: take a bigger piece
      continue;
    }
    const restart = lineStartOf(text, pos + next);
    if (restart <= pos) {
      size *= 2; // never expected (top-level blocks start on their own lines), but never loop
      continue;
    }
    walkBlocks(blocks.slice(0, -1), base + pos, model);
    pos = restart;
    size = chunk;
  }
  return model;
}

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
function nextLineStart(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return i + 1;
    if (c === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
  }
  return text.length;
}

/** The start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 0x0a && text.charCodeAt(i - 1) !== 0x0d) i--;
  return i;
}

function collect(node: RootContent, prose: ProseRange[], headings: HeadingInfo[], base: number): void {
  if (NOT_PROSE.has(node.type)) return;
  if (node.type === 'text') {
    const p = node.position;
    if (p?.start.offset !== undefined && p.end.offset !== undefined && p.end.offset > p.start.offset) {
      prose.push({ start: p.start.offset + base, end: p.end.offset + base });
    }
    return;
  }
  if (node.type === 'link' && isAutolink(node)) return;
  if (node.type === 'heading') {
    const p = node.position;
    if (p?.start.offset !== undefined && p.end.offset !== undefined) {
      headings.push({ depth: node.depth, text: plainText(node).trim(), start: p.start.offset + base, end: p.end.offset + base });
    }
  }
  if ('children' in node) for (const child of node.children as RootContent[]) collect(child, prose, headings, base);
}

/** `<https://…>` and GFM's bare `www.…`: the visible text is the destination itself, not prose. */
function isAutolink(node: Extract<Nodes, { type: 'link' }>): boolean {
  if (node.children.length !== 1 || node.children[0].type !== 'text') return false;
  const value = node.children[0].value;
  return node.url === value || node.url === `mailto:${value}` || node.url === `http://${value}` || node.url.endsWith(`//${value}`);
}

function plainText(node: Heading | RootContent): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(plainText).join('');
  return '';
}
