import type { ReferenceParams, Location, CancellationToken } from 'vscode-languageserver';
import { checkCancelled, conceptVisible, occurrenceAtPosition, type FeatureContext } from '../context';

/** Every occurrence of the concept under the cursor: in every Markdown file of the workspace, and in the paper. */
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
  const locations = ctx.index.locationsOf(id).filter((l) => l.uri !== ctx.paperUri);
  // Settings are per resource: a draft whose own settings hide the concept (policyLens.concepts.exclude,
  // policyLens.categories) lists none of its occurrences, as it shows none.
  const concept = ctx.engine.lexicon.byId(id);
  const hidden = new Set<string>();
  if (concept) {
    const uris = [...new Set(locations.map((l) => l.uri))];
    const shown = await Promise.all(uris.map(async (u) => conceptVisible(ctx.engine, concept, await ctx.settings(u))));
    checkCancelled(token);
    uris.forEach((u, i) => shown[i] || hidden.add(u));
  }
  const out: Location[] = hidden.size ? locations.filter((l) => !hidden.has(l.uri)) : [...locations];
  for (const o of ctx.paper.occurrencesOf(id)) out.push({ uri: ctx.paperUri, range: ctx.paper.rangeOf(o) });
  return out;
}
