/**
 * The engine host: owns the engines (lexicons and sources) the server annotates with, and swaps them
 * when their files change. Every other part of the server asks it for "the engine for this document";
 * nothing else builds or caches an engine (features get theirs through the FeatureContext).
 */
import { sharedEngine, type Engine } from '../../core/engine';

/** What changed when the host swapped engines. */
export interface EngineChange {
  /** Workspace folder URIs whose engine was replaced (every folder when the shipped one changed). */
  readonly folders: readonly string[];
}

export interface Disposable {
  dispose(): void;
}

/** The narrow view of the host that features, the document store and the indexer need. */
export interface EngineSource {
  /** The engine for a document: that of the innermost workspace folder holding it, else the shipped one. */
  engineFor(uri: string): Engine;
}

export class EngineHost implements EngineSource {
  private readonly listeners = new Set<(e: EngineChange) => void>();

  /** Built on first use: start-up answers `initialize` before the lexicon is loaded. */
  private current: Engine | undefined;

  constructor(initial?: Engine) {
    this.current = initial;
  }

  /** The engine over the shipped lexicon and paper alone (used for files outside every folder). */
  get shipped(): Engine {
    return (this.current ??= sharedEngine());
  }

  engineFor(_uri: string): Engine {
    return this.shipped;
  }

  /** Calls `listener` after every swap. */
  onDidChange(listener: (e: EngineChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Reads the lexicon and source files again and swaps the engines that changed. */
  async reload(): Promise<void> {
    // Only the shipped data exists so far: nothing to read again.
  }

  protected fire(change: EngineChange): void {
    for (const l of this.listeners) l(change);
  }
}
