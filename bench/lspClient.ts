/**
 * A minimal LSP client for the server measurements: spawns `node <launcher> lsp --stdio`, speaks
 * JSON-RPC over its pipes, answers the server's own requests the way an editor does, and records the
 * arrival time of what the server pushes (`$/progress`, concept-change notifications, log messages),
 * so measurements wait for real events. Every wait has a timeout that turns a hang into an error.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import {
  AbstractMessageWriter,
  createProtocolConnection,
  StreamMessageReader,
  type Message,
  type MessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

/**
 * Writes each message with one synchronous `write`: the stock StreamMessageWriter awaits between
 * header and body, which adds a turn of the event loop to every measured request.
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

/** Requests a server may send that an editor answers with null (or an empty result). */
const SERVER_REQUESTS = [
  'window/workDoneProgress/create',
  'client/registerCapability',
  'client/unregisterCapability',
  'workspace/semanticTokens/refresh',
  'workspace/codeLens/refresh',
  'workspace/diagnostic/refresh',
  'workspace/inlayHint/refresh',
  'window/showMessageRequest',
  'window/showDocument',
];

export interface SessionOptions {
  /** The launcher script (bench/.cache/dist/policy-lens.js or bin/policy-lens.js). */
  launcher: string;
  /** Workspace folders, as file: URIs. */
  workspaceFolders?: string[];
  /** Passed as `initializationOptions.cacheDir` and $POLICY_LENS_CACHE_DIR (the persisted index). */
  cacheDir?: string;
  /** Run the server under `node --cpu-prof`, writing profiles here. */
  profileDir?: string;
}

interface ProgressState {
  title?: string;
  begin?: number;
  end?: number;
}

interface Waiter {
  test: () => boolean;
  resolve: () => void;
}

/** One running server and the client side of its connection. */
export class LspSession {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly connection: ProtocolConnection;
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  readonly progress = new Map<string | number, ProgressState>();
  /** uri → the highest version announced by `policyLens/documentConceptsChanged`, with its arrival time. */
  readonly conceptsChanged = new Map<string, { version: number; at: number }>();
  /** `window/logMessage` texts and stderr, for reports and failure messages. */
  readonly log: string[] = [];
  private readonly waiters = new Set<Waiter>();
  private exited: Promise<void>;
  private exitedFlag = false;

  constructor(private readonly options: SessionOptions) {
    const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
    const env = { ...process.env };
    if (options.cacheDir) env.POLICY_LENS_CACHE_DIR = options.cacheDir;
    this.spawnedAt = performance.now();
    this.proc = spawn(process.execPath, [...nodeArgs, options.launcher, 'lsp', '--stdio'], { env, stdio: 'pipe' });
    this.exited = new Promise((resolve) => this.proc.once('exit', () => ((this.exitedFlag = true), this.notify(), resolve())));
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d: string) => this.log.push(d.trimEnd()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout), new SyncMessageWriter(this.proc.stdin));
    // Server→client requests: progress tokens, watcher registration, refreshes, configuration.
    for (const method of SERVER_REQUESTS) this.connection.onRequest(method, () => null);
    this.connection.onRequest('workspace/configuration', (params: { items?: unknown[] }) => (params.items ?? []).map(() => ({})));
    this.connection.onNotification('$/progress', (params: { token: string | number; value: { kind: string; title?: string } }) => {
      const p = this.progress.get(params.token) ?? {};
      if (params.value.kind === 'begin') Object.assign(p, { title: params.value.title, begin: performance.now() });
      if (params.value.kind === 'end') p.end = performance.now();
      this.progress.set(params.token, p);
      this.notify();
    });
    this.connection.onNotification('policyLens/documentConceptsChanged', (params: { uri: string; version: number }) => {
      const prev = this.conceptsChanged.get(params.uri);
      if (!prev || params.version >= prev.version) this.conceptsChanged.set(params.uri, { version: params.version, at: performance.now() });
      this.notify();
    });
    for (const method of ['window/logMessage', 'window/showMessage']) {
      this.connection.onNotification(method, (params: { message: string }) => {
        this.log.push(params.message);
        this.notify();
      });
    }
    this.connection.onNotification('textDocument/publishDiagnostics', () => undefined);
    this.connection.listen();
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      if (w.test()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Resolves when `test` holds (checked on every server message); rejects after `timeoutMs`. */
  waitFor(what: string, test: () => boolean, timeoutMs: number): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        test: () => test() || this.exitedFlag,
        resolve: () => {
          clearTimeout(timer);
          if (test()) resolve();
          else reject(new Error(`server exited while waiting for ${what}; log: ${this.tail()}`));
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; log: ${this.tail()}`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  tail(): string {
    return this.log.slice(-5).join(' | ').slice(-800);
  }

  /** `initialize` + `initialized`; resolves with the performance.now() the request was sent. */
  async initialize(): Promise<number> {
    const folders = this.options.workspaceFolders ?? [];
    const sent = performance.now();
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0] ?? null,
      workspaceFolders: folders.length ? folders.map((uri, i) => ({ uri, name: `ws${i}` })) : null,
      initializationOptions: this.options.cacheDir ? { cacheDir: this.options.cacheDir } : {},
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          semanticTokens: {
            requests: { full: { delta: true }, range: true },
            tokenTypes: [],
            tokenModifiers: [],
            formats: ['relative'],
          },
          synchronization: { didSave: false },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return sent;
  }

  /** Resolves with the arrival time of the `end` of the first work-done progress whose title matches. */
  async progressEnd(title: RegExp, timeoutMs: number): Promise<number> {
    let end = 0;
    await this.waitFor(
      `$/progress end of "${title.source}"`,
      () => {
        for (const p of this.progress.values()) {
          if (p.title && title.test(p.title) && p.end !== undefined) {
            end = p.end;
            return true;
          }
        }
        return false;
      },
      timeoutMs,
    );
    return end;
  }

  /** Waits until the server announced the document's concepts at `version` or later (its debounced work is done). */
  idle(uri: string, version: number, timeoutMs = 120_000): Promise<void> {
    return this.waitFor(`documentConceptsChanged ${uri}@${version}`, () => (this.conceptsChanged.get(uri)?.version ?? -1) >= version, timeoutMs);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  async request<R>(method: string, params: unknown): Promise<{ result: R; ms: number; at: number }> {
    const t = performance.now();
    const result = (await this.connection.sendRequest(method, params)) as R;
    const at = performance.now();
    return { result, ms: at - t, at };
  }

  /** Peak resident set size of the server process (VmHWM), in MB; includes its worker threads. */
  peakRssMb(): number | undefined {
    try {
      const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** CPU time the server process has used so far (user + system, all threads), in seconds. */
  cpuSeconds(): number | undefined {
    try {
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15 (clock ticks, 100 Hz on Linux).
      const stat = readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return undefined;
    }
  }

  /** shutdown + exit, then waits for the process (and its CPU profile) to finish; kills it if it hangs. */
  async close(timeoutMs = 60_000): Promise<void> {
    if (this.exitedFlag) return;
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The connection is gone already.
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
  }

  kill(): void {
    if (!this.exitedFlag) this.proc.kill('SIGKILL');
  }
}

/** Semantic tokens as absolute `[line, character, length]`, decoded from the relative encoding. */
export function decodeTokens(data: readonly number[]): { line: number; character: number; length: number }[] {
  const out: { line: number; character: number; length: number }[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const dl = data[i];
    line += dl;
    character = dl === 0 ? character + data[i + 1] : data[i + 1];
    out.push({ line, character, length: data[i + 2] });
  }
  return out;
}

/** Applies a semantic-tokens delta's edits to the previous data (edits are against the old array). */
export function applyTokenEdits(data: number[], edits: readonly { start: number; deleteCount: number; data?: number[] }[]): number[] {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  const out = [...data];
  for (const e of sorted) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}
