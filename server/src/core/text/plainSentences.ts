/**
 * The sentences retext gives a block whose text holds no mark parse-latin ends a sentence at, found in
 * one pass over the text nodes, without building the nlcst tree (the reference path in document.ts:
 * mdast-util-to-nlcst with parse-latin, then `splitChineseSentences`, was about a quarter of
 * `policy-lens annotate --format json`).
 *
 * Why the two agree on such a block (a property test compares them on random documents and on every
 * block of the fixtures and the real-document corpus):
 * - parse-latin splits a paragraph into sentences only at a top-level punctuation token of
 *   `terminalMarker` (`!.?…‽`). Some are allowed because they end nothing the plain path would not:
 *   a lone `.` between two words is no such token (it is merged into the word first); one after a
 *   lone number of up to three digits before white space joins the next sentence again
 *   (`numberPrefix`); a run of them that ends the block's text, or a line before a break between
 *   nodes, ends a sentence where the text or the break ends it anyway (`hasSentenceMark`). With no other
 *   there is one sentence per paragraph, and every paragraph plugin (they merge or re-split
 *   neighbouring sentences at those marks) leaves it as it is, except that white space at its ends
 *   becomes the paragraph's and `breakImplicitSentences` splits at a white-space token with two line
 *   breaks (inside a text node's value: such a block takes the reference path).
 * - mdast-util-to-nlcst concatenates the nodes' tokens, with a white-space token of two line breaks
 *   between two nodes on different lines (see `plainSentences` for what that does); a node's tokens
 *   sit at its start offset plus their place in its value (its value may be shorter than its
 *   source: retext's offsets are then those, and so are these).
 * - `splitChineseSentences` then ends a sentence after a token of its terminal set (。！？；, and
 *   `!?…`, which here only ever end a text or a line) and the tokens of those or of closing quotes
 *   and brackets right after it, when anything follows; the next sentence starts at its first token
 *   that is not white space. The word-merging plugins cannot hide one of those tokens inside a word:
 *   they merge only a symbol that follows a word (or `&` before one), and none of them is a
 *   word-inner symbol.
 * So a sentence runs from its first character that is not white space (parse-latin's class) to the
 * end of a run of terminal and closing characters, to a break between lines, or to the last
 * character that is not white space.
 */

import { ParseLatin } from 'parse-latin';

/** A text node of the block's mdast tree (or an inline code span, `code`: its source as `value`): its value and where it starts, in the block's source. */
export interface PlainTextNode {
  readonly value: string;
  readonly code?: boolean;
  readonly offset: number;
  readonly startLine: number;
  readonly endLine: number;
}

/** parse-latin's `terminalMarker` characters, as a character class. */
const MARKS = '[!.?\\u2026\\u203D]';
const PARSE_LATIN_TERMINAL = new RegExp(MARKS, 'g');
/** A run of them that ends a value. */
const MARKS_AT_END = new RegExp(`${MARKS}+$`);

/**
 * Whether `value` holds one of parse-latin's sentence marks that may end a sentence: any but a lone
 * `.` between two word characters (`31.8`, `v2.0`, `gov.cn`), which `mergeInnerWordSymbol` puts
 * inside the word before sentences are split; one after a short lone number (`numberPrefix`); and,
 * when the value ends a line before a break or the block (`endsLine`), a run of marks that ends it:
 * parse-latin's sentence ends there, at the same place (whatever follows on the next line merges
 * back or not, the break splits it there). Word characters are those parse-latin's own tokenizer
 * reads as a word.
 */
function hasSentenceMark(value: string, first: boolean, endsLine: boolean): boolean {
  // Marks from here to the value's end, before a break or the block's end, end nothing more.
  const tail = endsLine ? (MARKS_AT_END.exec(value)?.index ?? value.length) : value.length;
  PARSE_LATIN_TERMINAL.lastIndex = 0;
  for (let m; (m = PARSE_LATIN_TERMINAL.exec(value)); ) {
    const i = m.index;
    if (i >= tail) return false;
    if (m[0] !== '.' || i === 0 || i + 1 >= value.length) return true;
    if (isWordChar(value[i - 1]) && isWordChar(value[i + 1])) continue;
    if (numberPrefix(value, i, first)) continue;
    return true;
  }
  return false;
}

/**
 * Whether the `.` at `i` ends a number of one to three digits that stands alone (`6. 着力…`, a heading's
 * number) and is followed by white space: parse-latin ends a sentence there, and then
 * `mergePrefixExceptions` joins it to the next one (`[0-9]{1,3}` is one of its abbreviations), so
 * the sentences are as if the `.` were not there. "Alone": white space or Chinese punctuation before
 * it, or the block's start (`first`: nothing of an earlier text node); a word character or a symbol
 * there could merge into the number's word (`10.5. `, `a/6. `).
 */
function numberPrefix(value: string, i: number, first: boolean): boolean {
  if (!isWhite(value.charCodeAt(i + 1))) return false;
  let k = i;
  while (k > 0 && value.charCodeAt(k - 1) >= 0x30 && value.charCodeAt(k - 1) <= 0x39) k--;
  if (i - k < 1 || i - k > 3) return false;
  return k === 0 ? first : isWhite(value.charCodeAt(k - 1)) || SAFE_BEFORE_NUMBER.test(value[k - 1]);
}

/**
 * What may stand before such a number: Chinese punctuation that no word-merging plugin joins to a
 * word (not `’`, `/`, `&`, `-` and the like: `加粗/6. ` is one word `加粗/6` to parse-latin).
 */
const SAFE_BEFORE_NUMBER = /[，。、；：！？（）《》【】「」『』〔〕“”]/;

const wordChars = new Map<string, boolean>();
let latin: ParseLatin | undefined;

function isWordChar(ch: string): boolean {
  let w = wordChars.get(ch);
  if (w === undefined) {
    const tokens = (latin ??= new ParseLatin()).tokenize(ch);
    w = tokens.length === 1 && tokens[0].type === 'WordNode';
    wordChars.set(ch, w);
  }
  return w;
}
const LINE_BREAK = /[\r\n]/;

/** Whether `value` holds a white-space run with two line breaks (CRLF counts once): `breakImplicitSentences` splits there. */
function twoBreaks(value: string): boolean {
  const from = value.search(LINE_BREAK);
  if (from < 0) return false;
  let breaks = 0;
  for (let k = from; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c === 0x0a || (c === 0x0d && value.charCodeAt(k + 1) !== 0x0a)) {
      if (++breaks === 2) return true;
    } else if (!isWhite(c)) breaks = 0;
  }
  return false;
}

/**
 * The sentences of a block made of `nodes` (in order), as `[start, end)` offsets of the block's
 * source, or undefined when the block holds what only the reference path reads right.
 *
 * Between two nodes on different lines mdast-util-to-nlcst puts a white-space token with two line
 * breaks, and `breakImplicitSentences` ends the sentence there when something follows: it then ends
 * with the last token before the break, white space included (the plugin that moves a sentence's
 * trailing white space out ran before), unless a run of sentence marks ended it already; and the
 * next one starts at its first token that is not white space.
 */
export function plainSentences(nodes: readonly PlainTextNode[]): [number, number][] | undefined {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.code) continue;
    const endsLine = i + 1 >= nodes.length || nodes[i + 1].startLine !== n.endLine;
    if (hasSentenceMark(n.value, i === 0 || n.startLine !== nodes[i - 1].endLine, endsLine) || twoBreaks(n.value)) return undefined;
  }
  const out: [number, number][] = [];
  let start = -1;
  let end = -1;
  let inRun = false;
  /** Where the open sentence ends if something follows a line break: the last token's end before it (-1: none pending). */
  let broken = -1;
  /** The end of the last token so far. */
  let last = -1;
  const begin = (at: number) => {
    if (broken >= 0) {
      out.push([start, broken]);
      broken = -1;
      start = -1;
    }
    if (start < 0) start = at;
  };
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (i > 0 && n.startLine !== nodes[i - 1].endLine) {
      if (inRun) {
        out.push([start, end]);
        inRun = false;
        start = -1;
      } else if (start >= 0 && broken < 0) broken = last;
    }
    if (n.code) {
      // Inline code: one source token, neither white space nor punctuation.
      if (inRun) {
        out.push([start, end]);
        inRun = false;
        start = -1;
      }
      begin(n.offset);
      end = last = n.offset + n.value.length;
      continue;
    }
    const v = n.value;
    for (let j = 0; j < v.length; j++) {
      const c = v.charCodeAt(j);
      const at = n.offset + j;
      if (inRun) {
        if (isTerminal(c) || isClosing(c)) {
          end = last = at + 1;
          continue;
        }
        out.push([start, end]);
        inRun = false;
        start = -1;
      }
      last = at + 1;
      if (isWhite(c)) continue;
      begin(at);
      end = at + 1;
      if (isTerminal(c)) inRun = true;
    }
  }
  if (start >= 0) out.push([start, end]);
  return out;
}

/** parse-latin's `whiteSpace`, by code unit (a test compares the two on every BMP code unit); false for NaN (past a string's end). */
export function isWhite(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  if (c < 0x2000) return c === 0x85 || c === 0xa0 || c === 0x1680;
  return c <= 0x200a || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** chineseSentences.ts's TERMINAL, by code unit: 。！？；!?… (in a plain block the last three only ever end a text). */
export function isTerminal(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0x21 || c === 0x3f || c === 0x2026;
}

/** chineseSentences.ts's CLOSING, by code unit: closing quotes and brackets that stay with the sentence they end. */
export function isClosing(c: number): boolean {
  return c === 0x201d || c === 0x2019 || c === 0x300d || c === 0x300f || c === 0xff09 || c === 0x300b || c === 0x3011 || c === 0x3015 || c === 0x22 || c === 0x27 || c === 0x29 || c === 0x5d;
}
