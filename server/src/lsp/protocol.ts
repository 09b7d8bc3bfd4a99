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

/**
 * The coverage picture of a document (the coverage webview): its concepts against the paper's frame,
 * section × concept, co-occurrence, labels in `lang`; and every visible occurrence with its concept and
 * heatmap row, so a click on a cell or a node can reveal them.
 */
export namespace CoverageRequest {
  export const method = 'policyLens/coverage';
  export const type = new RequestType<{ uri: string; lang?: string }, CoverageResult | null, void>(method);
}

export interface CoverageResult {
  uri: string;
  version: number;
  /** A `CoveragePicture` (server/src/core/coverage.ts); rows are the draft's sections. */
  picture: import('../core/coverage').CoveragePicture;
  occurrences: { concept: string; row: number; range: Range; text: string }[];
}

/** An export format of the core's registry (server/src/core/export/registry.ts), as the client lists it. */
export type { ExportFormatInfo } from '../core/export/registry';

/** The export formats, in the registry's order, with bilingual labels, extensions and offset units. */
export namespace ExportFormatsRequest {
  export const method = 'policyLens/exportFormats';
  export const type = new RequestType<Record<string, never>, { formats: import('../core/export/registry').ExportFormatInfo[] }, void>(method);
}

/**
 * A document exported in one format: the files the exporter wrote (one, or several for brat, csv,
 * cooccurrence), named for the document, with the number of annotations. Null when the document is
 * not open or too large; an unknown format is an InvalidParams error.
 */
export namespace ExportRequest {
  export const method = 'policyLens/export';
  export const type = new RequestType<{ uri: string; format: string }, { format: string; files: { name: string; content: string }[]; annotations: number } | null, void>(method);
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

/**
 * A source's citation (the "Copy citation" command): by source id (default: the shipped paper), with a
 * paragraph anchor as the locator, or the defining paragraph of a concept. Null when the source, the
 * anchor or the concept is unknown.
 */
export namespace CiteRequest {
  export const method = 'policyLens/cite';
  export type Style = 'gbt7714' | 'bibtex' | 'csl-json';
  export interface Params {
    style: Style;
    source?: string;
    anchor?: string;
    conceptId?: string;
  }
  export interface Result {
    style: Style;
    text: string;
    source: string;
    anchor?: string;
  }
  export const type = new RequestType<Params, Result | null, void>(method);
}
