/**
 * Live reload of lexicons and sources: the first load at start-up (requests wait for it, but not for
 * ever), the file watcher for lexicon files, and what follows every engine swap: open documents
 * re-annotated and their diagnostics published, the load problems published on their files, the
 * changed folders re-indexed, fresh semantic tokens and code lenses asked for, and `policyLens/status`
 * saying what was loaded (the Concepts view refreshes on it).
 */
import { DidChangeWatchedFilesNotification, type Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { EngineHost } from './engineHost';
import type { DiagnosticsPublisher } from './diagnostics';
import type { WorkspaceIndexing } from './workspaceIndexing';

/** Longest a request waits for the first load of the workspace's lexicons before it is answered without them. */
export const FIRST_LOAD_WAIT_MS = 1500;

export interface LiveReloadOptions {
  connection: Connection;
  engines: EngineHost;
  diagnostics: DiagnosticsPublisher;
  workspace(): WorkspaceIndexing;
  /** The URIs of the open documents. */
  openDocuments(): string[];
  /** Asks the client for fresh semantic tokens and code lenses (if it can). */
  refreshViews(): void;
  /** Drops what was computed with the old engines (annotated source texts). */
  forgetEngines(): void;
  /** Whether the client registers file watchers dynamically. */
  watchRegistration(): boolean;
}

export class LiveReload {
  private started = false;
  private firstLoadChanged = false;
  private loaded: Promise<unknown> = Promise.resolve();
  private watch: Promise<{ dispose(): void }> | undefined;
  private watchKey = '';

  constructor(private readonly o: LiveReloadOptions) {
    o.engines.onDidChange((change) => {
      const t0 = Date.now();
      o.forgetEngines();
      for (const uri of change.problemUris) if (!o.openDocuments().includes(uri)) void o.diagnostics.publish(uri);
      o.workspace().status.engineLoaded(o.engines.summary());
      if (!this.started) {
        // Nothing was indexed yet (the first indexing follows the load); open documents are refreshed then.
        this.firstLoadChanged = true;
        return;
      }
      for (const uri of o.openDocuments()) void o.diagnostics.refresh(uri);
      o.refreshViews();
      this.watchFiles();
      const workspace = o.workspace();
      const folders = workspace.folders.filter((f) => change.folders.includes(f.uri));
      o.connection.console.log(`policy-lens: lexicons reloaded (${change.folders.length} folder(s) changed); ${JSON.stringify(o.engines.summary())}`);
      void workspace.indexFolders(folders).then(() => o.connection.console.log(`policy-lens: re-indexed ${folders.length} folder(s) after the lexicon change in ${Date.now() - t0} ms`));
    });
  }

  /** At `initialized`: the first load, then the first indexing of the workspace with the loaded engines. */
  start(): Promise<void> {
    const o = this.o;
    const t0 = Date.now();
    this.loaded = o.engines.reload();
    return this.loaded.then(() => {
      this.started = true;
      if (this.firstLoadChanged) {
        // Documents parsed (and views drawn) while the load was still running used the shipped engine.
        for (const uri of o.openDocuments()) void o.diagnostics.refresh(uri);
        o.refreshViews();
      }
      const loaded = o.engines.summary();
      if (loaded.lexicons || loaded.sources) o.connection.console.log(`policy-lens: loaded ${loaded.lexicons} lexicon file(s) (${loaded.concepts} concepts) and ${loaded.sources} source(s) in ${Date.now() - t0} ms`);
      this.watchFiles();
      return o.workspace().indexFolders(o.workspace().folders);
    });
  }

  /**
   * Resolves once the first load is done, or after FIRST_LOAD_WAIT_MS (deriving a big lexicon's forms
   * can take seconds on a busy machine): requests are then answered with the shipped concepts, and
   * everything is refreshed when the load is done.
   */
  ready(): Promise<unknown> {
    if (this.started) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([this.loaded, new Promise((r) => (timer = setTimeout(r, FIRST_LOAD_WAIT_MS)))]).finally(() => clearTimeout(timer));
  }

  /**
   * Asks the client to watch the lexicon and source files (a second registration beside the drafts'):
   * the `.policy-lens` files of every folder, and the files settings name. Registered again when those change.
   */
  private watchFiles(): void {
    if (!this.o.watchRegistration()) return;
    const named = this.o.engines.namedFiles();
    const key = named.join('\n');
    if (this.watch && key === this.watchKey) return;
    this.watchKey = key;
    const previous = this.watch;
    this.watch = this.o.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/.policy-lens/*.{yaml,yml}' }, ...named.map((uri) => ({ globPattern: URI.parse(uri).fsPath }))],
    });
    void previous?.then((d) => d.dispose(), () => undefined);
  }
}
