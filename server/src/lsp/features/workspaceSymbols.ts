import type { WorkspaceSymbolParams, SymbolInformation, CancellationToken } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { categoryText, checkCancelled, type FeatureContext } from '../context';
import { conceptLocation } from './definition';
import { conceptMatchesQuery } from '../../core/lexicon/search';

/**
 * Finds concepts by simplified or traditional Chinese, English, or pinyin (full or initials:
 * `sjys` → 数据要素); each answer points at the concept's defining paragraph in its source (or, for a
 * user's concept that cites none, at its lexicon entry). Every engine in use is searched (a concept
 * of several workspace folders is listed once).
 */
export async function provideWorkspaceSymbols(ctx: FeatureContext, params: WorkspaceSymbolParams, token?: CancellationToken): Promise<SymbolInformation[]> {
  checkCancelled(token);
  const out: SymbolInformation[] = [];
  const seen = new Set<string>();
  for (const engine of ctx.allEngines()) {
    const c0 = { ...ctx, engine };
    for (const c of engine.lexicon.concepts) {
      if (seen.has(c.id) || !conceptMatchesQuery(c, engine.lexicon.forms(c.id), params.query)) continue;
      const location = conceptLocation(c0, c);
      if (!location) continue;
      seen.add(c.id);
      out.push({ name: c.en ? `${c.term} ${c.en}` : c.term, kind: SymbolKind.Constant, location, containerName: categoryText(engine, c) });
    }
  }
  return out;
}
