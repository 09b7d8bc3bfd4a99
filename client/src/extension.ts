/**
 * Policy Lens for VS Code: starts the bundled language server (dist/server.js) over node IPC and adds
 * the Concepts views, the commands, the status-bar count and the source-paper viewer. The client holds
 * no concept logic; everything it shows comes from the server (server/src/lsp/protocol.ts).
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { PaperViewer } from './paperViewer';
import { DraftConceptsModel } from './draftConcepts';
import { ConceptsView } from './conceptsView';
import { ConceptMapView } from './conceptMapView';
import { CoverageView } from './coverageView';
import { registerWalkthrough } from './walkthrough';
import { conceptsStatusBar, indexStatusBar } from './statusBar';
import { highlightingMiddleware, refreshOnSettingChange } from './highlighting';
import { registerCommands } from './commands';

let client: LanguageClient | undefined;

/** What `activate` returns: a small read-only surface for end-to-end tests. */
export interface PolicyLensApi {
  /** file: URI of the shipped source paper. */
  readonly paperUri: vscode.Uri;
  /** The paragraph the paper viewer highlights, if any. */
  highlightedParagraph(): vscode.Range | undefined;
  /** The draft the Concepts view shows, and its occurrence count once the server has answered. */
  shownDraft(): { uri: vscode.Uri; total: number | undefined } | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<PolicyLensApi> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const paper = new PaperViewer(context.extensionUri, () => languageClient);
  let model: DraftConceptsModel | undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
      // A workspace lexicon: the server shows its load problems and reloads it as it is edited.
      { scheme: 'file', pattern: '**/.policy-lens/*.{yaml,yml}' },
    ],
    synchronize: {
      // Sends workspace/didChangeConfiguration, on which the server drops its cached settings.
      // No fileEvents here: the server registers its own watcher for Markdown files (in any client).
      configurationSection: 'policyLens',
    },
    // The persisted workspace index lives in the extension's own storage.
    initializationOptions: { paperLinks: 'command', cacheDir: context.globalStorageUri.fsPath },
    // Hover links are `command:policyLens.openSourcePaper?…`; VS Code renders command links only in
    // trusted Markdown, and this trusts exactly that one command.
    markdown: { isTrusted: { enabledCommands: ['policyLens.openSourcePaper', 'policyLens.copyCitation'] } },
    middleware: {
      ...highlightingMiddleware,
      // Remember where navigation into the paper goes, so the paper viewer can highlight the paragraph.
      provideDefinition: async (document, position, token, next) => {
        const result = await next(document, position, token);
        if (result) paper.rememberTargets(Array.isArray(result) ? result : [result]);
        return result;
      },
      provideWorkspaceSymbols: async (query, token, next) => {
        const result = await next(query, token);
        if (result) paper.rememberTargets(result.map((s) => s.location));
        return result;
      },
      // The paper's own wording is not the user's to fix: no consistency hints inside it.
      handleDiagnostics: (uri, diagnostics, next) => next(uri, paper.isPaper(uri) ? [] : diagnostics),
      workspace: {
        // After the server has heard of a settings change, the view asks again (categories may differ).
        didChangeConfiguration: async (sections, next) => {
          await next(sections);
          void model?.refresh();
        },
      },
    },
  };
  const languageClient = new LanguageClient('policyLens', vscode.l10n.t('Policy Lens'), serverOptions, clientOptions);
  client = languageClient;

  model = new DraftConceptsModel(languageClient);
  const conceptsView = new ConceptsView(model);
  const conceptMapView = new ConceptMapView(languageClient);
  context.subscriptions.push(
    paper,
    model,
    conceptsView,
    conceptMapView,
    new CoverageView(context.extensionUri, languageClient, model.onDidChangeServerConcepts),
    registerWalkthrough(context.extensionUri),
    conceptsStatusBar(model),
    indexStatusBar(languageClient, (status) => conceptMapView.statusChanged(status)),
    refreshOnSettingChange(languageClient),
    registerCommands({ client: languageClient, model, conceptsView, conceptMapView, paper }),
  );
  await languageClient.start();
  const shown = model;
  return {
    paperUri: paper.uri,
    highlightedParagraph: () => paper.highlightedRange,
    shownDraft: () => (shown.document ? { uri: shown.document, total: shown.state?.total } : undefined),
  };
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
