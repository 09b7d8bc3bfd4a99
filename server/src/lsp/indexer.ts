/**
 * Fills the workspace index from disk: lists the Markdown files of the workspace folders, reuses
 * summaries from the persisted index when a file's content key is unchanged, and annotates the rest in
 * worker threads (or, where workers are unavailable, on this thread in slices that yield). The
 * persisted index is keyed by content and by the engine's signature, so it is never stale.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { cpus, homedir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Engine } from '../core/engine';
import { createHash } from 'node:crypto';
import { contentKey } from '../core/contentKey';
import { decodeDraft } from '../core/text/decode';
import {
  indexedFileFromJson,
  indexedFileToJson,
  summarize,
  type IndexedFileJson,
  type WorkspaceIndex,
} from '../core/workspaceIndex';
import type { IndexJob, IndexResult } from './indexWorker';

/** Folders never indexed: dependencies and VCS metadata. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test']);
export const MARKDOWN_EXT = /\.(md|markdown|mdown|mkd)$/i;
/** Files larger than this are not indexed (they are still annotated when opened, up to maxFileSize). */
const MAX_INDEXED_BYTES = 30_000_000;
/** Below this many files to parse, starting workers costs more than it saves. */
const WORKER_THRESHOLD = 24;
const BATCH = 16;
/** Files read at once from disk. */
const READ_CONCURRENCY = 32;

export interface IndexProgress {
  begin(total: number): void;
  report(done: number, total: number): void;
  end(): void;
}

export interface IndexStats {
  files: number;
  fromCache: number;
  parsed: number;
  /** Worker threads that parsed (0: parsed on the server's own thread). */
  workers: number;
  milliseconds: number;
}

/** Where the persisted index lives: the client's storage, `$POLICY_LENS_CACHE_DIR`, or the XDG cache. */
export function defaultCacheDir(): string {
  if (process.env.POLICY_LENS_CACHE_DIR) return process.env.POLICY_LENS_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'policy-lens');
}

export class WorkspaceIndexer {
  private persisted = new Map<string, IndexedFileJson>();
  private persistTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly engine: Engine,
    private readonly cacheDir: string | undefined,
    private readonly log: (message: string) => void,
    /** Which files belong in the index at all. */
    private readonly accept: (uri: string) => boolean = () => true,
  ) {}

  /** Indexes every Markdown file under the folders (file: URIs). */
  async indexFolders(folderUris: string[], progress?: IndexProgress): Promise<IndexStats> {
    const started = Date.now();
    const paths: string[] = [];
    for (const f of folderUris) {
      const uri = URI.parse(f);
      if (uri.scheme === 'file') await listMarkdown(uri.fsPath, paths);
    }
    const stats: IndexStats = { files: paths.length, fromCache: 0, parsed: 0, workers: 0, milliseconds: 0 };
    if (!paths.length) return stats;
    progress?.begin(paths.length);
    await this.loadPersisted(folderUris);
    let done = 0;
    const onParsed = (files: IndexedFileJson[]) => {
      for (const f of files) this.index.put(indexedFileFromJson(f));
      stats.parsed += files.length;
      done += files.length;
      progress?.report(done, paths.length);
    };
    // Files to annotate go to worker threads as soon as there are enough of them to be worth starting
    // workers, so parsing overlaps reading instead of waiting for the last file to be read.
    let pool: WorkerPool | undefined;
    const toParse: IndexJob['files'] = [];
    // Read concurrently; an unchanged file is recognised by a hash of its bytes, without decoding it.
    for (let b = 0; b < paths.length; b += READ_CONCURRENCY) {
      const batch = paths.slice(b, b + READ_CONCURRENCY);
      const read = await Promise.all(batch.map((path) => (this.accept(URI.file(path).toString()) ? readBytes(path) : undefined)));
      batch.forEach((path, k) => {
        const bytes = read[k];
        const uri = URI.file(path).toString();
        if (!bytes) {
          done++;
          return;
        }
        const key = bytesKey(bytes);
        const known = this.index.cached(uri, key) ?? fromPersisted(this.persisted.get(uri), key);
        if (known) {
          this.index.put(known);
          stats.fromCache++;
          done++;
          return;
        }
        const text = decode(bytes);
        if (text === undefined) done++;
        else toParse.push({ uri, key, text });
      });
      if (!pool && toParse.length >= WORKER_THRESHOLD && existsSync(workerScript())) pool = new WorkerPool(workerScript(), onParsed, (m) => this.log(m));
      if (pool) pool.add(toParse.splice(0));
    }
    progress?.report(done, paths.length);
    if (pool) {
      stats.workers = pool.size;
      await pool.finish();
    } else {
      for (const f of toParse) {
        onParsed([indexedFileToJson(summarize(this.engine.annotate(f.text, f.uri), f.key))]);
        await new Promise((r) => setImmediate(r)); // yield to requests between files
      }
    }
    progress?.end();
    stats.milliseconds = Date.now() - started;
    this.schedulePersist(folderUris);
    return stats;
  }

  /** Re-indexes one file after a change on disk. */
  async indexFile(uri: string): Promise<void> {
    const u = URI.parse(uri);
    if (u.scheme !== 'file' || !this.accept(uri)) return;
    const bytes = await readBytes(u.fsPath);
    const text = bytes && decode(bytes);
    if (!bytes || text === undefined) {
      this.index.remove(uri);
      return;
    }
    const key = bytesKey(bytes);
    if (this.index.cached(uri, key)) return;
    this.index.put(summarize(this.engine.annotate(text, uri), key));
  }

  private cacheFile(folderUris: string[]): string | undefined {
    if (!this.cacheDir) return undefined;
    return join(this.cacheDir, `index-${contentKey([...folderUris].sort().join('\n')).replace(':', '-')}.json`);
  }

  private async loadPersisted(folderUris: string[]): Promise<void> {
    const file = this.cacheFile(folderUris);
    if (!file) return;
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as { signature: string; files: IndexedFileJson[] };
      if (data.signature !== this.engine.signature) return;
      for (const f of data.files) this.persisted.set(f.uri, f);
    } catch {
      // No cache yet, or an unreadable one: index from scratch.
    }
  }

  /** Persists the disk summaries a little after the last change (and right away after a full index). */
  schedulePersist(folderUris: string[], delay = 0): void {
    const file = this.cacheFile(folderUris);
    if (!file) return;
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => {
      const files = [...this.index.diskFiles()].map(indexedFileToJson);
      const body = JSON.stringify({ signature: this.engine.signature, files });
      const tmp = `${file}.${process.pid}.tmp`;
      mkdir(this.cacheDir!, { recursive: true })
        .then(() => writeFile(tmp, body))
        .then(() => rename(tmp, file))
        .catch((e) => this.log(`policy-lens: could not persist the index: ${e instanceof Error ? e.message : e}`));
    }, delay);
    this.persistTimer.unref?.();
  }
}

/**
 * Worker threads that annotate files in batches, one worker per core (the main thread only reads files
 * and merges summaries), at most four. Files can be added while earlier batches are being parsed.
 */
class WorkerPool {
  private readonly pending: IndexJob['files'] = [];
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[];
  private busy = 0;
  private jobId = 0;
  private finished?: () => void;
  private failed?: (e: unknown) => void;
  private error: unknown;

  constructor(
    script: string,
    private readonly onParsed: (files: IndexedFileJson[]) => void,
    private readonly log: (message: string) => void,
  ) {
    const count = Math.max(1, Math.min(4, cpus().length));
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(script);
      worker.on('message', (result: IndexResult) => {
        if (result.error) this.log(`policy-lens: indexing error: ${result.error}`);
        this.busy--;
        this.idle.push(worker);
        this.onParsed(result.files);
        this.pump();
      });
      worker.on('error', (e) => {
        this.error ??= e;
        this.failed?.(e);
      });
      this.idle.push(worker);
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  add(files: IndexJob['files']): void {
    for (const f of files) this.pending.push(f);
    this.pump();
  }

  /** Resolves when every added file is parsed; the workers are then stopped. */
  async finish(): Promise<void> {
    try {
      await new Promise<void>((resolve, reject) => {
        if (this.error !== undefined) return reject(this.error);
        this.finished = resolve;
        this.failed = reject;
        this.pump();
      });
    } finally {
      await Promise.all(this.workers.map((w) => w.terminate()));
    }
  }

  private pump(): void {
    while (this.idle.length && this.pending.length) {
      const worker = this.idle.pop()!;
      this.busy++;
      worker.postMessage({ id: this.jobId++, files: this.pending.splice(0, BATCH) } satisfies IndexJob);
    }
    if (this.finished && !this.busy && !this.pending.length) this.finished();
  }
}

/**
 * A file's key from its raw bytes, so an unchanged file is recognised without decoding it: SHA-1 in
 * native code (an FNV hash in JavaScript was a sixth of a restart's time).
 */
function bytesKey(bytes: Uint8Array): string {
  return `b${bytes.length}:${createHash('sha1').update(bytes).digest('base64url')}`;
}

function fromPersisted(j: IndexedFileJson | undefined, key: string) {
  return j && j.key === key ? indexedFileFromJson(j) : undefined;
}

function workerScript(): string {
  return join(__dirname, 'indexWorker.js');
}

/** Reads a file's bytes; undefined for what can't be indexed (not a file, too large, gone). */
async function readBytes(path: string): Promise<Uint8Array | undefined> {
  try {
    const s = await stat(path);
    if (!s.isFile() || s.size > MAX_INDEXED_BYTES) return undefined;
    return await readFile(path);
  } catch {
    return undefined;
  }
}

/** UTF-8 text, or undefined for a binary or non-UTF-8 file (not indexed). */
function decode(bytes: Uint8Array): string | undefined {
  const draft = decodeDraft(bytes);
  return 'text' in draft ? draft.text : undefined;
}

async function listMarkdown(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await listMarkdown(join(dir, e.name), out);
    } else if (e.isFile() && MARKDOWN_EXT.test(e.name)) {
      out.push(join(dir, e.name));
    }
  }
}
