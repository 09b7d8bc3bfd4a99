import type { ReferenceParams, Location, CancellationToken } from 'vscode-languageserver';
import { checkCancelled, conceptVisible, occurrenceAtPosition, type FeatureContext } from '../context';

/**
 * Every occurrence of the concept under the cursor: in every Markdown file of the workspace, then in
 * each source text of the engine (the shipped paper first, then the workspace's own sources).
 */
export async function provideReferences(ctx: FeatureContext, params: ReferenceParams, token?: CancellationToken): Promise<Location[] | null> {
  const uri = params.textDocument.uri;
  let id: string | undefined;
  if (uri === ctx.paperUri) {
    id = ctx.paper.occurrenceAt(ctx.paper.lineIndex.offsetAt(params.position))?.concept.id;
  } else {
    id = (await occurrenceAtPosition(ctx, params, token))?.occurrence.concept.id;
  }
  if (!id) return null;
  await ctx.indexUpdates();
  checkCancelled(token);
  const sources = ctx.engine.sources.map((source) => ({ source, uri: ctx.sourceUri(source) }));
  const sourceUris = new Set(sources.map((s) => s.uri));
  const locations = ctx.index.locationsOf(id).filter((l) => !sourceUris.has(l.uri));
  // Settings are per resource: a draft whose own settings hide the concept (policyLens.concepts.exclude,
  // policyLens.categories) lists none of its occurrences, as it shows none.
  const concept = ctx.engine.lexicon.byId(id);
  const hidden = new Set<string>();
  if (concept) {
    const uris = [...new Set(locations.map((l) => l.uri))];
    const shown = await Promise.all(uris.map(async (u) => conceptVisible(ctx.engineFor(u), concept, await ctx.settings(u))));
    checkCancelled(token);
    uris.forEach((u, i) => shown[i] || hidden.add(u));
  }
  const out: Location[] = hidden.size ? locations.filter((l) => !hidden.has(l.uri)) : [...locations];
  for (const { source, uri: at } of sources) {
    const doc = ctx.sourceDocument(source);
    for (const o of doc.occurrencesOf(id)) out.push({ uri: at, range: doc.rangeOf(o) });
  }
  return out;
}
