/**
 * Fills the workspace index from disk: lists the Markdown files of the workspace folders (up to
 * `policyLens.limits.maxFiles` per folder), reuses summaries from the persisted index when a file's
 * content key is unchanged, and annotates the rest in worker threads (or, for a few small files, on
 * this thread in slices that yield). The persisted index is keyed by content and by the engine's
 * signature, so it is never stale, and every entry is checked before it is trusted.
 *
 * Nothing here fails silently: a file that can't be read or annotated, a worker that dies, a damaged
 * cache entry and a limit reached all end up in {@link IndexStats}, which the server turns into a
 * `policyLens/status` notification.
 */
import { Worker } from 'node:worker_threads';
import { close as closeFd, closeSync, constants, existsSync, fstat as fstatFd, fstatSync, open as openFd, openSync, read as readFd, readSync, statSync, type Stats } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { cpus, homedir } from 'node:os';
import { dirname, join, parse as parsePath, resolve, sep } from 'node:path';
import { URI } from 'vscode-uri';
import type { Engine } from '../core/engine';
import type { BuildInput, EngineSource } from './services/engineHost';
import { createHash, randomBytes } from 'node:crypto';
import { contentKey } from '../core/contentKey';
import { decodeDraft } from '../core/text/decode';
import {
  indexedFileFromJson,
  indexedFileToJson,
  invalidIndexedFileJson,
  lastLineOf,
  summarize,
  type IndexedFileJson,
  type WorkspaceIndex,
} from '../core/workspaceIndex';
import type { IndexJob, IndexResult } from './indexWorker';
import { faultFor, faults } from './fault';
import { DEFAULT_SETTINGS } from './settings';

/** Folders never indexed: dependencies and VCS metadata. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test']);
/** Also never walked when a workspace folder is the file-system root. */
const SKIP_AT_ROOT = new Set(['proc', 'sys', 'dev', 'run', 'tmp', 'var', 'usr', 'lib', 'lib64', 'bin', 'sbin', 'boot', 'snap']);
export const MARKDOWN_EXT = /\.(md|markdown|mdown|mkd)$/i;
/**
 * Below this many files in a run, the files of a folder with its own lexicons are annotated on this
 * thread: each worker would have to build that engine again (deriving pinyin and traditional forms
 * took 6.7 s for a two-concept lexicon on the 2-core test machine).
 */
const WORKER_ENGINE_FILES = 1000;
/** Below this many files (and bytes) to parse, starting workers costs more than it saves. */
const WORKER_THRESHOLD = 24;
/** …but this much text is parsed in a worker even for one file: it would block requests for too long here. */
const WORKER_BYTES = 512 * 1024;
const BATCH = 16;
/** Files read at once from disk. */
const READ_CONCURRENCY = 32;
/**
 * A batch of files is read with synchronous calls (2,000 small files: ~0.1 s, against ~0.65 s through
 * the thread pool, whose per-call cost on this thread dominated a restart) while every file so far was
 * unchanged (a restart) and until two batches in a row take longer than this (a first batch on a cold
 * cache and a busy machine can): a slow disk or a network share is then read asynchronously for the
 * rest of the run, so requests are never held long.
 */
const SYNC_READ_BATCH_MS = 50;
/** A worker job (a batch of up to {@link BATCH} files) that takes longer than this is abandoned as a hang. */
const JOB_TIMEOUT_MS = 120_000;
/** Idle index workers are stopped after this long (the next run starts fresh ones). */
const POOL_IDLE_MS = 5000;
/** Heap of one index worker; a file that needs more fails alone instead of taking the server down. */
const WORKER_HEAP_MB = 1024;
/** The persisted index's format: a header line, then one `sha1 json` line per file. */
const CACHE_FORMAT = 'policy-lens-index';
const CACHE_VERSION = 2;

export interface IndexProgress {
  begin(total: number): void;
  report(done: number, total: number): void;
  end(): void;
}

/** Per workspace folder: how much of it is indexed (`policyLens.limits`). */
export interface IndexLimits {
  /** Files indexed per workspace folder. */
  maxFiles: number;
  /** Files larger than this many bytes are not indexed (they are still annotated when opened). */
  indexMaxFileSize: number;
}

export type SkipReason = 'too-large' | 'binary' | 'not-utf8' | 'unreadable' | 'outside';

export interface IndexStats {
  /** Markdown files found (within the limits). */
  files: number;
  /** Files now in the index from this run: `fromCache + parsed`. */
  indexed: number;
  fromCache: number;
  parsed: number;
  /** Files not indexed on purpose (too large, binary, not UTF-8, unreadable), with the reason. */
  skipped: { uri: string; reason: SkipReason }[];
  /** Files whose annotation failed (threw, or killed a worker twice), with the error. */
  failed: { uri: string; error: string }[];
  /** Files that disappeared between the listing and the reading (not counted anywhere else). */
  vanished: number;
  /** Worker threads that parsed (0: parsed on the server's own thread). */
  workers: number;
  /** Worker threads that died (crash, out of memory, hang) and were replaced or given up. */
  workerFailures: string[];
  /** Files parsed on this thread after the workers had failed too often. */
  fellBack: number;
  /** Entries of the persisted index found damaged and dropped (their files were re-indexed). */
  cacheDropped: number;
  /** Why the persisted index could not be used or written, if so. */
  cacheProblem?: string;
  /** Folders indexed only in part: the file limit was reached, or the folder is a root or home folder. */
  limited: { folder: string; maxFiles: number; reached: boolean; broad: 'root' | 'home' | undefined }[];
  milliseconds: number;
}

function emptyStats(): IndexStats {
  return { files: 0, indexed: 0, fromCache: 0, parsed: 0, skipped: [], failed: [], vanished: 0, workers: 0, workerFailures: [], fellBack: 0, cacheDropped: 0, limited: [], milliseconds: 0 };
}

/** Where the persisted index lives: the client's storage, `$POLICY_LENS_CACHE_DIR`, or the XDG cache. */
export function defaultCacheDir(): string {
  if (process.env.POLICY_LENS_CACHE_DIR) return process.env.POLICY_LENS_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'policy-lens');
}

export interface IndexerOptions {
  /** Which files belong in the index at all (the shipped paper does not). */
  accept?: (uri: string) => boolean;
  /** The limits for a workspace folder (settings are read per resource). */
  limits?: (folderUri: string) => Promise<IndexLimits>;
  /** Read files synchronously while that is fast (the default); false: always through the thread pool. */
  syncReads?: boolean;
}

export const DEFAULT_LIMITS: IndexLimits = DEFAULT_SETTINGS.limits;

interface ToParse {
  uri: string;
  key: string;
  text: string;
  /** The key of the engine inputs a worker builds this file's engine from (absent: the shipped engine). */
  engine?: string;
}

export class WorkspaceIndexer {
  private persisted = new Map<string, IndexedFileJson>();
  /** Files of the current {@link indexFolders} run taken from the persisted index. */
  private persistedHits = 0;
  /** The engine signature each file's index entry was made with: an entry of another engine is stale. */
  private readonly madeWith = new Map<string, string>();
  private persistTimer: NodeJS.Timeout | undefined;
  private pendingPersist: (() => void) | undefined;
  private pool: WorkerPool | undefined;
  private persisting: Promise<void> = Promise.resolve();
  /** The workspace folders and their real paths, for the containment check of client-supplied URIs. */
  private folderRoots: Promise<{ uri: string; real: string }[]> = Promise.resolve([]);
  private readonly accept: (uri: string) => boolean;
  private readonly engines: EngineSource;
  private readonly limits: (folderUri: string) => Promise<IndexLimits>;
  private readonly syncReads: boolean;
  /** Why the cache folder was refused (a symlink, someone else's), reported once. */
  private cacheRefused: string | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    /** The engine each file is annotated with (a folder's lexicons apply to it and below), or one engine for all. */
    engines: EngineSource | Engine,
    private readonly cacheDir: string | undefined,
    private readonly log: (message: string) => void,
    options: IndexerOptions = {},
  ) {
    this.engines = 'engineFor' in engines ? engines : { engineFor: () => engines };
    this.accept = options.accept ?? (() => true);
    this.limits = options.limits ?? (() => Promise.resolve(DEFAULT_LIMITS));
    this.syncReads = options.syncReads ?? true;
  }

  /** The workspace folders (file: URIs): only files under them are ever read by {@link indexFiles}. */
  setFolders(folderUris: string[]): void {
    this.folderRoots = Promise.all(
      folderUris
        .map((uri) => ({ uri, parsed: URI.parse(uri) }))
        .filter((f) => f.parsed.scheme === 'file')
        .map(async (f) => ({ uri: f.uri, real: await realpath(resolve(f.parsed.fsPath)).catch(() => resolve(f.parsed.fsPath)) })),
    );
  }

  /**
   * The URI under which a client-supplied file: URI is indexed, or undefined when it is outside every
   * workspace folder: the path is normalised (`ws/../outside/x` is `outside/x`) and its real path
   * (symlinks resolved) must lie under a folder's real path.
   */
  async insideWorkspace(uri: string): Promise<string | undefined> {
    return (await this.locate(uri))?.uri;
  }

  /** {@link insideWorkspace}, with the workspace folder the file is in. */
  private async locate(uri: string): Promise<{ uri: string; folder: string } | undefined> {
    let u: URI;
    try {
      u = URI.parse(uri);
    } catch {
      return undefined;
    }
    if (u.scheme !== 'file') return undefined;
    const normal = resolve(u.fsPath);
    const roots = await this.folderRoots;
    const real = await realpath(normal).catch(() => realpath(dirname(normal)).then((d) => join(d, parsePath(normal).base), () => undefined));
    if (!real) return undefined;
    const under = (root: string) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
    // The innermost folder wins (a folder inside another has its own settings).
    const folder = roots.filter((r) => under(r.real)).sort((a, b) => b.real.length - a.real.length)[0];
    if (!folder) return undefined;
    // The client's own spelling is kept when it names the same path (clients differ in percent-encoding).
    return { uri: normal === u.fsPath ? uri : URI.file(normal).toString(), folder: folder.uri };
  }

  /** Indexes every Markdown file under the folders (file: URIs). */
  async indexFolders(folderUris: string[], progress?: IndexProgress): Promise<IndexStats> {
    const started = Date.now();
    const stats = emptyStats();
    const paths: { path: string; maxBytes: number }[] = [];
    // The persisted index is read and checked (CPU) while the folders are listed (waiting on the disk).
    const loading = this.loadPersisted(folderUris, stats);
    loading.catch(() => undefined); // awaited below, after the listing
    for (const f of folderUris) {
      const uri = URI.parse(f);
      if (uri.scheme !== 'file') continue;
      const limits = await this.limits(f).catch(() => DEFAULT_LIMITS);
      const root = uri.fsPath;
      const broad = await broadFolder(root);
      const found: string[] = [];
      // A root or home folder holds far more than drafts: walk at most a bounded number of entries.
      const reached = await listMarkdown(root, found, { maxFiles: limits.maxFiles, entries: broad ? limits.maxFiles * 50 : Infinity, atRoot: broad === 'root' });
      if (reached || broad) stats.limited.push({ folder: f, maxFiles: limits.maxFiles, reached, broad });
      for (const path of found) paths.push({ path, maxBytes: limits.indexMaxFileSize });
    }
    stats.files = paths.length;
    const loaded = await loading;
    this.persistedHits = 0;
    await this.indexPaths(paths, stats, progress);
    stats.milliseconds = Date.now() - started;
    // A restart that found every file unchanged in a sound persisted index, and nothing else in the
    // index, would write the same entries again: the file is left as it is.
    const unchanged = loaded > 0 && this.persistedHits === loaded && this.index.diskFileCount() === loaded && stats.files === loaded && stats.fromCache === loaded && stats.cacheDropped === 0;
    if (!unchanged) this.schedulePersist(folderUris);
    return stats;
  }

  /**
   * Re-indexes files after changes on disk (workspace/didChangeWatchedFiles). A URI outside every
   * workspace folder is never read. Many files (a git checkout) go to worker threads, as a cold index
   * does; a few are annotated here, yielding between files.
   */
  async indexFiles(uris: string[], progress?: IndexProgress): Promise<IndexStats> {
    const started = Date.now();
    const stats = emptyStats();
    const paths: { path: string; maxBytes: number; uri: string }[] = [];
    // Limits are read per workspace folder, once per run: not one configuration request per file.
    const limits = new Map<string, Promise<IndexLimits>>();
    const located = await Promise.all(uris.map((given) => this.locate(given)));
    for (const [i, at] of located.entries()) {
      if (!at) {
        stats.skipped.push({ uri: uris[i], reason: 'outside' });
        continue;
      }
      if (!this.accept(at.uri)) continue;
      let l = limits.get(at.folder);
      if (!l) limits.set(at.folder, (l = this.limits(at.folder).catch(() => DEFAULT_LIMITS)));
      paths.push({ path: URI.parse(at.uri).fsPath, maxBytes: (await l).indexMaxFileSize, uri: at.uri });
    }
    stats.files = paths.length;
    await this.indexPaths(paths, stats, progress, true);
    stats.milliseconds = Date.now() - started;
    return stats;
  }

  /** Re-indexes one file after a change on disk. */
  async indexFile(uri: string): Promise<IndexStats> {
    return this.indexFiles([uri]);
  }

  private async indexPaths(paths: { path: string; maxBytes: number; uri?: string }[], stats: IndexStats, progress: IndexProgress | undefined, removeUnreadable = false): Promise<void> {
    if (!paths.length) return;
    progress?.begin(paths.length);
    let done = 0;
    try {
      const onParsed = (files: IndexedFileJson[]) => {
        for (const f of files) {
          this.index.put(indexedFileFromJson(f));
          this.madeWith.set(f.uri, this.engines.engineFor(f.uri).signature);
        }
        stats.parsed += files.length;
        done += files.length;
        progress?.report(done, paths.length);
      };
      const onFailed = (uri: string, error: string) => {
        stats.failed.push({ uri, error });
        this.log(`policy-lens: could not index ${uri}: ${error}`);
        done++;
        progress?.report(done, paths.length);
      };
      // Files to annotate go to worker threads as soon as there are enough of them to be worth starting
      // workers, so parsing overlaps reading instead of waiting for the last file to be read.
      let pool: WorkerPool | undefined;
      let run: PoolRun | undefined;
      const toParse: ToParse[] = [];
      /** Files whose engine a worker cannot rebuild from the texts. */
      const mainThread: ToParse[] = [];
      let bytesToParse = 0;
      // Read in batches (synchronously while that is fast, else concurrently); an unchanged file is
      // recognised by a hash of its bytes, without decoding it.
      let readSync = this.syncReads;
      let slowBatches = 0;
      for (let b = 0; b < paths.length; b += READ_CONCURRENCY) {
        const batch = paths.slice(b, b + READ_CONCURRENCY);
        const uris = batch.map((p) => p.uri ?? URI.file(p.path).toString());
        let read: (Awaited<ReturnType<typeof readBytes>> | undefined)[];
        if (readSync) {
          const from = performance.now();
          read = batch.map((p, k) => (this.accept(uris[k]) ? readBytesSync(p.path, p.maxBytes) : undefined));
          const took = performance.now() - from;
          slowBatches = took > SYNC_READ_BATCH_MS ? slowBatches + 1 : 0;
          if (slowBatches >= 2) {
            readSync = false;
            this.log(`policy-lens: reading ${batch.length} files took ${Math.round(took)} ms; the rest of this run is read asynchronously`);
          }
          // Requests are answered between batches.
          await new Promise((r) => setImmediate(r));
        } else {
          read = await Promise.all(batch.map((p, k) => (this.accept(uris[k]) ? readBytes(p.path, p.maxBytes) : undefined)));
        }
        // Engines looked up after the await: a reload while the batch was read is seen.
        const engineFor = this.engineLookup();
        batch.forEach((p, k) => {
          const got = read[k];
          const uri = uris[k];
          if (!got || 'skip' in got) {
            done++;
            if (got?.skip === 'gone') stats.vanished++;
            else if (got) stats.skipped.push({ uri, reason: got.skip });
            if (removeUnreadable || got) this.index.remove(uri);
            return;
          }
          const bytes = got.bytes;
          const key = bytesKey(bytes);
          const signature = engineFor(uri).signature;
          const known = (this.madeWith.get(uri) === signature ? this.index.cached(uri, key) : undefined) ?? this.fromPersisted(uri, key, bytes, stats);
          if (known) {
            this.madeWith.set(uri, signature);
            this.index.put(known);
            stats.fromCache++;
            done++;
            return;
          }
          const draft = decodeDraft(bytes);
          if ('problem' in draft) {
            done++;
            stats.skipped.push({ uri, reason: draft.problem });
            this.index.remove(uri);
          } else {
            const engine = this.engines.workerEngine?.(uri);
            // A worker builds a workspace's engine itself, deriving its forms again (seconds): worth it
            // only for many files; fewer are annotated here, with the engine already built.
            if (engine === null || (engine && paths.length < WORKER_ENGINE_FILES)) mainThread.push({ uri, key, text: draft.text });
            else toParse.push({ uri, key, text: draft.text, ...(engine && { engine }) });
            bytesToParse += bytes.length;
          }
        });
        // Files to parse: reads are spread out through the thread pool again, so the parsing (in
        // workers or here) never competes with a tight read loop for the requests' time (a hover
        // during a cold index was twice as slow with synchronous reads).
        if (bytesToParse > 0) readSync = false;
        if (!pool && (toParse.length >= WORKER_THRESHOLD || bytesToParse >= WORKER_BYTES) && existsSync(workerScript())) {
          pool = this.workerPool();
          run = pool.begin(onParsed, onFailed);
        }
        if (pool && run) pool.add(run, toParse.splice(0));
        progress?.report(done, paths.length);
      }
      let leftovers = [...mainThread, ...toParse];
      if (pool && run) {
        stats.workers = pool.size;
        leftovers = [...mainThread, ...toParse, ...(await pool.finish(run))];
        stats.workerFailures = run.failures;
        stats.fellBack = leftovers.length;
        if (leftovers.length) this.log(`policy-lens: index workers failed ${run.failures.length} times; indexing the remaining ${leftovers.length} file(s) on the main thread`);
      }
      // On this thread: one file at a time, each in its own try/catch, yielding to requests in between.
      const injected = faults();
      for (const f of leftovers) {
        try {
          if (faultFor(injected, 'throw-on', f.uri)) throw new Error(`injected fault: throw-on ${f.uri}`);
          onParsed([indexedFileToJson(summarize(this.engines.engineFor(f.uri).annotate(f.text, f.uri), f.key))]);
        } catch (e) {
          onFailed(f.uri, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
        }
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      stats.indexed = stats.fromCache + stats.parsed;
      progress?.end();
    }
  }

  /**
   * {@link EngineSource.engineFor} for one synchronous pass over many files: looked up once per
   * directory. Finding a URI's folder parses and re-prints URIs (tens of microseconds each); files of
   * one directory are in the same innermost folder, so they share the answer. A URI with `?` or `#`
   * is looked up on its own.
   */
  private engineLookup(): (uri: string) => Engine {
    const byDir = new Map<string, Engine>();
    return (uri) => {
      const slash = uri.lastIndexOf('/');
      if (slash < 0 || uri.includes('?') || uri.includes('#')) return this.engines.engineFor(uri);
      const dir = uri.slice(0, slash);
      let e = byDir.get(dir);
      if (!e) byDir.set(dir, (e = this.engines.engineFor(uri)));
      return e;
    };
  }

  /** The worker pool, started on first use and kept for a few idle seconds (one pool for a storm's slices). */
  private workerPool(): WorkerPool {
    if (!this.pool?.usable) {
      const pool = new WorkerPool(
        workerScript(),
        (m) => this.log(m),
        () => {
          if (this.pool === pool) this.pool = undefined;
        },
        (key) => this.engines.workerInput?.(key),
      );
      this.pool = pool;
    }
    return this.pool;
  }

    /** A persisted summary for a file whose bytes have key `key`, if the entry is sound and fits the file. */
  private fromPersisted(uri: string, key: string, bytes: Uint8Array, stats: IndexStats) {
    const j = this.persisted.get(uri);
    if (!j || j.key !== key) return undefined;
    this.persisted.delete(uri);
    // The ranges must lie within the file: no line beyond its last, no character beyond its length.
    const last = lastLineOf(j);
    let lines = 0;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = buf.indexOf(10); at >= 0 && lines < last; at = buf.indexOf(10, at + 1)) lines++;
    const fits = lines >= last && j.concepts.every(([, flat]) => flat.every((n) => n <= bytes.length));
    if (!fits) {
      stats.cacheDropped++;
      return undefined;
    }
    this.persistedHits++;
    return indexedFileFromJson(j);
  }

  /**
   * The signature of the engines the folders' files are annotated with: a persisted index made with
   * other lexicons is stale as a whole.
   */
  private signature(folderUris: string[]): string {
    const signatures = [...new Set([...folderUris].sort().map((f) => this.engines.engineFor(f).signature))];
    return signatures.length === 1 ? signatures[0] : contentKey(signatures.join('\n'));
  }

  private cacheFile(folderUris: string[]): string | undefined {
    if (!this.cacheDir) return undefined;
    return join(this.cacheDir, `index-${contentKey([...folderUris].sort().join('\n')).replace(':', '-')}.json`);
  }

  /**
   * Reads the persisted index. Every line carries the SHA-1 of its body; an entry whose checksum,
   * JSON or shape is wrong is dropped (and counted), and the rest stay used. Returns how many files'
   * entries were sound.
   */
  private async loadPersisted(folderUris: string[], stats: IndexStats): Promise<number> {
    const file = this.cacheFile(folderUris);
    if (!file) return 0;
    const dir = await secureCacheDir(this.cacheDir!);
    if (dir) {
      stats.cacheProblem = dir;
      return 0;
    }
    let body: string;
    try {
      // No-follow: a symlink planted at the index's name is not read through.
      const fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        body = await fh.readFile('utf8');
      } finally {
        await fh.close();
      }
    } catch {
      return 0; // no cache yet (or a symlink in its place): index from scratch
    }
    const lines = body.split('\n');
    let header: { format?: unknown; version?: unknown; signature?: unknown } | undefined;
    try {
      header = JSON.parse(lines[0]) as typeof header;
    } catch {
      header = undefined;
    }
    if (!header || header.format !== CACHE_FORMAT || header.version !== CACHE_VERSION) {
      // An older format is simply replaced; anything else unreadable counts as damaged.
      if (body.trim() && !body.startsWith('{"signature"')) stats.cacheDropped++;
      return 0;
    }
    if (header.signature !== this.signature(folderUris)) return 0; // another lexicon: every entry is stale, not damaged
    // The lexicon an entry's concept ids are checked against: looked up once per entry (its file's
    // folder), not once per concept id (finding a URI's folder parses URIs: 60,000 look-ups were 0.7 s).
    const engineFor = this.engineLookup();
    let lexicon: Engine['lexicon'] = this.engines.engineFor('').lexicon;
    const known = (id: string) => lexicon.byId(id) !== undefined;
    const sound = new Set<string>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (!line) continue;
      const space = line.indexOf(' ');
      const json = line.slice(space + 1);
      let entry: unknown;
      try {
        if (space !== 40 || sha1(json) !== line.slice(0, 40)) throw new Error('checksum');
        entry = JSON.parse(json);
      } catch {
        stats.cacheDropped++;
        continue;
      }
      lexicon = engineFor(typeof (entry as { uri?: unknown } | null)?.uri === 'string' ? (entry as { uri: string }).uri : '').lexicon;
      if (invalidIndexedFileJson(entry, known)) {
        stats.cacheDropped++;
        continue;
      }
      const j = entry as IndexedFileJson;
      this.persisted.set(j.uri, j);
      sound.add(j.uri);
    }
    return sound.size;
  }

  /** Persists the disk summaries a little after the last change (and right away after a full index). */
  schedulePersist(folderUris: string[], delay = 0): void {
    const file = this.cacheFile(folderUris);
    if (!file) return;
    clearTimeout(this.persistTimer);
    const write = () => {
      this.persistTimer = undefined;
      this.pendingPersist = undefined;
      this.persisting = this.persisting.then(() => this.persist(file, folderUris)).catch((e) => this.log(`policy-lens: could not persist the index: ${e instanceof Error ? e.message : e}`));
    };
    this.pendingPersist = write;
    this.persistTimer = setTimeout(write, delay);
    this.persistTimer.unref?.();
  }

  /** Writes a persist already scheduled now, and resolves when it is written (for tests and shutdown). */
  async flushPersist(): Promise<void> {
    if (this.pendingPersist) {
      clearTimeout(this.persistTimer);
      this.pendingPersist();
    }
    await this.persisting;
  }

  /**
   * Writes the index to a fresh temporary name (random, exclusive create, no-follow, mode 0600) and
   * renames it into place: a symlink planted at any name in the cache folder never redirects the write,
   * and a reader never sees half a file.
   */
  private async persist(file: string, folderUris: string[]): Promise<void> {
    const refused = await secureCacheDir(this.cacheDir!);
    if (refused) {
      if (this.cacheRefused !== refused) this.log(`policy-lens: the index is not persisted: ${refused}`);
      this.cacheRefused = refused;
      return;
    }
    const lines = [JSON.stringify({ format: CACHE_FORMAT, version: CACHE_VERSION, signature: this.signature(folderUris) })];
    for (const f of this.index.diskFiles()) {
      const json = JSON.stringify(indexedFileToJson(f));
      lines.push(`${sha1(json)} ${json}`);
    }
    const tmp = join(this.cacheDir!, `.index-${randomBytes(12).toString('hex')}.tmp`);
    const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      try {
        await fh.writeFile(lines.join('\n') + '\n');
      } finally {
        await fh.close();
      }
      await rename(tmp, file);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }
}

/**
 * Makes sure the cache folder is one only this user can write: created with mode 0700; a folder
 * writable by group or others is repaired (chmod 0700) when it is ours, refused when it is not; a
 * symlink or a non-folder is refused. Returns why it was refused, or undefined when it is fine.
 */
export async function secureCacheDir(dir: string): Promise<string | undefined> {
  let s;
  try {
    s = await lstat(dir);
  } catch {
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      s = await lstat(dir);
    } catch (e) {
      return `cannot create the cache folder ${dir}: ${e instanceof Error ? e.message : e}`;
    }
  }
  if (s.isSymbolicLink()) return `the cache folder ${dir} is a symbolic link`;
  if (!s.isDirectory()) return `the cache folder ${dir} is not a folder`;
  const uid = process.getuid?.();
  if (uid !== undefined && s.uid !== uid) return `the cache folder ${dir} belongs to another user`;
  if (s.mode & 0o022) {
    try {
      await chmod(dir, 0o700);
    } catch (e) {
      return `the cache folder ${dir} is writable by others and cannot be repaired: ${e instanceof Error ? e.message : e}`;
    }
  }
  return undefined;
}

/** One indexing run's use of the worker pool: its callbacks, what is still out, what comes back to it. */
interface PoolRun {
  onParsed(files: IndexedFileJson[]): void;
  onFailed(uri: string, error: string): void;
  /** Files added and not yet parsed, failed or handed back. */
  outstanding: number;
  /** Files handed back to the main thread. */
  leftovers: ToParse[];
  /** Worker deaths while this run had a job out. */
  failures: string[];
  done?: () => void;
}

/**
 * Worker threads that annotate files in batches, one worker per core (the main thread only reads files
 * and merges summaries), at most four. Files can be added while earlier batches are being parsed, and
 * the pool outlives a run for a few seconds, so the slices of a storm of file changes do not each
 * start (and load the engine into) fresh workers.
 *
 * A worker that dies (crash, out of memory under its `resourceLimits`, a job that hangs) is replaced;
 * the files of its unfinished batch are retried one by one on fresh workers, and a file that kills a
 * worker again fails alone. After too many deaths the pool gives up and hands the files not yet parsed
 * back to their runs, to be annotated on the main thread.
 */
class WorkerPool {
  private readonly queue: { files: ToParse[]; attempt: number; run: PoolRun }[] = [];
  private readonly slots = new Set<Slot>();
  private readonly runs = new Set<PoolRun>();
  private jobId = 0;
  private closing = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private failureCount = 0;
  /** Whether any worker has finished a job (so a file that kills a worker twice is to blame, not the workers). */
  private succeeded = false;
  private readonly maxFailures: number;
  readonly size: number;

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
    /** Called once the pool has stopped its workers (idle, or given up). */
    private readonly onClosed: () => void,
    /** The lexicon and source texts a worker builds an engine from, by key. */
    private readonly engineInput: (key: string) => BuildInput | undefined = () => undefined,
  ) {
    this.size = Math.max(1, Math.min(4, cpus().length));
    this.maxFailures = 2 * this.size + 4;
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  /** Whether the pool can take work (not closed, and some worker left). */
  get usable(): boolean {
    return !this.closing && this.slots.size > 0;
  }

  /** Starts a run: files are added with {@link add} and awaited with {@link finish}. */
  begin(onParsed: PoolRun['onParsed'], onFailed: PoolRun['onFailed']): PoolRun {
    clearTimeout(this.idleTimer);
    const run: PoolRun = { onParsed, onFailed, outstanding: 0, leftovers: [], failures: [] };
    this.runs.add(run);
    return run;
  }

  add(run: PoolRun, files: ToParse[]): void {
    for (let i = 0; i < files.length; i += BATCH) this.queue.push({ files: files.slice(i, i + BATCH), attempt: 0, run });
    run.outstanding += files.length;
    this.pump();
  }

  /** Resolves when every file the run added is parsed, failed or handed back (returned: to parse on the main thread). */
  async finish(run: PoolRun): Promise<ToParse[]> {
    if (run.outstanding > 0) await new Promise<void>((resolve) => ((run.done = resolve), this.pump()));
    this.runs.delete(run);
    if (!this.runs.size && !this.closing) {
      // Idle: stop the workers a little later unless another run comes.
      this.idleTimer = setTimeout(() => void this.close(), POOL_IDLE_MS);
      this.idleTimer.unref();
    }
    return run.leftovers;
  }

  private async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.idleTimer);
    this.onClosed();
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
  }

  private spawn(): void {
    // A worker allocating without bound (POLICY_LENS_FAULT=worker-oom, tests only) reaches a small heap fast.
    const oomFault = faults().some((f) => f.kind === 'worker-oom');
    let worker: Worker;
    try {
      worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: oomFault ? 64 : WORKER_HEAP_MB } });
    } catch (e) {
      this.failureCount++;
      this.log(`policy-lens: cannot start an index worker: ${e instanceof Error ? e.message : e}`);
      return;
    }
    const slot: Slot = { worker };
    this.slots.add(slot);
    worker.on('message', (result: IndexResult) => {
      const job = slot.job;
      if (job?.id !== result.id) return;
      clearTimeout(slot.timer);
      slot.job = undefined;
      this.succeeded = true;
      job.run.onParsed(result.files);
      for (const f of result.failed ?? []) job.run.onFailed(f.uri, f.error);
      this.settle(job.run, job.files.length);
      this.pump();
    });
    worker.on('error', (e) => (slot.error = e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => this.died(slot, slot.error ?? `exited with code ${code}`));
    worker.unref();
  }

  private settle(run: PoolRun, n: number): void {
    run.outstanding -= n;
    if (run.outstanding <= 0) run.done?.();
  }

  /** A worker ended: unless the pool is closing, its batch is retried and a fresh worker takes its place. */
  private died(slot: Slot, why: string): void {
    if (!this.slots.delete(slot) || this.closing) return;
    clearTimeout(slot.timer);
    const job = slot.job;
    this.failureCount++;
    this.log(`policy-lens: an index worker failed (${why})${job ? ` with ${job.files.length} file(s) unfinished` : ''}`);
    if (job) {
      job.run.failures.push(why);
      if (job.attempt === 0) {
        // Which file killed it is unknown: retry each one alone, so only that one fails.
        for (const f of job.files) this.queue.push({ files: [f], attempt: 1, run: job.run });
      } else if (!this.succeeded && !/out of memory|no answer within/i.test(why)) {
        // No worker has finished a single job: the workers are broken, not the file. The main thread
        // tries it (it cannot be a file that exhausts memory or hangs: those fail here).
        job.run.leftovers.push(...job.files);
        this.settle(job.run, job.files.length);
      } else {
        for (const f of job.files) job.run.onFailed(f.uri, `the index worker failed on it twice (${why})`);
        this.settle(job.run, job.files.length);
      }
    }
    if (this.failureCount < this.maxFailures) this.spawn();
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift()!;
      slot.job = { id: this.jobId++, ...job };
      slot.timer = setTimeout(() => {
        slot.error = `no answer within ${JOB_TIMEOUT_MS / 1000} s`;
        void slot.worker.terminate();
      }, JOB_TIMEOUT_MS);
      slot.timer.unref();
      // Each worker builds (and keeps) an engine per inputs key the first time a job needs it.
      const engines: Record<string, BuildInput> = {};
      for (const f of job.files) {
        if (!f.engine || f.engine in engines || slot.engines?.has(f.engine)) continue;
        const input = this.engineInput(f.engine);
        if (input) engines[f.engine] = input;
      }
      for (const k of Object.keys(engines)) (slot.engines ??= new Set()).add(k);
      slot.worker.postMessage({ id: slot.job.id, files: job.files, ...(Object.keys(engines).length && { engines }) } satisfies IndexJob);
    }
    if (!this.slots.size && !this.closing) {
      // No worker left: every queued file goes back to its run, for the main thread.
      for (const job of this.queue.splice(0)) {
        job.run.leftovers.push(...job.files);
        this.settle(job.run, job.files.length);
      }
      void this.close();
    }
  }
}

interface Slot {
  worker: Worker;
  /** Engine input keys this worker was sent already. */
  engines?: Set<string>;
  job?: { id: number; files: ToParse[]; attempt: number; run: PoolRun };
  timer?: NodeJS.Timeout;
  error?: string;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * A file's key from its raw bytes, so an unchanged file is recognised without decoding it: SHA-1 in
 * native code (an FNV hash in JavaScript was a sixth of a restart's time).
 */
function bytesKey(bytes: Uint8Array): string {
  return `b${bytes.length}:${createHash('sha1').update(bytes).digest('base64url')}`;
}

function workerScript(): string {
  return join(__dirname, 'indexWorker.js');
}

/** A callback-style `fs` call as a promise (no FileHandle: a restart reads thousands of small files). */
function fsCall<T>(call: (done: (e: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((e, value) => (e ? reject(e) : resolve(value))));
}

/**
 * Reads a file's bytes, or why it can't be indexed (not a regular file, too large, unreadable, gone).
 * Five calls per file (stat, open, fstat, read, close): the bytes are read in one `read` of the size
 * fstat gave plus one byte, so a short read is the end of the file and no read of zero bytes is needed
 * to find it; a file that grew since is read on, up to the limit.
 */
async function readBytes(path: string, maxBytes: number): Promise<{ bytes: Uint8Array } | { skip: SkipReason | 'gone' }> {
  try {
    // Checked before opening, so a device or a FIFO is never opened.
    const s = await stat(path);
    if (!s.isFile()) return { skip: 'unreadable' };
    if (s.size > maxBytes) return { skip: 'too-large' };
    // Opened without following a symlink swapped in since the listing, and read only up to the limit.
    const fd = await fsCall<number>((done) => openFd(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK, done));
    try {
      const again = await fsCall<Stats>((done) => fstatFd(fd, done));
      if (!again.isFile()) return { skip: 'unreadable' };
      if (again.size > maxBytes) return { skip: 'too-large' };
      let buf = Buffer.allocUnsafe(again.size + 1);
      let length = 0;
      for (;;) {
        const want = buf.length - length;
        const n = await fsCall<number>((done) => readFd(fd, buf, length, want, null, done));
        length += n;
        if (n < want) break; // the end of the file
        if (length > maxBytes) return { skip: 'too-large' };
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      return { bytes: buf.subarray(0, length) };
    } finally {
      await fsCall<void>((done) => closeFd(fd, (e) => done(e, undefined)));
    }
  } catch (e) {
    return { skip: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable' };
  }
}

/** {@link readBytes} with synchronous calls: the same checks, in the same order. */
function readBytesSync(path: string, maxBytes: number): { bytes: Uint8Array } | { skip: SkipReason | 'gone' } {
  try {
    const s = statSync(path);
    if (!s.isFile()) return { skip: 'unreadable' };
    if (s.size > maxBytes) return { skip: 'too-large' };
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const again = fstatSync(fd);
      if (!again.isFile()) return { skip: 'unreadable' };
      if (again.size > maxBytes) return { skip: 'too-large' };
      let buf = Buffer.allocUnsafe(again.size + 1);
      let length = 0;
      for (;;) {
        const want = buf.length - length;
        const n = readSync(fd, buf, length, want, null);
        length += n;
        if (n < want) break; // the end of the file
        if (length > maxBytes) return { skip: 'too-large' };
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      return { bytes: buf.subarray(0, length) };
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return { skip: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable' };
  }
}

/** Whether a folder is the file-system root or the user's home folder (indexed only up to the limit). */
async function broadFolder(path: string): Promise<'root' | 'home' | undefined> {
  const real = await realpath(path).catch(() => resolve(path));
  if (parsePath(real).root === real) return 'root';
  const home = await realpath(homedir()).catch(() => resolve(homedir()));
  return real === home ? 'home' : undefined;
}

/**
 * Lists Markdown files depth first, in name order (so "the first maxFiles files" is the same on every
 * run). Returns true when it stopped at a limit. Symbolic links are not followed.
 */
async function listMarkdown(dir: string, out: string[], budget: { maxFiles: number; entries: number; atRoot: boolean }): Promise<boolean> {
  if (budget.entries === Infinity && !budget.atRoot) {
    // No entry budget: sibling folders are listed concurrently (one wait per level, not one per
    // folder), and the files kept are the same first maxFiles in depth-first name order.
    const all = await listTree(dir);
    for (const f of all) {
      if (out.length >= budget.maxFiles) return true;
      out.push(f);
    }
    return false;
  }
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const atRoot = budget.atRoot;
  budget.atRoot = false;
  for (const e of entries) {
    if (--budget.entries < 0) return true;
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name) || e.name.startsWith('.') || (atRoot && SKIP_AT_ROOT.has(e.name))) continue;
      if (await listMarkdown(join(dir, e.name), out, budget)) return true;
    } else if (e.isFile() && MARKDOWN_EXT.test(e.name)) {
      if (out.length >= budget.maxFiles) return true;
      out.push(join(dir, e.name));
    }
  }
  return false;
}

/** Every Markdown file under a folder, depth first in name order, sibling folders listed concurrently. */
async function listTree(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts = await Promise.all(
    entries.map((e): string[] | Promise<string[]> => {
      if (e.isDirectory()) return SKIP_DIRS.has(e.name) || e.name.startsWith('.') ? [] : listTree(join(dir, e.name));
      return e.isFile() && MARKDOWN_EXT.test(e.name) ? [join(dir, e.name)] : [];
    }),
  );
  return parts.flat();
}
