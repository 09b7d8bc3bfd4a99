import type { Connection, CancellationToken, CodeAction, CodeActionParams, TextDocumentPositionParams } from 'vscode-languageserver';
import { ResponseError, LSPErrorCodes, MessageType, ShowMessageNotification } from 'vscode-languageserver';
import * as l10n from '@vscode/l10n';
import type { Engine } from '../core/engine';
import type { ConceptDocument, Occurrence } from '../core/document';
import { WorkspaceIndex } from '../core/workspaceIndex';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { CATEGORY_IDS, type Concept } from '../core/lexicon/types';
import { SHIPPED_SOURCE_ID, type Source } from '../core/source/types';
import { conceptIdsNamed, type ConceptNaming } from '../core/text/directives';

/** What every feature handler may use. Handlers stay thin: they turn core results into protocol answers. */
export interface FeatureContext {
  readonly connection: Connection;
  /** The engine of the request's document (its workspace folder's lexicons), or the shipped one. */
  readonly engine: Engine;
  /** The engine of any other document (references across folders). */
  engineFor(uri: string): Engine;
  /** Every engine in use (the shipped one first), for requests about no document (a concept by id). */
  allEngines(): readonly Engine[];
  /** A source's text, annotated (the shipped paper is {@link paper}); cached per engine and source. */
  sourceDocument(source: Source): ConceptDocument;
  /** Where a source's file is: the shipped paper's `paperUri`, or the source's own file. */
  sourceUri(source: Source): string;
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
  /**
   * Whether the client takes versioned edits (`workspace.workspaceEdit.documentChanges`). Build every
   * WorkspaceEdit with `documentEdit` (workspaceEdit.ts), which uses it.
   */
  readonly documentChanges?: boolean;
}

/**
 * Occurrences a user sees under the current settings: not of a category turned off, not of a concept
 * in `policyLens.concepts.exclude`. (The document's own directives already apply to `doc.occurrences`.)
 * The last answer per document is kept while the settings object is the same (settings are cached per URI).
 */
export function visibleOccurrences(doc: ConceptDocument, settings: Settings): readonly Occurrence[] {
  const cached = visibleCache.get(doc);
  if (cached?.settings === settings) return cached.occurrences;
  const excluded = excludedConcepts(doc, settings);
  let occurrences = doc.occurrences;
  if (settings.categories.length !== CATEGORY_IDS.length || excluded.size) {
    occurrences = occurrences.filter((o) => categoryShown(o.concept.category, settings) && !excluded.has(o.concept.id));
  }
  visibleCache.set(doc, { settings, occurrences });
  return occurrences;
}

const visibleCache = new WeakMap<ConceptDocument, { settings: Settings; occurrences: readonly Occurrence[] }>();

/** The visible occurrence at an offset, honouring the category and exclude settings. */
export function visibleOccurrenceAt(doc: ConceptDocument, offset: number, settings: Settings): Occurrence | undefined {
  const o = doc.occurrenceAt(offset);
  return o && conceptVisible(doc, o.concept, settings) ? o : undefined;
}

/** Whether the settings show a concept at all (its category is on and it is not excluded). */
export function conceptVisible(names: ConceptDocument | ConceptNaming, concept: Concept, settings: Settings): boolean {
  return categoryShown(concept.category, settings) && !excludedConcepts(names, settings).has(concept.id);
}

/**
 * Whether `policyLens.categories` lets a category through: the setting lists the shipped paper's
 * categories, so a category of another source's frame (or `other`) is always shown.
 */
function categoryShown(category: string, settings: Settings): boolean {
  return !SHIPPED_CATEGORIES.has(category) || settings.categories.includes(category as Settings['categories'][number]);
}

const SHIPPED_CATEGORIES: ReadonlySet<string> = new Set(CATEGORY_IDS);

/** The ids of the concepts `policyLens.concepts.exclude` names (ids, terms or any form), resolved by a document or the engine. */
export function excludedConcepts(names: ConceptDocument | ConceptNaming, settings: Settings): ReadonlySet<string> {
  const list = settings.concepts.exclude;
  if (!list.length) return NONE;
  let ids = excludedCache.get(list);
  if (!ids) {
    if ('conceptIdsNamed' in names) ids = names.conceptIdsNamed(list);
    else {
      ids = new Set();
      for (const n of list) for (const id of conceptIdsNamed(names, n)) ids.add(id);
    }
    excludedCache.set(list, ids);
  }
  return ids;
}

const NONE: ReadonlySet<string> = new Set();

const reportedExcludes = new WeakMap<object, Set<string>>();

/**
 * Tells the user, once per name and connection, that `policyLens.concepts.exclude` holds a name that is
 * no concept (a typo would otherwise leave its tags on without a word).
 */
export function reportUnknownExcludes(connection: Connection, engine: ConceptNaming, settings: Settings): void {
  let reported = reportedExcludes.get(connection);
  if (!reported) reportedExcludes.set(connection, (reported = new Set()));
  for (const name of settings.concepts.exclude) {
    if (reported.has(name) || conceptIdsNamed(engine, name).length) continue;
    reported.add(name);
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: l10n.t('policyLens.concepts.exclude: “{0}” names no concept of the lexicon, so nothing is excluded for it.', name),
    });
  }
}
/** Keyed by the settings' array: one resolution per settings object (an engine reload makes new settings reads too). */
const excludedCache = new WeakMap<readonly string[], Set<string>>();

/**
 * Several code action providers answering one `textDocument/codeAction` route, their actions in order.
 * A provider that fails does not take the others' actions away (the failure is logged).
 */
export function combineCodeActions(...providers: ((ctx: FeatureContext, params: CodeActionParams, token?: CancellationToken) => Promise<CodeAction[] | null>)[]) {
  return async (ctx: FeatureContext, params: CodeActionParams, token?: CancellationToken): Promise<CodeAction[] | null> => {
    let out: CodeAction[] | null = null;
    for (const provide of providers) {
      let actions: CodeAction[] | null;
      try {
        actions = await provide(ctx, params, token);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        ctx.connection.console.error(`policy-lens: a code action provider failed: ${e instanceof Error ? e.stack : String(e)}`);
        continue;
      }
      checkCancelled(token);
      if (actions) (out ??= []).push(...actions);
    }
    return out;
  };
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

/** What {@link createInMemoryContext} needs: an engine and the open documents as inline strings. */
export interface InMemoryWorkspace {
  engine: Engine;
  /** Open documents, by URI. */
  documents: Record<string, string>;
  /** Settings for every document (the defaults when absent). */
  settings?: Settings;
  /** URI of the shipped paper (default `file:///paper.md`). */
  paperUri?: string;
  paperLinks?: 'command' | 'file';
}

/**
 * A FeatureContext over inline strings, for running features in process without a server (the
 * vscode-markdown-languageservice way of testing): every document is open at version 1, the workspace
 * index holds them, and log lines are kept in `logs`.
 */
export function createInMemoryContext(ws: InMemoryWorkspace): FeatureContext & { logs: string[] } {
  const paperUri = ws.paperUri ?? 'file:///paper.md';
  const settings = ws.settings ?? DEFAULT_SETTINGS;
  const index = new WorkspaceIndex();
  const docs = new Map<string, ConceptDocument>();
  for (const [uri, text] of Object.entries(ws.documents)) {
    const doc = ws.engine.annotate(text, uri, 1);
    docs.set(uri, doc);
    index.setOpen(doc);
  }
  let paper: ConceptDocument | undefined;
  const sourceDocs = new Map<string, ConceptDocument>();
  const logs: string[] = [];
  const log = (m: string) => void logs.push(m);
  // Only the console and notifications are used by features; a stub stands in for the rest of a Connection.
  const connection = { console: { error: log, warn: log, info: log, log }, sendNotification: () => Promise.resolve() } as unknown as Connection;
  return {
    connection,
    logs,
    engine: ws.engine,
    engineFor: () => ws.engine,
    allEngines: () => [ws.engine],
    sourceDocument(source) {
      if (source.id === SHIPPED_SOURCE_ID) return this.paper;
      let d = sourceDocs.get(source.id);
      if (!d) sourceDocs.set(source.id, (d = ws.engine.annotate(source.markdown, this.sourceUri(source))));
      return d;
    },
    sourceUri: (source) => (source.id === SHIPPED_SOURCE_ID ? paperUri : (source.uri ?? `policy-lens-source:${source.id}`)),
    index,
    get paper() {
      return (paper ??= ws.engine.annotate(ws.engine.paper.markdown, paperUri));
    },
    paperUri,
    paperLinks: ws.paperLinks ?? 'file',
    document: (uri) => Promise.resolve(uri === paperUri ? (paper ??= ws.engine.annotate(ws.engine.paper.markdown, paperUri)) : docs.get(uri)),
    settings: () => Promise.resolve(settings),
    indexUpdates: () => Promise.resolve(),
    documentChanges: true,
  };
}

/** A concept's category label in its source's frame, `中文 English`, one place for every feature. */
export function categoryText(engine: Engine, concept: Concept): string {
  const l = engine.categoryLabel(concept);
  return l.zh === l.en ? l.zh : `${l.zh} ${l.en}`;
}
