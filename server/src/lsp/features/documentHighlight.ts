import type { DocumentHighlightParams, DocumentHighlight, CancellationToken } from 'vscode-languageserver';
import { DocumentHighlightKind } from 'vscode-languageserver';
import { occurrenceAtPosition, type FeatureContext } from '../context';

/** The occurrences, in this document, of the concept under the cursor. */
export async function provideDocumentHighlights(ctx: FeatureContext, params: DocumentHighlightParams, token?: CancellationToken): Promise<DocumentHighlight[] | null> {
  const here = await occurrenceAtPosition(ctx, params, token);
  if (!here) return null;
  const { doc, occurrence } = here;
  return doc.occurrencesOf(occurrence.concept.id).map((o) => ({ range: doc.rangeOf(o), kind: DocumentHighlightKind.Text }));
}
