/**
 * The open documents: their text and versions (incremental sync), the edit hints an update needs, and
 * one parsed ConceptDocument per URI, version, text and engine (Marksman's model: a document is an
 * immutable value rebuilt per version; every feature reads the cached result). Size limits are applied
 * here: a text over `policyLens.maxFileSize` is not parsed, and the writer is told once.
 */
import { TextDocuments, MessageType, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import * as l10n from '@vscode/l10n';
import type { Engine } from '../../core/engine';
import { annotateAsync, AnnotationCancelled, keepDocumentShapes, type ConceptDocument, type EditHint } from '../../core/document';
import { MAX_DEFINITIONS, type NoticeCode } from '../../core/limits';
import type { Settings } from '../settings';
import type { EngineSource } from './engineHost';

/**
 * Longest open document (UTF-16 code units) parsed in one go on the main thread; a longer one is
 * parsed in pieces that yield between them (about 8 KB each, a few milliseconds), so that no request
 * about another document waits behind it for long.
 */
export const ASYNC_PARSE = 200_000;

/** How long a parse in pieces waits before it starts (see `conceptDocument`). */
const START_DELAY_MS = 15;

export interface DocumentStoreOptions {
  engines: EngineSource;
  settings(uri: string): Promise<Settings>;
  /** A parsed document for a URI that is not open (the shipped paper, a source file), if the server knows one. */
  notOpen?(uri: string): ConceptDocument | undefined;
  /** Resolves once the engines are loaded (the workspace's lexicons): no parse is made before. */
  ready?(): Promise<unknown>;
  /** Whether an open document is annotated at all (a lexicon's YAML is not). */
  annotates?(document: TextDocument): boolean;
  /** Called with every new parse of an open document (the workspace index takes it). */
  onParsed?(uri: string, doc: ConceptDocument): void;
  /** Tells the user something: a notification, and with `log` a line in the server log too. */
  notify(type: MessageType, message: string, log?: boolean): void;
}

interface Parsed {
  version: number;
  text: string;
  engine: Engine;
  doc: ConceptDocument | undefined;
}

export class DocumentStore {
  /**
   * For each open document, how much of its start and end no change has touched since it was last
   * parsed (from the incremental change events), so an update need not compare a megabyte of text to
   * find the edit.
   */
  private readonly untouched = new Map<string, EditHint>();
  /**
   * One parsed document per URI, version, text and engine: a client that repeats a version number with
   * new text (it should not, but some do) must not get the old text's results, and a swapped engine
   * (a lexicon reloaded) means a fresh parse.
   */
  private readonly parsed = new Map<string, Parsed>();
  /** Big documents being parsed in pieces, per URI: every request for that version shares the one parse. */
  private readonly parsing = new Map<string, { version: number; text: string; engine: Engine; done: Promise<ConceptDocument> }>();
  private readonly tooLargeReported = new Set<string>();
  /** Per URI, the notices (nesting limit, parser fallback) already reported: once per document. */
  private readonly noticesReported = new Map<string, Set<NoticeCode>>();

  readonly documents: TextDocuments<TextDocument>;

  constructor(private readonly options: DocumentStoreOptions) {
    this.documents = new TextDocuments<TextDocument>({
      create: TextDocument.create,
      update: (document, changes, version) => {
        let hint = this.untouched.get(document.uri) ?? { prefix: Infinity, suffix: Infinity };
        let current = document;
        for (const change of changes) {
          if ('range' in change && change.range) {
            const start = current.offsetAt(change.range.start);
            const end = current.offsetAt(change.range.end);
            hint = { prefix: Math.min(hint.prefix, start), suffix: Math.min(hint.suffix, current.getText().length - end) };
          } else {
            hint = { prefix: 0, suffix: 0 };
          }
          current = TextDocument.update(current, [change], version);
        }
        this.untouched.set(document.uri, hint);
        return current;
      },
    });
  }

  /** Starts listening for open, change and close notifications. */
  listen(connection: Connection): void {
    this.documents.listen(connection);
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  /** Drops what is kept about a closed document. */
  forget(uri: string): void {
    this.parsed.delete(uri);
    this.untouched.delete(uri);
    this.tooLargeReported.delete(uri);
    this.noticesReported.delete(uri);
  }

  /** Drops every parse (settings changed): the next request parses again. */
  invalidate(): void {
    this.parsed.clear();
  }

  /**
   * The ConceptDocument of an open document at its current version: parsed once per version. A text
   * longer than `ASYNC_PARSE` code units with no earlier version at hand is parsed in pieces that yield
   * to the event loop (annotateAsync), so requests about other documents are answered in between; a
   * newer version cancels the parse of an older one.
   */
  async conceptDocument(uri: string): Promise<ConceptDocument | undefined> {
    const { documents, parsed, parsing } = this;
    await this.options.ready?.();
    for (;;) {
      const td = documents.get(uri);
      if (!td) return this.options.notOpen?.(uri);
      if (this.options.annotates && !this.options.annotates(td)) return undefined;
      const cached = parsed.get(uri);
      if (cached && cached.version === td.version && cached.text === td.getText() && cached.engine === this.options.engines.engineFor(uri)) return cached.doc;
      const s = await this.options.settings(uri);
      const current = documents.get(uri);
      if (!current) return undefined;
      const engine = this.options.engines.engineFor(uri);
      const again = parsed.get(uri);
      const text = current.getText();
      if (again && again.version === current.version && again.text === text && again.engine === engine) return again.doc;
      let doc: ConceptDocument | undefined;
      if (text.length > s.maxFileSize) {
        if (!this.tooLargeReported.has(uri)) {
          this.tooLargeReported.add(uri);
          // A notification, not window/showMessageRequest: it needs no answer, and every client has it.
          this.options.notify(MessageType.Info, l10n.t('Policy Lens skipped {0}: {1} characters is more than policyLens.maxFileSize ({2}).', fileName(uri), text.length, s.maxFileSize));
        }
      } else {
        this.tooLargeReported.delete(uri);
        const limits = { maxFileSize: s.maxFileSize, nestingDepth: s.limits.nestingDepth };
        if (again?.doc && again.engine === engine && again.doc.limits.nestingDepth === limits.nestingDepth) {
          // Re-read only the blocks an edit touched when the previous version is at hand.
          doc = again.doc.update(text, current.version, this.untouched.get(uri));
        } else if (text.length <= ASYNC_PARSE) {
          doc = engine.annotate(text, uri, current.version, limits);
        } else {
          let job = parsing.get(uri);
          if (!job || job.version !== current.version || job.text !== text || job.engine !== engine) {
            const version = current.version;
            job = {
              version,
              text,
              engine,
              // A few milliseconds first: answers already computed (a viewport's range tokens from a
              // window) take several turns of the event loop to be written, and the parse's first scans
              // hold the thread for about 100 ms on a 5 MB draft.
              done: new Promise<void>((r) => setTimeout(r, START_DELAY_MS)).then(() =>
                annotateAsync(text, engine, {
                  uri,
                  version,
                  limits,
                  pause: () => new Promise<void>((r) => setImmediate(r)),
                  isCancelled: () => documents.get(uri)?.version !== version || this.options.engines.engineFor(uri) !== engine,
                }),
              ),
            };
            parsing.set(uri, job);
          }
          try {
            doc = await job.done;
          } catch (e) {
            if (e instanceof AnnotationCancelled) continue; // a newer version (or engine) came: parse that one
            throw e;
          } finally {
            if (parsing.get(uri) === job) parsing.delete(uri);
          }
          // Another caller may have stored this version while we waited; a newer one may have come.
          if (documents.get(uri)?.version !== job.version || this.options.engines.engineFor(uri) !== engine) continue;
          const stored = parsed.get(uri);
          if (stored && stored.version === job.version && stored.text === text && stored.engine === engine) return stored.doc;
        }
      }
      this.untouched.delete(uri);
      parsed.set(uri, { version: current.version, text, engine, doc });
      if (doc) {
        // A long-lived process: keep the document layer's hidden classes through idle collections.
        keepDocumentShapes(engine);
        this.reportNotices(uri, doc);
        this.options.onParsed?.(uri, doc);
      }
      return doc;
    }
  }

  /**
   * An open document whose current version has no parse yet and will be parsed in pieces (longer than
   * `ASYNC_PARSE`, with no earlier version to update from): its text, version, engine and settings,
   * so that a request for a small part of it (the viewport's semantic tokens) can be answered from a
   * window before the full parse ends. Undefined when the parse is at hand or would be quick.
   */
  async pending(uri: string): Promise<{ text: string; version: number; engine: Engine; settings: Settings } | undefined> {
    const td = this.documents.get(uri);
    if (!td || td.getText().length <= ASYNC_PARSE) return undefined;
    if (this.options.annotates && !this.options.annotates(td)) return undefined;
    await this.options.ready?.();
    const s = await this.options.settings(uri);
    const current = this.documents.get(uri);
    if (!current) return undefined;
    const text = current.getText();
    const engine = this.options.engines.engineFor(uri);
    if (text.length > s.maxFileSize || text.length <= ASYNC_PARSE) return undefined;
    const cached = this.parsed.get(uri);
    if (cached && cached.engine === engine && (cached.doc || cached.version === current.version)) return undefined;
    return { text, version: current.version, engine, settings: s };
  }

  /** Tells the user, once per document and kind, what its parse had to give up (a log line and a message). */
  private reportNotices(uri: string, doc: ConceptDocument): void {
    if (!doc.notices.length) return;
    let seen = this.noticesReported.get(uri);
    if (!seen) this.noticesReported.set(uri, (seen = new Set()));
    for (const n of doc.notices) {
      if (seen.has(n.code)) continue;
      seen.add(n.code);
      const message =
        n.code === 'nesting-limit'
          ? l10n.t('Policy Lens read {0} in part as plain text: its Markdown is nested deeper than policyLens.limits.nestingDepth ({1}).', fileName(uri), doc.limits.nestingDepth)
          : n.code === 'definition-limit'
            ? l10n.t('Policy Lens honoured only the first {0} link reference definitions of {1}; later ones were read as comments.', MAX_DEFINITIONS, fileName(uri))
            : l10n.t('Policy Lens could not parse the Markdown of {0}; every non-blank line was read as prose.', fileName(uri));
      this.options.notify(MessageType.Warning, message, true);
    }
  }
}

/** A document's file name, for messages. */
export function fileName(uri: string): string {
  return URI.parse(uri).path.split('/').pop() || uri;
}
