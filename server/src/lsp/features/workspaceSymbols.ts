import type { WorkspaceSymbolParams, SymbolInformation, CancellationToken } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { checkCancelled, type FeatureContext } from '../context';
import { paragraphLocation } from './definition';
import { paperAnchor } from '../../core/engine';
import { conceptMatchesQuery } from '../../core/lexicon/search';

/**
 * Finds concepts by simplified or traditional Chinese, English, or pinyin (full or initials:
 * `sjys` → 数据要素); each answer points at the concept's defining paragraph in the paper.
 */
export async function provideWorkspaceSymbols(ctx: FeatureContext, params: WorkspaceSymbolParams, token?: CancellationToken): Promise<SymbolInformation[]> {
  checkCancelled(token);
  const out: SymbolInformation[] = [];
  for (const c of ctx.engine.lexicon.concepts) {
    if (!conceptMatchesQuery(c, ctx.engine.lexicon.forms(c.id), params.query)) continue;
    const location = paragraphLocation(ctx, paperAnchor(c));
    if (!location) continue;
    out.push({ name: `${c.term} ${c.en}`, kind: SymbolKind.Constant, location, containerName: `${ctx.engine.categoryLabel(c).zh} ${ctx.engine.categoryLabel(c).en}` });
  }
  return out;
}
