import type { DocumentHighlightParams, DocumentHighlight, CancellationToken } from 'vscode-languageserver';
import { DocumentHighlightKind } from 'vscode-languageserver';
import { checkCancelled, visibleOccurrenceAt, type FeatureContext } from '../context';

/** The occurrences, in this document, of the concept under the cursor. */
export async function provideDocumentHighlights(ctx: FeatureContext, params: DocumentHighlightParams, token?: CancellationToken): Promise<DocumentHighlight[] | null> {
  const doc = await ctx.document(params.textDocument.uri);
  checkCancelled(token);
  if (!doc) return null;
  const settings = await ctx.settings(params.textDocument.uri);
  checkCancelled(token);
  const occ = visibleOccurrenceAt(doc, doc.lineIndex.offsetAt(params.position), settings);
  if (!occ) return null;
  return doc.occurrencesOf(occ.concept.id).map((o) => ({ range: doc.rangeOf(o), kind: DocumentHighlightKind.Text }));
}
