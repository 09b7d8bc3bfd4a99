/**
 * GFM autolink literals for the lezer fast path, as remark-gfm reads them. remark finds them in two
 * layers, and both are followed here rule for rule:
 *
 * 1. micromark-extension-gfm-autolink-literal (2.1) tokenizes `www.…`, `http(s)://…` and e-mail
 *    addresses in the source, with its previous-character checks, its domain, path and trail rules
 *    (trailing punctuation, balanced parentheses, character references) and no literal inside an
 *    open link label. `LiteralAutolink` is that tokenizer as a lezer inline parser: a
 *    `LiteralAutolink` node, which holds no prose (mdast's link whose text is its own URL).
 * 2. mdast-util-gfm-autolink-literal (2.1) then runs a find-and-replace over every text node outside
 *    links (`transformGfmAutolinkLiterals`), which catches what the tokenizer did not (after `，`, in
 *    a value decoded from `&#64;`, after an unclosed `[`…). A text node it changes is replaced by new
 *    nodes without positions, so none of that text node is prose any more: `transformFires` says when
 *    that happens, and the walk then drops the run.
 *
 * micromark's codes are UTF-16 code units (its checks use `String.fromCharCode`), and so are these.
 */
import type { InlineContext } from '@lezer/markdown';

/** micromark's `null`: the end of the text. */
const EOF = -100;
/** micromark's codes for a tab and a line ending (both "line ending or space"). */
const TAB = -2;
const EOL = -4;

const PUNCTUATION = /\p{P}|\p{S}/u;
const WHITESPACE = /\s/;

/** The code micromark sees at `pos` of an inline context. */
function codeAt(cx: InlineContext, pos: number): number {
  if (pos >= cx.end) return EOF;
  const c = cx.char(pos);
  return c === 9 ? TAB : c === 10 || c === 13 ? EOL : c;
}

function unicodePunctuation(c: number): boolean {
  if (c < 0) return false;
  if (c < 128) return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
  return PUNCTUATION.test(String.fromCharCode(c));
}
function unicodeWhitespace(c: number): boolean {
  return c > -1 && (c === 32 || (c >= 9 && c <= 13) || (c >= 128 && WHITESPACE.test(String.fromCharCode(c))));
}
function lineEndingOrSpace(c: number): boolean {
  return c !== EOF && (c < 0 || c === 32);
}
function asciiAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function asciiAlphanumeric(c: number): boolean {
  return asciiAlpha(c) || (c >= 48 && c <= 57);
}
function asciiControl(c: number): boolean {
  return c !== EOF && (c < 32 || c === 127);
}
function gfmAtext(c: number): boolean {
  return c === 43 || c === 45 || c === 46 || c === 95 || asciiAlphanumeric(c);
}
function previousWww(c: number): boolean {
  return c === EOF || c === 40 || c === 42 || c === 95 || c === 91 || c === 93 || c === 126 || lineEndingOrSpace(c);
}
function previousProtocol(c: number): boolean {
  return !asciiAlpha(c);
}
function previousEmail(c: number): boolean {
  return !(c === 47 || gfmAtext(c));
}

/** micromark's `trail` check from `pos`: whether what follows is trailing punctuation up to white space, `<` or the end. */
function trailOk(cx: InlineContext, pos: number): boolean {
  let p = pos;
  for (;;) {
    const c = codeAt(cx, p);
    if (c === 33 || c === 34 || c === 39 || c === 41 || c === 42 || c === 44 || c === 46 || c === 58 || c === 59 || c === 63 || c === 95 || c === 126) {
      p++;
      continue;
    }
    if (c === 38) {
      // `&` then a character reference's name and `;`.
      p++;
      if (!asciiAlpha(codeAt(cx, p))) return false;
      while (asciiAlpha(codeAt(cx, p))) p++;
      if (codeAt(cx, p) !== 59) return false;
      p++;
      continue;
    }
    if (c === 93) {
      p++;
      const n = codeAt(cx, p);
      if (n === EOF || n === 40 || n === 91 || lineEndingOrSpace(n) || unicodeWhitespace(n)) return true;
      continue;
    }
    return c === 60 || c === EOF || lineEndingOrSpace(c) || unicodeWhitespace(c);
  }
}

/** micromark's `domain` from `pos`: its end, or -1. */
function domainEnd(cx: InlineContext, pos: number): number {
  let underscoreInLast = false;
  let underscoreInLastLast = false;
  let seen = false;
  let p = pos;
  for (;;) {
    const c = codeAt(cx, p);
    if (c === 46 || c === 95) {
      if (trailOk(cx, p)) break;
      if (c === 95) underscoreInLast = true;
      else {
        underscoreInLastLast = underscoreInLast;
        underscoreInLast = false;
      }
      p++;
      continue;
    }
    if (c === EOF || lineEndingOrSpace(c) || unicodeWhitespace(c) || (c !== 45 && unicodePunctuation(c))) break;
    seen = true;
    p++;
  }
  return underscoreInLastLast || underscoreInLast || !seen ? -1 : p;
}

/** micromark's `path` from `pos`: its end (a path may be empty). */
function pathEnd(cx: InlineContext, pos: number): number {
  let open = 0;
  let close = 0;
  let p = pos;
  for (;;) {
    const c = codeAt(cx, p);
    if (c === 40) {
      open++;
      p++;
      continue;
    }
    if (c === 41 && close < open) {
      close++;
      p++;
      continue;
    }
    if (c === 33 || c === 34 || c === 38 || c === 39 || c === 41 || c === 42 || c === 44 || c === 46 || c === 58 || c === 59 || c === 60 || c === 63 || c === 93 || c === 95 || c === 126) {
      if (trailOk(cx, p)) return p;
      if (c === 41) close++;
      p++;
      continue;
    }
    if (c === EOF || lineEndingOrSpace(c) || unicodeWhitespace(c)) return p;
    p++;
  }
}

function emailEnd(cx: InlineContext, pos: number): number {
  let p = pos;
  while (gfmAtext(codeAt(cx, p))) p++;
  if (codeAt(cx, p) !== 64) return -1;
  p++;
  let data = false;
  let dot = false;
  for (;;) {
    const c = codeAt(cx, p);
    if (c === 46) {
      if (!asciiAlphanumeric(codeAt(cx, p + 1))) break;
      dot = true;
      p++;
      continue;
    }
    if (c === 45 || c === 95 || asciiAlphanumeric(c)) {
      data = true;
      p++;
      continue;
    }
    break;
  }
  return data && dot && asciiAlpha(codeAt(cx, p - 1)) ? p : -1;
}

function wwwEnd(cx: InlineContext, pos: number): number {
  for (let k = 1; k < 3; k++) {
    const c = codeAt(cx, pos + k);
    if (c !== 87 && c !== 119) return -1;
  }
  if (codeAt(cx, pos + 3) !== 46 || codeAt(cx, pos + 4) === EOF) return -1;
  const d = domainEnd(cx, pos);
  return d < 0 ? -1 : pathEnd(cx, d);
}

function protocolEnd(cx: InlineContext, pos: number): number {
  let p = pos + 1;
  while (asciiAlpha(codeAt(cx, p)) && p - pos < 5) p++;
  if (codeAt(cx, p) !== 58) return -1;
  const protocol = cx.slice(pos, p).toLowerCase();
  if (protocol !== 'http' && protocol !== 'https') return -1;
  if (codeAt(cx, p + 1) !== 47 || codeAt(cx, p + 2) !== 47) return -1;
  p += 3;
  const c = codeAt(cx, p);
  if (c === EOF || asciiControl(c) || lineEndingOrSpace(c) || unicodeWhitespace(c) || unicodePunctuation(c)) return -1;
  const d = domainEnd(cx, p);
  return d < 0 ? -1 : pathEnd(cx, d);
}

/**
 * The literal starting at `pos`, by micromark's constructs in its order at that character (e-mail
 * first, then `www.` or the protocol), or -1. An extension's constructs come before CommonMark's, so
 * at `_` the e-mail is tried before emphasis (`_@x.cn` is a literal).
 */
function literalEnd(cx: InlineContext, next: number, pos: number): number {
  const previous = pos > cx.offset ? codeAt(cx, pos - 1) : EOF;
  if (previousEmail(previous)) {
    const e = emailEnd(cx, pos);
    if (e >= 0) return e;
  }
  if ((next === 87 || next === 119) && previousWww(previous)) return wwwEnd(cx, pos);
  if ((next === 72 || next === 104) && previousProtocol(previous)) return protocolEnd(cx, pos);
  return -1;
}

/**
 * The literal autolink parser: a `LiteralAutolink` node from `pos`, or -1. Not a `MarkdownConfig` of
 * its own: lezer calls every inline parser at every position, so lezerProse.ts dispatches to it from
 * one parser by character (`mayStartLiteral` first).
 */
export function parseLiteralAutolink(cx: InlineContext, next: number, pos: number): number {
  // Inside a word (after an ASCII letter) none of the three may start: the e-mail wants no atext
  // before it, `www.` white space or one of `(*_[]~`, the protocol no letter. Most calls end here.
  const before = pos > cx.offset ? cx.char(pos - 1) : -1;
  if (before < 123 && asciiAlpha(before)) return -1;
  const end = literalEnd(cx, next, pos);
  // micromark: no literal while a link or image label is open (`previousUnbalanced`).
  if (end < 0 || cx.hasOpenLink) return -1;
  return cx.addElement(cx.elt('LiteralAutolink', pos, end));
}

/** What can start a literal: ASCII letters and digits, `+`, `-`, `.`, `_`. */
export function mayStartLiteral(c: number): boolean {
  return c < 123 && gfmAtext(c);
}

/**
 * Whether a `LiteralAutolink` node `[from, to)` of a heading or table cell whose content ends at
 * `contentEnd` is one for micromark too. micromark's heading and cell text ends before trailing white
 * space, lezer's inline section after it; the one rule where the text's end and white space differ is
 * `www.` at the very end (no literal, where `www. ` is the literal `www`).
 */
export function literalInTrimmedText(source: string, from: number, to: number, contentEnd: number): boolean {
  if (to - from !== 3 || source.charCodeAt(to) !== 46) return true;
  for (let k = to + 1; k < contentEnd; k++) {
    const c = source.charCodeAt(k);
    if (c !== 32 && c !== 9) return true;
  }
  return false;
}

const URL_LITERAL = /(?<![\da-z])(https?:\/\/|www(?=\.))([\w-]*\.[\w\-.]*)([^\t\n\r ]*)/gi;
const XMPP_LITERAL = /(?<![\w+\-.@])xmpp:([\w+\-.]+)@([\w-]+(?:\.[\w-]+)+)(\/(?:[\w\-/]|\.(?=[\dA-Za-z]))*)?/g;
const MAILTO_LITERAL = /(?<![\w+\-.@])mailto:([\w+\-.]+)@([\w-]+(?:\.[\w-]+)+)/g;
const EMAIL_LITERAL = /(?<![\w+\-.]|(?:^|[^\d@A-Za-z])(?:mailto|xmpp):)([\w+\-.]+)@([\w-]+(?:\.[\w-]+)+)/g;
/** What any of the four needs in a value. */
export const TRANSFORM_TRIGGER = /@|www\.|https?:\/\//i;

/**
 * Whether mdast-util-gfm-autolink-literal's transform changes a text node with this value (then the
 * node is replaced by position-less ones, and is no prose). Its four find-and-replace passes, with
 * their replace functions' checks: a pass that rejects a match retries one code unit later.
 */
export function transformFires(value: string): boolean {
  return (
    fires(URL_LITERAL, value, (m) => {
      const code = value.charCodeAt(m.index - 1);
      if (!(m.index === 0 || unicodeWhitespace(code) || unicodePunctuation(code))) return false;
      const domain = /^w/i.test(m[1]) ? m[1] + m[2] : m[2];
      return !unicodePunctuation(domain.charCodeAt(0)) && isCorrectDomain(domain);
    }) ||
    fires(XMPP_LITERAL, value, (m) => !/[\d\-_]$/.test(m[2]) && !(m[3] && (!/[A-Za-z]$/.test(m[3]) || value.charAt(m.index + m[0].length) === '@'))) ||
    fires(MAILTO_LITERAL, value, (m) => !/[\d\-_]$/.test(m[2])) ||
    fires(EMAIL_LITERAL, value, (m) => !/[\d\-_]$/.test(m[2]))
  );
}

function fires(re: RegExp, value: string, accept: (m: RegExpExecArray) => boolean): boolean {
  re.lastIndex = 0;
  for (let m; (m = re.exec(value)); ) {
    if (accept(m)) return true;
    re.lastIndex = m.index + 1;
  }
  return false;
}

function isCorrectDomain(domain: string): boolean {
  const parts = domain.split('.');
  const last = parts[parts.length - 1];
  const before = parts[parts.length - 2];
  return !(parts.length < 2 || (last && (/_/.test(last) || !/[\dA-Za-z]/.test(last))) || (before && (/_/.test(before) || !/[\dA-Za-z]/.test(before))));
}
