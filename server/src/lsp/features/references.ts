import type { ReferenceParams, Location, CancellationToken } from 'vscode-languageserver';
import { checkCancelled, occurrenceAtPosition, type FeatureContext } from '../context';

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
  const out: Location[] = ctx.index.locationsOf(id).filter((l) => l.uri !== ctx.paperUri);
  for (const o of ctx.paper.occurrencesOf(id)) out.push({ uri: ctx.paperUri, range: ctx.paper.rangeOf(o) });
  return out;
}
