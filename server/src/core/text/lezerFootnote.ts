/**
 * GFM footnotes for the lezer path, as micromark-extension-gfm-footnote reads them, for the documents
 * real drafts hold: definitions `[^label]: …` at the top level, each after a blank line (or first),
 * and calls `[^label]` of a defined label. lezer has no footnotes; without this every draft with a
 * footnote went to remark.
 *
 * - A definition is a container: its first line's content starts after the colon and the white space
 *   after it; a line indented four columns more, or a blank line, continues it (micromark's
 *   `tokenizeDefinitionContinuation`), and a paragraph in it takes lazy lines as any container's.
 * - A call needs its label defined anywhere in the document (micromark reads calls after the whole
 *   document's blocks), so the parser for a document is made with its labels (`footnoteParser`); the
 *   walk then checks that lezer's definitions are exactly those labels.
 *
 * What this does not follow is left to remark by `footnoteLabels`: definitions in containers or
 * interrupting a paragraph, labels with white space, brackets or backslashes, link reference
 * definitions, and `![^` (micromark's call after an image's `!`).
 */
import type { BlockContext, InlineContext, Line, MarkdownConfig, MarkdownParser } from '@lezer/markdown';
import { installInlineScan } from './inlineScan';

/** A definition's start as `footnoteLabels` accepts it: at the line's start, a simple label. */
const DEFINITION_START = /^\[\^([^\s[\]\\]{1,999})\]:/;
/** Every definition's start and the white space after its colon, as `footnoteLabels` accepts them (to take them out of a text). */
export const DEFINITION_PREFIXES = new RegExp(`${DEFINITION_START.source}[ \\t]*`, 'gm');

/** micromark's `normalizeIdentifier` for a label without white space: case folded as it does. */
export function footnoteId(label: string): string {
  return label.toLowerCase().toUpperCase();
}

/**
 * The labels of a document's footnote definitions when every line that may start a definition
 * (`definitionLine`, the project's test for link and footnote definitions) is one this path reads: a
 * simple footnote definition at the line's start, first in the text (after `from`) or after a blank
 * line. Otherwise undefined (remark reads the document).
 */
export function footnoteLabels(text: string, from: number, definitionLine: RegExp): Set<string> | undefined {
  if (text.includes('![^')) return undefined;
  const all = new RegExp(definitionLine.source, 'gm');
  // A definition's content that may start a definition itself (`[^1]: [a]: https://x.cn`, `[^1]: [^2]: 注`):
  // a link reference definition there resolves references anywhere for micromark.
  const inner = new RegExp(definitionLine.source.replace(/^\^/, ''), 'y');
  const labels = new Set<string>();
  // A byte-order mark before the first line (`from` just after it): `definitionLine` matches there
  // with the mark, and the definition starts after it.
  all.lastIndex = from > 0 && text.charCodeAt(from - 1) === 0xfeff ? from - 1 : from;
  for (let m = all.exec(text); m; m = all.exec(text)) {
    const at = m.index + (text.charCodeAt(m.index) === 0xfeff ? 1 : 0);
    const d = DEFINITION_START.exec(text.slice(at, at + 1004));
    if (!d || (at > from && text.charCodeAt(at - 1) !== 0x0a && text.charCodeAt(at - 1) !== 0x0d)) return undefined;
    if (at > from && !afterBlankLine(text, at, from)) return undefined;
    inner.lastIndex = at + d[0].length;
    while (inner.lastIndex < text.length && (text.charCodeAt(inner.lastIndex) === 0x20 || text.charCodeAt(inner.lastIndex) === 0x09)) inner.lastIndex++;
    if (inner.test(text)) return undefined;
    labels.add(footnoteId(d[1]));
  }
  return labels;
}

/** Whether the line before the one starting at `at` is blank, or `at`'s line is the first after `from`. */
function afterBlankLine(text: string, at: number, from: number): boolean {
  let i = at - 1;
  if (text.charCodeAt(i) === 0x0a && text.charCodeAt(i - 1) === 0x0d) i--;
  // `i` is the line ending before `at`'s line; the line before runs back to the previous one.
  let k = i - 1;
  while (k >= from && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) k--;
  return k < from || text.charCodeAt(k) === 0x0a || text.charCodeAt(k) === 0x0d;
}

const SPACE_OR_TAB = (c: number) => c === 0x20 || c === 0x09;

/** The definition container (a node with the label as its first child) and the call element. */
function footnoteConfig(labels: ReadonlySet<string>): MarkdownConfig {
  return {
    defineNodes: [
      {
        name: 'FootnoteDefinition',
        block: true,
        composite(_cx: BlockContext, line: Line): boolean {
          if (line.next >= 0 && line.indent < line.baseIndent + 4) return false;
          line.moveBaseColumn(line.baseIndent + 4);
          return true;
        },
      },
      { name: 'FootnoteLabel' },
      { name: 'FootnoteReference' },
    ],
    parseBlock: [
      {
        name: 'FootnoteDefinition',
        parse(cx: BlockContext, line: Line): boolean | null {
          if (line.next !== 91 || line.indent - line.baseIndent >= 4) return false;
          const d = DEFINITION_START.exec(line.text.slice(line.pos, line.pos + 1004));
          if (!d) return false;
          cx.startComposite('FootnoteDefinition', line.pos);
          const labelEnd = line.pos + d[0].length;
          cx.addElement(cx.elt('FootnoteLabel', cx.lineStart + line.pos, cx.lineStart + labelEnd));
          // micromark takes all the white space after the colon: the content starts after it.
          let k = labelEnd;
          while (k < line.text.length && SPACE_OR_TAB(line.text.charCodeAt(k))) k++;
          line.moveBase(k);
          return null;
        },
        after: 'FencedCode',
      },
    ],
    parseInline: [
      {
        name: 'FootnoteReference',
        parse(cx: InlineContext, next: number, pos: number): number {
          if (next !== 91 || cx.char(pos + 1) !== 94) return -1;
          // micromark's `tokenizeGfmFootnoteCall`: no white space, `[` or end; escapes of `[`, `\` and `]`.
          let i = pos + 2;
          let size = 0;
          for (;;) {
            const c = cx.char(i);
            if (size > 999 || c < 0 || c === 91 || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) return -1;
            if (c === 93) break;
            size++;
            i++;
            if (c === 92) {
              const e = cx.char(i);
              if (e === 91 || e === 92 || e === 93) {
                i++;
                size++;
              }
            }
          }
          if (size === 0) return -1;
          if (!labels.has(footnoteId(cx.slice(pos + 2, i)))) return -1;
          return cx.addElement(cx.elt('FootnoteReference', pos, i + 1));
        },
        before: 'Link',
      },
    ],
  };
}

/** `parser` with footnote definitions and calls of `labels` (a parser per document that has footnotes). */
export function footnoteParser(parser: MarkdownParser, labels: ReadonlySet<string>): MarkdownParser {
  // `configure` gives lezer's own inline loop back: the scanning one (inlineScan.ts) halves the parse.
  const configured = parser.configure([footnoteConfig(labels)]);
  installInlineScan(configured);
  return configured;
}
