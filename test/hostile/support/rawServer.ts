/**
 * The language server over raw stdio, for traffic no well-behaved client library would send: bytes
 * are written as given, framed messages are parsed by hand, and the process's life is watched (exit
 * code, signal, CPU time). Server→client requests are answered as a plain editor would.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { URI } from 'vscode-uri';

const ROOT = resolve(__dirname, '..', '..', '..');

export interface JsonMessage {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export class RawServer {
  readonly process: ChildProcessWithoutNullStreams;
  readonly root: string;
  readonly folderUri: string;
  /** Every message the server sent, in order. */
  readonly received: JsonMessage[] = [];
  stderr = '';
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private nextId = 1000;
  exit?: { code: number | null; signal: NodeJS.Signals | null; at: number };

  constructor() {
    this.root = realpathSync(mkdtempSync(join(tmpdir(), 'policy-lens-hostile-')));
    this.folderUri = URI.file(this.root).toString();
    this.process = spawn(process.execPath, [join(ROOT, 'bin', 'policy-lens.js'), 'lsp', '--stdio'], {
      cwd: this.root,
      env: { ...process.env, POLICY_LENS_CACHE_DIR: join(this.root, '.cache') },
      stdio: 'pipe',
    });
    this.process.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.process.stdout.on('data', (d: Buffer) => this.onData(d));
    // A write to a server that already left is part of what these cases do: not an error of the runner.
    this.process.stdin.on('error', () => undefined);
    this.process.on('exit', (code, signal) => {
      this.exit = { code, signal, at: Date.now() };
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private onData(d: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, d]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const m = /Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (!m) throw new Error(`the server sent a header without Content-Length: ${this.buffer.subarray(0, headerEnd).toString()}`);
      const length = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + length) break;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      const msg = JSON.parse(body) as JsonMessage;
      this.received.push(msg);
      if (msg.method && msg.id !== undefined) this.answerServerRequest(msg);
    }
    this.wake();
  }

  private answerServerRequest(msg: JsonMessage): void {
    let result: unknown = null;
    if (msg.method === 'workspace/configuration') result = ((msg.params as { items?: unknown[] })?.items ?? []).map(() => ({}));
    this.send({ jsonrpc: '2.0', id: msg.id, result });
  }

  /** Writes bytes as they are. */
  write(bytes: string | Buffer): void {
    if (!this.process.stdin.destroyed && this.process.stdin.writable) this.process.stdin.write(bytes);
  }

  /** Writes `body` (any text, JSON or not) with a correct Content-Length header. */
  frame(body: string): void {
    this.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  send(msg: object): void {
    this.frame(JSON.stringify(msg));
  }

  /** Sends a request; returns its id. */
  request(method: string, params?: unknown, id: number | string = this.nextId++): number | string {
    this.send({ jsonrpc: '2.0', id, method, params });
    return id;
  }

  notify(method: string, params?: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Waits until `find` returns something (re-checked on every message and on exit); undefined after `ms`. */
  async waitFor<T>(ms: number, find: () => T | undefined): Promise<T | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((res) => {
        const timer = setTimeout(res, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          res();
        });
      });
    }
  }

  /** The response to request `id`, or undefined when none came within `ms`. */
  response(id: number | string, ms = 5_000): Promise<JsonMessage | undefined> {
    return this.waitFor(ms, () => this.received.find((m) => m.id === id && m.method === undefined && (m.result !== undefined || m.error !== undefined)));
  }

  /** Sends a request and waits for its response; throws with the server's stderr when none comes. */
  async call(method: string, params: unknown, ms = 5_000): Promise<JsonMessage> {
    const id = this.request(method, params);
    const r = await this.response(id, ms);
    if (!r) throw new Error(`no answer to ${method} within ${ms} ms${this.exit ? ` (the server exited: ${JSON.stringify(this.exit)})` : ''}\n${this.stderr.slice(-600)}`);
    return r;
  }

  async initialize(processId: number | null = process.pid): Promise<void> {
    const r = await this.call('initialize', {
      processId,
      rootUri: this.folderUri,
      workspaceFolders: [{ uri: this.folderUri, name: 'ws' }],
      capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    }, 15_000);
    if (r.error) throw new Error(`initialize failed: ${JSON.stringify(r.error)}`);
    this.notify('initialized', {});
  }

  /** Opens a document (not on disk) and returns its URI. */
  open(name: string, text: string): string {
    const uri = `${this.folderUri}/${name}`;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    return uri;
  }

  /** A hover on `数据要素` at the start of a document opened with {@link ALIVE_TEXT}: proves the server still answers, and right. */
  async stillAnswers(uri: string, ms = 5_000): Promise<void> {
    const r = await this.call('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } }, ms);
    const range = (r.result as { range?: { start: { character: number }; end: { character: number } } } | null)?.range;
    if (!range || range.start.character !== 2 || range.end.character !== 6) throw new Error(`the hover on 数据要素 answered ${JSON.stringify(r).slice(0, 300)}`);
  }

  /** Waits up to `ms` for the process to end; the exit, or undefined if it is still running. */
  async exited(ms: number): Promise<RawServer['exit']> {
    return this.waitFor(ms, () => this.exit);
  }

  /** CPU time (user + system, ms) the server process has used so far, from /proc (Linux), or undefined. */
  cpuMs(): number | undefined {
    try {
      const fields = readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
    } catch {
      return undefined;
    }
  }

  /** Ends the process if it still runs, and removes the temporary folder. */
  async dispose(): Promise<void> {
    if (!this.exit) {
      this.process.kill('SIGKILL');
      await this.exited(5_000);
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The first line of this text holds 数据要素 at characters 2–6. */
export const ALIVE_TEXT = '# 数据要素\n\n推动颠覆性技术创新。\n';

/** Starts a server, initializes it, runs `body`, and always disposes of the process. */
export async function withRawServer<T>(body: (s: RawServer) => Promise<T>, initialize = true): Promise<T> {
  const s = new RawServer();
  try {
    if (initialize) await s.initialize();
    return await body(s);
  } finally {
    await s.dispose();
  }
}
