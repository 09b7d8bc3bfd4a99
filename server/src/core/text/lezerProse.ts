/**
 * The fast prose walk: reads an @lezer/markdown tree (CommonMark + GFM tables, task lists and
 * strikethrough) and collects the same prose ranges, headings and top-level blocks as the remark path
 * (prose.ts), about five times faster. remark stays the reference: `lezerFallbackReason` names the
 * constructs where the two parsers are known to read a text differently, and a document holding one
 * is parsed by remark instead (property tests compare the two paths on random documents).
 *
 * What mdast calls a text node is rebuilt from lezer's inline nodes: a run of text between two inline
 * elements (emphasis, links, code, HTML, breaks…) of one container (paragraph, heading, table cell,
 * the inside of an emphasis or of a link's text). micromark's text node starts at its first data or
 * line ending and ends after its last: white space that ends a line (a line suffix) and the container
 * prefix that starts one (`> `, indentation) are not data, so a run is trimmed of them at its ends.
 */
import { parser as baseParser, InlineContext, LeafBlock, Table, TaskList, type BlockContext, type MarkdownConfig, type MarkdownParser } from '@lezer/markdown';
import { keepingShapes, onShapesReset, setKeepShapes } from '../shapes';
import { TreeFragment, type Input, type SyntaxNode, type Tree } from '@lezer/common';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import type { BlockInfo, HeadingInfo, ProseModel, ProseRange } from './prose';
import { ownString } from './ownString';
import { literalInTrimmedText, mayStartLiteral, parseLiteralAutolink, TRANSFORM_TRIGGER, transformFires } from './lezerAutolink';
import { installInlineScan } from './inlineScan';
import { DEFINITION_PREFIXES, footnoteId, footnoteParser } from './lezerFootnote';
import { pipelessParser } from './lezerPipeless';

/** micromark's `classifyCharacter`: 1 for white space (and the text's edges), 2 for punctuation or a symbol, 0 otherwise. */
function classify(ch: string): number {
  if (ch === '' || /\s/.test(ch)) return 1;
  return /\p{P}|\p{S}/u.test(ch) ? 2 : 0;
}

/**
 * The code unit before `pos` in an inline context: micromark's codes are UTF-16 code units (an
 * astral symbol beside a tilde is no punctuation to it, `n~😀~` is struck through).
 */
function charBefore(cx: InlineContext, pos: number): string {
  return pos <= cx.offset ? '' : cx.slice(pos - 1, pos);
}
function charAt(cx: InlineContext, pos: number): string {
  return pos >= cx.end ? '' : cx.slice(pos, pos + 1);
}

const TILDE_1 = { resolve: 'Strikethrough', mark: 'StrikethroughMark' };
const TILDE_2 = { resolve: 'Strikethrough', mark: 'StrikethroughMark' };

/**
 * GFM strikethrough as micromark-extension-gfm-strikethrough reads it (remark-gfm's default): a run
 * of one or two tildes (three or more are text), opening and closing by micromark's flanking rule, and
 * closing only a run of the same length. lezer's own extension knows only `~~`.
 */
function parseStrikethrough(cx: InlineContext, next: number, pos: number): number {
  if (next !== 126) return -1;
  // A tilde right after a tilde continues its run (unless that one was escaped).
  if (pos > cx.offset && cx.char(pos - 1) === 126 && !(pos - 2 >= cx.offset && cx.char(pos - 2) === 92)) return -1;
  let size = 1;
  while (cx.char(pos + size) === 126) size++;
  if (size > 2) return -1;
  const before = classify(charBefore(cx, pos));
  const after = classify(charAt(cx, pos + size));
  const open = after === 0 || (after === 2 && before !== 0);
  const close = before === 0 || (before === 2 && after !== 0);
  return cx.addDelimiter(size === 1 ? TILDE_1 : TILDE_2, pos, pos + size, open, close);
}

/**
 * Link ends as micromark reads them without definitions (a document with one goes to remark): only a
 * resource (`](…)`) makes a link. lezer's own `LinkEnd` makes `[a]`, `[a][]` and `[a][b]` reference
 * links, which scopes the emphasis and strikethrough marks inside them (`[~](~` is struck through
 * from the first tilde in micromark); here such a `]` is text and drops its label start, as
 * micromark's `labelEndNok` does. A `](` is left to lezer; where its resource does not parse, lezer
 * still makes a reference link, which the walk sends to remark (`link-boundary`).
 */
function parseResourceLinkEnd(cx: InlineContext, pos: number): number {
  if (cx.char(pos + 1) === 40) return -1;
  // lezer's inline parts: the open link and image starts are delimiters whose type has no `resolve`
  // (LinkStart and ImageStart are not exported).
  const parts = (cx as unknown as { parts: ({ type: { resolve?: string }; side?: number } | null)[] }).parts;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (part && part.side !== undefined && !part.type.resolve) {
      parts[i] = null;
      return pos + 1;
    }
  }
  return -1;
}

/**
 * The extensions that follow micromark (strikethrough, autolink literals, resource-only link ends)
 * as one inline parser dispatching by character: lezer calls every inline parser at every position,
 * so three would cost three calls per character of a 1 MB draft (about a tenth of lezer's parse).
 * It runs before lezer's emphasis (micromark tries an extension's constructs first, `_@x.cn` is an
 * e-mail) and so before its link end.
 */
const MicromarkInline: MarkdownConfig = {
  defineNodes: [{ name: 'Strikethrough' }, { name: 'StrikethroughMark' }, { name: 'LiteralAutolink' }],
  parseInline: [
    {
      name: 'MicromarkInline',
      parse(cx, next, pos) {
        if (mayStartLiteral(next)) return parseLiteralAutolink(cx, next, pos);
        if (next === 126) return parseStrikethrough(cx, next, pos);
        if (next === 93) return parseResourceLinkEnd(cx, pos);
        return -1;
      },
      before: 'Emphasis',
    },
  ],
};

/** CommonMark + GFM: tables, task lists, strikethrough and autolink literals as micromark reads them (lezerAutolink.ts). */
export const lezerParser: MarkdownParser = baseParser.configure([Table, TaskList, MicromarkInline]);

const BLOCK_TYPES: Record<string, string> = {
  Paragraph: 'paragraph',
  ATXHeading1: 'heading', ATXHeading2: 'heading', ATXHeading3: 'heading', ATXHeading4: 'heading', ATXHeading5: 'heading', ATXHeading6: 'heading',
  SetextHeading1: 'heading', SetextHeading2: 'heading',
  FencedCode: 'code', CodeBlock: 'code',
  HTMLBlock: 'html', CommentBlock: 'html', ProcessingInstructionBlock: 'html',
  LinkReference: 'definition',
  Blockquote: 'blockquote',
  BulletList: 'list', OrderedList: 'list',
  HorizontalRule: 'thematicBreak',
  Table: 'table',
  FootnoteDefinition: 'footnoteDefinition',
};

/** Blocks whose content is never prose. */
const SKIP_BLOCK = new Set(['FencedCode', 'CodeBlock', 'HTMLBlock', 'CommentBlock', 'ProcessingInstructionBlock', 'LinkReference', 'HorizontalRule', 'FootnoteLabel']);
/** Whether a list or block quote stands among `node`'s blocks, at any depth (paragraphs' inline nodes not looked at). */
function holdsContainer(node: SyntaxNode): boolean {
  const stack: SyntaxNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'BulletList' || c.name === 'OrderedList' || c.name === 'Blockquote') return true;
      if (CONTAINERS.has(c.name)) stack.push(c);
    }
  }
  return false;
}

/** Blocks that hold blocks. */
const CONTAINERS = new Set(['BulletList', 'OrderedList', 'ListItem', 'Blockquote', 'FootnoteDefinition']);
/** Inline nodes that end a text run and hold no prose. */
const OPAQUE_INLINE = new Set(['InlineCode', 'Image', 'HTMLTag', 'Comment', 'ProcessingInstruction', 'Autolink', 'URL', 'HardBreak', 'LiteralAutolink', 'FootnoteReference']);
/** Inline nodes that end a text run and hold prose between their marks. */
const MARKED_INLINE = new Set(['Emphasis', 'StrongEmphasis', 'Strikethrough']);

/**
 * Walks `tree` (a parse of `text[base…]`, offsets relative to `base`) and adds its blocks, prose and
 * headings to `model` in document offsets.
 */
export function walkLezerTree(tree: Tree, text: string, base: number, model: ProseModel): Walker {
  const blocks = model.blocks as BlockInfo[];
  const w = new Walker(text, base, model.prose as ProseRange[], model.headings as HeadingInfo[]);
  for (let node = tree.topNode.firstChild; node; node = node.nextSibling) {
    const b = topBlock(node, text, base);
    if (!b) continue;
    blocks.push(b);
    w.block(node);
  }
  return w;
}

/** A top-level node as mdast's block has it (type and range in document offsets), or undefined for a node mdast has no block for. */
function topBlock(node: SyntaxNode, text: string, base: number): BlockInfo | undefined {
  const type = BLOCK_TYPES[node.name];
  if (!type) return undefined;
  let start = node.from + base;
  let end = node.to + base;
  // Indented code and HTML start at their line's start in mdast; lezer's nodes after the indentation.
  if (node.name === 'CodeBlock' || BLOCK_TYPES[node.name] === 'html') while (start > base && isSpace(text.charCodeAt(start - 1))) start--;
  // Other blocks start at their marker; lezer's list may start at the indentation before it.
  else while (start < end && isSpace(text.charCodeAt(start))) start++;
  end = endOf(text, end);
  // micromark's indented code takes in the white-space-only lines after it, through the last one
  // that starts with four spaces.
  if (node.name === 'CodeBlock') end = codeTail(text, end);
  return { type, start, end };
}

class Walker {
  /** The first construct met where the two parsers read differently (then remark reads the document). */
  reason?: FallbackReason;
  /** While in a heading's or table cell's text: where it ends (micromark's text ends before trailing white space there), else -1. */
  private trimmedEnd = -1;
  /** The line starts of the delimiter rows of lezer's tables. */
  readonly delimiterRows = new Set<number>();
  /** The labels of the footnote definitions met (lezerFootnote.ts), as micromark identifies them. */
  readonly footnotes = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly prose: ProseRange[],
    private readonly headings: HeadingInfo[],
  ) {}

  /** A block and its descendants, with an explicit stack: block quotes may nest deep. */
  block(root: SyntaxNode): void {
    const stack: SyntaxNode[] = [root];
    while (stack.length) {
      const node = stack.pop()!;
      const name = node.name;
      if (SKIP_BLOCK.has(name)) {
        // (These checks sat after the `continue` and never ran; the blocks they look at are all skipped ones.)
        // Fenced code left open in a container ends differently (the line ending after it).
        if (name === 'FencedCode' && node.parent && node.parent.name !== 'Document' && node.getChildren('CodeMark').length < 2) this.flag('open-block-in-container');
        // An ordered list right after indented code (blank lines between): micromark's code is still
        // asking whether the next non-blank line is indented when that line's containers are
        // checked, so `interrupt` is set and only a single-digit 1 starts a list (`    码\n\n2. 戊`:
        // micromark a paragraph, lezer a list). (An empty item there: `empty-list-item`.)
        // In a block quote the `>` marks of the lines after the code come between it and the list
        // (`>     码\n> 2. 戊`): the next sibling that is not one is the list.
        if (name === 'CodeBlock') {
          const after = nextBlock(node);
          if (after?.name === 'OrderedList' && !/^1[.)]/.test(this.text.slice(after.from + this.base, after.from + this.base + 2))) this.flag('list-after-code');
        }
        if (BLOCK_TYPES[name] === 'html') {
          if (lezerOnlyTag(this.text, node.from + this.base)) this.flag('html-tag');
          if (node.parent && node.parent.name !== 'Document' && !closedHtml(this.text.slice(node.from + this.base, node.to + this.base))) this.flag('open-block-in-container');
          // HTML that a blank line ends, in a block quote: lezer runs it on over a line that is blank
          // after its `>` (`> <div>\n>\n> 续`), micromark ends it there.
          if (node.parent && node.parent.name !== 'Document' && blankLineInHtml(this.text.slice(node.from + this.base, node.to + this.base))) this.flag('open-block-in-container');
          this.checkHtmlStart(node);
        }
        continue;
      }
      if (name === 'Paragraph' || name === 'Task') {
        this.checkHtmlLines(node);
        let from = node.from;
        if (name === 'Task') {
          // micromark's check box needs white space and then content on its line; else it is text.
          // One space or tab after the box is its own; more are text.
          // And it opens only the first content of a list item (micromark's `_gfmTasklistFirstContentOfListItem`):
          // lezer reads a task in any paragraph of an item (`- 估\n\n  [x] 新`).
          const marker = node.firstChild;
          const after = marker ? this.skipSpace(marker.to, node.to) : node.from;
          if (marker && node.prevSibling?.name === 'ListMark' && isSpace(this.text.charCodeAt(marker.to + this.base)) && after < node.to && !isEol(this.text.charCodeAt(after + this.base))) from = marker.to + 1;
        }
        this.inline(node, from, this.trimEnd(from, node.to));
        continue;
      }
      if (name.startsWith('ATXHeading')) {
        this.atxHeading(node, +name.slice(10));
        continue;
      }
      if (name.startsWith('SetextHeading')) {
        this.checkHtmlLines(node);
        this.setextHeading(node, +name.slice(13));
        continue;
      }
      if (name === 'Table') this.checkTableBoundary(node);
      if (name === 'FootnoteDefinition') {
        // (`footnoteLabels` lets through only definitions at a line's start at the top level.)
        if (node.parent?.name !== 'Document') this.flag('footnote');
        const label = node.firstChild;
        if (label?.name === 'FootnoteLabel') this.footnotes.add(footnoteId(this.text.slice(label.from + this.base + 2, label.to + this.base - 2)));
        this.checkFootnoteDefinition(node);
      }
      if (name === 'BulletList' || name === 'OrderedList' || name === 'Blockquote') this.checkLazyCode(node);
      if (name === 'OrderedList') this.checkInterruptingList(node);
      if (name === 'TableCell') {
        this.trimmedEnd = node.to;
        this.inline(node, node.from, node.to);
        this.trimmedEnd = -1;
        continue;
      }
      const kids: SyntaxNode[] = [];
      for (let c = node.firstChild; c; c = c.nextSibling) kids.push(c);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
  }

  /**
   * What a footnote definition's container reads differently from micromark's (then remark reads the
   * document): a list or quote opening its first line right after indented code (micromark's
   * `interrupt` is still set there, as for `list-after-code`: `    码\n\n[^1]:-` is a paragraph), and
   * indented code last in it with lines of white space after (micromark's code takes them, `codeTail`;
   * lezer's definition ends with the code's text), and tabs before a list or quote in it.
   */
  private checkFootnoteDefinition(node: SyntaxNode): void {
    const first = node.firstChild?.nextSibling;
    const container = first && (first.name === 'BulletList' || first.name === 'OrderedList' || first.name === 'Blockquote');
    if (container && node.prevSibling?.name === 'CodeBlock') return this.flag('footnote');
    // A tab after the colon before a list or quote: lezer's item needs more columns than micromark's
    // (`[^a]:\t- 甲\n\n      乙`: micromark's item takes 乙, lezer's definition).
    if (container && this.text.slice(node.firstChild!.to + this.base, first.from + this.base).includes('\t')) return this.flag('footnote');
    // A tab in the indentation of a later line, with a list or quote inside: lezer's columns there are
    // not micromark's either (`[^a]:甲\n\t- 乙\n\n      丙\n    --`: lezer a heading).
    if (/[\r\n] *\t/.test(this.text.slice(node.from + this.base, node.to + this.base)) && holdsContainer(node)) return this.flag('footnote');
    let leaf = node.lastChild;
    while (leaf && CONTAINERS.has(leaf.name)) leaf = leaf.lastChild;
    if (leaf?.name === 'CodeBlock' && codeTail(this.text, leaf.to + this.base) !== leaf.to + this.base) this.flag('footnote');
  }

  private atxHeading(node: SyntaxNode, depth: number): void {
    const open = node.firstChild;
    let from = open && open.name === 'HeaderMark' && open.from === node.from ? open.to : node.from;
    let to = node.to;
    const last = node.lastChild;
    if (last && last.name === 'HeaderMark' && last.from > node.from) to = last.from;
    from = this.skipSpace(from, to);
    to = this.trimEnd(from, to);
    const parts: string[] = [];
    this.trimmedEnd = to;
    this.inline(node, from, to, parts);
    this.trimmedEnd = -1;
    this.headings.push({ depth, text: ownString(parts.join('').trim()), start: node.from + this.base, end: endOf(this.text, node.to + this.base) });
  }

  private setextHeading(node: SyntaxNode, depth: number): void {
    const mark = node.lastChild;
    // Table rows before an underline: lezer reads a setext heading, micromark a table.
    if (this.text.slice(node.from + this.base, node.to + this.base).includes('|')) this.flag('table-boundary');
    let to = node.to;
    if (mark && mark.name === 'HeaderMark') {
      // The content ends with the line before the underline, less its line suffix.
      to = lineStart(this.text, mark.from + this.base) - this.base;
      to = this.trimEnd(node.from, to);
    }
    const parts: string[] = [];
    this.inline(node, node.from, to, parts);
    this.headings.push({ depth, text: ownString(parts.join('').trim()), start: node.from + this.base, end: endOf(this.text, node.to + this.base) });
  }

  /**
   * The text runs of a container's content `[from, to)` (relative offsets), in order, with the inline
   * elements among `parent`'s children splitting them. `parts` collects mdast's plain text (text and
   * inline code values), for headings.
   */
  /** Whether a run of the paragraph (or heading, or cell) being walked held a backtick (see `run`). */
  private tickSeen = false;

  private inline(parent: SyntaxNode, from: number, to: number, parts?: string[], nested = false, inLink = false): void {
    if (!nested) this.tickSeen = false;
    let run = from;
    let lineStartRun = false;
    for (const c of this.children(parent)) {
      if (c.to <= from || c.from >= to) continue;
      const name = c.name;
      if (name === 'HardBreak' && !this.isHardBreak(c)) {
        // A space before a CRLF, read by lezer as two: no break, its line ending is text.
      } else if (name === 'LiteralAutolink' && this.trimmedEnd >= 0 && !literalInTrimmedText(this.text, c.from + this.base, c.to + this.base, this.trimmedEnd + this.base)) {
        // `www.` at the end of a heading or cell: text for micromark.
      } else if (OPAQUE_INLINE.has(name)) {
        this.run(run, c.from, lineStartRun, false, parts, inLink);
        if (name === 'Image') this.checkDestination(c);
        if (name === 'HTMLTag' && (lezerOnlyTag(this.text, c.from + this.base) || SLASH_IN_UNQUOTED_VALUE.test(this.text.slice(c.from + this.base, c.to + this.base).replace(QUOTED_VALUE, '""')))) this.flag('html-tag');
        if (parts && name === 'LiteralAutolink') parts.push(this.text.slice(c.from + this.base, c.to + this.base));
        if (parts && name === 'InlineCode') {
          const source = this.text.slice(c.from + this.base, c.to + this.base);
          // A heading's code across lines with a container prefix (`> \`乙\n> 丙\` 甲\n> ===`): lezer's
          // source holds the prefix, micromark's value does not (found by the second reader).
          if (/\n[ \t>]/.test(source)) this.flag('heading-code-prefix');
          parts.push(codeValue(source));
        }
        if (name === 'Autolink') {
          const inner = this.text.slice(c.from + 1 + this.base, c.to - 1 + this.base);
          // lezer's autolink may hold `<` or a scheme with `_`; micromark's not.
          if (!MICROMARK_AUTOLINK_URI.test(inner) && !MICROMARK_AUTOLINK_EMAIL.test(inner)) this.flag('angle-autolink');
          if (parts) parts.push(inner);
        }
        run = c.to;
        lineStartRun = name === 'HardBreak';
      } else if (MARKED_INLINE.has(name) || name === 'Link') {
        this.run(run, c.from, lineStartRun, false, parts, inLink);
        const first = c.firstChild;
        if (name === 'Link') {
          // The link text: between `[` and the next `]` mark.
          let close: SyntaxNode | null = first;
          for (let k = first?.nextSibling ?? null; k; k = k.nextSibling) if (k.name === 'LinkMark') { close = k; break; }
          if (first && close && close.from > first.from) {
            const a = first.to;
            const b = close.from;
            const inner = this.text.slice(a + this.base, b + this.base);
            const url = c.getChild('URL');
            this.checkDestination(c);
            // `[https://x](https://x)`: remark's link whose text is its destination (isAutolink in prose.ts).
            const autolinkLike = url && this.isAutolinkLike(c, a, b, inner, url);
            if (!autolinkLike) this.inline(c, a, b, parts, true, true);
            else if (parts) parts.push(inner);
          }
        } else {
          const last = c.lastChild;
          if (first && last && last.from > first.from) this.inline(c, first.to, last.from, parts, true, inLink);
        }
        run = c.to;
        lineStartRun = false;
      }
      // Escape, Entity, QuoteMark and the like are part of the run.
    }
    // Inside an element the text runs to its closing mark; at the container's end a line suffix is dropped.
    this.run(run, to, lineStartRun, !nested, parts, inLink);
  }

  /**
   * A node's inline children, with reference links and images (`[a]`, `[a][b]`, `![a]`) replaced by
   * their own children: documents with definitions go to remark, so no reference resolves, and
   * micromark reads the brackets as text.
   */
  private children(parent: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [];
    for (let c = parent.lastChild; c; c = c.prevSibling) stack.push(c);
    while (stack.length) {
      const c = stack.pop()!;
      if ((c.name === 'Link' || c.name === 'Image') && !this.isInlineLink(c)) {
        // Only a `](` whose resource lezer could not parse gets here (see `ResourceLinksOnly`).
        this.flag('link-boundary');
        for (let k = c.lastChild; k; k = k.prevSibling) stack.push(k);
      } else out.push(c);
    }
    return out;
  }

  /**
   * remark's `isAutolink` (prose.ts) for a link `[inner](url)`: one text child whose value is the
   * destination, or its end after `//`, or it less `mailto:` or `http://`.
   */
  private isAutolinkLike(link: SyntaxNode, a: number, b: number, inner: string, url: SyntaxNode): boolean {
    if (a >= b) return false;
    for (let k = link.firstChild; k; k = k.nextSibling) if (k.from >= a && k.to <= b && k.name !== 'Escape' && k.name !== 'Entity') return false;
    const value = runValue(inner);
    let dest = this.text.slice(url.from + this.base, url.to + this.base);
    if (dest.startsWith('<')) dest = dest.slice(1, -1);
    dest = runValue(dest);
    return dest === value || dest === `mailto:${value}` || dest === `http://${value}` || dest.endsWith(`//${value}`);
  }

  /** A destination with unbalanced parentheses (`[a](( )`) is none for micromark; lezer takes it. */
  private checkDestination(node: SyntaxNode): void {
    const url = node.getChild('URL');
    if (!url || this.text.charCodeAt(url.from + this.base) === 0x3c) return;
    let depth = 0;
    for (let k = url.from + this.base; k < url.to + this.base; k++) {
      const c = this.text.charCodeAt(k);
      if (c === 0x5c) k++;
      else if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
    }
    if (depth !== 0) this.flag('link-boundary');
  }

  /** Whether a link or image has a destination part (`](…)`), not a reference. */
  private isInlineLink(node: SyntaxNode): boolean {
    for (let k = node.firstChild; k; k = k.nextSibling) if (k.name === 'LinkMark' && this.text.charCodeAt(k.from + this.base) === 0x28) return true;
    return false;
  }

  /**
   * One mdast text node for the run `[a, b)`, trimmed as micromark's data tokens are. Outside links,
   * remark's autolink transform may replace the node by position-less ones: then it is no prose
   * (see lezerAutolink.ts), though its value still counts for a heading's text.
   */
  private run(a: number, b: number, atLineStart: boolean, atEnd: boolean, parts?: string[], inLink = false): void {
    const text = this.text;
    let s = a + this.base;
    let e = b + this.base;
    if (atLineStart) {
      while (s < e && isPrefix(text.charCodeAt(s))) s++;
    } else {
      // White space that ends the line is a line suffix: the run starts at the line ending.
      let k = s;
      while (k < e && isSpace(text.charCodeAt(k))) k++;
      if (k < e && isEol(text.charCodeAt(k))) s = k;
      else if (k === e && atEnd) s = e;
    }
    if (atEnd) {
      while (e > s && isTrailing(text.charCodeAt(e - 1))) e--;
    } else {
      // An element that starts a line: the run ends after the line ending before it.
      let k = e;
      while (k > s && isPrefix(text.charCodeAt(k - 1))) k--;
      if (k > s && isEol(text.charCodeAt(k - 1))) {
        // A backtick in the run that opens no code span (`> 甲\`\n> *乙*`): micromark's text node then
        // ends at the element, past the container prefix before it (second reader, pipeless review).
        // (Or one in an earlier run of the paragraph: `- 甲\`**丙**\n  **乙**`.)
        if (k < e && this.tickSeen) this.flag('open-backtick');
        if (k < e) {
          const tick = text.indexOf('`', s);
          if (tick >= 0 && tick < k) this.flag('open-backtick');
        }
        e = k;
      }
    }
    if (e <= s) return;
    const source = text.slice(s, e);
    if (!this.tickSeen && source.includes('`')) this.tickSeen = true;
    let value: string | undefined;
    if (!inLink && AUTOLINK_SOURCE_TRIGGER.test(source) && TRANSFORM_TRIGGER.test((value = runValue(source))) && transformFires(value)) {
      if (parts) parts.push(value);
      return;
    }
    this.prose.push({ start: s, end: e });
    if (parts) parts.push(value ?? runValue(source));
  }

  /** Whether a lezer hard break is one in the original text: a backslash, or two spaces or more, before the line ending. */
  private isHardBreak(node: SyntaxNode): boolean {
    const source = this.text.slice(node.from + this.base, node.to + this.base);
    if (source.charCodeAt(0) === 0x5c) return true;
    // micromark's trailing break is white space without a tab; lezer's counts the spaces after one.
    if (this.text.charCodeAt(node.from + this.base - 1) === 0x09) return false;
    return !/^[ \t]?\r\n$/.test(source);
  }

  /**
   * The lines of a paragraph (or task, or setext heading) that start with `<`, where micromark may
   * start an HTML block that lezer did not:
   * - its first line, when micromark's HTML (flow) starts there at all (`<br/>`, `<img src="a" />`:
   *   lezer's complete tags take no `/>`; `<search> 文本`: a block name for micromark only);
   * - a later line whose HTML interrupts a paragraph for micromark and not for lezer (`段落\n<search>`);
   * - a later line on a lazy line (one that does not continue every container the paragraph is in):
   *   micromark lets complete HTML (CommonMark's kind 7: `<span>`, `<br>`, `<d\tiv>`) open an HTML
   *   block there (its html-flow refuses it only for `interrupt && !lazy`), where CommonMark and lezer
   *   continue the paragraph (`- 完成\n<span>`: micromark's paragraph `完成`, lezer's `完成\n<span>`).
   */
  private checkHtmlLines(node: SyntaxNode): void {
    const text = this.text;
    const from = node.from + this.base;
    const to = node.to + this.base;
    const contained = node.parent?.name !== 'Document';
    let inDefinition = false;
    for (let up = node.parent; up && !inDefinition; up = up.parent) inDefinition = up.name === 'FootnoteDefinition';
    // (Each search for a line ending stops at the paragraph's last one: no scan past the paragraph.)
    const eol = text.indexOf('\n', from);
    const oneLine = eol < 0 || eol >= to;
    if (node.name !== 'Task' && text.charCodeAt(from) === 0x3c) {
      const kind = micromarkHtmlKind(text, from);
      // (In a container, a paragraph of one complete tag reads as its HTML would: no prose, and the
      // block that mdast's top level sees is the container.)
      if (kind !== 0 && !(kind === 7 && contained && oneLine)) this.flag('html-block');
    }
    for (let k = eol; k >= 0 && k < to; k = text.indexOf('\n', k + 1)) {
      let j = k + 1;
      while (j < to && isPrefix(text.charCodeAt(j))) j++;
      const first = text.charCodeAt(j);
      const digit = first >= 0x30 && first <= 0x39;
      if (first !== 0x3c && !(digit && contained)) continue;
      const { pos, lazy } = contained ? this.containerPrefix(node, k + 1) : { pos: k + 1, lazy: false };
      // The rest goes to micromark's paragraph continuation: four columns of indentation keep it there.
      let p = pos;
      let tab = false;
      for (; isSpace(text.charCodeAt(p)); p++) if (text.charCodeAt(p) === 0x09) tab = true;
      // (Not on a lazy line in a footnote definition: its `pos` may be a guess, `itemColumn` gives up on tabs.)
      if (!tab && p - pos >= 4 && !(lazy && inDefinition)) continue;
      if (text.charCodeAt(p) !== 0x3c) {
        // An ordered item on a lazy line: micromark checks for new containers there without
        // `interrupt` (it sets it only when every container continued), so any number starts a list;
        // CommonMark and lezer let only 1 interrupt a paragraph (`- 丙\n100. 戊`: lezer one item).
        if (lazy && ORDERED_NOT_ONE.test(text.slice(p, p + 12))) this.flag('lazy-list');
        continue;
      }
      const kind = micromarkHtmlKind(text, p);
      if (kind >= 1 && kind <= 6) this.flag('html-block');
      else if (kind === 7 && lazy) this.flag('lazy-html');
    }
  }

  /**
   * An HTML block lezer started where micromark starts none (`<a href=x/y>`: lezer's unquoted values
   * take `/`; `<source src=x> 文本`: a block name for lezer only), or one that interrupts a paragraph
   * for lezer and not for micromark (`段落\n<source>`).
   */
  private checkHtmlStart(node: SyntaxNode): void {
    const text = this.text;
    const from = node.from + this.base;
    const kind = micromarkHtmlKind(text, from);
    if (kind === 0 || (kind === 7 && /^<\/?source(?:[\s/>]|$)/i.test(text.slice(from, from + 9)) && !blankBefore(text, lineStart(text, from)))) this.flag('html-block');
  }

  /**
   * Where the container prefixes of the line starting at `line` end, for the block quotes and list
   * items `node` is in, and whether the line is lazy (does not continue them all; `pos` is then where
   * the first one that failed would have started). Tabs are not followed: where one matters the line
   * counts as lazy, which can only send a text to remark that did not need it.
   */
  private containerPrefix(node: SyntaxNode, line: number): { pos: number; lazy: boolean } {
    const containers: SyntaxNode[] = [];
    for (let up = node.parent; up && up.name !== 'Document'; up = up.parent) if (up.name === 'Blockquote' || up.name === 'ListItem' || up.name === 'FootnoteDefinition') containers.push(up);
    const text = this.text;
    let pos = line;
    for (let i = containers.length - 1; i >= 0; i--) {
      const c = containers[i];
      const start = pos;
      if (c.name === 'Blockquote') {
        for (let n = 0; n < 3 && text.charCodeAt(pos) === 0x20; n++) pos++;
        if (text.charCodeAt(pos) !== 0x3e) return { pos: start, lazy: true };
        pos++;
        if (text.charCodeAt(pos) === 0x20) pos++;
        else if (text.charCodeAt(pos) === 0x09) return { pos: start, lazy: true };
      } else if (c.name === 'FootnoteDefinition') {
        // Four columns continue a definition (lezerFootnote.ts); spaces only, a tab counts as lazy.
        while (pos - start < 4 && text.charCodeAt(pos) === 0x20) pos++;
        if (pos - start < 4) return { pos: start, lazy: true };
      } else {
        // Columns are offsets from the line start here: no tab on either line (else `itemColumn` is -1).
        const need = this.definitionColumn(c, this.itemColumn(c));
        if (need < 0) return { pos: start, lazy: true };
        while (pos - line < need && text.charCodeAt(pos) === 0x20) pos++;
        if (pos - line < need) return { pos: start, lazy: true };
      }
    }
    return { pos, lazy: false };
  }

  /**
   * The column a list item's content starts at (micromark's item size with the indentation before the
   * marker: its continuation lines need that much), or -1 when a tab makes columns differ from offsets.
   */
  /**
   * `column` (`itemColumn`'s) as the lines after need it when the item's marker stands on a footnote
   * definition's first line: micromark's definition continues with four columns, whatever white space
   * followed its colon, and the item needs its own size after them (`[^1]:  - >甲\n      乙`: six
   * columns, not nine). -1 when a tab stands between the label and the marker.
   */
  private definitionColumn(item: SyntaxNode, column: number): number {
    if (column < 0) return column;
    let def: SyntaxNode | null = item.parent;
    while (def && def.name !== 'FootnoteDefinition') def = def.parent;
    const label = def?.firstChild;
    if (!def || !label || label.name !== 'FootnoteLabel') return column;
    const text = this.text;
    const line = lineBegin(text, label.to + this.base);
    if (line !== lineBegin(text, item.from + this.base)) return column;
    let k = label.to + this.base;
    while (isSpace(text.charCodeAt(k))) if (text.charCodeAt(k++) === 0x09) return -1;
    return column - (k - line) + 4;
  }

  private itemColumn(item: SyntaxNode): number {
    const mark = item.firstChild;
    if (!mark || mark.name !== 'ListMark') return -1;
    const text = this.text;
    const end = mark.to + this.base;
    const line = lineBegin(text, end);
    for (let k = line; k < end; k++) if (text.charCodeAt(k) === 0x09) return -1;
    let k = end;
    while (text.charCodeAt(k) === 0x20) k++;
    if (text.charCodeAt(k) === 0x09) return -1;
    // An empty first line, or five spaces and more (indented code inside): one space belongs to the marker.
    if (k >= text.length || isEol(text.charCodeAt(k)) || k - end >= 5) return end - line + 1;
    return k - line;
  }

  /**
   * Indented code right after a list, or right after a block quote's last line: its first line is
   * lazy for micromark (the list item, which a blank line leaves open, or the quote is not continued),
   * and micromark's indented code does not go past a lazy line (its `furtherStart` asks whether the
   * line it is leaving is lazy): the code holds that one line, and the lines after it are another
   * block (` *   甲\n\n    缩进\n\n    代码`: micromark two code blocks, lezer one). Checked on the
   * container, which every walk that holds the code's first line walks too (a piece may start at the
   * code, after a blank line, without the list), and from the text after the code's first line, not
   * from lezer's node (which a piece may cut short).
   */
  private checkLazyCode(node: SyntaxNode): void {
    const next = node.nextSibling;
    if (!next || next.name !== 'CodeBlock') return;
    const text = this.text;
    // A tab right after the marker of the open item (`1.\t甲\n\n    乙`): micromark's item takes the
    // code's line as a continuation (its content starts at column 4), lezer ends the list and reads
    // code. Checked here because a piece never restarts at code after a list (`safeRestart`).
    if (node.name !== 'Blockquote' && this.openItemMarkTab(node)) return this.flag('list-tab');
    // A quote ends for micromark at a blank line (not lazy after it); the code must start on the line after the quote's last.
    if (node.name === 'Blockquote' && !/^[ \t]*\r?\n$/.test(text.slice(node.to + this.base, lineBegin(text, next.from + this.base)))) return;
    // In a container, whatever follows: the lines after may hold its prefixes.
    if (next.parent?.name !== 'Document') return this.flag('lazy-code');
    // At the top level the two read the same when the code is one line for lezer too, with no line of
    // white space after it that micromark's code would take (`codeTail`): no line starting with four
    // columns of white space before the next line of content.
    let k = nextEol(text, next.from + this.base);
    while (k < text.length) {
      k += text.charCodeAt(k) === 0x0d && text.charCodeAt(k + 1) === 0x0a ? 2 : 1;
      if (indentedFourColumns(text, k)) return this.flag('lazy-code');
      const eol = nextEol(text, k);
      if (!/^[ \t]*$/.test(text.slice(k, eol))) return;
      k = eol;
    }
  }

  /** Whether a tab follows the marker of the list's last item, or of the last item of a list nested last in it. */
  private openItemMarkTab(list: SyntaxNode): boolean {
    for (let l: SyntaxNode | null = list; l && (l.name === 'BulletList' || l.name === 'OrderedList'); ) {
      const item: SyntaxNode | null = l.lastChild;
      const mark = item?.firstChild;
      if (!item || !mark || mark.name !== 'ListMark') return false;
      if (this.text.charCodeAt(mark.to + this.base) === 0x09) return true;
      l = item.lastChild;
    }
    return false;
  }

  /**
   * An ordered list other than a single-digit 1 that starts on the line of the containers around it,
   * when they interrupt a paragraph (or indented code): micromark keeps `interrupt` set for every
   * container it opens on that line, so no such list starts inside them (`段落\n> 100. 甲`: a
   * paragraph in the quote); lezer's list interrupts nothing there (the paragraph is outside).
   */
  private checkInterruptingList(node: SyntaxNode): void {
    const text = this.text;
    const from = node.from + this.base;
    if (/^1[.)]/.test(text.slice(from, from + 2))) return;
    const line = lineBegin(text, from);
    let top: SyntaxNode = node;
    for (let up = node.parent; up && up.name !== 'Document' && lineBegin(text, up.from + this.base) === line; up = up.parent) top = up;
    // (Past the container marks lezer keeps among the blocks: a quote's `>` on this line.)
    let before = top.prevSibling;
    while (before && (before.name === 'QuoteMark' || before.name === 'ListMark')) before = before.prevSibling;
    if (top !== node) {
      if (before && (before.name === 'Paragraph' || before.name === 'CodeBlock')) this.flag('interrupting-list');
      return;
    }
    // A list nested in an item, right under the item's paragraph (`1. 甲\n   2. 乙`, `- 100. 戊\n\t\t100. 戊`):
    // it would interrupt that paragraph, which CommonMark and micromark allow only a list starting
    // with 1 (the line continues the paragraph); lezer starts the list.
    if (before?.name === 'Paragraph' && node.parent?.name === 'ListItem' && !/\n[ \t>]*\r?\n/.test(text.slice(before.to + this.base, line))) this.flag('interrupting-list');
  }

  private flag(reason: FallbackReason): void {
    this.reason ??= reason;
  }

  private checkTableBoundary(node: SyntaxNode): void {
    const text = this.text;
    const first = lineBegin(text, node.from + this.base);
    for (let d = node.firstChild; d; d = d.nextSibling) {
      if (d.name !== 'TableDelimiter' || d.to - d.from <= 1) continue;
      const line = lineBegin(text, d.from + this.base);
      this.delimiterRows.add(line);
      // lezer's delimiter row allows any white space (U+3000 too); micromark's only spaces and tabs.
      if (!STRICT_DELIMITER_ROW.test(text.slice(line, nextEol(text, line)))) this.flag('table-boundary');
    }
    // A table in a task item's text (after its check box): lezer reads one, micromark does not.
    for (let up = node.parent; up; up = up.parent) if (up.name === 'Task') this.flag('table-boundary');
    // A table on a list item's first line: its rows may be lazy lines, where the two parsers differ.
    if (!/^[ \t>]*$/.test(text.slice(first, node.from + this.base))) this.flag('table-boundary');
    // Every line of the table with the same container prefix: lazy lines and indented rows end a
    // table in micromark and continue it in lezer.
    const prefix = /^[ \t>]*/.exec(text.slice(first, node.to + this.base))![0];
    for (let k = first; k < node.to + this.base; ) {
      const eol = nextEol(text, k);
      if (!text.startsWith(prefix, k) || isPrefix(text.charCodeAt(k + prefix.length))) this.flag('table-boundary');
      // A line that opens HTML for micromark (a complete tag alone on it too, `<span>`): micromark's
      // table lets it interrupt and ends there, lezer reads it as a row (found by the second reader).
      if (text.charCodeAt(k + prefix.length) === 0x3c && micromarkHtmlKind(text, k + prefix.length) !== 0) this.flag('table-boundary');
      // A row that starts with an ordered list marker other than 1 (`2) 项`): micromark's table ends
      // there and a list starts; lezer's table, a paragraph to lezer, takes it as a row.
      if (k > first && ORDERED_ROW.test(text.slice(k + prefix.length, eol))) this.flag('table-boundary');
      k = eol + (text.charCodeAt(eol) === 0x0d && text.charCodeAt(eol + 1) === 0x0a ? 2 : 1);
    }
    const start = lineStart(text, node.from + this.base);
    if (start > 0 && !blankBefore(text, start)) this.flag('table-boundary');
    let k = node.to + this.base;
    while (k < text.length && !isEol(text.charCodeAt(k))) k++;
    if (k < text.length) {
      k += text.charCodeAt(k) === 0x0d && text.charCodeAt(k + 1) === 0x0a ? 2 : 1;
      let j = k;
      while (j < text.length && isTrailing(text.charCodeAt(j))) j++;
      if (j < text.length && text.charCodeAt(j) !== 0x0a) this.flag('table-boundary');
    }
  }

  private skipSpace(from: number, to: number): number {
    while (from < to && isSpace(this.text.charCodeAt(from + this.base))) from++;
    return from;
  }

  private trimEnd(from: number, to: number): number {
    while (to > from && isTrailing(this.text.charCodeAt(to - 1 + this.base))) to--;
    return to;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
/** White space or the CR of a CRLF: lezer splits lines at LF only, so a CR ends its line's content. */
function isTrailing(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}
function isEol(c: number): boolean {
  return c === 0x0a || c === 0x0d;
}
/** Container prefix characters at a line start: indentation and block quote markers. */
function isPrefix(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x3e;
}

/** See `walkLezerTree`: the end of indented code with the white-space-only lines micromark gives it. */
function codeTail(text: string, end: number): number {
  let k = end;
  let out = end;
  for (;;) {
    if (k >= text.length || !isEol(text.charCodeAt(k))) return out;
    k += text.charCodeAt(k) === 0x0d && text.charCodeAt(k + 1) === 0x0a ? 2 : 1;
    const lineFrom = k;
    while (k < text.length && isSpace(text.charCodeAt(k))) k++;
    if (k < text.length && !isEol(text.charCodeAt(k))) return out;
    // Four columns: spaces, or a tab after at most three (micromark's line prefix counts columns).
    if (indentedFourColumns(text, lineFrom)) out = k;
  }
}

/** Whether HTML that a blank line ends (CommonMark's kinds 6 and 7) holds a line of only container marks and white space after its first. */
function blankLineInHtml(source: string): boolean {
  if (/^<(?:!--|\?|![A-Za-z]|!\[CDATA\[|(?:script|pre|style|textarea)(?:[\s>]|$))/i.test(source)) return false;
  return /(?:\n|\r(?!\n))[ \t>]*[\r\n]/.test(source);
}

/**
 * Whether an HTML block ends on its own end condition (`-->`, `?>`, `>`, `</script>`…) or is of a
 * kind that a blank line ends: one left open in a container runs differently in the two parsers.
 */
function closedHtml(source: string): boolean {
  if (source.startsWith('<!--')) return /-->[^\n]*$/.test(source);
  if (source.startsWith('<?')) return /\?>[^\n]*$/.test(source);
  if (/^<![A-Za-z]/.test(source)) return />[^\n]*$/.test(source);
  if (source.startsWith('<![CDATA[')) return /\]\]>[^\n]*$/.test(source);
  if (/^<(?:script|pre|style|textarea)(?:[\s>]|$)/i.test(source)) return /<\/(?:script|pre|style|textarea)>[^\n]*$/i.test(source);
  return true;
}

/**
 * Whether the HTML tag starting at `from` is one for lezer only: a tag name with `_` (micromark's
 * names are letters, digits and `-`), or white space other than space, tab and line endings before
 * its first `>` (lezer's HTML rules take any `\s`, U+3000 too; micromark only those).
 */
function lezerOnlyTag(text: string, from: number): boolean {
  let k = from + 1;
  if (text.charCodeAt(k) === 0x2f) k++;
  while (k < text.length && /[\w-]/.test(text[k])) if (text.charCodeAt(k++) === 0x5f) return true;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x3e || c === 0x0a || c === 0x0d) return false;
    if (c > 0x7f && UNICODE_SPACE.test(text[k])) return true;
  }
  return false;
}
const UNICODE_SPACE = /\s/;
/**
 * A `/` in an unquoted attribute value that does not close the tag (`<a href=x/y>`): lezer's value
 * takes it, micromark's ends there and then wants `>`, so the tag is text for micromark (quoted values
 * are blanked first: a `/` inside quotes is the value's).
 */
const SLASH_IN_UNQUOTED_VALUE = /=[ \t\r\n]*[^ \t\r\n"'=<>`/]*\/(?!>)/;
const QUOTED_VALUE = /"[^"]*"|'[^']*'/g;
/** An ordered list marker other than a single-digit 1, as a list item starts (white space or the line's end after it). */
const ORDERED_NOT_ONE = /^(?!1[.)])\d{1,9}[.)](?:[ \t\r\n]|$)/;
/** Four columns of white space at a line's start (indented code, or a line of white space that micromark's code takes). */
const INDENTED_LINE = /^(?: {4}| {0,3}\t)/;

/** Whether the line starting at `line` opens with four columns of white space (spaces, or a tab after at most three). */
export function indentedFourColumns(text: string, line: number): boolean {
  return INDENTED_LINE.test(text.slice(line, line + 4));
}

/**
 * The HTML (flow) construct micromark starts at the `<` at `p`: CommonMark's kind (1 raw text, 2
 * comment, 3 instruction, 4 declaration, 5 CDATA, 6 block tag, 7 a complete tag alone on its line),
 * or 0 for none. micromark's html-flow start state by state (tag names of ASCII letters, digits and
 * `-`; white space is space and tab; its own lists of raw and block names).
 */
export function micromarkHtmlKind(text: string, p: number): number {
  const at = (k: number) => (k < text.length ? text.charCodeAt(k) : -1);
  const alpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  const digit = (c: number) => c >= 0x30 && c <= 0x39;
  const space = (c: number) => c === 0x20 || c === 0x09;
  const eol = (c: number) => c === -1 || c === 0x0a || c === 0x0d;
  if (at(p) !== 0x3c) return 0;
  let k = p + 1;
  let c = at(k);
  if (c === 0x21) {
    c = at(++k);
    if (c === 0x2d) return at(k + 1) === 0x2d ? 2 : 0;
    if (c === 0x5b) return text.startsWith('CDATA[', k + 1) ? 5 : 0;
    return alpha(c) ? 4 : 0;
  }
  if (c === 0x3f) return 3;
  const closing = c === 0x2f;
  if (closing) c = at(++k);
  if (!alpha(c)) return 0;
  const nameFrom = k;
  while (alpha(c) || digit(c) || c === 0x2d) c = at(++k);
  if (!(c === 0x2f || c === 0x3e || space(c) || eol(c))) return 0;
  const name = text.slice(nameFrom, k).toLowerCase();
  if (!closing && c !== 0x2f && MICROMARK_RAW_NAMES.has(name)) return 1;
  if (MICROMARK_BLOCK_NAMES.has(name)) return c !== 0x2f || at(k + 1) === 0x3e ? 6 : 0;
  // Kind 7: a complete open or closing tag, then only white space to the line's end.
  if (closing) {
    while (space(c)) c = at(++k);
  } else {
    // completeAttributeNameBefore and after, as micromark's states go.
    for (;;) {
      while (space(c)) c = at(++k);
      if (c === 0x2f) {
        c = at(++k);
        break;
      }
      if (!(alpha(c) || c === 0x3a || c === 0x5f)) break;
      while (alpha(c) || digit(c) || c === 0x2d || c === 0x2e || c === 0x3a || c === 0x5f) c = at(++k);
      while (space(c)) c = at(++k);
      if (c !== 0x3d) continue;
      // An attribute value, after `=` (micromark takes `=` after white space even with no name before it: `<a b=c =d>`).
      for (;;) {
        c = at(++k);
        while (space(c)) c = at(++k);
        if (c === -1 || c === 0x3c || c === 0x3d || c === 0x3e || c === 0x60 || eol(c)) return 0;
        if (c === 0x22 || c === 0x27) {
          const quote = c;
          c = at(++k);
          while (c !== quote) {
            if (eol(c)) return 0;
            c = at(++k);
          }
          c = at(++k);
          // After a quoted value: white space, `/` or `>`, and no `=` (micromark goes back to before a name).
          if (!(c === 0x2f || c === 0x3e || space(c))) return 0;
          break;
        }
        while (!(c === -1 || c === 0x22 || c === 0x27 || c === 0x2f || c === 0x3c || c === 0x3d || c === 0x3e || c === 0x60 || space(c) || eol(c))) c = at(++k);
        // After an unquoted value, as after a name: white space, then `=` starts another value.
        while (space(c)) c = at(++k);
        if (c !== 0x3d) break;
      }
    }
  }
  if (c !== 0x3e) return 0;
  c = at(++k);
  while (space(c)) c = at(++k);
  return eol(c) ? 7 : 0;
}
const MICROMARK_RAW_NAMES = new Set(['pre', 'script', 'style', 'textarea']);
const MICROMARK_BLOCK_NAMES = new Set(['address', 'article', 'aside', 'base', 'basefont', 'blockquote', 'body', 'caption', 'center', 'col', 'colgroup', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frame', 'frameset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hr', 'html', 'iframe', 'legend', 'li', 'link', 'main', 'menu', 'menuitem', 'nav', 'noframes', 'ol', 'optgroup', 'option', 'p', 'param', 'search', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'track', 'ul']);

/** The start of the line holding `offset`. */
function lineBegin(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && !isEol(text.charCodeAt(i - 1))) i--;
  return i;
}

/** The offset of the line ending at or after `offset` (or the text's end). */
function nextEol(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && !isEol(text.charCodeAt(i))) i++;
  return i;
}

/** A table delimiter row with a pipe (`| --- | :-: |`, `--|--`), in any container. */
const DELIMITER_ROW = /^[ \t>]*(?=[^\n\r]*\|)\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/gm;

/** `DELIMITER_ROW` for one line. */
const LINE_DELIMITER_ROW = /^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/**
 * Whether a line from `from` on is a delimiter row (`DELIMITER_ROW`) that lezer did not read as one
 * (`rows`). Only lines with a pipe are looked at, found by `indexOf`: a tenth of the time of the
 * multi-line expression on a 1 MB draft. Text with U+2028 or U+2029 (line ends to a regular
 * expression, not to Markdown) keeps the expression.
 */
function unreadDelimiterRow(text: string, from: number, rows: ReadonlySet<number>): boolean {
  if (text.includes('\u2028') || text.includes('\u2029')) {
    DELIMITER_ROW.lastIndex = from;
    for (let m; (m = DELIMITER_ROW.exec(text)); ) if (!rows.has(m.index)) return true;
    return false;
  }
  for (let k = text.indexOf('|', from); k >= 0; ) {
    const start = lineBegin(text, k);
    const end = nextEol(text, k);
    if (start >= from && !rows.has(start) && LINE_DELIMITER_ROW.test(text.slice(start, end))) return true;
    k = text.indexOf('|', end);
  }
  return false;
}

const ORDERED_ROW = /^\d{1,9}[.)](?:[ \t]|$)/;
const STRICT_DELIMITER_ROW = /^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\r?$/;

/** A node's end as mdast has it: lezer reads a CRLF's CR as the last character of its line. */
function endOf(text: string, end: number): number {
  return text.charCodeAt(end - 1) === 0x0d && text.charCodeAt(end) === 0x0a ? end - 1 : end;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && !isEol(text.charCodeAt(i - 1))) i--;
  // Back over the line ending itself: the content ends before it.
  if (i > 0 && text.charCodeAt(i - 1) === 0x0a) i--;
  if (i > 0 && text.charCodeAt(i - 1) === 0x0d) i--;
  return i;
}

/** The sibling block after `node`, past the `>` marks a block quote holds between its blocks (one per line). */
function nextBlock(node: SyntaxNode): SyntaxNode | null {
  let next = node.nextSibling;
  while (next && next.name === 'QuoteMark') next = next.nextSibling;
  return next;
}

/** Whether the line before the one starting at `lineStartOffset`'s line ending is blank (only white space). */
function blankBefore(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && isTrailing(text.charCodeAt(i - 1))) i--;
  return i === 0 || text.charCodeAt(i - 1) === 0x0a;
}

/** micromark's autolinks: a scheme of 2–32 characters, `:`, then no space, `<`, `>` or control; or an e-mail. */
const MICROMARK_AUTOLINK_URI = /^[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\x00-\x20<>\x7f]*$/;
const MICROMARK_AUTOLINK_EMAIL = /^[#-'*+\-./0-9=?A-Z^-~]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** An autolink micromark reads and lezer does not: an empty path, or white space past ASCII in it (`<px:>`, `<tp:　>`). */
const MICROMARK_ONLY_AUTOLINK = /<[A-Za-z][A-Za-z0-9+.\-]{1,31}:(?:[^\x00-\x20<>\x7f]*[\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff][^\x00-\x20<>\x7f]*)?>/;
/** What a source needs for its value to hold `TRANSFORM_TRIGGER` (a value differs only by escapes and references). */
const AUTOLINK_SOURCE_TRIGGER = /[@&\\]|www\.|https?:\/\//i;

const ESCAPE_OR_REFERENCE = /\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])|&(?:#[xX]([0-9a-fA-F]{1,6})|#(\d{1,7})|([A-Za-z][A-Za-z0-9]{0,31}));/g;

/** A text node's value as mdast has it: line prefixes and suffixes dropped, escapes and references decoded. */
export function runValue(source: string): string {
  let v = source;
  if (/[\r\n]/.test(v)) v = v.replace(/[ \t]*(\r\n|\n|\r)[ \t>]*/g, '$1');
  // One pass for both: an escaped `&` starts no character reference (`\&amp;` is `&amp;`).
  if (v.includes('\\') || v.includes('&')) v = v.replace(ESCAPE_OR_REFERENCE, (m, escaped: string | undefined, hex: string, dec: string, name: string) => {
    if (escaped) return escaped;
    if (name) {
      const d = decodeNamedCharacterReference(name);
      return d === false ? m : d;
    }
    const code = hex ? parseInt(hex, 16) : parseInt(dec, 10);
    // micromark's `decodeNumericCharacterReference`: C0 controls but tab, LF, FF and CR, DEL and the C1
    // controls, surrogates, noncharacters and what is out of range read as U+FFFD (`# &#1;甲`: `�甲`).
    if (code < 9 || code === 11 || (code > 13 && code < 32) || (code > 126 && code < 160) || (code >= 0xd800 && code <= 0xdfff) || (code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) === 0xfffe || code > 0x10ffff) return '\ufffd';
    return String.fromCodePoint(code);
  });
  return v;
}

/**
 * An inline code span's value as mdast has it: line endings kept as they are, one space or line
 * ending stripped from each side when both sides have one and the span is not all of them.
 */
function codeValue(source: string): string {
  let n = 0;
  while (source.charCodeAt(n) === 0x60) n++;
  let v = source.slice(n, source.length - n);
  if (/[^ \r\n]/.test(v) && /^[ \r\n]/.test(v) && /[ \r\n]$/.test(v)) v = v.slice(v.startsWith('\r\n') ? 2 : 1, v.endsWith('\r\n') ? -2 : -1);
  return v;
}

/** Why a document is read by remark rather than lezer: a construct where the two are known to differ. */
export type FallbackReason = 'quote-tab' | 'link-boundary' | 'html-tag' | 'tilde-emphasis' | 'lone-cr' | 'control-character' | 'markup-run' | 'deep-nesting' | 'pipeless-table' | 'autolink-literal' | 'table-boundary' | 'html-declaration' | 'empty-list-item' | 'lazy-quote' | 'open-block-in-container' | 'angle-autolink' | 'lazy-html' | 'lazy-code' | 'html-block' | 'lazy-list' | 'list-after-code' | 'interrupting-list' | 'list-tab' | 'crlf-heading' | 'footnote' | 'item-code' | 'escaped-backtick' | 'open-backtick' | 'heading-code-prefix';

/** What lezer cannot be trusted with, from the text alone (before parsing). */
/** @internal For the regression test of the quadratic pattern it replaced. */
export const INDENTED_QUOTE_MARK_PATTERN = () => INDENTED_QUOTE_MARK;

export function textFallbackReason(text: string, pipelessTables = false): FallbackReason | undefined {
  if (!isWellFormed(text)) return 'control-character';
  // micromark drops a byte-order mark, so the first line's patterns (`^…` below) see what follows it
  // (`\ufeff-\n  甲\n\n  乙\n` is an empty item as without the mark; found by the second reader).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // One scan for all the patterns below: a text that none of them matches (nearly every real draft)
  // is read once instead of once per pattern (on the 1.6 MB draft about 3 ms instead of 12). Where one
  // matches, the checks below name which, in their order.
  if (!ANY_TEXT_TRIGGER.test(text)) return undefined;
  // Footnote references (`[^1]`) need no fallback: without a definition (a document with one goes to
  // remark, see `lezerWhole`) micromark reads them as text, and so does lezer with `ResourceLinksOnly`.
  // Control characters (other than tab, line feed, carriage return), lone surrogates and the two
  // noncharacters: micromark replaces or keeps them by rules lezer does not follow (the hostile suite's
  // generated documents). Real drafts rarely hold them; Word's vertical tab and page break do send one here.
  if (CONTROL_CHARACTER.test(text)) return 'control-character';
  // Long runs of emphasis, link, image and code marks, and containers nested eight deep: the two
  // parsers resolve delimiter runs and deep containers differently (hostile generated documents).
  if (MARKUP_RUN.test(text)) return 'markup-run';
  // A tilde beside `*` or `_`: micromark's attention counts it as an attention marker (both sides
  // may open or close), lezer's emphasis as punctuation.
  if (TILDE_BESIDE_EMPHASIS.test(text)) return 'tilde-emphasis';
  if (text.includes(':') && MICROMARK_ONLY_AUTOLINK.test(text)) return 'angle-autolink';
  // After a quote's line, an ordered list marker or an HTML tag: micromark opens a list or an HTML
  // block there, lezer continues the quote's paragraph lazily.
  if (LAZY_ORDERED_ITEM.test(text)) return 'lazy-quote';
  // `>` then a tab and more white space: lezer reads indented code after the marker, micromark a paragraph.
  // (Any tab right after `>` or `> `: lezer counts the tab's columns after a quote marker otherwise in
  // more cases than one; found by the second reader of the CRLF twin, `   >\tx`, `> \t  >`.)
  if (text.includes('\t') && QUOTE_TAB.test(text)) return 'quote-tab';
  // A list item whose content starts five spaces or more after its marker (indented code in the item,
  // `-     a`): lezer ends the item before a following line of white space only, micromark after it.
  if (ITEM_CODE.test(text)) return 'item-code';
  // A backtick right after an escaped one (`` \`` ``): lezer opens no code span there, micromark does.
  if (text.includes('\\`') && ESCAPED_BACKTICK.test(text)) return 'escaped-backtick';
  if (DEEP_CONTAINERS.test(text)) return 'deep-nesting';
  if (LONE_CR.test(text)) return 'lone-cr';
  // `www.` right before a CRLF: lezer reads the CR as a space, after which its literal takes `www`;
  // micromark, at the line ending, takes none, and remark's transform then replaces the whole text
  // node (`访问 www.\r\n`: no prose). Found by the bench's incremental property.
  if (text.includes('\r') && WWW_BEFORE_CR.test(text)) return 'autolink-literal';
  // (With `pipelessTables`, the caller reads such tables: lezerPipeless.ts.)
  if (!pipelessTables && PIPELESS_DELIMITER_ROW.test(text)) return 'pipeless-table';
  // `<!` and a lower-case letter opens an HTML block in CommonMark 0.31 (micromark), not in lezer.
  if (HTML_DECLARATION.test(text)) return 'html-declaration';
  // A list item with nothing on its line: after a block quote's lazy line micromark opens a list, lezer continues the paragraph.
  if (EMPTY_ITEM.test(text)) return 'empty-list-item';
  // A check box that ends its line: micromark may take the next line as the task's text, lezer reads no task.
  if (TASK_AT_LINE_END.test(text)) return 'empty-list-item';
  // `    >` after a quote line: micromark continues the quote's paragraph with it, lezer does not.
  if (INDENTED_QUOTE_MARK.test(text)) return 'lazy-quote';
  return undefined;
}
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;
/**
 * No lone surrogate: `String.prototype.isWellFormed` (Node 20) where there is one, a fifth of the
 * time of the regular expression with look-arounds it replaces on 1 MB.
 */
const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
const MARKUP_RUN = /[*_~`[\]!<>]{4,}|(?:<[A-Za-z][^<>\n]*>\s*){6,}/;
const LAZY_ORDERED_ITEM = /^[ \t]*>[^\n]*\n[ \t]*(?:\d{1,9}[.)](?:[ \t]|$)|<[A-Za-z/])/m;
const QUOTE_TAB = /> ?\t/;
const ITEM_CODE = /^[ \t>]*(?:[-+*]|\d{1,9}[.)]) {5}/m;
const ESCAPED_BACKTICK = /\\``/;
// (Case by classes, not the `i` flag: `ANY_TEXT_TRIGGER` joins the patterns under one set of flags.)
const WWW_BEFORE_CR = /[Ww][Ww][Ww]\.\r/;
const LONE_CR = /\r(?!\n)|\\\r/;
const HTML_DECLARATION = /<![a-z]/;
const TILDE_BESIDE_EMPHASIS = /[*_]~|~[*_]/;
const DEEP_CONTAINERS = /^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))){8,}/m;
/**
 * `>` after four columns of indentation: after a quote line micromark continues the quote's paragraph
 * with it and lezer does not; after any paragraph line it is text, which `runValue` (it drops line
 * prefixes) would read as a quote marker in a heading's text.
 */
// Four spaces, or a tab after at most three: the same lines as `^(?: {4,}|[ ]*\t)[ \t]*>`, whose two
// adjacent runs of spaces backtracked quadratically on a long line of spaces (the hostile suite's
// huge-line documents: 870,000 spaces held textFallbackReason for minutes).
const INDENTED_QUOTE_MARK = /^(?: {4}| {0,3}\t)[ \t]*>/m;
// Nested markers too (`- -    [x] `); each marker's white space is followed by a marker, a `>` or the box, so no two runs can share spaces.
const TASK_AT_LINE_END = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+(?:>[ \t>]*)?)+\[[ \txX]\][ \t]*[\r\n]/m;
const EMPTY_ITEM = /^(?:[ \t>]*(?:[-+*]|\d{1,9}[.)])(?=[ \t\r]|$))+[ \t]*\r?$/m;
/** A delimiter row without a pipe (one column, marked by a colon), in a container or not; prose.ts's GFM parts read it too. */
export const PIPELESS_DELIMITER_ROW = /^[ \t>]*(?::-+:?|-+:)[ \t]*$/m;
/** Every pattern `textFallbackReason` tries. */
const TEXT_TRIGGERS: readonly RegExp[] = [
  CONTROL_CHARACTER,
  MARKUP_RUN,
  TILDE_BESIDE_EMPHASIS,
  MICROMARK_ONLY_AUTOLINK,
  LAZY_ORDERED_ITEM,
  QUOTE_TAB,
  ITEM_CODE,
  ESCAPED_BACKTICK,
  DEEP_CONTAINERS,
  LONE_CR,
  WWW_BEFORE_CR,
  PIPELESS_DELIMITER_ROW,
  HTML_DECLARATION,
  EMPTY_ITEM,
  TASK_AT_LINE_END,
  INDENTED_QUOTE_MARK,
];
/**
 * Matches a text exactly when one of `TEXT_TRIGGERS` does: their alternation, under the `m` flag (the
 * others have no `^` or `$` for it to change, and none has another flag; checked here, so that a
 * pattern added with one cannot silently drift from its copy).
 */
const ANY_TEXT_TRIGGER = anyOf(TEXT_TRIGGERS);
function anyOf(patterns: readonly RegExp[]): RegExp {
  for (const p of patterns) {
    if (p.flags !== 'm' && (p.flags !== '' || /[\^$]/.test(p.source.replace(/\\./g, '').replace(/\[(?:\\.|[^\]])*\]/g, '')))) {
      throw new Error(`textFallbackReason: ${p} cannot join the one-scan alternation`);
    }
  }
  return new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'), 'm');
}
/** @internal For the test that the one scan matches where one of the patterns does. */
export const TEXT_TRIGGER_PATTERNS = (): { each: readonly RegExp[]; any: RegExp } => ({ each: TEXT_TRIGGERS, any: ANY_TEXT_TRIGGER });

/**
 * The prose model of `text[from…]` by lezer (`from`: after the front matter, or 1 past a byte-order
 * mark at the document's start, which micromark drops), added to `model`; or why remark must read it
 * instead (then `model` is left as it was).
 */
export function lezerModel(text: string, from: number, model: ProseModel, keep?: (state: LezerState) => void): FallbackReason | undefined {
  const early = textFallbackReason(text);
  if (early === 'pipeless-table') return pipelessModel(text, from, model);
  if (early) return early;
  const tree = lezerParser.parse(lezerInput(text, from));
  const reason = walkLezerTreeChecked(tree, text, from, model);
  keepShapes();
  if (!reason) keep?.(lezerState(tree, from, text.includes('\r')));
  return reason;
}

/**
 * `lezerModel` for a text with a pipeless delimiter row: read by the parser with pipeless one-column
 * tables (lezerPipeless.ts), and kept only when every such row is a table's (micromark's table may
 * start inside a paragraph there, lezer's leaf only at the paragraph's first line). No tree is kept:
 * the edit path's pieces know no pipeless tables, so edits are re-read by the remark window.
 */
function pipelessModel(text: string, from: number, model: ProseModel): FallbackReason | undefined {
  return textFallbackReason(text, true) ?? walkWith(pipelessParser(lezerParser), text, from, model, (w) => {
    PIPELESS_ROWS.lastIndex = from;
    for (let m; (m = PIPELESS_ROWS.exec(text)); ) if (!w.delimiterRows.has(m.index)) return 'pipeless-table';
    return undefined;
  });
}

/**
 * The walk of `parser`'s tree of `text[from…]` into `model`, or why remark must read the text: the
 * walk's own reason, then `check`'s on what it met, then `checkedWalk`'s (for the parsers made for
 * one document, which keep no tree).
 */
function walkWith(parser: MarkdownParser, text: string, from: number, model: ProseModel, check: (w: Walker) => FallbackReason | undefined): FallbackReason | undefined {
  const tree = parser.parse(lezerInput(text, from));
  const out: ProseModel = { prose: [], headings: [], blocks: [] };
  const w = walkLezerTree(tree, text, from, out);
  return (w.reason ? undefined : check(w)) ?? checkedWalk(w, text, from, out, model);
}
const PIPELESS_ROWS = new RegExp(PIPELESS_DELIMITER_ROW.source, 'gm');

/**
 * What lezer parses: `text[from…]` with each CRLF's CR as a space. lezer splits lines at LF only and
 * reads a CR as a character of its line, so a CRLF table row or blank line would not be one; as a
 * space it is trailing white space, which micromark drops too (the walk reads the original text).
 * The one place a space is not the same is a hard break (`a \r\n` would look like two spaces), and
 * the walk checks those against the original text.
 */
export function lezerInput(text: string, from: number): string {
  const source = from ? text.slice(from) : text;
  return source.includes('\r') ? source.replace(/\r\n/g, ' \n') : source;
}

/**
 * `lezerModel` for a text with footnote definitions of `labels` (lezerFootnote.ts `footnoteLabels`):
 * read by a parser that knows them, and kept only when lezer's definitions are exactly those (a
 * definition's line inside code or HTML is none). No tree is kept: an edit of a document with
 * definitions re-reads it whole (document.ts), and the edit path's pieces know no labels.
 */
export function lezerFootnoteModel(text: string, from: number, model: ProseModel, labels: ReadonlySet<string>): FallbackReason | undefined {
  // The text-level checks again with each definition's `[^label]:` and white space taken out, for its first
  // line's content (`[^1]:1.`, `[^1]:- [ ]`: the patterns know container marks, not labels).
  const early = textFallbackReason(text) ?? textFallbackReason(text.replace(DEFINITION_PREFIXES, ''));
  if (early) return early;
  return walkWith(footnoteParser(lezerParser, labels), text, from, model, (w) => (w.footnotes.size !== labels.size || [...labels].some((l) => !w.footnotes.has(l)) ? 'footnote' : undefined));
}

/** Walks a lezer tree of `text[from…]` into `model`, or returns why remark must read the text instead (leaving `model` as it was). */
export function walkLezerTreeChecked(tree: Tree, text: string, from: number, model: ProseModel): FallbackReason | undefined {
  const out: ProseModel = { prose: [], headings: [], blocks: [] };
  return checkedWalk(walkLezerTree(tree, text, from, out), text, from, out, model);
}

/**
 * `walkLezerTreeChecked` with `pause()` awaited whenever about 5 ms of walking have passed since the
 * last one, between top-level blocks (the server's path for a big open document: the walk of a 9.5 MB
 * draft held the thread for several hundred milliseconds in one go). Same blocks, prose, headings and
 * reason: the walker's state does not depend on when it runs, and tree and text do not change.
 */
export async function walkLezerTreeCheckedAsync(tree: Tree, text: string, from: number, model: ProseModel, pause: () => Promise<void>): Promise<FallbackReason | undefined> {
  const out: ProseModel = { prose: [], headings: [], blocks: [] };
  const blocks = out.blocks as BlockInfo[];
  const w = new Walker(text, from, out.prose as ProseRange[], out.headings as HeadingInfo[]);
  let t0 = Date.now();
  for (let node = tree.topNode.firstChild; node; node = node.nextSibling) {
    const b = topBlock(node, text, from);
    if (b) {
      blocks.push(b);
      w.block(node);
    }
    if (Date.now() - t0 > 5) {
      await pause();
      t0 = Date.now();
    }
  }
  return checkedWalk(w, text, from, out, model);
}

/** What both walks do after the walk: the reason, or the walked blocks, prose and headings added to `model`. */
function checkedWalk(w: Walker, text: string, from: number, out: ProseModel, model: ProseModel): FallbackReason | undefined {
  if (w.reason) return w.reason;
  // A delimiter row lezer did not read as one: micromark's table may interrupt a paragraph there.
  if (text.includes('-')) {
    if (unreadDelimiterRow(text, from, w.delimiterRows)) return 'table-boundary';
  }
  for (const b of out.blocks) (model.blocks as BlockInfo[]).push(b);
  for (const p of out.prose) (model.prose as ProseRange[]).push(p);
  for (const h of out.headings) (model.headings as HeadingInfo[]).push(h);
  return undefined;
}

// The same inline elements, found without offering every code unit to every inline parser (inlineScan.ts).
installInlineScan(lezerParser);

// ── Re-reading edited documents (open documents) ───────────────────────────────────────────────

/**
 * What an open document read by lezer keeps for its next edit: its tree as fragments (lezer reuses
 * them for whatever an edit leaves alone), with every edit since that tree recorded in them, and
 * where the parse starts (after front matter, or 1 past a byte-order mark).
 *
 * Most edits are re-read in pieces parsed on their own (`parseLezerPiece`, prose.ts `lezerPieces`)
 * and only record their change here: a reparse of the whole text from fragments rebuilds the
 * document node's thousands of children after every keystroke (1 MB draft: about 1.3 ms and 0.5 MB
 * of garbage an edit), where a piece of a few kilobytes parses in a tenth of a millisecond. An edit
 * inside one long block (a loose list of thousands of items) is reparsed from the fragments
 * (`reparseEdited`): pieces would parse the whole block again on every keystroke.
 */
export interface LezerState {
  readonly fragments: readonly TreeFragment[];
  readonly from: number;
  /** Whether the text may hold a CR (then lezer reads it through `CrlfInput`). */
  readonly cr: boolean;
}

export function lezerState(tree: Tree, from: number, cr: boolean): LezerState {
  return { fragments: TreeFragment.addTree(tree), from, cr };
}

/** `state` with an edit of `[prefix, oldEnd)` into `text[prefix, newEnd)` recorded but not parsed (for an edit that needs no parse). */
export function lezerStateEdited(state: LezerState, text: string, prefix: number, oldEnd: number, newEnd: number): LezerState {
  const cr = state.cr || text.slice(prefix, newEnd).includes('\r');
  return { fragments: TreeFragment.applyChanges(state.fragments, [lezerChange(state, prefix, oldEnd, newEnd)]), from: state.from, cr };
}

/**
 * The change in lezer's offsets. It starts one code unit early: a CR before an inserted or deleted
 * LF turns into a space or back (`lezerInput`), so the character before the edit may change too.
 */
function lezerChange(state: LezerState, prefix: number, oldEnd: number, newEnd: number) {
  const fromA = Math.max(0, prefix - state.from - 1);
  return { fromA, toA: oldEnd - state.from, fromB: fromA, toB: newEnd - state.from };
}

/**
 * `lezerInput` for an incremental parse, without rewriting the whole text: each piece lezer reads has
 * its CRLFs' CRs as spaces (a CR at a piece's end looks at the next code unit).
 */
class CrlfInput implements Input {
  readonly lineChunks = false;
  readonly length: number;
  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {
    this.length = text.length - base;
  }
  chunk(from: number): string {
    return this.read(from, Math.min(this.length, from + 8192));
  }
  read(from: number, to: number): string {
    const text = this.text;
    let s = text.slice(from + this.base, to + this.base);
    if (!s.includes('\r')) return s;
    s = s.replace(/\r\n/g, ' \n');
    if (s.endsWith('\r') && text.charCodeAt(to + this.base) === 0x0a) s = s.slice(0, -1) + ' ';
    return s;
  }
}

/** What `reparseEdited` re-read: the blocks, prose and headings of `[walkFrom, stop)`, and the state for the next edit. */
export interface LezerReparse {
  readonly state: LezerState;
  readonly model: ProseModel;
  /** Where the walk stopped: the line start `stopAt` accepted, or the text's end. */
  readonly stop: number;
  readonly reason?: FallbackReason;
}

/**
 * Reparses an edited text incrementally (lezer reuses the fragments of `state` outside the edit) and
 * walks the new tree's top-level blocks from the one starting at `walkFrom` (a line start) until
 * `stopAt(line, previous, block)` accepts the line start of a block after the first one walked.
 * `reason` is set when what was walked holds a construct that sends a document to remark (the caller
 * then reads the whole text again). The text-wide checks of `textFallbackReason` are the caller's.
 */
export function reparseEdited(
  state: LezerState,
  text: string,
  edit: { prefix: number; oldEnd: number; newEnd: number },
  walkFrom: number,
  stopAt: (line: number, previous: BlockInfo, block: BlockInfo) => boolean,
): LezerReparse {
  const fragments = TreeFragment.applyChanges(state.fragments, [lezerChange(state, edit.prefix, edit.oldEnd, edit.newEnd)]);
  const base = state.from;
  // Whether the text may hold a CR: the old one might, or the edit typed one (no rescan of the whole text).
  const cr = state.cr || text.slice(edit.prefix, edit.newEnd).includes('\r');
  const input = cr ? new CrlfInput(text, base) : base ? text.slice(base) : text;
  const tree = lezerParser.parse(input, fragments);
  const model: ProseModel = { prose: [], headings: [], blocks: [] };
  const blocks = model.blocks as BlockInfo[];
  const w = new Walker(text, base, model.prose as ProseRange[], model.headings as HeadingInfo[]);
  let stop = text.length;
  let previous: BlockInfo | undefined;
  for (let node = tree.topNode.childAfter(Math.max(0, walkFrom - base)); node; node = node.nextSibling) {
    const b = topBlock(node, text, base);
    if (!b) continue;
    if (previous) {
      const line = lineBegin(text, b.start);
      if (stopAt(line, previous, b)) {
        stop = line;
        break;
      }
    }
    blocks.push(b);
    w.block(node);
    previous = b;
  }
  let reason: FallbackReason | undefined = w.reason;
  // Every delimiter row in what was re-read must be one of lezer's tables' (see walkLezerTreeChecked).
  // On the re-read slice only: `walkFrom` and `stop` are line starts, so its lines are the text's.
  if (!reason && unreadDelimiterRowIn(text, walkFrom, stop, w.delimiterRows)) reason = 'table-boundary';
  return { state: lezerState(tree, base, cr), model, stop, reason };
}

/** A piece of a text parsed on its own by lezer: its top-level blocks (in document offsets), each with its node. */
export interface LezerPiece {
  readonly from: number;
  /** The document offset of the parsed input's position 0 (the input has a line feed before the piece). */
  readonly base: number;
  readonly blocks: readonly BlockInfo[];
  readonly nodes: readonly SyntaxNode[];
}

/**
 * Parses `text[from, end)` on its own (`from` a line start, `end` a line start or the text's end;
 * CRLF's CR read as a space, as by `lezerInput`) and returns its top-level blocks. Which of them read
 * as in the whole text is the caller's to decide (prose.ts `lezerPieces`: those before a safe restart).
 *
 * The input is the piece after a line feed, a blank line that changes nothing of what follows, so that
 * no block starts at position 0. lezer writes a block's inline elements at `-from`, and `-0` is not a
 * small integer for V8: every position computed from it became a boxed double, turned the tree's number
 * arrays and our blocks' fields into doubles, and threw away the code compiled for small integers (on
 * the bench's draft, the first edit whose piece opened with a link or emphasis: about 30 deoptimizations).
 */
export function parseLezerPiece(text: string, from: number, end: number): LezerPiece {
  let source = '\n' + text.slice(from, end);
  if (source.includes('\r')) source = source.replace(/\r\n/g, ' \n');
  const tree = lezerParser.parse(source);
  const base = from - 1;
  const blocks: BlockInfo[] = [];
  const nodes: SyntaxNode[] = [];
  for (let node = tree.topNode.firstChild; node; node = node.nextSibling) {
    const b = topBlock(node, text, base);
    if (!b) continue;
    blocks.push(b);
    nodes.push(node);
  }
  return { from, base, blocks, nodes };
}

/**
 * Walks the first `count` blocks of a piece into `model` (blocks, prose, headings), adding the line
 * starts of its tables' delimiter rows to `rows`; returns why remark must read the text instead, if
 * what was walked holds such a construct.
 */
export function walkLezerPiece(piece: LezerPiece, count: number, text: string, model: ProseModel, rows: Set<number>): FallbackReason | undefined {
  const w = new Walker(text, piece.base, model.prose as ProseRange[], model.headings as HeadingInfo[]);
  const blocks = model.blocks as BlockInfo[];
  for (let k = 0; k < count; k++) {
    blocks.push(piece.blocks[k]);
    w.block(piece.nodes[k]);
  }
  for (const r of w.delimiterRows) rows.add(r);
  return w.reason;
}

/**
 * Whether `text[from, to)` (whole lines) holds a delimiter row that lezer's tables did not read as one
 * (`rows`): micromark's table may interrupt a paragraph there (see `walkLezerTreeChecked`).
 */
export function unreadDelimiterRowIn(text: string, from: number, to: number, rows: ReadonlySet<number>): boolean {
  const window = text.slice(from, to);
  if (!window.includes('-')) return false;
  DELIMITER_ROW.lastIndex = 0;
  for (let m; (m = DELIMITER_ROW.exec(window)); ) if (!rows.has(m.index + from)) return true;
  return false;
}

// ── Keeping the parser's object shapes alive ────────────────────────────────────────────────────

/**
 * A small ordinary draft (our own words): `keepShapes` parses it once and keeps what the parse made,
 * and the document layer annotates and outlines it once per engine (its 公文 numbering and concepts
 * are there for that).
 */
export const SHAPES_SAMPLE = [
  '# 标题',
  '',
  '段落 *强调* `代码` [链接](https://example.cn)。',
  '',
  '- 列表',
  '',
  '| 表 | 头 |',
  '| --- | --- |',
  '| 单 | 元 |',
  '',
  '一、总体要求',
  '',
  '（一）基本原则。坚持创新驱动，发展新质生产力。',
  '',
  '1.培育专精特新企业。壮大新动能。',
  '',
  '第一条　为了培育数据要素市场，制定本办法。',
  '',
  '小结',
  '---',
  '',
].join('\n');

let shapes: unknown[] | undefined;
onShapesReset(() => (shapes = undefined));
export { setKeepShapes };

/**
 * Keeps one object of each kind the parse and the walk make (lezer's block and inline contexts, a
 * delimiter, elements, a buffer, a tree with its nodes and fragments, this module's walker and an
 * edit's piece), made from `SHAPES_SAMPLE`, for the life of the process; a few kilobytes. Called
 * after each whole-text parse (so the kept objects have the hidden classes the parse settled on; an
 * edit always follows one); it does its work once.
 *
 * Why: V8's optimized code checks objects against the hidden classes ("maps") it was compiled for,
 * and holds those maps weakly. A memory-reducing full collection (what V8's memory reducer runs after
 * a few idle seconds, and what `gc()` runs) does not keep maps that no live object uses, and every
 * function compiled against one is thrown away: `--trace-deopt` counted about 360 such "weak objects"
 * deoptimizations per collection. Nothing of a parse outlives it but the tree, so the first parse
 * after an idle pause ran deoptimized and recompiled lezer and the walk. The bench's `parse` group
 * measures the difference (every timed call there follows a forced collection): 1 MB annotated in
 * 239–421 ms CPU with the shapes kept, 409–622 ms without. A class matters, not a construct, so the
 * sample is small and ordinary. Whatever this misses (lezer's tree-building cursor, which no public
 * call returns) only costs speed: nothing reads what is kept.
 */
export function keepShapes(): void {
  if (shapes || !keepingShapes()) return;
  shapes = [];
  try {
    const keep = (x: unknown) => void shapes!.push(x);
    const parse = lezerParser.startParse(SHAPES_SAMPLE);
    let tree: Tree | null;
    while (!(tree = parse.advance()));
    keep(parse);
    keep(tree);
    // lezer's internals (the lock pins its version), untyped: through casts.
    const cx = parse as unknown as BlockContext;
    const Inline = InlineContext as unknown as new (parser: MarkdownParser, text: string, offset: number) => InlineContext;
    keep((cx as unknown as { buffer: unknown }).buffer);
    // An inline context holding a delimiter and an element, as an inline parse does midway.
    const inline = SHAPES_SAMPLE.split('\n')[2];
    const ic = new Inline(lezerParser, inline, 0);
    ic.addDelimiter(TILDE_2, 0, 1, true, false);
    ic.addElement(ic.elt('Emphasis', 0, 1, [ic.elt('EmphasisMark', 0, 1)]));
    keep(ic);
    keep(lezerParser.parseInline(inline, 0));
    // A tree node and a buffer node (with its buffer context), as the walk's own calls make them.
    keep(tree.topNode.firstChild);
    const inBuffer = tree.resolveInner(SHAPES_SAMPLE.indexOf('强调'), 1);
    keep(inBuffer);
    // Cursors over a tree node and inside a buffer (lezer's getChild, getChildren and iterate make them).
    keep(tree.cursor());
    keep(inBuffer.cursor());
    // A leaf block, and what each leaf parser makes of one it accepts (link reference, table, task list):
    // a parse makes them for every paragraph and lets them go.
    const leafParsers = (lezerParser as unknown as { leafBlockParsers: readonly (((cx: BlockContext, leaf: LeafBlock) => unknown) | undefined)[] }).leafBlockParsers;
    const Leaf = LeafBlock as unknown as new (start: number, content: string) => LeafBlock;
    for (const content of ['[参考]: https://example.cn', '| 表 | 头 |', '[ ] 任务']) {
      const leaf = new Leaf(0, content);
      keep(leaf);
      for (const leafParser of leafParsers) {
        try {
          const made = leafParser?.(cx, leaf);
          if (made) keep(made);
        } catch {
          // A leaf parser that needs a parse in progress (the task list asks for its list item): skipped.
        }
      }
    }
    // The walk (walker, models), the fragments an edit records in, and an edit's piece.
    const model: ProseModel = { prose: [], headings: [], blocks: [] };
    keep(walkLezerTree(tree, SHAPES_SAMPLE, 0, model));
    keep(model);
    keep(lezerState(tree, 0, false));
    const piece = parseLezerPiece(SHAPES_SAMPLE, 0, SHAPES_SAMPLE.length);
    keep(piece);
    walkLezerPiece(piece, piece.blocks.length, SHAPES_SAMPLE, { prose: [], headings: [], blocks: [] }, new Set());
  } catch {
    // Best effort: only speed depends on it.
  }
}

/** What `keepShapes` kept (for its tests). */
export function keptShapes(): readonly unknown[] {
  return shapes ?? [];
}
