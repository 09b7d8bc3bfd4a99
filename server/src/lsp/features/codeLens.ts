import type { CodeLensParams, CodeLens, CancellationToken } from 'vscode-languageserver';
import { documentWithSettings, visibleOccurrences, type FeatureContext } from '../context';
import { sectionSummary } from '../summary';

/**
 * A code lens on each outline heading (Markdown or 公文 numbering: 一、（一）1.…, 第X章/条, 附件), on the
 * line of its number: the concepts its own section uses, e.g. `数据要素 ×3 · 产业数字化 ×1`.
 */
export async function provideCodeLenses(ctx: FeatureContext, params: CodeLensParams, token?: CancellationToken): Promise<CodeLens[] | null> {
  const uri = params.textDocument.uri;
  const opened = await documentWithSettings(ctx, uri, token);
  if (!opened) return null;
  const { doc, settings } = opened;
  if (!settings.codeLens.enabled) return [];
  const visible = new Set(visibleOccurrences(doc, settings));
  const lenses: CodeLens[] = [];
  for (const section of doc.sections) {
    const own = section.occurrences.filter((o) => visible.has(o));
    if (!own.length) continue;
    const range = doc.rangeOf(section.heading);
    lenses.push({
      range: { start: range.start, end: range.start },
      command: { title: sectionSummary(own), command: 'policyLens.revealSectionConcepts', arguments: [uri, range.start.line] },
    });
  }
  return lenses;
}
