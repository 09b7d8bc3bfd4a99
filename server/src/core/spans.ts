/**
 * One definition of "which of these sorted, disjoint spans holds this offset", used for blocks,
 * prose ranges and sentences: a binary search, since a long document holds thousands of each and
 * every occurrence asks.
 */

/** Index of the span with `start <= offset < end` in `spans` (sorted by start, disjoint), or -1. */
export function spanIndexAt(spans: readonly { readonly start: number; readonly end: number }[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < spans[mid].start) hi = mid - 1;
    else if (offset >= spans[mid].end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
