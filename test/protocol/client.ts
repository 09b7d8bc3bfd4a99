/**
 * A small LSP client for protocol tests: spawns `node bin/policy-lens.js lsp --stdio` on a temporary
 * workspace built from inline Markdown strings, answers the server's own requests the way an editor
 * would, records what the server pushes (diagnostics, progress, messages, refreshes) and lets a test
 * wait for those real events. Nothing here sleeps a fixed time: every wait is for an event, with a
 * timeout only as a guard that turns a hang into a readable failure.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { after } from 'node:test';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import {
  AbstractMessageWriter,
  CancellationTokenSource,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type Diagnostic,
  type FileEvent,
  type InitializeResult,
  type Message,
  type MessageWriter,
  type ProtocolConnection,
  type Range,
  type Registration,
  type SemanticTokensLegend,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { parse as parseYaml } from 'yaml';

/** The repository root (this file is test/protocol/client.ts). */
export const ROOT = resolve(__dirname, '..', '..');
/** The shipped source paper and its URI, spelled the way the server spells it (vscode-uri). */
export const PAPER_PATH = join(ROOT, 'server', 'data', 'source', 'paper.md');
export const PAPER_URI = URI.file(PAPER_PATH).toString();

/** How long any single wait may take before the test fails with a description of what never came. */
const WAIT_TIMEOUT_MS = 15_000;

/** Settings under `policyLens.`, as a client would send them (partial: the server fills in defaults). */
export type PolicyLensSettings = Record<string, unknown>;

export interface StartOptions {
  /** Files of a single-folder workspace: relative path → Markdown text. */
  files?: Record<string, string>;
  /** A multi-root workspace instead: folder name → its files. */
  folders?: Record<string, Record<string, string>>;
  /** Existing folders (absolute paths) added to the workspace as they are: never written to. */
  existingFolders?: string[];
  /** What the client answers to `workspace/configuration` for `policyLens`; may differ per URI. */
  settings?: PolicyLensSettings | ((scopeUri: string | undefined) => PolicyLensSettings);
  initializationOptions?: unknown;
  /** Leave out `workspace.configuration` (the server then uses `initializationOptions.settings`). */
  noConfiguration?: boolean;
  /** Adjusts the client capabilities sent in `initialize` (to play a less capable editor). */
  capabilities?: (capabilities: ClientCapabilities) => void;
  /** Send only `rootUri` (the first folder), no `workspaceFolders`, as older editors do. */
  rootUriOnly?: boolean;
  /**
   * Server→client requests this client does not implement: they are answered with MethodNotFound,
   * as editors without the feature do (Neovim 0.7 has no workspace/semanticTokens/refresh, say).
   */
  unsupported?: string[];
  /** Where the server persists its workspace index (default: inside the test's temporary root). */
  cacheDir?: string;
  /** The UI language sent in `initialize` (`zh-cn` for the Chinese strings). */
  locale?: string;
}

/** One `$/progress` value, with its token. */
export interface ProgressEvent {
  token: string | number;
  value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
}

/** Everything the server sent the client, in arrival order. */
export type ServerEvent =
  | { type: 'diagnostics'; seq: number; uri: string; diagnostics: Diagnostic[] }
  | { type: 'progress'; seq: number; progress: ProgressEvent }
  | { type: 'message'; seq: number; method: 'window/showMessage' | 'window/showMessageRequest'; params: ShowMessageParams }
  | { type: 'registration'; seq: number; registration: Registration }
  | { type: 'refresh'; seq: number; method: string }
  | { type: 'configuration'; seq: number; scopeUris: (string | undefined)[] }
  | { type: 'conceptsChanged'; seq: number; uri: string; version: number; total: number };

/**
 * Writes each message with a single synchronous `write` (header and body together). The stock
 * StreamMessageWriter awaits between header and body, so a request and a `$/cancelRequest` sent in
 * the same tick could reach the server in separate reads; with this writer and a corked pipe
 * (`TestClient.batch`) they arrive together, which makes cancellation tests deterministic.
 */
class SyncMessageWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(private readonly out: Writable) {
    super();
    out.on('error', (e) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.out.write(Buffer.concat([Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii'), body]));
    return Promise.resolve();
  }

  end(): void {
    this.out.end();
  }
}

/** A workspace folder on disk. */
export interface Folder {
  name: string;
  path: string;
  uri: string;
}

/** Creates a temporary workspace and starts the server on it. Call `stop()` when done (see {@link withServer}). */
export async function startServer(options: StartOptions = {}): Promise<TestClient> {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli) || !existsSync(join(ROOT, 'dist', 'server.js'))) {
    throw new Error(`${cli} is missing: run npm run build first`);
  }
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'policy-lens-protocol-')));
  const spec = options.folders ?? { ws: options.files ?? {} };
  const folders: Folder[] = [];
  for (const [name, files] of Object.entries(spec)) {
    const path = join(root, name);
    mkdirSync(path, { recursive: true });
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(path, rel)), { recursive: true });
      writeFileSync(join(path, rel), text);
    }
    folders.push({ name, path, uri: URI.file(path).toString() });
  }
  for (const path of options.existingFolders ?? []) folders.push({ name: path.split('/').pop() ?? path, path, uri: URI.file(path).toString() });
  const client = new TestClient(root, folders, options);
  try {
    await client.initialize();
  } catch (e) {
    await client.kill();
    throw e;
  }
  return client;
}

/** Runs `body` against a fresh server and always shuts it down (shutdown + exit) afterwards. */
export async function withServer(options: StartOptions, body: (client: TestClient) => Promise<void>): Promise<void> {
  const client = await startServer(options);
  let failed = true;
  try {
    await body(client);
    failed = false;
  } finally {
    if (failed) await client.kill();
    else await client.stop();
  }
}

/**
 * One server for several tests of a file, for tests that only open documents in an empty workspace
 * with the same start options and leave the server as they found it (no settings, files or lexicons
 * changed, nothing about start-up, crashes or shutdown). Starting a server costs ≈0.4 s of CPU, and
 * most feature tests need nothing a previous test could have left behind once its documents are closed.
 *
 * Call it once at the top of the test file (it registers an `after` hook that stops the server), then
 * use the function it returns in place of {@link withServer}. Before each test the recorded events are
 * cleared, so every wait sees only what the server sent during that test; after it, the documents the
 * test opened are closed and one round trip makes sure the server has read that. A test that fails
 * takes the server down with it, and the next test starts a new one.
 */
export function sharedServer(options: StartOptions = { files: {} }): (body: (client: TestClient) => Promise<void>) => Promise<void> {
  let current: Promise<TestClient> | undefined;
  after(async () => {
    const c = await current?.catch(() => undefined);
    current = undefined;
    await c?.stop();
  });
  return async (body) => {
    current ??= startServer(options);
    let client: TestClient;
    try {
      client = await current;
    } catch (e) {
      current = undefined;
      throw e;
    }
    client.events.length = 0;
    let failed = true;
    try {
      await body(client);
      await client.closeAll();
      failed = false;
    } finally {
      if (failed) {
        current = undefined;
        await client.kill();
      }
    }
  };
}

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcessWithoutNullStreams;
  /** The answer to `initialize`. */
  initializeResult!: InitializeResult;
  /** Everything the server pushed, in order. */
  readonly events: ServerEvent[] = [];
  /** The server's stderr and `window/logMessage` output, for failure messages. */
  log = '';
  /** The settings answered to `workspace/configuration`; change them, then call {@link changeConfiguration}. */
  settings: NonNullable<StartOptions['settings']>;
  private readonly emitter = new EventEmitter();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private seq = 0;
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(
    /** The temporary directory holding every workspace folder. */
    readonly root: string,
    readonly folders: Folder[],
    private readonly options: StartOptions,
  ) {
    this.settings = options.settings ?? {};
    this.emitter.setMaxListeners(100);
    // The server persists its workspace index; keep that cache inside this test's temporary root.
    const env = { ...process.env, POLICY_LENS_CACHE_DIR: options.cacheDir ?? join(root, '.cache') };
    this.process = spawn(process.execPath, [join(ROOT, 'bin', 'policy-lens.js'), 'lsp', '--stdio'], { cwd: root, env, stdio: 'pipe' });
    this.process.stderr.setEncoding('utf8');
    this.process.stderr.on('data', (d: string) => (this.log += d));
    this.exited = new Promise((res) =>
      this.process.on('exit', (code) => {
        this.exitCode = code;
        this.emitter.emit('event');
        res(code);
      }),
    );
    // Once the server is gone and its output read, requests still waiting for an answer fail.
    this.process.on('close', () => this.connection.dispose());
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new SyncMessageWriter(this.process.stdin));
    this.listen();
  }

  private push(e: ServerEvent): void {
    this.events.push(e);
    this.emitter.emit('event');
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (p) => this.push({ type: 'diagnostics', seq: ++this.seq, uri: p.uri, diagnostics: p.diagnostics }));
    c.onNotification(ShowMessageNotification.type, (p) => this.push({ type: 'message', seq: ++this.seq, method: ShowMessageNotification.method, params: p }));
    c.onNotification(LogMessageNotification.type, (p) => {
      this.log += `[log ${p.type}] ${p.message}\n`;
      this.emitter.emit('event'); // a waiter may be watching the log for a failure
    });
    c.onNotification('policyLens/documentConceptsChanged', (p: { uri: string; version: number; total: number }) =>
      this.push({ type: 'conceptsChanged', seq: ++this.seq, ...p }),
    );
    c.onRequest(ConfigurationRequest.type, (p) => {
      this.push({ type: 'configuration', seq: ++this.seq, scopeUris: p.items.map((i) => i.scopeUri) });
      return p.items.map((item) => (item.section === 'policyLens' ? this.settingsFor(item.scopeUri) : null));
    });
    c.onRequest(RegistrationRequest.type, (p) => {
      for (const r of p.registrations) this.push({ type: 'registration', seq: ++this.seq, registration: r });
      return null;
    });
    // The server creates its progress tokens; listen to each one as an editor shows it.
    c.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
      c.onProgress(WorkDoneProgress.type, token, (value) => this.push({ type: 'progress', seq: ++this.seq, progress: { token, value } }));
      return null;
    });
    const supported = (method: string) => !this.options.unsupported?.includes(method);
    if (supported(ShowMessageRequest.method)) {
      // An editor shows the message; with no actions to choose from, the answer is null.
      c.onRequest(ShowMessageRequest.type, (p) => {
        this.push({ type: 'message', seq: ++this.seq, method: ShowMessageRequest.method, params: { type: p.type, message: p.message } });
        return null;
      });
    }
    for (const method of ['workspace/semanticTokens/refresh', 'workspace/codeLens/refresh'].filter(supported)) {
      c.onRequest(method, () => {
        this.push({ type: 'refresh', seq: ++this.seq, method });
        return null;
      });
    }
    c.onUnhandledNotification((n) => (this.log += `[unhandled notification] ${n.method}\n`));
    c.listen();
  }

  private settingsFor(scopeUri: string | undefined): PolicyLensSettings {
    return typeof this.settings === 'function' ? this.settings(scopeUri) : this.settings;
  }

  /** `initialize` + `initialized`, with the capabilities of a capable editor. */
  async initialize(): Promise<void> {
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: !this.options.noConfiguration,
        workspaceFolders: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        semanticTokens: { refreshSupport: true },
        codeLens: { refreshSupport: true },
        workspaceEdit: { documentChanges: false },
      },
      window: { workDoneProgress: true, showMessage: {} },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        publishDiagnostics: { relatedInformation: false },
        completion: { completionItem: { snippetSupport: false } },
        semanticTokens: {
          requests: { full: { delta: true }, range: true },
          tokenTypes: [],
          tokenModifiers: [],
          formats: ['relative'],
        },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
      },
    };
    // What the client does not implement, it does not declare either.
    const unsupported = this.options.unsupported ?? [];
    if (unsupported.includes(ShowMessageRequest.method)) delete capabilities.window!.showMessage;
    if (unsupported.includes('workspace/semanticTokens/refresh')) capabilities.workspace!.semanticTokens = { refreshSupport: false };
    if (unsupported.includes('workspace/codeLens/refresh')) capabilities.workspace!.codeLens = { refreshSupport: false };
    this.options.capabilities?.(capabilities);
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: this.folders[0]?.uri ?? null,
      workspaceFolders: this.options.rootUriOnly ? null : this.folders.map((f) => ({ uri: f.uri, name: f.name })),
      initializationOptions: this.options.initializationOptions,
      ...(this.options.locale && { locale: this.options.locale }),
      capabilities,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** The semantic token legend the server declared. */
  get legend(): SemanticTokensLegend {
    const provider = this.initializeResult.capabilities.semanticTokensProvider;
    if (!provider) throw new Error('the server declared no semanticTokensProvider');
    return provider.legend;
  }

  /** The file: URI of a workspace file (of the first folder unless another is named), as the server spells it. */
  uri(rel: string, folder = this.folders[0].name): string {
    return URI.file(this.path(rel, folder)).toString();
  }

  /** A URI for messages: `paper.md` for the paper, `folder/rel/path.md` inside the workspace, else the URI. */
  short(uri: string): string {
    if (uri === PAPER_URI) return 'paper.md';
    const base = URI.file(this.root).toString() + '/';
    return uri.startsWith(base) ? uri.slice(base.length) : uri;
  }

  path(rel: string, folder = this.folders[0].name): string {
    const f = this.folders.find((x) => x.name === folder);
    if (!f) throw new Error(`no workspace folder "${folder}"`);
    return join(f.path, rel);
  }

  /** Creates another folder with files under the temporary root (tell the server with didChangeWorkspaceFolders). */
  addFolder(name: string, files: Record<string, string>): Folder {
    const path = join(this.root, name);
    mkdirSync(path, { recursive: true });
    const folder = { name, path, uri: URI.file(path).toString() };
    this.folders.push(folder);
    for (const [rel, text] of Object.entries(files)) this.writeFile(rel, text, name);
    return folder;
  }

  /** Writes a file on disk (no notification: send {@link fileEvents} for that). Returns its URI. */
  writeFile(rel: string, text: string, folder?: string): string {
    const p = this.path(rel, folder);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return this.uri(rel, folder);
  }

  deleteFile(rel: string, folder?: string): string {
    unlinkSync(this.path(rel, folder));
    return this.uri(rel, folder);
  }

  /** `workspace/didChangeWatchedFiles`. */
  async fileEvents(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Opens a document (a workspace file by relative path, or any URI) at version 1. Returns its URI. */
  async open(relOrUri: string, text: string): Promise<string> {
    const uri = /^[a-z][a-z0-9+.-]*:/i.test(relOrUri) ? relOrUri : this.uri(relOrUri);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    return uri;
  }

  /** Sends incremental content changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    let text = this.texts.get(uri) ?? '';
    for (const ch of changes) text = 'range' in ch ? applyEdit(text, ch.range, ch.text) : ch.text;
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** The client's copy of an open document's text. */
  text(uri: string): string {
    const t = this.texts.get(uri);
    if (t === undefined) throw new Error(`${uri} is not open`);
    return t;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    this.texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * Closes every document this client has open, then waits for one answer from the server (which reads
   * messages in order), so the closes are done before whatever comes next.
   */
  async closeAll(): Promise<void> {
    for (const uri of [...this.texts.keys()]) await this.close(uri);
    // A method no server handles: answered at once with MethodNotFound, and nothing else happens.
    await this.connection.sendRequest('policyLensTest/roundTrip').catch(() => undefined);
    if (this.exitCode !== undefined) throw new Error(`the server exited with ${this.exitCode}\n${this.log}`);
  }

  /** `workspace/didChangeConfiguration` after changing {@link settings}. */
  async changeConfiguration(settings?: TestClient['settings']): Promise<void> {
    if (settings) this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params).catch((e: unknown) => {
      if (this.exitCode !== undefined && e instanceof Error) e.message += ` (the server exited with ${this.exitCode})\nserver log:\n${this.log}`;
      throw e;
    });
  }

  /**
   * Sends a request and its `$/cancelRequest` in one write, so the server reads both before it starts
   * the work. Resolves to what the server answered, or rejects with its ResponseError.
   */
  requestAndCancel<R>(method: string, params: unknown): Promise<R> {
    const source = new CancellationTokenSource();
    let pending!: Promise<R>;
    this.batch(() => {
      pending = this.connection.sendRequest<R>(method, params, source.token);
      source.cancel();
    });
    return pending;
  }

  /** Runs synchronous sends with the pipe to the server corked: their bytes leave in one write. */
  batch(send: () => void): void {
    this.process.stdin.cork();
    try {
      send();
    } finally {
      this.process.stdin.uncork();
    }
  }

  /**
   * Re-sends a request until its answer passes `accept`. Only for state the server changes without
   * telling the client when it is done (files changed on disk): each attempt is a full round trip, so
   * this waits on the server's progress, not on a clock.
   */
  async until<T>(what: string, ask: () => Promise<T>, accept: (answer: T) => boolean): Promise<T> {
    const deadline = Date.now() + WAIT_TIMEOUT_MS;
    let last: T;
    do {
      last = await ask();
      if (accept(last)) return last;
    } while (Date.now() < deadline && this.exitCode === undefined);
    throw new Error(`never got ${what}; last answer: ${JSON.stringify(last)}\n${this.log}`);
  }

  /** Sequence number of the last recorded event: pass it as `since` to wait for what comes after. */
  mark(): number {
    return this.seq;
  }

  /**
   * Waits until `find` returns something, re-checking on every event the server sends. Fails after a
   * guard timeout with `what` and the server's log, or at once if the server exits.
   */
  waitFor<T>(what: string, find: () => T | undefined): Promise<T> {
    return new Promise<T>((resolvePromise, reject) => {
      const check = (): boolean => {
        let found: T | undefined;
        try {
          found = find();
        } catch (e) {
          done();
          reject(e);
          return true;
        }
        if (found !== undefined) {
          done();
          resolvePromise(found);
          return true;
        }
        if (this.exitCode !== undefined) {
          done();
          reject(new Error(`server exited (code ${this.exitCode}) while waiting for ${what}\n${this.log}`));
          return true;
        }
        return false;
      };
      const onEvent = () => void check();
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${WAIT_TIMEOUT_MS} ms waiting for ${what}\nserver log:\n${this.log}`));
      }, WAIT_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        this.emitter.off('event', onEvent);
      };
      this.emitter.on('event', onEvent);
      check();
    });
  }

  /** The next diagnostics published for `uri` after event `since` (default: any, including earlier ones). */
  waitForDiagnostics(uri: string, since = 0, accept: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics for ${uri} after event #${since}`, () => {
      const e = this.events.find((x) => x.type === 'diagnostics' && x.seq > since && x.uri === uri && accept(x.diagnostics));
      return e?.type === 'diagnostics' ? e.diagnostics : undefined;
    });
  }

  /**
   * Waits until the server has analysed `uri` at `version`: its index entry, diagnostics and views are
   * up to date (the server sends `policyLens/documentConceptsChanged` last).
   */
  waitForAnalysis(uri: string, version = 1): Promise<{ total: number }> {
    return this.waitFor(`analysis of ${uri} v${version}`, () => {
      const e = this.events.find((x) => x.type === 'conceptsChanged' && x.uri === uri && x.version >= version);
      return e?.type === 'conceptsChanged' ? { total: e.total } : undefined;
    });
  }

  /** Waits for the end of the workspace indexing progress (`Policy Lens: indexing drafts`) after event `since`. */
  waitForIndexing(since = 0): Promise<ProgressEvent[]> {
    return this.waitFor('the end of the indexing progress', () => this.indexingProgress(since));
  }

  /** The progress values of an indexing run begun after event `since`, once it has ended; else undefined. */
  indexingProgress(since = 0): ProgressEvent[] | undefined {
    {
      const begin = this.events.find((e) => e.type === 'progress' && e.seq > since && e.progress.value.kind === 'begin' && /index/i.test(e.progress.value.title));
      if (begin?.type !== 'progress') return undefined;
      const token = begin.progress.token;
      const all = this.events.filter((e): e is Extract<ServerEvent, { type: 'progress' }> => e.type === 'progress' && e.progress.token === token);
      return all.some((e) => e.progress.value.kind === 'end') ? all.map((e) => e.progress) : undefined;
    }
  }

  /** The next message shown to the user (window/showMessage or window/showMessageRequest). */
  waitForMessage(accept: (m: ShowMessageParams) => boolean, since = 0): Promise<ShowMessageParams & { method: string }> {
    return this.waitFor('a window/showMessage or window/showMessageRequest', () => {
      const e = this.events.find((x) => x.type === 'message' && x.seq > since && accept(x.params));
      return e?.type === 'message' ? { method: e.method, ...e.params } : undefined;
    });
  }

  waitForRegistration(method: string): Promise<Registration> {
    return this.waitFor(`client/registerCapability of ${method}`, () => {
      const e = this.events.find((x) => x.type === 'registration' && x.registration.method === method);
      return e?.type === 'registration' ? e.registration : undefined;
    });
  }

  waitForRefresh(method: string, since = 0): Promise<void> {
    return this.waitFor(`${method}`, () => (this.events.some((x) => x.type === 'refresh' && x.method === method && x.seq > since) ? true : undefined)).then(() => undefined);
  }

  /** `shutdown` then `exit`; resolves when the process has ended with status 0, then removes the workspace. */
  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
      const code = await this.exitedWithin();
      if (code !== 0) throw new Error(`the server exited with ${code} after shutdown + exit\n${this.log}`);
    } finally {
      this.connection.dispose();
      if (this.exitCode === undefined) this.process.kill();
      rmSync(this.root, { recursive: true, force: true });
    }
  }

  /** Ends the server without the protocol (after a failed test), and removes the workspace. */
  async kill(): Promise<void> {
    this.connection.dispose();
    if (this.exitCode === undefined) {
      this.process.kill();
      await this.exited;
    }
    rmSync(this.root, { recursive: true, force: true });
  }

  private exitedWithin(): Promise<number | null> {
    return this.waitFor('the server process to exit', () => (this.exitCode !== undefined ? { code: this.exitCode } : undefined)).then((x) => x.code);
  }
}

/** Applies one LSP range edit to a text (positions in UTF-16 code units). */
export function applyEdit(text: string, range: Range, newText: string): string {
  return text.slice(0, offsetAt(text, range.start)) + newText + text.slice(offsetAt(text, range.end));
}

/** UTF-16 offset of an LSP position in `text` (LF line ends). */
export function offsetAt(text: string, pos: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + pos.character;
}

/** The LSP position of a UTF-16 offset in `text` (LF line ends). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The position of the `nth` (0-based) occurrence of `needle` in `text`, plus `delta` code units. */
export function find(text: string, needle: string, nth = 0, delta = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  return positionAt(text, at + delta);
}

/** A compact range, `line:char-line:char`, so assertions read like the editor's status bar. */
export function r(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** One decoded semantic token. */
export interface DecodedToken {
  line: number;
  char: number;
  length: number;
  type: string;
  modifiers: string[];
}

/** Decodes the 5-integer relative encoding (Δline, Δchar, length, type, modifier bits) with a legend. */
export function decodeTokens(data: readonly number[], legend: SemanticTokensLegend): DecodedToken[] {
  if (data.length % 5 !== 0) throw new Error(`semantic token data has ${data.length} integers, not a multiple of 5`);
  const out: DecodedToken[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dLine, dChar, length, type, mods] = data.slice(i, i + 5);
    line += dLine;
    char = dLine === 0 ? char + dChar : dChar;
    const modifiers = legend.tokenModifiers.filter((_, bit) => mods & (1 << bit));
    out.push({ line, char, length, type: legend.tokenTypes[type] ?? `?${type}`, modifiers });
  }
  return out;
}

/** `line:char+length type[.modifier]` for each token: readable exact assertions. */
export function tokenStrings(tokens: DecodedToken[]): string[] {
  return tokens.map((t) => `${t.line}:${t.char}+${t.length} ${t.type}${t.modifiers.map((m) => '.' + m).join('')}`);
}

/** Applies semantic token edits (a delta answer) to the previous data array. */
export function applyTokenEdits(previous: readonly number[], edits: readonly { start: number; deleteCount: number; data?: number[] }[]): number[] {
  const out = [...previous];
  // Edits refer to the previous array; apply from the back so earlier indices stay valid.
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

/** A concept as written in server/data/lexicon.yaml (read with the yaml package, not the server's loader). */
export interface LexiconEntry {
  id: string;
  term: string;
  en: string;
  aliases: string[];
  category: string;
  related: string[];
  definition: { zh: string; en: string };
  source: { defines: string };
}

let lexiconCache: LexiconEntry[] | undefined;

/** The lexicon entry of a concept, by id: tests take long definition prose from the data, not a copy of it. */
export function lexiconEntry(id: string): LexiconEntry {
  lexiconCache ??= (parseYaml(readFileSync(join(ROOT, 'server', 'data', 'lexicon.yaml'), 'utf8')) as { concepts: LexiconEntry[] }).concepts;
  const entry = lexiconCache.find((c) => c.id === id);
  if (!entry) throw new Error(`server/data/lexicon.yaml has no concept "${id}"`);
  return entry;
}

/** The lines of the shipped paper, to check locations against the file itself. */
export function paperLines(): string[] {
  return readFileSync(PAPER_PATH, 'utf8').split('\n');
}
