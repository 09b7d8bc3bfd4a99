/**
 * Settings per resource (vscode-eslint's model): read from the client with `workspace/configuration`
 * for the document's own scope, cached per URI until the client says they changed, and never kept in
 * server globals. Clients that cannot answer the request (Neovim 0.7) push their settings with
 * `workspace/didChangeConfiguration`, or pass them in `initializationOptions`. Defaults live in
 * ../settings.ts.
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../settings';

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private initial: Settings = DEFAULT_SETTINGS;
  private hasConfiguration = false;

  constructor(
    private readonly connection: Connection,
    /** Called with every settings object read (for warnings about what a setting names). */
    private readonly onRead: (uri: string | undefined, settings: Settings) => void = () => undefined,
  ) {}

  /** From `initialize`: whether the client answers `workspace/configuration`, and the settings it passed. */
  configure(hasConfiguration: boolean, initializationSettings: unknown): void {
    this.hasConfiguration = hasConfiguration;
    this.initial = normalizeSettings(initializationSettings);
    this.onRead(undefined, this.initial);
  }

  /** The settings for a resource (a document or a workspace folder URI). */
  get(uri: string): Promise<Settings> {
    if (!this.hasConfiguration) return Promise.resolve(this.initial);
    let s = this.cache.get(uri);
    if (!s) {
      s = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'policyLens' })
        .then(normalizeSettings, () => this.initial)
        .then((read) => (this.onRead(uri, read), read));
      this.cache.set(uri, s);
    }
    return s;
  }

  /** `workspace/didChangeConfiguration`: forget every cached read; take pushed settings from clients that push them. */
  changed(pushed: unknown): void {
    const settings = (pushed as { policyLens?: unknown } | null | undefined)?.policyLens;
    if (!this.hasConfiguration && settings !== undefined) {
      this.initial = normalizeSettings(settings);
      this.onRead(undefined, this.initial);
    }
    this.cache.clear();
  }

  /** Forgets one resource's cached read (its document closed). */
  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
