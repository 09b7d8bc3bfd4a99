import type { CancellationToken } from 'vscode-languageserver';
import { coveragePicture, documentCoverage, langOf, sectionKey } from '../../core/coverage';
import { visibleOccurrences, type FeatureContext } from '../context';
import type { CoverageResult } from '../protocol';

/** Heatmap rows: the outline cut to this depth (a title, 一、, （一）). */
const SECTION_DEPTH = 3;

/**
 * The coverage webview's data for one open document: the core's picture over the visible occurrences
 * (settings apply), rows = sections, and the occurrences by row for click-through.
 */
export async function provideCoverage(ctx: FeatureContext, params: { uri: string; lang?: string }, token?: CancellationToken): Promise<CoverageResult | null> {
  const doc = await ctx.document(params.uri);
  if (!doc || token?.isCancellationRequested) return null;
  const occurrences = visibleOccurrences(doc, await ctx.settings(params.uri));
  const coverage = documentCoverage(doc, { occurrences, sectionDepth: SECTION_DEPTH });
  const lang = langOf(params.lang);
  const before = lang === 'zh' ? '（标题前）' : '(before the first heading)';
  const rows = coverage.sections.map((s) => ({ label: s.path.length ? s.path[s.path.length - 1] : before, counts: s.counts }));
  const picture = coveragePicture(coverage.concepts, rows, coverage.pairs, ctx.engine.lexicon.concepts, lang);
  const rowOf = new Map<string, number>();
  coverage.sections.forEach((s, i) => rowOf.set(s.path.length ? String(s.start) : '', i));
  return {
    uri: params.uri,
    version: doc.version,
    picture,
    occurrences: occurrences.map((o) => ({ concept: o.concept.id, row: rowOf.get(sectionKey(doc, o.start, SECTION_DEPTH)) ?? -1, range: doc.rangeOf(o), text: doc.text.slice(o.start, o.end) })),
  };
}
