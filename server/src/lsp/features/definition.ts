import type { DefinitionParams, Location, CancellationToken } from 'vscode-languageserver';
import { occurrenceAtPosition, type FeatureContext } from '../context';
import { paperAnchor } from '../../core/engine';

/** Go to definition: the paragraph of the source paper that defines the concept under the cursor. */
export async function provideDefinition(ctx: FeatureContext, params: DefinitionParams, token?: CancellationToken): Promise<Location | null> {
  const here = await occurrenceAtPosition(ctx, params, token);
  return here ? paragraphLocation(ctx, paperAnchor(here.occurrence.concept)) : null;
}

/** The Location of a paragraph of the paper, by anchor. */
export function paragraphLocation(ctx: FeatureContext, anchor: string | undefined): Location | null {
  if (anchor === undefined) return null;
  const para = ctx.engine.paper.byAnchor(anchor);
  if (!para) return null;
  return { uri: ctx.paperUri, range: ctx.paper.rangeOf({ start: para.startOffset, end: para.endOffset }) };
}
