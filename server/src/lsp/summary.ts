import type { Occurrence } from '../core/document';
import { ranked, tally } from '../core/coverage';

/** `数据要素 ×3 · 产业数字化 ×1`: the concepts a section uses, most frequent first, then in order of first use. */
export function sectionSummary(occurrences: readonly Occurrence[], max = 6): string {
  const list = ranked(tally(occurrences));
  const shown = list.slice(0, max).map((e) => `${e.concept.term} ×${e.count}`);
  if (list.length > max) shown.push(`+${list.length - max}`);
  return shown.join(' · ');
}
