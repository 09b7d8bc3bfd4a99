/**
 * Quotations in a text: “…”, ‘…’, 「…」, 『…』, 《…》 and "…". What stands inside them is someone's words or
 * a name (a title in 《》, an official name in “”), so no check rewrites it.
 */
import { commonPrefix, commonSuffix } from '../text/commonEnds';

/** One quotation, marks included: `[start, end)` in UTF-16 code units. */
export interface Quotation {
  readonly start: number;
  readonly end: number;
}

const PAIRS: readonly (readonly [string, string])[] = [
  ['“', '”'],
  ['‘', '’'],
  ['「', '」'],
  ['『', '』'],
  ['《', '》'],
  ['"', '"'],
];

/**
 * Every mark of `PAIRS`, and a blank line: a quotation never runs past the paragraph it opens in (an
 * unclosed mark then quotes nothing).
 */
const MARK_OR_BREAK = /[“”‘’「」『』《》"]|\n[ \t]*\r?\n/g;

/**
 * Every quotation in `text`, sorted by start. Each kind of mark pairs with its own closer, so
 * “他说‘卡脖子’技术” gives both the outer and the inner quotation. An opening mark without its closer
 * before the paragraph ends quotes nothing; a closer without an opener (the ’ of an English
 * apostrophe) is ignored.
 */
export function findQuotations(text: string): Quotation[] {
  return scanFrom(text, 0, undefined).quotations.sort(byPlace);
}

const byPlace = (a: Quotation, b: Quotation) => a.start - b.start || b.end - a.end;

/**
 * The scan from `from` (a place where no mark is open: the text's start or just after a blank line),
 * with the ends of the blank lines it passed (where every open mark is dropped). `stop(end)` is asked at
 * each such end whether to stop there. Quotations come in the order they close.
 */
function scanFrom(text: string, from: number, stop: ((end: number) => boolean) | undefined): { quotations: Quotation[]; resets: number[]; stoppedAt: number } {
  const out: Quotation[] = [];
  const resets: number[] = [];
  const open = new Array<number>(PAIRS.length).fill(-1);
  // Only the marks and blank lines do anything: jump from one to the next (a megabyte's loop over
  // every code unit cost about 70 ms on each edit of an open draft; the same result).
  const re = new RegExp(MARK_OR_BREAK.source, 'g');
  re.lastIndex = from;
  for (let m; (m = re.exec(text)); ) {
    const i = m.index;
    const c = m[0];
    if (c.charCodeAt(0) === 0x0a) {
      open.fill(-1);
      const end = i + c.length;
      resets.push(end);
      if (stop?.(end)) return { quotations: out, resets, stoppedAt: end };
      continue;
    }
    for (let k = 0; k < PAIRS.length; k++) {
      const [opener, closer] = PAIRS[k];
      if (c === closer && open[k] >= 0) {
        out.push({ start: open[k], end: i + 1 });
        open[k] = -1;
      } else if (c === opener) {
        open[k] = i;
      }
    }
  }
  return { quotations: out, resets, stoppedAt: -1 };
}

/** Every quotation of a text (as `findQuotations`), with what re-scanning it after an edit needs. */
export interface QuotationScan {
  readonly text: string;
  /** Sorted as `findQuotations` sorts them. */
  readonly quotations: readonly Quotation[];
  /** The ends of the blank lines, ascending: no quotation spans one, and the scan's state is empty there. */
  readonly resets: Int32Array;
}

/** A full scan of `text`. */
export function scanQuotations(text: string): QuotationScan {
  const r = scanFrom(text, 0, undefined);
  return { text, quotations: r.quotations.sort(byPlace), resets: Int32Array.from(r.resets) };
}

/**
 * The scan of `text` made from the scan of an earlier text: only the paragraphs between the last blank
 * line before the first changed code unit and the first blank line after the change that the old scan
 * also passed are scanned again; the quotations before and after are kept (shifted). Equal to
 * `scanQuotations(text)` (a property test checks it): the scan's state is empty after a blank line, and
 * what it finds from there depends only on the text from there on.
 */
export function rescanQuotations(prev: QuotationScan, text: string): QuotationScan {
  const old = prev.text;
  if (old === text) return prev;
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, prefix);
  const delta = text.length - old.length;
  const newChangeEnd = text.length - suffix;
  const resets = prev.resets;
  // The last blank line ending at or before the first changed code unit (its match read only text before it).
  let lo = 0;
  let hi = resets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (resets[mid] <= prefix) lo = mid + 1;
    else hi = mid;
  }
  const keptResets = lo;
  const restart = keptResets > 0 ? resets[keptResets - 1] : 0;
  // Resume the old scan at a blank line's end in the unchanged tail that the old scan also reset at.
  const oldReset = (end: number) => {
    const at = end - delta;
    let a = keptResets;
    let b = resets.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (resets[mid] < at) a = mid + 1;
      else b = mid;
    }
    return a < resets.length && resets[a] === at ? a : -1;
  };
  let resumeIndex = -1;
  const mid = scanFrom(text, restart, (end) => end >= newChangeEnd && (resumeIndex = oldReset(end)) >= 0);
  const quotations: Quotation[] = [];
  const q = prev.quotations;
  let i = 0;
  while (i < q.length && q[i].start < restart) quotations.push(q[i++]);
  for (const x of mid.quotations.sort(byPlace)) quotations.push(x);
  const newResets: number[] = Array.from(resets.subarray(0, keptResets));
  for (const r of mid.resets) newResets.push(r);
  if (mid.stoppedAt >= 0) {
    const oldStop = mid.stoppedAt - delta;
    while (i < q.length && q[i].start < oldStop) i++;
    for (; i < q.length; i++) quotations.push({ start: q[i].start + delta, end: q[i].end + delta });
    for (let k = resumeIndex + 1; k < resets.length; k++) newResets.push(resets[k] + delta);
  }
  return { text, quotations, resets: Int32Array.from(newResets) };
}

/** Per document URI, the last scan: the next version's is made from it. */
const lastScans = new Map<string, QuotationScan>();
const KEPT_SCANS = 16;

/**
 * The quotation scan of a document's text, re-scanned from the same URI's last scan when there is one
 * (an edited open draft: only the edited paragraphs are read again).
 */
export function quotationScanOf(doc: { readonly uri: string; readonly text: string }): QuotationScan {
  const prev = lastScans.get(doc.uri);
  const scan = prev ? rescanQuotations(prev, doc.text) : scanQuotations(doc.text);
  lastScans.delete(doc.uri);
  lastScans.set(doc.uri, scan);
  if (lastScans.size > KEPT_SCANS) lastScans.delete(lastScans.keys().next().value as string);
  return scan;
}


/** The quotations of one text, for asking whether a range touches one. */
export class QuotationIndex {
  readonly quotations: readonly Quotation[];
  /** `reach[i]`: the furthest end among quotations 0…i (nested ones end before their outer one). */
  private readonly reach: Int32Array;

  /** From a text, or from its quotations (`findQuotations`'s, sorted). */
  constructor(text: string | readonly Quotation[]) {
    this.quotations = typeof text === 'string' ? findQuotations(text) : text;
    this.reach = new Int32Array(this.quotations.length);
    let max = -1;
    this.quotations.forEach((q, i) => (this.reach[i] = max = Math.max(max, q.end)));
  }

  /** Whether `[start, end)` touches a quotation: lies inside one, or holds one of its marks. */
  overlaps(start: number, end: number): boolean {
    const q = this.quotations;
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (q[mid].start < end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.reach[lo - 1] > start;
  }
}
