/**
 * Custom requests and notifications between the VS Code client and the server, declared once and
 * imported by both sides (the vscode-eslint pattern). Only data shapes and method names live here.
 */
import { RequestType, NotificationType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-types';

export interface ConceptSummary {
  id: string;
  term: string;
  en: string;
  category: string;
  categoryLabel: string;
  /** The category's place in its source's frame, for ordering groups. */
  categoryOrder?: number;
  /** The source the concept cites, when not the shipped paper. */
  sourceId?: string;
  occurrences: { range: Range; text: string }[];
}

/** The concepts a document uses, for the Concepts view and the status bar. */
export namespace DocumentConceptsRequest {
  export const method = 'policyLens/documentConcepts';
  export const type = new RequestType<{ uri: string }, { uri: string; version: number; total: number; concepts: ConceptSummary[] } | null, void>(method);
}

export interface ConceptMapCategory {
  id: string;
  label: string;
  /** `anchor`: the defining paragraph in source `sourceId` (the shipped paper when absent), if it has one. */
  concepts: { id: string; term: string; en: string; anchor?: string; sourceId?: string; related: { id: string; term: string }[] }[];
}

/** The paper's concept map: category → concept → related concepts. */
export namespace ConceptMapRequest {
  export const method = 'policyLens/conceptMap';
  export const type = new RequestType<Record<string, never>, { categories: ConceptMapCategory[] }, void>(method);
}

/**
 * Where a paragraph (or a concept's defining paragraph) of a source is: of the shipped paper unless
 * `sourceId` names another source. With only `sourceId`: the top of that source (`anchor` is '').
 */
export namespace PaperLocationRequest {
  export const method = 'policyLens/paperLocation';
  export const type = new RequestType<{ anchor?: string; conceptId?: string; sourceId?: string }, { uri: string; range: Range; anchor: string; label: string; sourceId?: string } | null, void>(method);
}

/** The concept at a position (the "show concept at cursor" command). */
export namespace ConceptAtRequest {
  export const method = 'policyLens/conceptAt';
  export const type = new RequestType<{ uri: string; position: { line: number; character: number } }, { id: string; term: string; range: Range } | null, void>(method);
}

/** A document's annotations in the CLI's JSON export shape. */
export namespace AnnotationsRequest {
  export const method = 'policyLens/annotations';
  export const type = new RequestType<{ uri: string }, { files: unknown[] } | null, void>(method);
}

/** Sent when a document's concepts changed, so views refresh without polling. */
export namespace DocumentConceptsChangedNotification {
  export const method = 'policyLens/documentConceptsChanged';
  export const type = new NotificationType<{ uri: string; version: number; total: number }>(method);
}

/**
 * How the server is doing, as vscode-eslint's `eslint/status`: sent after every indexing run and
 * whenever something was left out (a file skipped, a worker failed, the persisted index rebuilt, a
 * limit reached), so a partial result is never silent. `partial`: some files are missing from
 * workspace-wide answers; `error`: indexing could not run at all. `details` are one line each.
 */
export interface StatusParams {
  state: 'ok' | 'partial' | 'error';
  /** Files in the workspace index from disk. */
  indexed: number;
  /** Files left out on purpose (too large, binary, not UTF-8, unreadable, over the file limit). */
  skipped: number;
  /** Files whose indexing failed (their annotation threw, or killed a worker twice). */
  failed: number;
  /** One line for a status bar tooltip or a log. */
  message: string;
  details: string[];
  /**
   * What the lexicon and source files of the workspace added to the shipped data, sent after every
   * (re)load; absent while the workspace has none. The Concepts view refreshes when it changes.
   */
  lexicons?: LexiconStatus;
}

export interface LexiconStatus {
  /** Lexicon files loaded (workspace and user layers). */
  lexicons: number;
  /** Source texts loaded. */
  sources: number;
  /** Concepts those lexicons hold. */
  concepts: number;
  /** Problems found in them (each also a diagnostic on its file). */
  problems: number;
  /** Increases with every reload, so a client can tell a new load from a repeated status. */
  generation: number;
  /** One line: what was loaded. */
  message: string;
}

export namespace StatusNotification {
  export const method = 'policyLens/status';
  export const type = new NotificationType<StatusParams>(method);
}
