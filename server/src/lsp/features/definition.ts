import type { DefinitionParams, Location, CancellationToken } from 'vscode-languageserver';
import { checkCancelled, visibleOccurrenceAt, type FeatureContext } from '../context';

/** Go to definition: the paragraph of the source paper that defines the concept under the cursor. */
export async function provideDefinition(ctx: FeatureContext, params: DefinitionParams, token?: CancellationToken): Promise<Location | null> {
  const doc = await ctx.document(params.textDocument.uri);
  checkCancelled(token);
  if (!doc) return null;
  const settings = await ctx.settings(params.textDocument.uri);
  checkCancelled(token);
  const occ = visibleOccurrenceAt(doc, doc.lineIndex.offsetAt(params.position), settings);
  if (!occ) return null;
  return paragraphLocation(ctx, occ.concept.source.defines);
}

/** The Location of a paragraph of the paper, by anchor. */
export function paragraphLocation(ctx: FeatureContext, anchor: string): Location | null {
  const para = ctx.engine.paper.byAnchor(anchor);
  if (!para) return null;
  return { uri: ctx.paperUri, range: ctx.paper.rangeOf({ start: para.startOffset, end: para.endOffset }) };
}
