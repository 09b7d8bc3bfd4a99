/**
 * Quotations in a text: “…”, ‘…’, 「…」, 『…』, 《…》 and "…". What stands inside them is someone's words or
 * a name (a title in 《》, an official name in “”), so no check rewrites it.
 */

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
  const out: Quotation[] = [];
  const open = new Array<number>(PAIRS.length).fill(-1);
  // Only the marks and blank lines do anything: jump from one to the next (a megabyte's loop over
  // every code unit cost about 70 ms on each edit of an open draft; the same result).
  MARK_OR_BREAK.lastIndex = 0;
  for (let m; (m = MARK_OR_BREAK.exec(text)); ) {
    const i = m.index;
    const c = m[0];
    if (c.charCodeAt(0) === 0x0a) {
      open.fill(-1);
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
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The quotations of one text, for asking whether a range touches one. */
export class QuotationIndex {
  readonly quotations: readonly Quotation[];
  /** `reach[i]`: the furthest end among quotations 0…i (nested ones end before their outer one). */
  private readonly reach: Int32Array;

  constructor(text: string) {
    this.quotations = findQuotations(text);
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
