/**
 * A faster `MarkdownParser.parseInline` for the fast path, with the same result by construction.
 *
 * lezer's own loop offers every code unit of a paragraph to every inline parser (ten of them), and
 * each one returns -1 at once unless the unit is its trigger (`\` `&` `` ` `` `<` `_` `*` `[` `!` `]`
 * `~`, an ASCII letter, digit, `+`, `-` or `.` that may start an autolink literal (lezerAutolink.ts),
 * or a run of two or more spaces before a line feed). A Chinese draft's paragraphs are made of
 * code units none of them reacts to, so that loop was about a third of the whole parse. This one runs
 * the same parsers in the same order, but jumps from one trigger to the next with a native regular
 * expression search: the positions it skips are exactly those where every parser would have returned
 * -1 without touching the context, so the elements (and the tree) are the same.
 *
 * Installed only when the parser's inline parsers are exactly the ones whose triggers are known here
 * (lezer's CommonMark set, unchanged, and the project's `MicromarkInline`: strikethrough, autolink
 * literals and resource-only link ends, lezerProse.ts; footnote calls, lezerFootnote.ts); a parser configured with any
 * other inline parser keeps lezer's loop, so a new extension can never be skipped over by mistake.
 * test/unit/inlineScan.test.ts compares the trees of both loops on random documents.
 */
import { parser as baseParser, InlineContext, type MarkdownParser, type Element } from '@lezer/markdown';

/** The inline parsers whose triggers `TRIGGER` covers, by name. */
const KNOWN_INLINE = new Set(['Escape', 'Entity', 'InlineCode', 'HTMLTag', 'Emphasis', 'HardBreak', 'Link', 'Image', 'LinkEnd', 'Strikethrough', 'MicromarkInline', 'FootnoteReference']);

/**
 * Where any of those can return something other than -1: the characters they test `next` against.
 * HardBreak's space form (the first space of a run of two or more before a line feed, the leftmost
 * position from which it succeeds, as lezer's loop would reach it) is found by `hardBreakFrom`.
 */
const TRIGGER = /[\\&`<_*[!\]~A-Za-z0-9+\-.]/g;

type ParserInternals = MarkdownParser & {
  inlineParsers: readonly (((cx: InlineContext, next: number, pos: number) => number) | undefined)[];
  inlineNames: readonly string[];
};

/** Whether `parser`'s inline parsers are all known here: lezer's own (the same functions), a `Strikethrough` and the project's `MicromarkInline`. */
export function inlineScanApplies(parser: MarkdownParser): boolean {
  const p = parser as ParserInternals;
  const base = baseParser as ParserInternals;
  if (!Array.isArray(p.inlineParsers) || !Array.isArray(p.inlineNames) || p.inlineNames.length !== p.inlineParsers.length) return false;
  for (let i = 0; i < p.inlineNames.length; i++) {
    const name = p.inlineNames[i];
    const fn = p.inlineParsers[i];
    if (!fn) continue;
    if (!KNOWN_INLINE.has(name)) return false;
    // (lezerFootnote.ts's `FootnoteReference` reacts to `[` only.)
    if (name === 'Strikethrough' || name === 'MicromarkInline' || name === 'FootnoteReference') continue;
    const j = base.inlineNames.indexOf(name);
    // A CommonMark parser replaced under its own name may react to other characters.
    if (j < 0 || base.inlineParsers[j] !== fn) return false;
  }
  return true;
}

/** lezer's `parseInline` loop, jumping over the positions no inline parser of `this` reacts to. */
function parseInlineScanning(this: MarkdownParser, text: string, offset: number): Element[] {
  TRIGGER.lastIndex = 0;
  if (!TRIGGER.test(text) && text.indexOf('  \n') < 0) return [];
  const parsers = (this as ParserInternals).inlineParsers;
  const cx = new (InlineContext as unknown as new (parser: MarkdownParser, text: string, offset: number) => InlineContext)(this, text, offset);
  const end = offset + text.length;
  // The next trigger character and the next hard break's first space (indices into `text`; -1: none
  // left, -2: not searched yet), each kept until the loop passes it, so no part of the text is
  // searched twice.
  let trigger = -2;
  let hardBreak = -2;
  outer: for (let pos = offset; pos < end; ) {
    const at = pos - offset;
    if (trigger === -2 || (trigger >= 0 && trigger < at)) {
      // `test`, not `exec`: no match array per trigger (a 1.6 MB draft has about 50,000 of them).
      // Every match is one code unit, so it starts just before `lastIndex`.
      TRIGGER.lastIndex = at;
      trigger = TRIGGER.test(text) ? TRIGGER.lastIndex - 1 : -1;
    }
    if (hardBreak === -2 || (hardBreak >= 0 && hardBreak < at)) hardBreak = hardBreakFrom(text, at);
    const next = trigger < 0 ? hardBreak : hardBreak < 0 ? trigger : Math.min(trigger, hardBreak);
    if (next < 0) break;
    pos = offset + next;
    const code = text.charCodeAt(next);
    for (const token of parsers) {
      if (!token) continue;
      const result = token(cx, code, pos);
      if (result >= 0) {
        pos = result;
        continue outer;
      }
    }
    pos++;
  }
  return (cx as unknown as { resolveMarkers(from: number): Element[] }).resolveMarkers(0);
}

/**
 * The leftmost position at or after `from` where lezer's HardBreak succeeds on a space: the first
 * space (not before `from`) of the run that ends in the first "two spaces and a line feed" after
 * `from`; -1 when there is none. (A run of spaces holds no line feed, so no earlier run can end in
 * one.) Found with `indexOf`, linear: the regular expression ` {2,}\n` it replaces retried its run
 * from every space of a long run that ends in no line feed, quadratic in the run's length.
 */
function hardBreakFrom(text: string, from: number): number {
  const j = text.indexOf('  \n', from);
  if (j < 0) return -1;
  let r = j;
  while (r > from && text.charCodeAt(r - 1) === 32) r--;
  return r;
}

/**
 * Gives `parser` the scanning loop when every inline parser it has is known here (see `inlineScanApplies`);
 * returns whether it did. The parser is changed in place; `configure()` on it makes a parser with lezer's loop.
 */
export function installInlineScan(parser: MarkdownParser): boolean {
  if (!inlineScanApplies(parser)) return false;
  parser.parseInline = parseInlineScanning;
  return true;
}
