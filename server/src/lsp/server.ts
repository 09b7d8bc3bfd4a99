/**
 * The language server: declares capabilities and routes requests to one thin feature file each.
 * Transport (stdio, node IPC, socket) is chosen from the command line by vscode-languageserver.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ResponseError,
  LSPErrorCodes,
  ErrorCodes,
  ShowMessageNotification,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import type { ConceptDocument } from '../core/document';
import type { Engine } from '../core/engine';
import { SHIPPED_SOURCE_ID, type Source } from '../core/source/types';
import { dataDir } from '../core/dataPath';
import { defaultCacheDir } from './indexer';
import { FrameGuard } from './services/frameGuard';
import { EngineHost } from './services/engineHost';
import { buildEngine } from '../core/lexicon/layers';
import { useDerivedFormsStore } from '../core/lexicon/derive';
import { DiskDerivedFormsStore } from './services/derivedFormsCache';
import { SettingsStore } from './services/settingsStore';
import { DocumentStore } from './services/documentStore';
import { DiagnosticsPublisher, loadProblemDiagnostic } from './services/diagnostics';
import { WorkspaceIndexing } from './services/workspaceIndexing';
import { LiveReload } from './services/liveReload';
import { registerCustomRequests, type Route } from './customRequests';
import { combineCodeActions, reportUnknownExcludes, type FeatureContext } from './context';
import { provideHover } from './features/hover';
import { provideDefinition } from './features/definition';
import { provideReferences } from './features/references';
import { provideDocumentHighlights } from './features/documentHighlight';
import { provideDocumentSymbols } from './features/documentSymbols';
import { provideWorkspaceSymbols } from './features/workspaceSymbols';
import { SemanticTokensProvider, LEGEND } from './features/semanticTokens';
import { provideCodeLenses } from './features/codeLens';
import { provideCompletion } from './features/completion';
import { provideCodeActions } from './features/consistency';
import { provideSuppressActions } from './features/suppress';
import { provideDocumentLinks, provideQuotationActions } from './features/quotations';
import { provideCitation } from './features/cite';
import { provideExport, provideExportFormats } from './features/export';
import { provideCoverage } from './features/coverage';
import { registerLexiconAuthoring, LEXICON_ACTION_KINDS, LEXICON_COMMANDS } from './features/lexiconAuthoring';
import { CiteRequest, CoverageRequest, ExportFormatsRequest, ExportRequest } from './protocol';

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
  /** False until `initialize`: requests before it are answered with ServerNotInitialized. */
  let initialized = false;
  let zh = false;
  const engines: EngineHost = new EngineHost({
    build: buildEngine,
    settings: (folderUri) => settings.get(folderUri),
    // A lexicon open in the editor is read as it is being edited, not as last saved.
    openText: (uri): string | undefined => documents.get(uri)?.getText(),
    log: (m) => connection.console.error(m),
  });
  let reload: LiveReload;
  /** Requests and parses wait for the first load of the workspace's lexicons (not for ever: liveReload.ts). */
  const enginesReady = (): Promise<unknown> => reload.ready();
  let paperUri = '';
  let paperDocCache: ConceptDocument | undefined;
  /** The annotated paper, made on first use (not every session needs it, and start-up should be quick). */
  const paperDoc = (): ConceptDocument => (paperDocCache ??= engines.shipped.annotate(engines.shipped.paper.markdown, paperUri));
  /** Annotated source texts per engine (a workspace's lexicons tag the paper too). */
  let sourceDocs = new WeakMap<Engine, Map<string, ConceptDocument>>();
  const sourceUri = (source: Source): string => (source.id === SHIPPED_SOURCE_ID ? paperUri : (source.uri ?? `policy-lens-source:${source.id}`));
  const sourceDocument = (engine: Engine, source: Source): ConceptDocument => {
    if (engine === engines.shipped && source.id === SHIPPED_SOURCE_ID) return paperDoc();
    let docs = sourceDocs.get(engine);
    if (!docs) sourceDocs.set(engine, (docs = new Map()));
    let d = docs.get(source.id);
    if (!d) docs.set(source.id, (d = engine.annotate(source.markdown, sourceUri(source))));
    return d;
  };
  /** Whether a URI is the shipped paper, however the client spelled it (percent-encoding differs between clients). */
  const isPaper = (uri: string): boolean => uri === paperUri || URI.parse(uri).toString() === paperUri;
  let paperLinks: 'command' | 'file' = 'file';
  let hasDocumentChanges = false;
  let watchRegistration = false;
  let folderEvents = false;
  const refreshSupport = { semanticTokens: false, codeLens: false };

  const settings = new SettingsStore(connection, (uri, read) => reportUnknownExcludes(connection, uri ? engines.engineFor(uri) : engines.shipped, read));
  let workspace: WorkspaceIndexing;
  const documents: DocumentStore = new DocumentStore({
    engines,
    settings: (uri) => settings.get(uri),
    ready: enginesReady,
    notOpen: (uri) => (isPaper(uri) ? paperDoc() : undefined),
    // A lexicon's YAML is synchronised (for its diagnostics and live reload), not annotated.
    annotates: (d) => d.languageId !== 'yaml' && !/\.ya?ml$/i.test(d.uri),
    // The paper (or another source) open in an editor is not a draft of the workspace: it stays out of the counts.
    onParsed: (uri, doc) => isPaper(uri) || engines.isSource(uri) || workspace.index.setOpen(doc),
    notify: (type, message, log) => {
      if (log) connection.console.warn(`policy-lens: ${message}`);
      void connection.sendNotification(ShowMessageNotification.type, { type, message });
    },
  });
  const diagnostics = new DiagnosticsPublisher({
    connection,
    document: (uri) => documents.conceptDocument(uri),
    settings: (uri) => settings.get(uri),
    version: (uri) => documents.get(uri)?.version,
    engine: (uri) => engines.engineFor(uri),
    extra: (uri) => engines.problems(uri).map((p) => loadProblemDiagnostic(p, zh)),
  });
  const semanticTokens = new SemanticTokensProvider((uri) => documents.pending(uri));
  reload = new LiveReload({
    connection,
    engines,
    diagnostics,
    workspace: () => workspace,
    openDocuments: () => documents.all().map((d) => d.uri),
    refreshViews: () => refreshViews(),
    forgetEngines: () => {
      paperDocCache = undefined;
      sourceDocs = new WeakMap();
    },
    watchRegistration: () => watchRegistration,
  });

  /** What every handler gets: the engine of the request's document, and narrow views of the services. */
  const ctx = (uri: string | undefined): FeatureContext => ({
    connection,
    engine: uri ? engines.engineFor(uri) : engines.shipped,
    engineFor: (u) => engines.engineFor(u),
    allEngines: () => engines.engines(),
    sourceDocument: (source) => sourceDocument(uri ? engines.engineFor(uri) : engines.shipped, source),
    sourceUri,
    index: workspace.index,
    get paper() {
      return paperDoc();
    },
    paperUri,
    paperLinks,
    document: (u) => documents.conceptDocument(u),
    settings: (u) => settings.get(u),
    indexUpdates: (maxWaitMs) => workspace.updates(maxWaitMs),
    documentChanges: hasDocumentChanges,
  });

  /** Wraps a handler: never lets an exception kill the server, and answers cancelled requests properly. */
  const route: Route = (name, handler) => async (params, token) => {
    // Let a $/cancelRequest that is already queued arrive before work starts.
    await new Promise((r) => setImmediate(r));
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    if (!initialized) return new ResponseError(ErrorCodes.ServerNotInitialized, `${name}: the server is not initialized yet (send initialize first)`);
    const invalid = invalidParams(params);
    if (invalid) return new ResponseError(ErrorCodes.InvalidParams, `${name}: ${invalid}`);
    try {
      // The first load of the workspace's lexicons decides which engine answers.
      await enginesReady();
      return await handler(ctx(requestUri(params)), params, token);
    } catch (e) {
      if (e instanceof ResponseError) return e;
      connection.console.error(`policy-lens: ${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return new ResponseError(LSPErrorCodes.RequestFailed, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  /** Asks for fresh tokens and lenses, only from clients that said they can (Neovim 0.7 can't). */
  const refreshViews = (): void => {
    if (refreshSupport.semanticTokens) void connection.sendRequest('workspace/semanticTokens/refresh').catch(() => undefined);
    if (refreshSupport.codeLens) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const locale = (params.locale ?? '').toLowerCase();
    zh = locale.startsWith('zh');
    if (zh) loadBundle('zh-cn');
    initialized = true;
    paperUri = URI.file(join(dataDir(), 'source', 'paper.md')).toString();
    const opts = (params.initializationOptions ?? {}) as InitOptions;
    paperLinks = opts.paperLinks === 'command' ? 'command' : 'file';
    const caps = params.capabilities;
    authoring.configure(caps);
    settings.configure(!!caps.workspace?.configuration, opts.settings);
    hasDocumentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    refreshSupport.semanticTokens = !!caps.workspace?.semanticTokens?.refreshSupport;
    refreshSupport.codeLens = !!caps.workspace?.codeLens?.refreshSupport;
    const cacheDir = opts.cacheDir === false ? undefined : typeof opts.cacheDir === 'string' ? opts.cacheDir : defaultCacheDir();
    // Derived forms of lexicon terms seen before come from the cache folder: no OpenCC or pinyin-pro at startup.
    if (cacheDir) useDerivedFormsStore(new DiskDerivedFormsStore(cacheDir, (m) => connection.console.warn(m)));
    workspace = new WorkspaceIndexing({
      connection,
      engines,
      cacheDir,
      // The shipped paper is not a draft, even when the workspace contains it (a clone of this repository);
      // nor is a source text of a lexicon.
      isDraft: (uri) => !isPaper(uri) && !engines.isSource(uri),
      limits: (folderUri) => settings.get(folderUri).then((s) => s.limits),
    });
    workspace.setFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    engines.setFolders(workspace.folders.map((f) => f.uri));
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    folderEvents = !!caps.workspace?.workspaceFolders;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        documentSymbolProvider: { label: 'Policy Lens' },
        workspaceSymbolProvider: true,
        semanticTokensProvider: { legend: LEGEND, full: { delta: true }, range: true },
        codeLensProvider: { resolveProvider: false },
        completionProvider: { resolveProvider: false },
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.policyLens', ...LEXICON_ACTION_KINDS] },
        executeCommandProvider: { commands: Object.values(LEXICON_COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'policy-lens', version: typeof POLICY_LENS_VERSION === 'string' ? POLICY_LENS_VERSION : 'dev' },
    };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{md,markdown,mdown,mkd}' }],
      });
    }
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const folders = workspace.folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)).concat(e.added);
        engines.setFolders(folders.map((f) => f.uri));
        // The added folders are indexed with their own lexicons.
        void engines.reload().then(() => workspace.changeFolders(e.added, e.removed));
      });
    }
    void reload.start();
  });

  connection.onDidChangeWatchedFiles((e) => {
    const changes = Array.isArray(e?.changes) ? e.changes : [];
    // A lexicon or source file changed: the engine host rebuilds (debounced); the rest are drafts.
    workspace?.fileChanges(changes.filter((c) => !(c && typeof c.uri === 'string' && engines.fileChanged(c.uri))));
  });

  connection.onDidChangeConfiguration((change) => {
    // Clients without workspace/configuration (Neovim 0.7) push their settings here instead.
    settings.changed(change?.settings);
    documents.invalidate();
    // policyLens.lexicons / policyLens.sources may name other files now.
    engines.schedule();
    for (const d of documents.all()) void diagnostics.publish(d.uri);
    refreshViews();
  });

  documents.documents.onDidOpen((e) => diagnostics.documentChanged(e.document.uri));
  documents.documents.onDidChangeContent((e) => {
    if (!engines.fileChanged(e.document.uri)) diagnostics.documentChanged(e.document.uri);
  });
  documents.documents.onDidSave((e) => engines.fileChanged(e.document.uri));
  documents.documents.onDidClose((e) => {
    const uri = e.document.uri;
    documents.forget(uri);
    semanticTokens.forget(uri);
    workspace?.index.closeOpen(uri);
    settings.forget(uri);
    diagnostics.closed(uri);
    // The disk copy (if any, and inside a workspace folder: the indexer checks the real path) takes over again.
    if (engines.fileChanged(uri)) return; // a lexicon closed unsaved: its file on disk counts again
    if (uri.startsWith('file:')) workspace?.fileChanges([{ uri, type: FileChangeType.Changed }]);
  });

  // ── Routing: one line per feature (add new registrations here) ──
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
  connection.onCompletion(route('completion', provideCompletion));
  connection.onRequest(CoverageRequest.type, route('coverage', provideCoverage));
  connection.onDocumentLinks(route('documentLink', provideDocumentLinks));
  connection.onRequest(CiteRequest.type, route('cite', provideCitation));
  connection.onRequest(ExportFormatsRequest.type, route('exportFormats', provideExportFormats));
  connection.onRequest(ExportRequest.type, route('export', provideExport));
  const authoring = registerLexiconAuthoring(connection, route, { open: (uri) => documents.get(uri), folders: () => workspace.folders.map((f) => f.uri) });
  connection.onCodeAction(route('codeAction', combineCodeActions(provideCodeActions, provideSuppressActions, provideQuotationActions, authoring.provideCodeActions)));
  registerCustomRequests(connection, route);

  documents.listen(connection);
  connection.listen();
}

declare const POLICY_LENS_VERSION: string | undefined;

/** Loads the run-time string bundle for a locale (l10n/bundle.l10n.<locale>.json), if shipped. */
function loadBundle(locale: string): void {
  const file = join(dataDir(), '..', '..', 'l10n', `bundle.l10n.${locale}.json`);
  if (existsSync(file)) l10n.config({ contents: JSON.parse(readFileSync(file, 'utf8')) });
}

/** The document a request is about (`textDocument.uri`, or `uri` in the custom requests), if any. */
function requestUri(params: unknown): string | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const p = params as { textDocument?: { uri?: unknown }; uri?: unknown };
  const uri = p.textDocument?.uri ?? p.uri;
  return typeof uri === 'string' ? uri : undefined;
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
