/**
 * The queue of file changes on disk (workspace/didChangeWatchedFiles). A git checkout sends thousands
 * of events at once: they are coalesced per URI (the last event wins), and processed in slices that
 * yield to the event loop, so a request about an open document is answered in between instead of
 * waiting behind the whole storm. Workspace-wide answers that must see every announced change wait for
 * {@link WatchedFiles.idle}.
 */
import { FileChangeType, type FileEvent } from 'vscode-languageserver';

/**
 * URIs handed to the processor at once. The indexer itself reads in small batches with awaits in
 * between and parses many files in worker threads, so a slice can be large: one worker pool per
 * checkout rather than one per few hundred files.
 */
const SLICE = 4096;

export class WatchedFiles {
  private readonly queue = new Map<string, FileChangeType>();
  private running: Promise<void> | undefined;

  constructor(
    /** Applies one slice: `deleted` URIs leave the index, `changed` ones are read again. */
    private readonly apply: (deleted: string[], changed: string[]) => Promise<void>,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Queues changes; processing starts on the next turn of the event loop. */
  add(changes: readonly FileEvent[]): void {
    for (const c of changes) {
      if (!c || typeof c.uri !== 'string') continue;
      // Re-inserted, so a URI changed again moves behind the others and keeps only its last event.
      this.queue.delete(c.uri);
      this.queue.set(c.uri, c.type);
    }
    this.running ??= this.drain();
  }

  /** Resolves when every change queued so far has been applied. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Whether changes are queued or being applied. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  private async drain(): Promise<void> {
    try {
      await new Promise((r) => setImmediate(r));
      while (this.queue.size) {
        const slice: [string, FileChangeType][] = [];
        for (const entry of this.queue) {
          slice.push(entry);
          if (slice.length >= SLICE) break;
        }
        for (const [uri] of slice) this.queue.delete(uri);
        const deleted = slice.filter(([, t]) => t === FileChangeType.Deleted).map(([u]) => u);
        const changed = slice.filter(([, t]) => t !== FileChangeType.Deleted).map(([u]) => u);
        try {
          await this.apply(deleted, changed);
        } catch (e) {
          this.onError(e);
        }
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.running = undefined;
    }
  }
}
