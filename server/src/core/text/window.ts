/**
 * The occurrences of a window of a long document, read without parsing the whole document: what the
 * server answers a `semanticTokens/range` request with (the editor's viewport) while the full parse of a
 * megabyte draft is still running. Exact or nothing: the window is cut only at lines where a fresh parse
 * reads the rest of the text as the whole parse does, and when that cannot be shown cheaply (link or
 * footnote definitions, directives, HTML, an indented fence, nesting past the limit, a window that would
 * grow too long) the answer is `undefined` and the caller waits for the full parse. A property test
 * compares the window's occurrences with the whole document's on the bench drafts and the fixtures.
 */
import type { AnnotationEngine, Occurrence } from '../document';
import type { RawMatch } from '../match/matcher';
import { DEFAULT_LIMITS, limitNesting } from '../limits';
import { DEFINITION_LINE, extractProse, frontMatterLength, lineStartOf, nextLineStart, startsAfterBlankLine, type ProseModel } from './prose';
import { lezerModel } from './lezerProse';

/** How far (UTF-16 code units) a window may reach before and after the range before it is given up. */
export const WINDOW_REACH = 131_072;

/** Where a directive comment may be (directives.ts CANDIDATE): such documents wait for the full parse. */
const DIRECTIVE = /<!--\s*policy[-_ ]?lens/i;
/** Lines that can open or close a block that runs over blank lines: fences, and HTML (not followed). */
const TRIGGER = /^[ \t]*(?:`{3,}|~{3,}|<)/gm;
/** A line a window may start or end before: a heading or a paragraph's first letter (no list item, quote, table, HTML or code). */
const GOOD_FIRST = /^(?:#|[A-Za-z]|[^\x00-\x7f\s])/;

/**
 * What the long-range scan of a text found: the spans inside top-level fenced code (a line inside one
 * is no place to cut) and where the scan stopped knowing (the first line that may open an HTML block or
 * is a fence indented one to three spaces, which may belong to a list item).
 */
export interface LongRangeScan {
  /** [open line start, line after the closing fence) of each top-level fenced code block, in order. */
  readonly fences: readonly (readonly [number, number])[];
  /** Cut points must lie before this offset. */
  readonly known: number;
}

/** Scans `text` from `from` (after any front matter) for top-level fenced code, up to `until`. */
export function scanLongRange(text: string, from: number, until = text.length): LongRangeScan {
  const fences: [number, number][] = [];
  TRIGGER.lastIndex = from;
  let open: { start: number; char: number; length: number } | undefined;
  for (let m; (m = TRIGGER.exec(text)); ) {
    const at = m.index;
    // `^` in a multiline regex also matches after U+2028 and U+2029, which are no Markdown line ends.
    if (at > 0 && text.charCodeAt(at - 1) !== 0x0a && text.charCodeAt(at - 1) !== 0x0d) {
      TRIGGER.lastIndex = at + 1;
      continue;
    }
    const lineEnd = nextLineStart(text, at);
    TRIGGER.lastIndex = lineEnd > at ? lineEnd : at + 1;
    const line = text.slice(at, lineEnd).replace(/\r?\n$|\r$/, '');
    let indent = 0;
    let k = 0;
    for (; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if (c === 0x20) indent++;
      else if (c === 0x09) indent += 4 - (indent % 4);
      else break;
    }
    const mark = line.charCodeAt(k);
    if (open) {
      if (indent > 3 || mark !== open.char) continue;
      let run = 0;
      while (line.charCodeAt(k + run) === mark) run++;
      if (run >= open.length && /^[ \t]*$/.test(line.slice(k + run))) {
        fences.push([open.start, lineEnd]);
        open = undefined;
      }
      continue;
    }
    if (at >= until) break;
    if (indent > 3) continue; // indented code or a list item's content: closed by the line a cut is made at
    if (mark === 0x3c /* < */ || indent > 0) return { fences, known: at };
    let run = 0;
    while (line.charCodeAt(k + run) === mark) run++;
    // A backtick fence's info string holds no backtick (else the line is text with inline code).
    if (mark === 0x60 && line.slice(k + run).includes('`')) continue;
    open = { start: at, char: mark, length: run };
  }
  if (open) fences.push([open.start, text.length]);
  return { fences, known: text.length };
}

/**
 * Whether a fresh parse from line start `line` reads the rest of the text as the whole parse does: the
 * line follows a blank line, starts a heading or a paragraph, the last non-blank line before it is not
 * indented (no indented code, whose end micromark reads with state of its own), and it lies in no fenced
 * code and before anything the scan could not follow.
 */
function cutsCleanly(text: string, line: number, scan: LongRangeScan): boolean {
  if (line >= scan.known || !startsAfterBlankLine(text, line) || !GOOD_FIRST.test(text.slice(line, line + 1))) return false;
  // The last non-blank line before the blank line(s).
  let p = line;
  for (;;) {
    if (p === 0) return false;
    const prev = lineStartOf(text, p - 1);
    if (!/^[ \t]*(?:\r\n|\n|\r|$)/.test(text.slice(prev, Math.min(p, prev + 64)) || '')) {
      if (/^(?: {4}|[ \t]* ?\t)/.test(text.slice(prev, prev + 4))) return false;
      break;
    }
    p = prev;
  }
  for (const [s, e] of scan.fences) {
    if (s >= line) break;
    if (line < e) return false;
  }
  return true;
}

export interface WindowAnnotation {
  /** The window read: `[start, end)`, whole top-level blocks. */
  readonly start: number;
  readonly end: number;
  /** Every occurrence in the window, as the whole document's parse gives them (before settings filters). */
  readonly occurrences: readonly Occurrence[];
}

/**
 * The occurrences of `text` in a window holding `[from, to)`, as the full annotation of `text` gives
 * them, from a parse of that window alone; `undefined` when the window cannot be shown to read as in
 * the whole text (then parse the whole). `scan` may be passed in when the caller keeps it per text.
 */
export function annotateWindow(
  text: string,
  engine: AnnotationEngine,
  from: number,
  to: number,
  options: { nestingDepth?: number; scan?: LongRangeScan } = {},
): WindowAnnotation | undefined {
  if (DEFINITION_LINE.test(text) || DIRECTIVE.test(text)) return undefined;
  const fm = frontMatterLength(text);
  const scan = options.scan ?? scanLongRange(text, fm);
  // The start: the last clean cut at or before the range's line, or the document's start.
  let start = lineStartOf(text, Math.max(fm, Math.min(from, text.length)));
  for (;;) {
    if (start <= fm) {
      start = 0;
      break;
    }
    if (cutsCleanly(text, start, scan)) break;
    if (from - start > WINDOW_REACH) return undefined;
    start = lineStartOf(text, start - 1);
  }
  // The end: the first clean cut after the range's last line, or the text's end.
  let end = nextLineStart(text, Math.max(start, Math.min(to, text.length) - 1));
  if (to <= from) end = nextLineStart(text, Math.max(start, from));
  while (end < text.length && !cutsCleanly(text, end, scan)) {
    if (end - to > WINDOW_REACH || end >= scan.known) return undefined;
    end = nextLineStart(text, end);
  }
  const depth = options.nestingDepth ?? DEFAULT_LIMITS.nestingDepth;
  const source = text.slice(start, end);
  if (limitNesting(source, depth).limited) return undefined;
  let model: ProseModel;
  let shift = start;
  if (start === 0) {
    // From the document's start the window is read as the whole document is (front matter, a BOM).
    model = extractProse(source, 0, undefined, { nestingDepth: depth });
    shift = 0;
  } else {
    const lezer: ProseModel = { prose: [], headings: [], blocks: [] };
    // Where lezer and micromark may read the window differently, remark reads it (as it then reads the
    // whole document): a window cut cleanly parses on its own as in the whole text with either parser.
    model = lezerModel(source, 0, lezer) ? extractProse(source, start, undefined, { nestingDepth: depth, parser: 'remark' }) : lezer;
    if (model !== lezer) shift = 0;
  }
  const raw: RawMatch[] = [];
  for (const r of model.prose) engine.matcher.findAll(text, r.start + shift, r.end + shift, raw);
  const occurrences: Occurrence[] = [];
  for (const m of raw) {
    const concept = engine.concept(m.form.conceptId);
    if (concept) occurrences.push({ start: m.start, end: m.end, concept, kind: m.form.kind });
  }
  return { start, end, occurrences };
}
