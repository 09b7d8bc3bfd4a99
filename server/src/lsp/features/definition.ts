import type { DefinitionParams, Location, CancellationToken } from 'vscode-languageserver';
import { occurrenceAtPosition, type FeatureContext } from '../context';
import type { Concept } from '../../core/lexicon/types';
import { SHIPPED_SOURCE_ID, type PaperParagraph, type Source } from '../../core/source/types';

/**
 * Go to definition: the paragraph that defines the concept under the cursor, in the source it cites
 * (the shipped paper, or a source text of the workspace: then its own file). A concept that cites no
 * paragraph goes to its entry in the lexicon file it came from.
 */
export async function provideDefinition(ctx: FeatureContext, params: DefinitionParams, token?: CancellationToken): Promise<Location | null> {
  const here = await occurrenceAtPosition(ctx, params, token);
  return here ? conceptLocation(ctx, here.occurrence.concept) : null;
}

/** Where a concept is defined: its source paragraph, else its lexicon entry (a user concept without a source). */
export function conceptLocation(ctx: FeatureContext, concept: Concept): Location | null {
  const at = ctx.engine.definingParagraph(concept);
  if (at) return sourceParagraphLocation(ctx, at.source, at.paragraph);
  if (concept.origin && concept.origin.kind !== 'shipped') {
    const line = concept.origin.line;
    return { uri: concept.origin.uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
  }
  return null;
}

/** The Location of a paragraph of a source. */
export function sourceParagraphLocation(ctx: FeatureContext, source: Source, para: PaperParagraph): Location {
  return { uri: ctx.sourceUri(source), range: ctx.sourceDocument(source).rangeOf({ start: para.startOffset, end: para.endOffset }) };
}

/** The Location of a paragraph by anchor, of the shipped paper unless `sourceId` names another source. */
export function paragraphLocation(ctx: FeatureContext, anchor: string | undefined, sourceId: string = SHIPPED_SOURCE_ID): Location | null {
  if (anchor === undefined) return null;
  const source = ctx.engine.source(sourceId);
  const para = source?.byAnchor(anchor);
  return source && para ? sourceParagraphLocation(ctx, source, para) : null;
}
