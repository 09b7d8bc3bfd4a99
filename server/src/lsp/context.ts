import type { Connection, CancellationToken, TextDocumentPositionParams } from 'vscode-languageserver';
import { ResponseError, LSPErrorCodes } from 'vscode-languageserver';
import type { Engine } from '../core/engine';
import type { ConceptDocument, Occurrence } from '../core/document';
import type { WorkspaceIndex } from '../core/workspaceIndex';
import type { Settings } from './settings';

/** What every feature handler may use. Handlers stay thin: they turn core results into protocol answers. */
export interface FeatureContext {
  readonly connection: Connection;
  readonly engine: Engine;
  readonly index: WorkspaceIndex;
  /** The annotated source paper (for references into it). */
  readonly paper: ConceptDocument;
  /** file: URI of the shipped paper.md. */
  readonly paperUri: string;
  /** How links to the paper are written: VS Code gets command links that open its paper viewer. */
  readonly paperLinks: 'command' | 'file';
  /** The parsed document for an open URI at its current version, or undefined (not open, too large). */
  document(uri: string): Promise<ConceptDocument | undefined>;
  settings(uri: string): Promise<Settings>;
  /**
   * Resolves when file changes already announced by the client are in the index, or after at most
   * `maxWaitMs` (for answers that may show slightly older counts rather than wait behind a checkout).
   */
  indexUpdates(maxWaitMs?: number): Promise<unknown>;
}

/** Occurrences a user sees under the current settings (categories they turned off are hidden). */
export function visibleOccurrences(doc: ConceptDocument, settings: Settings): readonly Occurrence[] {
  if (settings.categories.length === 4) return doc.occurrences;
  const on = new Set(settings.categories);
  return doc.occurrences.filter((o) => on.has(o.concept.category));
}

/** The visible occurrence at an offset, honouring the category setting. */
export function visibleOccurrenceAt(doc: ConceptDocument, offset: number, settings: Settings): Occurrence | undefined {
  const o = doc.occurrenceAt(offset);
  return o && settings.categories.includes(o.concept.category) ? o : undefined;
}

/** Throws the protocol's RequestCancelled error when the client cancelled. Call after every await. */
export function checkCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/**
 * An open document at its current version with its settings: the start of every feature. Undefined
 * when the document isn't open (or is too large). Checks for cancellation after each await.
 */
export async function documentWithSettings(
  ctx: FeatureContext,
  uri: string,
  token?: CancellationToken,
): Promise<{ doc: ConceptDocument; settings: Settings } | undefined> {
  const doc = await ctx.document(uri);
  checkCancelled(token);
  if (!doc) return undefined;
  const settings = await ctx.settings(uri);
  checkCancelled(token);
  return { doc, settings };
}

/**
 * The document, its settings and the visible occurrence under the cursor: the start of every feature
 * that answers about "the concept here". Undefined when the document isn't open (or is too large) or
 * no concept is under the cursor.
 */
export async function occurrenceAtPosition(
  ctx: FeatureContext,
  params: TextDocumentPositionParams,
  token?: CancellationToken,
): Promise<{ doc: ConceptDocument; settings: Settings; occurrence: Occurrence } | undefined> {
  const opened = await documentWithSettings(ctx, params.textDocument.uri, token);
  if (!opened) return undefined;
  const occurrence = visibleOccurrenceAt(opened.doc, opened.doc.lineIndex.offsetAt(params.position), opened.settings);
  return occurrence && { ...opened, occurrence };
}
