/**
 * Tells the client how indexing went (the `policyLens/status` notification, as vscode-eslint's
 * `eslint/status`), so a partial index is never silent: the VS Code status bar shows it, every client
 * (Neovim included) gets the same as a `window/logMessage`, and `policy-lens lsp --stdio` writes a line
 * to stderr (the editor's language-server log).
 *
 * The state is cumulative: files skipped or failed stay reported until they are indexed again or
 * deleted; notes about a run (a worker failed, the cache was rebuilt, a limit was reached) are those of
 * the latest run.
 */
import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import * as l10n from '@vscode/l10n';
import { StatusNotification, type LexiconStatus, type StatusParams } from '../protocol';
import type { EngineSummary } from './engineHost';
import type { IndexStats, SkipReason } from '../indexer';

/** Lines of details sent at most; the rest are counted. */
const MAX_DETAILS = 30;

export class StatusReporter {
  private readonly skipped = new Map<string, string>();
  private readonly failed = new Map<string, string>();
  private notes: string[] = [];
  private limited = false;
  private last: StatusParams | undefined;
  private lexicons: { status: LexiconStatus; details: string[] } | undefined;
  private generation = 0;

  constructor(
    private readonly connection: Connection,
    /** How many files from disk the index holds now. */
    private readonly indexedCount: () => number,
    /** Also write each status line to stderr (the `policy-lens lsp --stdio` log). */
    private readonly toStderr = process.argv.includes('--stdio'),
  ) {}

  /** The latest status sent, if any. */
  get current(): StatusParams | undefined {
    return this.last;
  }

  /**
   * Records a run's outcome and sends the status. `full`: a run over whole folders (its notes replace
   * the previous run's); otherwise a run over changed files, reported only when something changed.
   */
  report(stats: IndexStats, full: boolean, forgotten = false): void {
    let changed = full || forgotten;
    for (const s of stats.skipped) {
      const line = skipLine(s.uri, s.reason);
      if (s.reason !== 'outside' && this.skipped.get(s.uri) !== line) {
        this.skipped.set(s.uri, line);
        changed = true;
      } else if (s.reason === 'outside') {
        // Never read, so never in the index: a log line (closing a file from elsewhere is no problem).
        this.connection.console.log(`policy-lens: ${line}`);
      }
    }
    for (const f of stats.failed) {
      this.failed.set(f.uri, l10n.t('{0}: indexing failed ({1}).', name(f.uri), f.error));
      changed = true;
    }
    const notes: string[] = [];
    if (stats.workerFailures.length) {
      notes.push(l10n.t('An index worker failed {0} time(s) ({1}); its files were retried.', stats.workerFailures.length, [...new Set(stats.workerFailures)].join('; ')));
    }
    if (stats.fellBack) notes.push(l10n.t('{0} file(s) were indexed on the main thread after the index workers failed.', stats.fellBack));
    if (stats.cacheDropped) notes.push(l10n.t('{0} damaged entries of the persisted index were dropped; their files were indexed again.', stats.cacheDropped));
    if (stats.cacheProblem) notes.push(l10n.t('The persisted index is not used: {0}.', stats.cacheProblem));
    for (const l of stats.limited) {
      const folder = URI.parse(l.folder).fsPath;
      if (l.broad === 'root') notes.push(l10n.t('{0} is the root of the file system: at most {1} Markdown files of it are indexed (policyLens.limits.maxFiles).', folder, l.maxFiles));
      else if (l.broad === 'home') notes.push(l10n.t('{0} is your home folder: at most {1} Markdown files of it are indexed (policyLens.limits.maxFiles).', folder, l.maxFiles));
      if (l.reached) notes.push(l10n.t('{0}: only the first {1} Markdown files are indexed (policyLens.limits.maxFiles).', folder, l.maxFiles));
    }
    if (notes.length) changed = true;
    this.notes = full ? notes : [...this.notes, ...notes].slice(-MAX_DETAILS);
    // Whether a folder is indexed only in part is known from the last full run; a change does not alter it.
    if (full) this.limited = stats.limited.some((l) => l.reached || l.broad);
    if (!changed) return;
    this.send(this.limited);
  }

  /**
   * The engine host loaded the workspace's lexicons and sources (again): says what it loaded, and
   * sends the status even when indexing has nothing new to report.
   */
  engineLoaded(summary: EngineSummary): void {
    const status: LexiconStatus = {
      lexicons: summary.lexicons,
      sources: summary.sources,
      concepts: summary.concepts,
      problems: summary.problems,
      generation: ++this.generation,
      message: summary.problems
        ? l10n.t('Lexicons: {0} file(s), {1} concept(s), {2} source(s); {3} problem(s), shown in the files.', summary.lexicons, summary.concepts, summary.sources, summary.problems)
        : l10n.t('Lexicons: {0} file(s), {1} concept(s), {2} source(s).', summary.lexicons, summary.concepts, summary.sources),
    };
    this.lexicons = { status, details: summary.details };
    this.send(this.limited);
  }

  /** A file indexed again, or deleted: it is no longer skipped or failed. */
  forget(uri: string): boolean {
    const a = this.skipped.delete(uri);
    const b = this.failed.delete(uri);
    return a || b;
  }

  /** Drops the standing notes and files under a removed workspace folder. */
  forgetUnder(folderUri: string): void {
    const prefix = folderUri.endsWith('/') ? folderUri : folderUri + '/';
    for (const m of [this.skipped, this.failed]) for (const uri of [...m.keys()]) if (uri.startsWith(prefix)) m.delete(uri);
  }

  private send(limited: boolean): void {
    const indexed = this.indexedCount();
    const skipped = this.skipped.size;
    const failed = this.failed.size;
    const all = [...(this.lexicons ? [this.lexicons.status.message, ...this.lexicons.details] : []), ...this.notes, ...this.failed.values(), ...this.skipped.values()];
    const details = all.length > MAX_DETAILS ? [...all.slice(0, MAX_DETAILS), l10n.t('… and {0} more.', all.length - MAX_DETAILS)] : all;
    const state: StatusParams['state'] = failed && !indexed ? 'error' : skipped || failed || limited ? 'partial' : 'ok';
    const message =
      state === 'ok'
        ? l10n.t('Policy Lens: {0} file(s) indexed.', indexed)
        : l10n.t('Policy Lens: {0} file(s) indexed, {1} skipped, {2} failed.', indexed, skipped, failed);
    const status: StatusParams = { state, indexed, skipped, failed, message, details, ...(this.lexicons && { lexicons: this.lexicons.status }) };
    this.last = status;
    void this.connection.sendNotification(StatusNotification.type, status);
    const line = [`policy-lens: status ${state}: ${message}`, ...details.map((d) => `  ${d}`)].join('\n');
    // Every client shows window/logMessage in its log (Neovim's lsp.log, VS Code's output channel).
    const quiet = this.lexicons && !this.lexicons.status.problems && !this.lexicons.details.length ? 1 : 0; // "Lexicons: …" alone is news, not a warning
    if (state === 'ok' && details.length <= quiet) this.connection.console.info(line);
    else this.connection.console.warn(line);
    if (this.toStderr) process.stderr.write(line + '\n');
  }
}

function name(uri: string): string {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : uri;
  } catch {
    return uri;
  }
}

function skipLine(uri: string, reason: SkipReason): string {
  switch (reason) {
    case 'too-large':
      return l10n.t('{0}: larger than policyLens.limits.indexMaxFileSize, not indexed.', name(uri));
    case 'binary':
      return l10n.t('{0}: a binary file, not indexed.', name(uri));
    case 'not-utf8':
      return l10n.t('{0}: not UTF-8 text, not indexed.', name(uri));
    case 'outside':
      return l10n.t('{0}: outside every workspace folder, not read.', name(uri));
    default:
      return l10n.t('{0}: could not be read, not indexed.', name(uri));
  }
}
