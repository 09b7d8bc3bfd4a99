/**
 * GFM's one-column table without pipes (`表头\n:--\n行`) for the lezer path, as micromark reads it:
 * a header line with no pipe, then a delimiter row of one cell whose colon marks it (`:--`, `--:`,
 * `:-:`; without one `---` is a setext underline), then body rows split at unescaped pipes as in any
 * table. lezer's table needs a pipe in the header; without this every such document went to remark.
 *
 * The nodes are those of lezer's tables (Table, TableHeader, TableDelimiter, TableRow, TableCell), so
 * the walk reads them, and checks their boundaries, as it does lezer's own. The parser with it is used
 * only for a document holding such a delimiter row (`pipelessParser`), which keeps no lezer tree.
 */
import type { BlockContext, Element, LeafBlock, LeafBlockParser, Line, MarkdownConfig, MarkdownParser } from '@lezer/markdown';
import { installInlineScan } from './inlineScan';

/** A delimiter row of one cell without a pipe, marked by a colon (the line after its container prefix). */
const PIPELESS_DELIMITER = /^[ \t]*(?::-+:?|-+:)[ \t]*$/;

/** The cells of a row `text` (offsets from `offset`): split at unescaped pipes, a leading and a trailing pipe dropped, each trimmed. */
function rowCells(cx: BlockContext, text: string, offset: number): Element[] {
  const cells: Element[] = [];
  const bounds: [number, number][] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (escaped) escaped = false;
    else if (c === 92) escaped = true;
    else if (c === 124) {
      bounds.push([start, i]);
      start = i + 1;
    }
  }
  bounds.push([start, text.length]);
  // A leading pipe opens no cell before it, a trailing one none after it.
  if (bounds.length > 1 && text.slice(bounds[0][0], bounds[0][1]).trim() === '') bounds.shift();
  if (bounds.length > 1 && text.slice(bounds[bounds.length - 1][0], bounds[bounds.length - 1][1]).trim() === '') bounds.pop();
  for (let [from, to] of bounds) {
    while (from < to && (text.charCodeAt(from) === 0x20 || text.charCodeAt(from) === 0x09)) from++;
    while (to > from && (text.charCodeAt(to - 1) === 0x20 || text.charCodeAt(to - 1) === 0x09)) to--;
    if (to > from) cells.push(cx.elt('TableCell', offset + from, offset + to, cx.parser.parseInline(text.slice(from, to), offset + from)));
  }
  return cells;
}

class PipelessTableParser implements LeafBlockParser {
  /** null before the second line; false when it is no delimiter row; the rows so far. */
  private rows: Element[] | null | false = null;

  nextLine(cx: BlockContext, line: Line, leaf: LeafBlock): boolean {
    if (this.rows === null) {
      this.rows = false;
      const rest = line.text.slice(line.pos);
      if (leaf.content.includes('\n') || leaf.content.includes('|') || !PIPELESS_DELIMITER.test(rest)) return false;
      this.rows = [
        cx.elt('TableHeader', leaf.start, leaf.start + leaf.content.length, rowCells(cx, leaf.content, leaf.start)),
        cx.elt('TableDelimiter', cx.lineStart + line.pos, cx.lineStart + line.text.length),
      ];
    } else if (this.rows) {
      const text = line.text.slice(line.pos);
      this.rows.push(cx.elt('TableRow', cx.lineStart + line.pos, cx.lineStart + line.text.length, rowCells(cx, text, cx.lineStart + line.pos)));
    }
    return false;
  }

  finish(cx: BlockContext, leaf: LeafBlock): boolean {
    if (!this.rows) return false;
    cx.addLeafElement(leaf, cx.elt('Table', leaf.start, leaf.start + leaf.content.length, this.rows));
    return true;
  }
}

const PipelessTable: MarkdownConfig = {
  parseBlock: [
    {
      name: 'PipelessTable',
      leaf(cx: BlockContext, leaf: LeafBlock): LeafBlockParser | null {
        // Only a one-line header without a pipe whose next line is a pipeless delimiter row.
        if (leaf.content.includes('|')) return null;
        return PIPELESS_DELIMITER.test(cx.peekLine().replace(/^[ \t>]*/, '')) ? new PipelessTableParser() : null;
      },
      before: 'Table',
    },
  ],
};

let pipeless: MarkdownParser | undefined;

/** `parser` (lezerProse's) with pipeless one-column tables; made once. */
export function pipelessParser(parser: MarkdownParser): MarkdownParser {
  if (!pipeless) {
    pipeless = parser.configure([PipelessTable]);
    installInlineScan(pipeless);
  }
  return pipeless;
}
