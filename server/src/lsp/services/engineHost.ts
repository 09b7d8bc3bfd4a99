/**
 * The engine host: owns the engines (lexicons and sources) the server annotates with, and swaps them
 * when their files change (Marksman's layered configuration: the workspace's files over the user's
 * over the shipped data). Every other part of the server asks it for "the engine for this document";
 * nothing else builds or caches an engine (features get theirs through the FeatureContext).
 *
 * Per workspace folder, the inputs are:
 * - lexicons: `<folder>/.policy-lens/*.yaml` (layer `workspace`) and the paths of `policyLens.lexicons`
 *   (layer `user`; relative paths are read from the folder, `~/` from the home folder);
 * - sources: `<folder>/.policy-lens/sources/*.md` and the paths of `policyLens.sources`.
 * A folder with none of them uses the shipped engine; a file outside every folder does too. An open
 * document's unsaved text is read instead of the file on disk, so an edit shows before it is saved.
 *
 * Failures never turn the shipped lexicon off: `buildEngine` keeps a broken file's last good version,
 * and if the build itself throws, the folder keeps the engine it had.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import * as l10n from '@vscode/l10n';
import { sharedEngine, type Engine } from '../../core/engine';
import { contentKey } from '../../core/contentKey';
import type { Settings } from '../settings';

import type { EngineBuild, LexiconInput, LoadProblem, SourceInput } from '../../core/lexicon/layers';

export type { EngineBuild, LexiconInput, LoadProblem, SourceInput } from '../../core/lexicon/layers';
export interface BuildInput {
  lexicons: readonly LexiconInput[];
  sources: readonly SourceInput[];
}
/** The core's `buildEngine` (injected, so the host can be tested with a stand-in). */
export type BuildEngine = (input: BuildInput, previous?: EngineBuild) => EngineBuild;

/** What changed when the host swapped engines. */
export interface EngineChange {
  /** Workspace folder URIs whose engine was replaced. */
  readonly folders: readonly string[];
  /** URIs whose load problems changed (publish their diagnostics again). */
  readonly problemUris: readonly string[];
}

export interface Disposable {
  dispose(): void;
}

/** The narrow view of the host that features, the document store and the indexer need. */
export interface EngineSource {
  /** The engine for a document: that of the innermost workspace folder holding it, else the shipped one. */
  engineFor(uri: string): Engine;
  /**
   * For index workers: the key of the inputs of a document's engine, undefined for the shipped engine,
   * or null when a worker cannot rebuild it from the texts (a broken file's last good version is in
   * force): such files are annotated on the main thread.
   */
  workerEngine?(uri: string): string | null | undefined;
  /** The inputs (lexicon and source texts) behind a key from {@link workerEngine}. */
  workerInput?(key: string): BuildInput | undefined;
}

/** What was loaded, for `policyLens/status` and the log. */
export interface EngineSummary {
  lexicons: number;
  sources: number;
  /** Concepts from lexicons other than the shipped one. */
  concepts: number;
  problems: number;
  /** One line per file loaded or missing. */
  details: string[];
}

export interface EngineHostOptions {
  build: BuildEngine;
  /** The settings of a workspace folder (`policyLens.lexicons`, `policyLens.sources`). */
  settings(folderUri: string): Promise<Settings>;
  /** The unsaved text of an open document, if the client has it open. */
  openText?(uri: string): string | undefined;
  log?(message: string): void;
  /** Milliseconds between the last change of an input file and the rebuild. */
  debounceMs?: number;
}

/** The largest lexicon or source file read (bytes): a huge file is a mistake, not a lexicon. */
const MAX_INPUT_BYTES = 8 * 1024 * 1024;
export const DEBOUNCE_MS = 200;

interface FolderState {
  key: string;
  build?: EngineBuild;
  /** What the build was made from (index workers build the same engine from it). */
  input?: BuildInput;
  /** Every input file URI (read or named but missing). */
  inputs: Set<string>;
  missing: string[];
}

export class EngineHost implements EngineSource {
  private readonly listeners = new Set<(e: EngineChange) => void>();
  /** Built on first use: start-up answers `initialize` before the lexicon is loaded. */
  private shippedEngine: Engine | undefined;
  private folders: string[] = [];
  private readonly state = new Map<string, FolderState>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<EngineChange | undefined> | undefined;
  private again = false;

  constructor(private readonly options?: EngineHostOptions) {}

  /** The engine over the shipped lexicon and paper alone (used for files outside every folder). */
  get shipped(): Engine {
    return (this.shippedEngine ??= sharedEngine());
  }

  engineFor(uri: string): Engine {
    const folder = this.folderOf(uri);
    return (folder && this.state.get(folder)?.build?.engine) || this.shipped;
  }

  workerEngine(uri: string): string | null | undefined {
    const folder = this.folderOf(uri);
    const s = folder ? this.state.get(folder) : undefined;
    if (!s?.build) return undefined;
    return s.build.problems.some((p) => p.code === 'kept-last-good') ? null : s.key;
  }

  workerInput(key: string): BuildInput | undefined {
    for (const s of this.state.values()) if (s.key === key && s.input) return s.input;
    return undefined;
  }

  /** Every engine in use (the shipped one first), for lookups across folders. */
  engines(): Engine[] {
    const out = [this.shipped];
    for (const s of this.state.values()) if (s.build && !out.includes(s.build.engine)) out.push(s.build.engine);
    return out;
  }

  /** The workspace folders (file: URIs); call {@link reload} after. */
  setFolders(folderUris: readonly string[]): void {
    this.folders = [...folderUris];
    for (const f of [...this.state.keys()]) if (!this.folders.includes(f)) this.state.delete(f);
  }

  /** Calls `listener` after every swap. */
  onDidChange(listener: (e: EngineChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Whether a file is (or would be) an input of some folder's engine: a change to it means a reload. */
  isInput(uri: string): boolean {
    for (const s of this.state.values()) if (s.inputs.has(uri) || s.inputs.has(normalize(uri))) return true;
    return this.conventional(uri);
  }

  /** Whether a file is a source text of some engine (it is then not a draft of the workspace). */
  isSource(uri: string): boolean {
    const n = normalize(uri);
    for (const s of this.state.values()) if (s.build?.engine.sources.some((x) => x.uri !== undefined && normalize(x.uri) === n)) return true;
    return /\/\.policy-lens\/sources\/[^/]+\.(md|markdown)$/i.test(n) && this.folderOf(uri) !== undefined;
  }

  /** Whether a URI sits where a folder's conventional lexicons and sources live (`.policy-lens/…`). */
  private conventional(uri: string): boolean {
    const n = normalize(uri);
    return this.folders.some((f) => {
      const base = normalize(f).replace(/\/$/, '') + '/.policy-lens/';
      if (!n.startsWith(base)) return false;
      const rest = n.slice(base.length);
      return /^[^/]+\.ya?ml$/i.test(rest) || /^sources\/[^/]+\.(md|markdown)$/i.test(rest);
    });
  }

  /** The files named by settings outside the conventional places, for the file watcher. */
  namedFiles(): string[] {
    const out = new Set<string>();
    for (const s of this.state.values()) for (const u of s.inputs) if (!this.conventional(u)) out.add(u);
    return [...out].sort();
  }

  /** The load problems of a file (empty when it has none). */
  problems(uri: string): readonly LoadProblem[] {
    const n = normalize(uri);
    const seen = new Set<string>();
    const out: LoadProblem[] = [];
    for (const s of this.state.values()) {
      for (const p of s.build?.problems ?? []) {
        if (normalize(p.uri) !== n) continue;
        const key = JSON.stringify([p.code, p.range, p.message]);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(p);
      }
    }
    return out;
  }

  /** What the folders' engines loaded, counted over distinct files. */
  summary(): EngineSummary {
    const lexicons = new Map<string, number>();
    const sources = new Set<string>();
    const problems = new Set<string>();
    const details: string[] = [];
    for (const s of this.state.values()) {
      for (const l of s.build?.loaded ?? []) {
        // The shipped paper is listed among the sources; only the workspace's own are news.
        if (l.kind === 'source') s.inputs.has(l.uri) && sources.add(l.uri);
        else if (l.kind !== 'shipped') lexicons.set(l.uri, l.concepts);
      }
      for (const p of s.build?.problems ?? []) problems.add(JSON.stringify([p.uri, p.range, p.code]));
      for (const m of s.missing) details.push(m);
    }
    let concepts = 0;
    for (const n of lexicons.values()) concepts += n;
    return { lexicons: lexicons.size, sources: sources.size, concepts, problems: problems.size, details: [...new Set(details)] };
  }

  /** An input file changed (on disk, saved, or edited while open): rebuild a little later. */
  fileChanged(uri: string): boolean {
    if (!this.isInput(uri)) return false;
    this.schedule();
    return true;
  }

  /** Rebuilds after the debounce; changes during a rebuild start another one after it. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.options?.debounceMs ?? DEBOUNCE_MS);
  }

  /**
   * Reads every folder's lexicon and source files again and swaps the engines whose inputs changed.
   * Resolves with what changed (undefined when nothing did). Never rejects.
   */
  reload(): Promise<EngineChange | undefined> {
    clearTimeout(this.timer);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async (): Promise<EngineChange | undefined> => {
      const folders: string[] = [];
      const problemUris = new Set<string>();
      try {
        for (const folder of this.folders) {
          try {
            const changed = await this.reloadFolder(folder, problemUris);
            if (changed) folders.push(folder);
          } catch (e) {
            // The folder keeps the engine it had.
            this.options?.log?.(`policy-lens: loading the lexicons of ${folder} failed: ${e instanceof Error ? e.stack : String(e)}`);
          }
        }
      } finally {
        this.running = undefined;
      }
      const change = folders.length || problemUris.size ? { folders, problemUris: [...problemUris] } : undefined;
      if (change) for (const l of this.listeners) l(change);
      if (this.again) {
        this.again = false;
        this.schedule();
      }
      return change;
    })();
    this.running = run;
    return run;
  }

  private async reloadFolder(folder: string, problemUris: Set<string>): Promise<boolean> {
    const opts = this.options;
    if (!opts) return false;
    const root = URI.parse(folder);
    if (root.scheme !== 'file') return false;
    const settings = await opts.settings(folder);
    const dir = join(root.fsPath, '.policy-lens');
    const named = (list: readonly string[]) => list.map((p) => URI.file(resolvePath(p, root.fsPath)).toString());
    const lexiconUris = [...named(settings.lexicons).map((uri) => ({ uri, kind: 'user' as const })), ...(await list(dir, /\.ya?ml$/i)).map((p) => ({ uri: URI.file(p).toString(), kind: 'workspace' as const }))];
    const sourceUris = [...(await list(join(dir, 'sources'), /\.(md|markdown)$/i)).map((p) => URI.file(p).toString()), ...named(settings.sources)];
    const inputs = new Set<string>([...lexiconUris.map((l) => l.uri), ...sourceUris]);
    const missing: string[] = [];
    const text = async (uri: string): Promise<string | undefined> => {
      const open = opts.openText?.(uri);
      if (open !== undefined) return open;
      const got = await readText(URI.parse(uri).fsPath);
      if (typeof got !== 'string') missing.push(got.why === 'not found' ? l10n.t('{0}: not found.', URI.parse(uri).fsPath) : got.why === 'too large' ? l10n.t('{0}: larger than {1} bytes, not read.', URI.parse(uri).fsPath, MAX_INPUT_BYTES) : l10n.t('{0}: could not be read.', URI.parse(uri).fsPath));
      return typeof got === 'string' ? got : undefined;
    };
    const lexicons: LexiconInput[] = [];
    for (const l of uniqueBy(lexiconUris, (x) => x.uri)) {
      const t = await text(l.uri);
      if (t !== undefined) lexicons.push({ uri: l.uri, text: t, kind: l.kind });
    }
    const sources: SourceInput[] = [];
    for (const uri of [...new Set(sourceUris)]) {
      const t = await text(uri);
      if (t !== undefined) sources.push({ uri, text: t });
    }
    const key = contentKey(JSON.stringify([lexicons, sources]));
    const before = this.state.get(folder);
    if (!this.folders.includes(folder)) return false; // removed while reading
    if (before?.key === key) {
      before.inputs = inputs;
      before.missing = missing;
      return false;
    }
    const oldProblems = before?.build?.problems ?? [];
    let build: EngineBuild | undefined;
    if (lexicons.length || sources.length) {
      build = opts.build({ lexicons, sources }, before?.build);
    }
    this.state.set(folder, { key, build, inputs, missing, ...(build && { input: { lexicons, sources } }) });
    for (const p of [...oldProblems, ...(build?.problems ?? [])]) problemUris.add(p.uri);
    // A new engine even for a change only hovers show (a definition): documents are parsed again with it.
    return (before?.build?.engine ?? this.shipped) !== (build?.engine ?? this.shipped);
  }

  /** The innermost workspace folder holding a URI, if any. */
  private folderOf(uri: string): string | undefined {
    const n = normalize(uri);
    let best: string | undefined;
    for (const f of this.folders) {
      const base = normalize(f).replace(/\/$/, '');
      if ((n === base || n.startsWith(base + '/')) && (!best || base.length > normalize(best).length)) best = f;
    }
    return best;
  }
}

/** A URI in one spelling (clients differ in percent-encoding). */
function normalize(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

function resolvePath(p: string, folder: string): string {
  if (p === '~' || p.startsWith('~/')) return join(homedir(), p.slice(1));
  return isAbsolute(p) ? resolve(p) : resolve(folder, p);
}

function uniqueBy<T>(list: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((t) => !seen.has(key(t)) && (seen.add(key(t)), true));
}

/** The files of a folder whose names match, sorted by name (none when the folder does not exist). */
async function list(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && pattern.test(e.name))
      .map((e) => e.name)
      .sort()
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}

async function readText(path: string): Promise<string | { why: 'not found' | 'too large' | 'unreadable' }> {
  try {
    const s = await stat(path);
    if (!s.isFile()) return { why: 'unreadable' };
    if (s.size > MAX_INPUT_BYTES) return { why: 'too large' };
    return await readFile(path, 'utf8');
  } catch (e) {
    return { why: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'unreadable' };
  }
}
