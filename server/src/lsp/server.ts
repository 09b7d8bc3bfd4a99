/**
 * The language server: declares capabilities and routes requests to one thin feature file each.
 * Transport (stdio, node IPC, socket) is chosen from the command line by vscode-languageserver.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ResponseError,
  LSPErrorCodes,
  ErrorCodes,
  ShowMessageNotification,
  MessageType,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type CancellationToken,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { FrameGuard } from './services/frameGuard';
import { paperAnchor, sharedEngine, type Engine } from '../core/engine';
import { annotateAsync, AnnotationCancelled, type ConceptDocument, type EditHint } from '../core/document';
import type { NoticeCode } from '../core/limits';
import { MAX_DEFINITIONS } from '../core/limits';
import { WorkspaceIndex } from '../core/workspaceIndex';
import { dataDir } from '../core/dataPath';
import { CATEGORY_LABELS } from '../core/lexicon/categories';
import { toAnnotationJson } from '../core/annotationJson';
import { groupByConcept } from '../core/coverage';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';
import { WorkspaceIndexer, defaultCacheDir, MARKDOWN_EXT } from './indexer';
import { StatusReporter } from './services/statusReporter';
import { WatchedFiles } from './services/watchedFiles';
import { combineCodeActions, reportUnknownExcludes, visibleOccurrenceAt, visibleOccurrences, type FeatureContext } from './context';
import { provideHover } from './features/hover';
import { provideDefinition, paragraphLocation } from './features/definition';
import { provideReferences } from './features/references';
import { provideDocumentHighlights } from './features/documentHighlight';
import { provideDocumentSymbols } from './features/documentSymbols';
import { provideWorkspaceSymbols } from './features/workspaceSymbols';
import { SemanticTokensProvider, LEGEND } from './features/semanticTokens';
import { provideCodeLenses } from './features/codeLens';
import { provideCoverage } from './features/coverage';
import { provideCompletion } from './features/completion';
import { consistencyDiagnostics, provideCodeActions } from './features/consistency';
import { directiveDiagnostics, provideSuppressActions } from './features/suppress';
import { provideDocumentLinks, provideQuotationActions, quotationDiagnostics } from './features/quotations';
import { provideCitation } from './features/cite';
import { provideExport, provideExportFormats } from './features/export';
import { registerLexiconAuthoring, LEXICON_ACTION_KINDS, LEXICON_COMMANDS } from './features/lexiconAuthoring';
import {
  AnnotationsRequest,
  CiteRequest,
  ExportFormatsRequest,
  ExportRequest,
  ConceptAtRequest,
  ConceptMapRequest,
  CoverageRequest,
  DocumentConceptsChangedNotification,
  DocumentConceptsRequest,
  PaperLocationRequest,
  StatusNotification,
} from './protocol';

/** Options the client may pass in `initializationOptions`. */
interface InitOptions {
  /** `command`: hover links run `policyLens.openSourcePaper` (the VS Code client); default `file`. */
  paperLinks?: 'command' | 'file';
  /** Settings used when the client can't answer `workspace/configuration`. */
  settings?: unknown;
  /** Folder for the persisted workspace index (VS Code passes its storage folder); `false` turns it off. */
  cacheDir?: string | false;
}

/**
 * The connection for the transport named on the command line. Over `--stdio`, the editor's bytes pass
 * through a FrameGuard first, so a message with a wrong Content-Length costs that message and not the
 * session; console output goes to standard error, never into the protocol stream.
 */
function createServerConnection(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const guard = new FrameGuard((skipped, why) => process.stderr.write(`policy-lens: skipped ${skipped} byte(s) from the editor (${why}) and found the next message\n`));
  process.stdin.pipe(guard);
  process.stdin.on('close', () => guard.destroy());
  const toStderr = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  console.log = console.info = console.debug = console.warn = console.error = toStderr;
  return createConnection(ProposedFeatures.all, guard, process.stdout);
}

/** Starts the server on the transport named on the command line (`--stdio`, `--node-ipc`, `--socket=`). */
export function startServer(connection: Connection = createServerConnection()): void {
  // Bad input or a client that refuses a request must never take the server down.
  process.on('unhandledRejection', (reason) => {
    connection.console.error(`policy-lens: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  });
  /**
   * For each open document, how much of its start and end no change has touched since it was last
   * parsed (from the incremental change events), so an update need not compare a megabyte of text to
   * find the edit.
   */
  const untouched = new Map<string, EditHint>();
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (document, changes, version) => {
      let hint = untouched.get(document.uri) ?? { prefix: Infinity, suffix: Infinity };
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
      untouched.set(document.uri, hint);
      return current;
    },
  });
  let engine: Engine;
  /** False until `initialize`: requests before it are answered with ServerNotInitialized. */
  let initialized = false;
  let index: WorkspaceIndex;
  let indexer: WorkspaceIndexer;
  let paperDocCache: ConceptDocument | undefined;
  /** The annotated paper, made on first use (not every session needs it, and start-up should be quick). */
  const paperDoc = (): ConceptDocument => (paperDocCache ??= engine.annotate(engine.paper.markdown, paperUri));
  let paperUri = '';
  let paperLinks: 'command' | 'file' = 'file';
  let folders: WorkspaceFolder[] = [];
  let hasConfiguration = false;
  let hasWatchRegistration = false;
  let hasWorkspaceFolders = false;
  let hasDocumentChanges = false;
  const refreshSupport = { semanticTokens: false, codeLens: false };
  let status: StatusReporter;
  /** File changes on disk still being indexed: workspace-wide answers wait for them, so they are seen in order. */
  const watched = new WatchedFiles(
    (deleted, changed) => applyFileChanges(deleted, changed),
    (err) => connection.console.error(`policy-lens: indexing a changed file failed: ${err instanceof Error ? err.stack : err}`),
  );
  /** Waits for the changes announced so far, or at most `maxWaitMs` (a hover must not wait behind a checkout). */
  const indexUpdates = (maxWaitMs?: number): Promise<unknown> => {
    const idle = watched.idle();
    if (maxWaitMs === undefined || !watched.busy) return idle;
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([idle, new Promise((r) => (timer = setTimeout(r, maxWaitMs)))]).finally(() => clearTimeout(timer));
  };
  let initSettings: Settings = DEFAULT_SETTINGS;
  const settingsCache = new Map<string, Promise<Settings>>();
  /**
   * One parsed document per URI, version and text: a client that repeats a version number with new
   * text (it should not, but some do) must not get the old text's results.
   */
  const parsed = new Map<string, { version: number; text: string; doc: ConceptDocument | undefined }>();
  const tooLargeReported = new Set<string>();
  /** Per URI, the notices (nesting limit, parser fallback) already reported: once per document. */
  const noticesReported = new Map<string, Set<NoticeCode>>();
  /** Big documents being parsed in pieces, per URI: every request for that version shares the one parse. */
  const parsing = new Map<string, { version: number; text: string; done: Promise<ConceptDocument> }>();
  const semanticTokens = new SemanticTokensProvider();

  const settings = (uri: string): Promise<Settings> => {
    if (!hasConfiguration) return Promise.resolve(initSettings);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'policyLens' })
        .then(normalizeSettings, () => initSettings)
        .then((read) => (reportUnknownExcludes(connection, engine, read), read));
      settingsCache.set(uri, s);
    }
    return s;
  };

  /**
   * The ConceptDocument of an open document at its current version: parsed once per version. A text
   * longer than `ASYNC_PARSE` code units with no earlier version at hand is parsed in pieces that yield
   * to the event loop (annotateAsync), so requests about other documents are answered in between; a
   * newer version cancels the parse of an older one.
   */
  const conceptDocument = async (uri: string): Promise<ConceptDocument | undefined> => {
    for (;;) {
      const td = documents.get(uri);
      if (!td) {
        if (isPaper(uri)) return paperDoc();
        return undefined;
      }
      const cached = parsed.get(uri);
      if (cached && cached.version === td.version && cached.text === td.getText()) return cached.doc;
      const s = await settings(uri);
      const current = documents.get(uri);
      if (!current) return undefined;
      const again = parsed.get(uri);
      const text = current.getText();
      if (again && again.version === current.version && again.text === text) return again.doc;
      let doc: ConceptDocument | undefined;
      if (text.length > s.maxFileSize) {
        if (!tooLargeReported.has(uri)) {
          tooLargeReported.add(uri);
          // A notification, not window/showMessageRequest: it needs no answer, and every client has it.
          void connection.sendNotification(ShowMessageNotification.type, {
            type: MessageType.Info,
            message: l10n.t('Policy Lens skipped {0}: {1} characters is more than policyLens.maxFileSize ({2}).', fileName(uri), text.length, s.maxFileSize),
          });
        }
      } else {
        tooLargeReported.delete(uri);
        const limits = { maxFileSize: s.maxFileSize, nestingDepth: s.limits.nestingDepth };
        if (again?.doc && again.doc.limits.nestingDepth === limits.nestingDepth) {
          // Re-read only the blocks an edit touched when the previous version is at hand.
          doc = again.doc.update(text, current.version, untouched.get(uri));
        } else if (text.length <= ASYNC_PARSE) {
          doc = engine.annotate(text, uri, current.version, limits);
        } else {
          let job = parsing.get(uri);
          if (!job || job.version !== current.version || job.text !== text) {
            const version = current.version;
            job = {
              version,
              text,
              done: annotateAsync(text, engine, {
                uri,
                version,
                limits,
                pause: () => new Promise<void>((r) => setImmediate(r)),
                isCancelled: () => documents.get(uri)?.version !== version,
              }),
            };
            parsing.set(uri, job);
          }
          try {
            doc = await job.done;
          } catch (e) {
            if (e instanceof AnnotationCancelled) continue; // a newer version came: parse that one
            throw e;
          } finally {
            if (parsing.get(uri) === job) parsing.delete(uri);
          }
          // Another caller may have stored this version while we waited; a newer one may have come.
          if (documents.get(uri)?.version !== job.version) continue;
          const stored = parsed.get(uri);
          if (stored && stored.version === job.version && stored.text === text) return stored.doc;
        }
      }
      untouched.delete(uri);
      parsed.set(uri, { version: current.version, text, doc });
      if (doc) reportNotices(uri, doc);
      // The paper open in an editor is not a draft of the workspace: it stays out of the counts.
      if (doc && !isPaper(uri)) index.setOpen(doc);
      return doc;
    }
  };

  /** Tells the user, once per document and kind, what its parse had to give up (a log line and a message). */
  const reportNotices = (uri: string, doc: ConceptDocument): void => {
    if (!doc.notices.length) return;
    let seen = noticesReported.get(uri);
    if (!seen) noticesReported.set(uri, (seen = new Set()));
    for (const n of doc.notices) {
      if (seen.has(n.code)) continue;
      seen.add(n.code);
      const message =
        n.code === 'nesting-limit'
          ? l10n.t('Policy Lens read {0} in part as plain text: its Markdown is nested deeper than policyLens.limits.nestingDepth ({1}).', fileName(uri), doc.limits.nestingDepth)
          : n.code === 'definition-limit'
            ? l10n.t('Policy Lens honoured only the first {0} link reference definitions of {1}; later ones were read as comments.', MAX_DEFINITIONS, fileName(uri))
            : l10n.t('Policy Lens could not parse the Markdown of {0}; every non-blank line was read as prose.', fileName(uri));
      connection.console.warn(`policy-lens: ${message}`);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
    }
  };

  /** Whether a URI is the shipped paper, however the client spelled it (percent-encoding differs between clients). */
  const isPaper = (uri: string): boolean => uri === paperUri || URI.parse(uri).toString() === paperUri;

  const ctx = (): FeatureContext => ({
    connection,
    engine,
    index,
    get paper() {
      return paperDoc();
    },
    paperUri,
    paperLinks,
    document: conceptDocument,
    settings,
    indexUpdates,
    documentChanges: hasDocumentChanges,
  });

  /** Wraps a handler: never lets an exception kill the server, and answers cancelled requests properly. */
  function route<P, R>(name: string, handler: (c: FeatureContext, params: P, token: CancellationToken) => Promise<R> | R) {
    return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      // Let a $/cancelRequest that is already queued arrive before work starts.
      await new Promise((r) => setImmediate(r));
      if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      if (!initialized) return new ResponseError(ErrorCodes.ServerNotInitialized, `${name}: the server is not initialized yet (send initialize first)`);
      const invalid = invalidParams(params);
      if (invalid) return new ResponseError(ErrorCodes.InvalidParams, `${name}: ${invalid}`);
      try {
        return await handler(ctx(), params, token);
      } catch (e) {
        if (e instanceof ResponseError) return e;
        connection.console.error(`policy-lens: ${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
        return new ResponseError(LSPErrorCodes.RequestFailed, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const locale = (params.locale ?? '').toLowerCase();
    if (locale.startsWith('zh')) loadBundle('zh-cn');
    engine = sharedEngine();
    initialized = true;
    paperUri = URI.file(join(dataDir(), 'source', 'paper.md')).toString();
    const opts = (params.initializationOptions ?? {}) as InitOptions;
    paperLinks = opts.paperLinks === 'command' ? 'command' : 'file';
    initSettings = normalizeSettings(opts.settings);
    reportUnknownExcludes(connection, engine, initSettings);
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    hasWatchRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    hasWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
    hasDocumentChanges = !!params.capabilities.workspace?.workspaceEdit?.documentChanges;
    authoring.configure(params.capabilities);
    refreshSupport.semanticTokens = !!params.capabilities.workspace?.semanticTokens?.refreshSupport;
    refreshSupport.codeLens = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    index = new WorkspaceIndex();
    const cacheDir = opts.cacheDir === false ? undefined : typeof opts.cacheDir === 'string' ? opts.cacheDir : defaultCacheDir();
    // The shipped paper is not a draft, even when the workspace contains it (a clone of this repository).
    indexer = new WorkspaceIndexer(index, engine, cacheDir, (m) => connection.console.warn(m), {
      accept: (uri) => !isPaper(uri),
      limits: (folderUri) => settings(folderUri).then((s) => s.limits),
    });
    indexer.setFolders(folders.map((f) => f.uri));
    status = new StatusReporter(connection, () => index.diskFileCount());
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        documentSymbolProvider: { label: 'Policy Lens' },
        workspaceSymbolProvider: true,
        semanticTokensProvider: { legend: LEGEND, full: { delta: true }, range: true },
        codeLensProvider: { resolveProvider: false },
        documentLinkProvider: { resolveProvider: false },
        completionProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.policyLens', ...LEXICON_ACTION_KINDS] },
        executeCommandProvider: { commands: Object.values(LEXICON_COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'policy-lens', version: typeof POLICY_LENS_VERSION === 'string' ? POLICY_LENS_VERSION : 'dev' },
    };
  });

  connection.onInitialized(() => {
    if (hasWatchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{md,markdown,mdown,mkd}' }],
      });
    }
    if (hasWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) {
          index.removeUnder(f.uri);
          status.forgetUnder(f.uri);
        }
        folders = folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)).concat(e.added);
        indexer.setFolders(folders.map((f) => f.uri));
        void indexFolders(e.added);
      });
    }
    void indexFolders(folders);
  });

  /** Indexes every Markdown file under the folders, reporting `$/progress` while it runs. */
  async function indexFolders(list: WorkspaceFolder[]): Promise<void> {
    if (!list.length) return;
    let work: Awaited<ReturnType<typeof connection.window.createWorkDoneProgress>> | undefined;
    let lastReport = 0;
    const started = Date.now();
    let stats: Awaited<ReturnType<typeof indexer.indexFolders>> | undefined;
    try {
      stats = await indexer.indexFolders(
        list.map((f) => f.uri),
        {
          begin: (total) => {
            // The progress token is created asynchronously; reports before it exists are dropped.
            void connection.window.createWorkDoneProgress().then(
              (p) => {
                work = p;
                p.begin(l10n.t('Policy Lens: indexing drafts'), 0, `0/${total}`, false);
              },
              () => undefined,
            );
          },
          report: (done, total) => {
            if (Date.now() - lastReport < 100 && done < total) return;
            lastReport = Date.now();
            work?.report(Math.round((done / total) * 100), `${done}/${total}`);
          },
          end: () => undefined,
        },
      );
    } catch (e) {
      connection.console.error(`policy-lens: indexing failed: ${e instanceof Error ? e.stack : e}`);
    } finally {
      // Whatever happened, the progress ends. Let the token's creation finish before ending it.
      for (let i = 0; i < 50 && !work; i++) await new Promise((r) => setTimeout(r, 10));
      work?.done();
    }
    if (!stats) {
      void connection.sendNotification(StatusNotification.type, {
        state: 'error',
        indexed: index.diskFileCount(),
        skipped: 0,
        failed: 0,
        message: l10n.t('Policy Lens: indexing failed after {0} ms; see the log.', Date.now() - started),
        details: [],
      });
      return;
    }
    // The counts are what the index holds now: found, indexed (from the cache or parsed), skipped, failed.
    connection.console.log(
      `policy-lens: indexed ${stats.indexed} file(s) in ${stats.milliseconds} ms (${stats.fromCache} from the persisted index, ${stats.parsed} parsed${stats.workers ? ` in ${stats.workers} worker threads` : ''}); ${stats.skipped.length} skipped, ${stats.failed.length} failed, of ${stats.files} found`,
    );
    status.report(stats, true);
  }

  /** One slice of watched-file changes: deletions leave the index, the rest are read again (inside the workspace only). */
  async function applyFileChanges(deleted: string[], changed: string[]): Promise<void> {
    const relevant = (uri: string) => MARKDOWN_EXT.test(uri) && !isPaper(uri);
    let forgotten = false;
    for (const uri of deleted.filter(relevant)) {
      index.remove(uri);
      forgotten = status.forget(uri) || forgotten;
    }
    const toRead = changed.filter(relevant);
    for (const uri of toRead) forgotten = status.forget(uri) || forgotten;
    const stats = await indexer.indexFiles(toRead);
    if (toRead.length >= 24) {
      connection.console.log(`policy-lens: re-indexed ${stats.indexed} of ${toRead.length} changed file(s) in ${stats.milliseconds} ms (${stats.parsed} parsed${stats.workers ? ` in ${stats.workers} worker threads` : ''}); ${stats.skipped.length} skipped, ${stats.failed.length} failed`);
    }
    status.report(stats, false, forgotten);
    indexer.schedulePersist(folders.map((f) => f.uri), 2000);
  }

  connection.onDidChangeWatchedFiles((e) => watched.add(Array.isArray(e?.changes) ? e.changes : []));

  connection.onDidChangeConfiguration((change) => {
    // Clients without workspace/configuration (Neovim 0.7) push their settings here instead.
    const pushed = (change?.settings as { policyLens?: unknown } | null | undefined)?.policyLens;
    if (!hasConfiguration && pushed !== undefined) reportUnknownExcludes(connection, engine, (initSettings = normalizeSettings(pushed)));
    settingsCache.clear();
    parsed.clear();
    for (const d of documents.all()) void publishDiagnostics(d.uri);
    // Ask for fresh tokens and lenses only from clients that said they can (Neovim 0.7 can't).
    if (refreshSupport.semanticTokens) void connection.sendRequest('workspace/semanticTokens/refresh').catch(() => undefined);
    if (refreshSupport.codeLens) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  });

  const pending = new Map<string, NodeJS.Timeout>();
  /** After an edit: refresh the index entry, diagnostics and views, debounced per document. */
  function documentChanged(uri: string): void {
    clearTimeout(pending.get(uri));
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        void (async () => {
          const doc = await conceptDocument(uri);
          await publishDiagnostics(uri);
          const td = documents.get(uri);
          if (td) void connection.sendNotification(DocumentConceptsChangedNotification.type, { uri, version: td.version, total: doc ? visibleOccurrences(doc, await settings(uri)).length : 0 });
        })().catch((e) => connection.console.error(`policy-lens: update failed: ${e instanceof Error ? e.stack : e}`));
      }, 50),
    );
  }

  async function publishDiagnostics(uri: string): Promise<void> {
    const doc = await conceptDocument(uri);
    const s = await settings(uri);
    connection.sendDiagnostics({ uri, diagnostics: doc ? [...consistencyDiagnostics(doc, s), ...directiveDiagnostics(doc), ...quotationDiagnostics(doc, engine)] : [] });
  }

  documents.onDidOpen((e) => documentChanged(e.document.uri));
  documents.onDidChangeContent((e) => documentChanged(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    parsed.delete(uri);
    untouched.delete(uri);
    tooLargeReported.delete(uri);
    noticesReported.delete(uri);
    semanticTokens.forget(uri);
    index.closeOpen(uri);
    settingsCache.delete(uri);
    connection.sendDiagnostics({ uri, diagnostics: [] });
    // The disk copy (if any, and inside a workspace folder: the indexer checks the real path) takes over again.
    if (uri.startsWith('file:')) watched.add([{ uri, type: FileChangeType.Changed }]);
  });

  connection.onHover(route('hover', provideHover));
  connection.onDefinition(route('definition', provideDefinition));
  connection.onReferences(route('references', provideReferences));
  connection.onDocumentHighlight(route('documentHighlight', provideDocumentHighlights));
  connection.onDocumentSymbol(route('documentSymbol', provideDocumentSymbols));
  connection.onWorkspaceSymbol(route('workspaceSymbol', provideWorkspaceSymbols));
  connection.languages.semanticTokens.on(route('semanticTokens', (c, p, t) => semanticTokens.full(c, p, t)));
  connection.languages.semanticTokens.onDelta(route('semanticTokensDelta', (c, p, t) => semanticTokens.delta(c, p, t)));
  connection.languages.semanticTokens.onRange(route('semanticTokensRange', (c, p, t) => semanticTokens.range(c, p, t)));
  connection.onCodeLens(route('codeLens', provideCodeLenses));
  connection.onRequest(CoverageRequest.type, route('coverage', provideCoverage));
  connection.onCompletion(route('completion', provideCompletion));
  connection.onDocumentLinks(route('documentLink', provideDocumentLinks));
  connection.onRequest(CiteRequest.type, route('cite', provideCitation));
  const authoring = registerLexiconAuthoring(connection, route, { open: (uri) => documents.get(uri), folders: () => folders.map((f) => f.uri) });
  connection.onCodeAction(route('codeAction', combineCodeActions(provideCodeActions, provideSuppressActions, provideQuotationActions, authoring.provideCodeActions)));

  connection.onRequest(
    DocumentConceptsRequest.type,
    route('documentConcepts', async (c, { uri }: { uri: string }) => {
      const doc = await c.document(uri);
      if (!doc) return null;
      const s = await c.settings(uri);
      const concepts = groupByConcept(visibleOccurrences(doc, s)).map((list) => {
        const k = list[0].concept;
        return {
          id: k.id,
          term: k.term,
          en: k.en,
          category: k.category,
          categoryLabel: `${c.engine.categoryLabel(k).zh} ${c.engine.categoryLabel(k).en}`,
          occurrences: list.map((o) => ({ range: doc.rangeOf(o), text: doc.text.slice(o.start, o.end) })),
        };
      });
      return { uri, version: doc.version, total: concepts.reduce((n, k) => n + k.occurrences.length, 0), concepts };
    }),
  );
  connection.onRequest(
    ConceptMapRequest.type,
    route('conceptMap', (c) => ({
      categories: (Object.keys(CATEGORY_LABELS) as (keyof typeof CATEGORY_LABELS)[]).map((cat) => ({
        id: cat,
        label: `${CATEGORY_LABELS[cat].zh} ${CATEGORY_LABELS[cat].en}`,
        concepts: c.engine.lexicon.concepts
          .filter((k) => k.category === cat)
          .map((k) => ({
            id: k.id,
            term: k.term,
            en: k.en,
            anchor: paperAnchor(k),
            related: k.related.map((id) => c.engine.lexicon.byId(id)).filter((r) => r !== undefined).map((r) => ({ id: r.id, term: r.term })),
          })),
      })),
    })),
  );
  connection.onRequest(
    PaperLocationRequest.type,
    route('paperLocation', (c, p: { anchor?: string; conceptId?: string }) => {
      const anchor = p.anchor ?? (p.conceptId ? paperAnchor(c.engine.lexicon.byId(p.conceptId)) : undefined);
      if (!anchor) return null;
      const loc = paragraphLocation(c, anchor);
      const para = c.engine.paper.byAnchor(anchor);
      return loc && para ? { ...loc, anchor, label: `${para.labelZh} · ${para.labelEn}` } : null;
    }),
  );
  connection.onRequest(
    ConceptAtRequest.type,
    route('conceptAt', async (c, p: { uri: string; position: { line: number; character: number } }) => {
      const doc = await c.document(p.uri);
      const o = doc && visibleOccurrenceAt(doc, doc.lineIndex.offsetAt(p.position), await c.settings(p.uri));
      return doc && o ? { id: o.concept.id, term: o.concept.term, range: doc.rangeOf(o) } : null;
    }),
  );
  connection.onRequest(
    AnnotationsRequest.type,
    route('annotations', async (c, p: { uri: string }) => {
      const doc = await c.document(p.uri);
      if (!doc) return null;
      const uri = URI.parse(p.uri);
      // What the editor shows is what is exported: settings that hide concepts apply here too.
      const visible = new Set(visibleOccurrences(doc, await c.settings(p.uri)));
      return { files: [toAnnotationJson(uri.scheme === 'file' ? uri.fsPath : p.uri, doc.filtered((o) => visible.has(o)))] };
    }),
  );
  connection.onRequest(ExportFormatsRequest.type, route('exportFormats', provideExportFormats));
  connection.onRequest(ExportRequest.type, route('export', provideExport));

  documents.listen(connection);
  connection.listen();
}

declare const POLICY_LENS_VERSION: string | undefined;

/**
 * Longest open document (UTF-16 code units) parsed in one go on the main thread; a longer one is
 * parsed in pieces that yield between them (about 8 KB each, a few milliseconds), so that no request
 * about another document waits behind it for long.
 */
const ASYNC_PARSE = 200_000;

/** A document's file name, for messages. */
function fileName(uri: string): string {
  return URI.parse(uri).path.split('/').pop() || uri;
}

/** Loads the run-time string bundle for a locale (l10n/bundle.l10n.<locale>.json), if shipped. */
function loadBundle(locale: string): void {
  const file = join(dataDir(), '..', '..', 'l10n', `bundle.l10n.${locale}.json`);
  if (existsSync(file)) l10n.config({ contents: JSON.parse(readFileSync(file, 'utf8')) });
}

/** Checks the shapes every feature relies on (positions, text document identifiers); a message, or undefined. */
function invalidParams(params: unknown): string | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const p = params as { textDocument?: unknown; position?: unknown };
  if ('textDocument' in p) {
    const td = p.textDocument as { uri?: unknown } | null;
    if (!td || typeof td !== 'object' || typeof td.uri !== 'string') return 'textDocument.uri must be a string';
  }
  if ('position' in p) {
    const pos = p.position as { line?: unknown; character?: unknown } | null;
    const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    if (!pos || typeof pos !== 'object' || !ok(pos.line) || !ok(pos.character)) return 'position must have non-negative integer line and character';
  }
  return undefined;
}
