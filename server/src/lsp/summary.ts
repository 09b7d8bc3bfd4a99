import type { Occurrence } from '../core/document';

/** `数据要素 ×3 · 产业数字化 ×1`: the concepts a section uses, most frequent first, then in order of first use. */
export function sectionSummary(occurrences: readonly Occurrence[], max = 6): string {
  const counts = new Map<string, { term: string; n: number; first: number }>();
  occurrences.forEach((o, i) => {
    const e = counts.get(o.concept.id);
    if (e) e.n++;
    else counts.set(o.concept.id, { term: o.concept.term, n: 1, first: i });
  });
  const list = [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first);
  const shown = list.slice(0, max).map((e) => `${e.term} ×${e.n}`);
  if (list.length > max) shown.push(`+${list.length - max}`);
  return shown.join(' · ');
}
