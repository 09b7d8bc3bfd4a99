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
import remarkFrontmatter from 'remark-frontmatter';
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
  /** The syntax tree, for consumers that need more (sentences). Positions are offsets into the text parsed. */
  readonly tree: Root;
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).freeze();

/** Node types whose content is never prose. */
const NOT_PROSE = new Set(['code', 'inlineCode', 'html', 'yaml', 'toml', 'definition', 'image', 'imageReference', 'math', 'inlineMath']);

/** Parses Markdown once into a syntax tree. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/** Parses `text` and collects its prose ranges, headings and top-level blocks, in offsets of `text` plus `base`. */
export function extractProse(text: string, base = 0): ProseModel {
  const tree = parseMarkdown(text);
  const prose: ProseRange[] = [];
  const headings: HeadingInfo[] = [];
  const blocks: BlockInfo[] = [];
  for (const node of tree.children) {
    const p = node.position;
    if (!p || p.start.offset === undefined || p.end.offset === undefined) continue;
    blocks.push({ type: node.type, start: p.start.offset + base, end: p.end.offset + base });
    collect(node, prose, headings, base);
  }
  return { prose, headings, blocks, tree };
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
