/**
 * Publishes diagnostics: for an open draft, the consistency hints and the directive problems of its
 * current version (debounced after edits); for a lexicon or source file, the problems found loading it
 * (from the engine host). One URI gets one list holding both, so neither overwrites the other.
 */
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { LoadProblem } from './engineHost';
import type { ConceptDocument } from '../../core/document';
import type { Settings } from '../settings';
import { consistencyDiagnostics } from '../features/consistency';
import { directiveDiagnostics } from '../features/suppress';
import { quotationDiagnostics } from '../features/quotations';
import type { Engine } from '../../core/engine';
import { visibleOccurrences } from '../context';
import { DocumentConceptsChangedNotification } from '../protocol';

export interface DiagnosticsOptions {
  connection: Connection;
  document(uri: string): Promise<ConceptDocument | undefined>;
  settings(uri: string): Promise<Settings>;
  /** The current version of an open document, or undefined when it is not open. */
  version(uri: string): number | undefined;
  /** The engine a document is annotated with (its quotations are checked against that engine's sources). */
  engine(uri: string): Engine;
  /** Diagnostics that do not come from the draft itself (a lexicon file's load problems). */
  extra(uri: string): readonly Diagnostic[];
}

/** Milliseconds after the last edit before a document's diagnostics and views are refreshed. */
const DEBOUNCE_MS = 50;

export class DiagnosticsPublisher {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: DiagnosticsOptions) {}

  /** After an edit: refresh the index entry, diagnostics and views, debounced per document. */
  documentChanged(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        void this.refresh(uri).catch((e) => this.options.connection.console.error(`policy-lens: update failed: ${e instanceof Error ? e.stack : e}`));
      }, DEBOUNCE_MS),
    );
  }

  /** Parses (if needed), publishes, and tells the client the document's concepts changed. */
  async refresh(uri: string): Promise<void> {
    const doc = await this.options.document(uri);
    await this.publish(uri);
    const version = this.options.version(uri);
    if (version !== undefined) {
      const total = doc ? visibleOccurrences(doc, await this.options.settings(uri)).length : 0;
      void this.options.connection.sendNotification(DocumentConceptsChangedNotification.type, { uri, version, total });
    }
  }

  /** Publishes a URI's diagnostics: the draft's own (when open) and any extra ones. */
  async publish(uri: string): Promise<void> {
    const open = this.options.version(uri) !== undefined;
    const doc = open ? await this.options.document(uri) : undefined;
    const own: Diagnostic[] = [];
    if (doc) {
      own.push(...consistencyDiagnostics(doc, await this.options.settings(uri)), ...directiveDiagnostics(doc));
      // A turn of the event loop between the checks: a request that came in meanwhile (the next
      // keystroke's semantic tokens) is answered before the quotation check holds the thread.
      await new Promise<void>((r) => setImmediate(r));
      // A newer version came: its own (debounced) refresh publishes; these would be stale.
      if (this.options.version(uri) !== doc.version) return;
      own.push(...quotationDiagnostics(doc, this.options.engine(uri)));
    }
    this.options.connection.sendDiagnostics({ uri, diagnostics: [...own, ...this.options.extra(uri)] });
  }

  /** A document closed: only its extra diagnostics (if any) stay. */
  closed(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    this.options.connection.sendDiagnostics({ uri, diagnostics: [...this.options.extra(uri)] });
  }
}

/** The diagnostic of a lexicon or source file's load problem, in the UI language. */
export function loadProblemDiagnostic(p: LoadProblem, zh: boolean): Diagnostic {
  return {
    range: p.range,
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'policy-lens',
    code: p.code,
    message: zh ? p.messageZh : p.message,
  };
}
