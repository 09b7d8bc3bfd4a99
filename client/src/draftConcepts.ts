/**
 * The concepts of the draft in the active editor, as the server reports them (DocumentConceptsRequest).
 * The Concepts view and the status bar read this one model; it asks the server again when the active
 * editor changes, when the server says the document's concepts changed, and after settings changes.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentConceptsChangedNotification, DocumentConceptsRequest, type ConceptSummary } from '../../server/src/lsp/protocol';

/** One occurrence, in editor types. */
export interface DraftOccurrence {
  readonly range: vscode.Range;
  readonly text: string;
}

export interface DraftConcept {
  readonly id: string;
  readonly term: string;
  readonly en: string;
  readonly category: string;
  readonly categoryLabel: string;
  /** The category's place in its source's frame (absent from older servers). */
  readonly categoryOrder?: number;
  /** The source the concept cites, when not the shipped paper. */
  readonly sourceId?: string;
  readonly occurrences: readonly DraftOccurrence[];
}

export interface DraftConceptsState {
  readonly uri: vscode.Uri;
  readonly version: number;
  /** Occurrences of all concepts. */
  readonly total: number;
  readonly concepts: readonly DraftConcept[];
}

/** Markdown documents the server analyses: the document selector's schemes. */
export function isDraft(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

export class DraftConceptsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after {@link state} or {@link document} changed. */
  readonly onDidChange = this.changed.event;
  private readonly serverChanged = new vscode.EventEmitter<{ uri: string; version: number; total: number }>();
  /**
   * Fires when the server says any document's concepts changed. The language client keeps one handler
   * per notification method (a second `onNotification` replaces the first), so every view that follows
   * the server listens here instead of registering its own.
   */
  readonly onDidChangeServerConcepts = this.serverChanged.event;
  /** The draft being shown, or undefined when the active editor is not a draft. */
  document: vscode.Uri | undefined;
  /** The server's answer for {@link document}; undefined until it arrives, or when the server has none (too large). */
  state: DraftConceptsState | undefined;
  /** Whether the first answer for {@link document} is still awaited. */
  pending = false;
  private sequence = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(
      this.changed,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // No active text editor (a webview or settings page has focus): keep showing the last draft.
        if (editor) this.show(isDraft(editor.document) ? editor.document.uri : undefined);
      }),
      this.serverChanged,
      client.onNotification(DocumentConceptsChangedNotification.type, (p) => {
        if (this.document?.toString() === p.uri) void this.refresh();
        this.serverChanged.fire(p);
      }),
    );
    const editor = vscode.window.activeTextEditor;
    if (editor && isDraft(editor.document)) this.show(editor.document.uri);
  }

  /** Shows another document (or none); asks the server for its concepts. */
  show(uri: vscode.Uri | undefined): void {
    if (uri?.toString() === this.document?.toString()) return;
    this.document = uri;
    this.state = undefined;
    this.pending = !!uri;
    this.changed.fire();
    if (uri) void this.refresh();
  }

  /** Asks the server again for the current document's concepts. Answers to older requests are dropped. */
  async refresh(): Promise<void> {
    const uri = this.document;
    if (!uri) return;
    const sequence = ++this.sequence;
    let result;
    try {
      result = await this.client.sendRequest(DocumentConceptsRequest.type, { uri: uri.toString() });
    } catch (e) {
      // The server logs its own failures; a stopped client (reload, shutdown) is no news either.
      if (this.client.isRunning()) this.client.error('policyLens/documentConcepts failed', e, false);
      if (sequence === this.sequence && this.pending) {
        this.pending = false;
        this.changed.fire();
      }
      return;
    }
    if (sequence !== this.sequence || uri.toString() !== this.document?.toString()) return;
    this.pending = false;
    this.state = result ? { uri, version: result.version, total: result.total, concepts: result.concepts.map((c) => this.concept(c)) } : undefined;
    this.changed.fire();
  }

  private concept(c: ConceptSummary): DraftConcept {
    const p2c = this.client.protocol2CodeConverter;
    return { ...c, occurrences: c.occurrences.map((o) => ({ range: p2c.asRange(o.range), text: o.text })) };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
