/**
 * Explicit limits on what one document may cost (issue 8), shared by the CLI and the server. The
 * defaults live here, in the core, so that both front ends use the same numbers; the server's
 * settings (`policyLens.maxFileSize`, `policyLens.limits.nestingDepth`) default to these.
 */

export interface ParseLimits {
  /**
   * Deepest Markdown nesting that is parsed as such: block quotes and list items on a line (a line's
   * prefix of `>`, list markers and indentation, two columns of indentation counting as one level),
   * and open emphasis marks and brackets (`*`, `_`, `[`) in a paragraph. Markers past it are read as
   * plain text; offsets do not change. micromark's time grows with the square of the nesting and
   * syntax-tree utilities recurse into it, so 10,000 nested quotes took minutes or overflowed the stack.
   */
  readonly nestingDepth: number;
  /** Longest text (UTF-16 code units) that is annotated; a longer one is refused with a message. */
  readonly maxFileSize: number;
}

export const DEFAULT_LIMITS: ParseLimits = Object.freeze({ nestingDepth: 100, maxFileSize: 10_000_000 });

/** What a document's parse had to give up, for the front ends to report. */
export type NoticeCode = 'nesting-limit' | 'definition-limit' | 'parse-fallback';

export interface DocumentNotice {
  readonly code: NoticeCode;
  /** An English sentence; front ends translate by `code`. */
  readonly message: string;
}

/** The notice for a code (one wording per code, used by the core and its tests). */
export function notice(code: NoticeCode, limits: ParseLimits = DEFAULT_LIMITS): DocumentNotice {
  switch (code) {
    case 'nesting-limit':
      return { code, message: `Markdown nested deeper than ${limits.nestingDepth} levels was read as plain text past that depth.` };
    case 'definition-limit':
      return { code, message: `Only the first ${MAX_DEFINITIONS} link reference definitions were honoured; later ones were read as HTML comments (not prose).` };
    case 'parse-fallback':
      return { code, message: 'The Markdown parser failed on this text; every non-blank line was read as prose.' };
  }
}

/** Why a text is refused before any parse, or undefined when it may be annotated. */
export function checkLimits(text: string | { readonly length: number }, limits: Partial<ParseLimits> = {}): { code: 'too-large'; length: number; maxFileSize: number; message: string } | undefined {
  const max = limits.maxFileSize ?? DEFAULT_LIMITS.maxFileSize;
  if (text.length <= max) return undefined;
  return { code: 'too-large', length: text.length, maxFileSize: max, message: `${text.length} characters is more than the limit of ${max} (maxFileSize).` };
}

const NBSP = '\u00a0';

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || Number.isNaN(c);
}

/** ASCII punctuation and the common CJK/Unicode punctuation ranges (enough for a flanking estimate). */
function isPunct(c: number): boolean {
  return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f);
}

/**
 * The text with every Markdown marker past `maxDepth` levels of nesting replaced by a no-break space
 * (one UTF-16 unit for one, so every offset holds), and whether anything was replaced. Linear: one
 * pass, and the text itself is returned when nothing is too deep.
 *
 * Container depth is measured per line: each `>` and list marker (`-`, `+`, `*`, `1.`, `1)` before a
 * space) counts one, each two columns of indentation one (a tab four columns). That is never less than
 * the depth micromark builds, since every nested container needs one of those on the line. Inline
 * depth is a running count over a paragraph (reset at a blank line, so a piece of a text that starts
 * after a blank line is limited exactly as in the whole text): a run of `*`/`_` that can only open adds
 * its length, one that can only close subtracts it, `[` adds one and `]` subtracts one. A paragraph
 * keeps at most ten times `maxDepth` emphasis runs (micromark's matching is quadratic in them).
 */
export function limitNesting(text: string, maxDepth: number): { text: string; limited: boolean } {
  let parts: string[] | undefined;
  let last = 0;
  const blank = (from: number, to: number) => {
    if (to <= from) return;
    (parts ??= []).push(text.slice(last, from), NBSP.repeat(to - from));
    last = to;
  };
  const n = text.length;
  let inline = 0;
  // Emphasis runs in the paragraph so far: micromark matches each closing run by walking back over the
  // paragraph's earlier runs, so a paragraph of 10,000 unmatched runs costs 10,000² steps.
  let runs = 0;
  const maxRuns = 10 * maxDepth;
  let i = 0;
  while (i < n) {
    // The line's container prefix.
    let depth = 0;
    let spaces = 0;
    let cut = -1;
    let j = i;
    for (;;) {
      const c = text.charCodeAt(j);
      const at = j;
      if (c === 0x20) {
        j++;
        if (++spaces === 2) depth++, (spaces = 0);
      } else if (c === 0x09) {
        j++;
        depth += 2;
        spaces = 0;
      } else if (c === 0x3e) {
        j++;
        depth++;
        spaces = -1; // the optional space after `>` belongs to the marker
      } else if ((c === 0x2d || c === 0x2b || c === 0x2a) && isBlankOrSpace(text.charCodeAt(j + 1))) {
        j++;
        depth++;
        spaces = -1;
      } else if (c >= 0x30 && c <= 0x39) {
        let k = j;
        while (k < n && k - j < 9 && text.charCodeAt(k) >= 0x30 && text.charCodeAt(k) <= 0x39) k++;
        const d = text.charCodeAt(k);
        if ((d !== 0x2e && d !== 0x29) || !isBlankOrSpace(text.charCodeAt(k + 1))) break;
        j = k + 1;
        depth++;
        spaces = -1;
      } else break;
      if (depth > maxDepth && cut < 0) cut = at;
    }
    if (cut >= 0) blank(cut, j);
    // The rest of the line: emphasis runs and brackets.
    let lineBlank = true;
    while (j < n) {
      // Straight to the next character that matters (most of a Chinese line is none).
      NESTING_SPECIAL.lastIndex = j;
      const stop = NESTING_SPECIAL.test(text) ? NESTING_SPECIAL.lastIndex - 1 : n;
      for (let k = j; lineBlank && k < stop; k++) {
        const b = text.charCodeAt(k);
        if (b !== 0x20 && b !== 0x09) lineBlank = false;
      }
      j = stop;
      if (j >= n) break;
      const c = text.charCodeAt(j);
      if (c === 0x0a || c === 0x0d) break;
      lineBlank = false;
      if (c === 0x5c) {
        // An escape: the next character is literal (but a line break still ends the line).
        const d = text.charCodeAt(j + 1);
        j += d === 0x0a || d === 0x0d ? 1 : 2;
      } else if (c === 0x2a || c === 0x5f) {
        let k = j + 1;
        while (k < n && text.charCodeAt(k) === c) k++;
        const before = j > 0 ? text.charCodeAt(j - 1) : NaN;
        const after = k < n ? text.charCodeAt(k) : NaN;
        const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
        const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
        if ((left || right) && ++runs > maxRuns) blank(j, k);
        else if (left && !right) {
          const room = Math.max(0, maxDepth - inline);
          if (k - j > room) blank(j + room, k);
          inline += Math.min(k - j, room);
        } else if (right && !left) inline = Math.max(0, inline - (k - j));
        j = k;
      } else if (c === 0x5b) {
        if (inline >= maxDepth) blank(j, j + 1);
        else inline++;
        j++;
      } else {
        // `]`
        inline = Math.max(0, inline - 1);
        j++;
      }
    }
    if (lineBlank) inline = runs = 0;
    // Past the line break.
    if (j < n && text.charCodeAt(j) === 0x0d && text.charCodeAt(j + 1) === 0x0a) j++;
    i = Math.min(n, j + 1);
  }
  if (!parts) return { text, limited: false };
  parts.push(text.slice(last));
  return { text: parts.join(''), limited: true };
}

/** What the rest of a line is read for: line endings, escapes, emphasis runs and brackets. */
const NESTING_SPECIAL = /[\n\r\\*_[\]]/g;

function isBlankOrSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || Number.isNaN(c);
}

/**
 * How many top-level link reference definitions a document may have honoured. A text with a
 * definition is parsed in one piece, and micromark keeps every definition's tokens: 100,000
 * definitions (3 MB) took 1.8 GB and 18 s.
 */
export const MAX_DEFINITIONS = 1000;

/**
 * A top-level, one-line link reference definition (`[label]: destination`, optionally a title),
 * not a footnote definition (`[^1]:`, which holds prose).
 */
const SIMPLE_DEFINITION = /^ {0,3}\[(?!\^)(?:[^\]\\\r\n]|\\.){1,999}\]:[ \t]*\S.*$/;

/**
 * The text with every one-line top-level link reference definition past the first `max` rewritten
 * as an HTML comment of the same length (`<!--`, spaces, `-->`), and whether any was. Such a line
 * only counts where a definition may start: after a blank line, the document start or another such
 * line (a definition cannot interrupt a paragraph). The comment, like the definition, is a block of
 * its own that is not prose, so offsets and the blocks around it hold; the references to it become
 * text. Lines shorter than the comment (7 characters) are left as they are.
 */
export function limitDefinitions(text: string, max = MAX_DEFINITIONS): { text: string; limited: boolean } {
  let parts: string[] | undefined;
  let last = 0;
  let count = 0;
  let canStart = true;
  const n = text.length;
  for (let i = 0; i < n; ) {
    let e = i;
    while (e < n && text.charCodeAt(e) !== 0x0a && text.charCodeAt(e) !== 0x0d) e++;
    const next = e < n && text.charCodeAt(e) === 0x0d && text.charCodeAt(e + 1) === 0x0a ? e + 2 : Math.min(n, e + 1);
    const line = text.slice(i, e);
    if (/^[ \t]*$/.test(line)) canStart = true;
    else if (canStart && SIMPLE_DEFINITION.test(line)) {
      if (++count > max && line.length >= 7) {
        (parts ??= []).push(text.slice(last, i), '<!--' + ' '.repeat(line.length - 7) + '-->');
        last = e;
      }
    } else canStart = false;
    i = next;
  }
  if (!parts) return { text, limited: false };
  parts.push(text.slice(last));
  return { text: parts.join(''), limited: true };
}
