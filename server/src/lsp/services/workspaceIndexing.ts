/**
 * The workspace side of the server: the index of every draft in the workspace folders, the indexer
 * that fills it (with `$/progress` while it runs), the queue of file changes on disk, and the
 * `policyLens/status` reports about what was indexed, skipped or failed.
 */
import type { Connection, FileEvent, WorkspaceFolder } from 'vscode-languageserver';
import * as l10n from '@vscode/l10n';
import { WorkspaceIndex } from '../../core/workspaceIndex';
import { WorkspaceIndexer, MARKDOWN_EXT, type IndexLimits } from '../indexer';
import { StatusNotification } from '../protocol';
import { StatusReporter } from './statusReporter';
import { WatchedFiles } from './watchedFiles';
import type { EngineSource } from './engineHost';

export interface WorkspaceIndexingOptions {
  connection: Connection;
  engines: EngineSource;
  /** Folder for the persisted index, or undefined for none. */
  cacheDir: string | undefined;
  /** Whether a URI is a draft of the workspace at all (the shipped paper and source files are not). */
  isDraft(uri: string): boolean;
  limits(folderUri: string): Promise<IndexLimits>;
}

export class WorkspaceIndexing {
  readonly index = new WorkspaceIndex();
  readonly indexer: WorkspaceIndexer;
  readonly status: StatusReporter;
  private folderList: WorkspaceFolder[] = [];
  /** File changes on disk still being indexed: workspace-wide answers wait for them, so they are seen in order. */
  private readonly watched: WatchedFiles;
  private readonly connection: Connection;

  constructor(private readonly options: WorkspaceIndexingOptions) {
    this.connection = options.connection;
    this.indexer = new WorkspaceIndexer(this.index, options.engines, options.cacheDir, (m) => this.connection.console.warn(m), {
      accept: (uri) => options.isDraft(uri),
      limits: options.limits,
    });
    this.status = new StatusReporter(this.connection, () => this.index.diskFileCount());
    this.watched = new WatchedFiles(
      (deleted, changed) => this.applyFileChanges(deleted, changed),
      (err) => this.connection.console.error(`policy-lens: indexing a changed file failed: ${err instanceof Error ? err.stack : err}`),
    );
  }

  get folders(): readonly WorkspaceFolder[] {
    return this.folderList;
  }

  setFolders(folders: WorkspaceFolder[]): void {
    this.folderList = folders;
    this.indexer.setFolders(folders.map((f) => f.uri));
  }

  /** `workspace/didChangeWorkspaceFolders`: removed folders leave the index, added ones are indexed. */
  changeFolders(added: WorkspaceFolder[], removed: WorkspaceFolder[]): Promise<void> {
    for (const f of removed) {
      this.index.removeUnder(f.uri);
      this.status.forgetUnder(f.uri);
    }
    this.setFolders(this.folderList.filter((f) => !removed.some((r) => r.uri === f.uri)).concat(added));
    return this.indexFolders(added);
  }

  /** Queues file changes on disk (workspace/didChangeWatchedFiles, or a closed document's disk copy). */
  fileChanges(changes: readonly FileEvent[]): void {
    this.watched.add(changes);
  }

  /** Waits for the changes announced so far, or at most `maxWaitMs` (a hover must not wait behind a checkout). */
  updates(maxWaitMs?: number): Promise<unknown> {
    const idle = this.watched.idle();
    if (maxWaitMs === undefined || !this.watched.busy) return idle;
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([idle, new Promise((r) => (timer = setTimeout(r, maxWaitMs)))]).finally(() => clearTimeout(timer));
  }

  /** Indexes every Markdown file under the folders, reporting `$/progress` while it runs. */
  async indexFolders(list: readonly WorkspaceFolder[]): Promise<void> {
    if (!list.length) return;
    const connection = this.connection;
    let work: Awaited<ReturnType<typeof connection.window.createWorkDoneProgress>> | undefined;
    let lastReport = 0;
    const started = Date.now();
    let stats: Awaited<ReturnType<WorkspaceIndexer['indexFolders']>> | undefined;
    try {
      stats = await this.indexer.indexFolders(
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
        indexed: this.index.diskFileCount(),
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
    this.status.report(stats, true);
  }

  /** One slice of watched-file changes: deletions leave the index, the rest are read again (inside the workspace only). */
  private async applyFileChanges(deleted: string[], changed: string[]): Promise<void> {
    const relevant = (uri: string) => MARKDOWN_EXT.test(uri) && this.options.isDraft(uri);
    let forgotten = false;
    for (const uri of deleted.filter(relevant)) {
      this.index.remove(uri);
      forgotten = this.status.forget(uri) || forgotten;
    }
    const toRead = changed.filter(relevant);
    for (const uri of toRead) forgotten = this.status.forget(uri) || forgotten;
    const stats = await this.indexer.indexFiles(toRead);
    if (toRead.length >= 24) {
      this.connection.console.log(
        `policy-lens: re-indexed ${stats.indexed} of ${toRead.length} changed file(s) in ${stats.milliseconds} ms (${stats.parsed} parsed${stats.workers ? ` in ${stats.workers} worker threads` : ''}); ${stats.skipped.length} skipped, ${stats.failed.length} failed`,
      );
    }
    this.status.report(stats, false, forgotten);
    this.indexer.schedulePersist(this.folderList.map((f) => f.uri), 2000);
  }
}
