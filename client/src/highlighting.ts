/**
 * Concept highlighting on and off (`policyLens.highlighting.enabled`, read per document). The colours
 * come from the server's semantic tokens only (the TextMate grammar gives scopes without colours), so
 * dropping the tokens in the client's middleware turns the highlighting off completely.
 */
import * as vscode from 'vscode';
import { SemanticTokensRegistrationType, type LanguageClient, type Middleware } from 'vscode-languageclient/node';

const SECTION = 'policyLens';
const KEY = 'highlighting.enabled';

function enabled(document: vscode.TextDocument): boolean {
  return vscode.workspace.getConfiguration(SECTION, document).get<boolean>(KEY, true);
}

/** Client middleware: no semantic tokens for a document whose highlighting is off. */
export const highlightingMiddleware: Pick<Middleware, 'provideDocumentSemanticTokens' | 'provideDocumentSemanticTokensEdits' | 'provideDocumentRangeSemanticTokens'> = {
  provideDocumentSemanticTokens: (document, token, next) => (enabled(document) ? next(document, token) : null),
  // With no previous result to diff against, VS Code asks for full tokens next time; that is fine.
  provideDocumentSemanticTokensEdits: (document, previousResultId, token, next) => (enabled(document) ? next(document, previousResultId, token) : null),
  provideDocumentRangeSemanticTokens: (document, range, token, next) => (enabled(document) ? next(document, range, token) : null),
};

/**
 * Flips the setting where it is set most specifically for the active draft (folder, workspace, or
 * user settings), so the toggle always has a visible effect.
 */
export async function toggleHighlighting(): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  const config = vscode.workspace.getConfiguration(SECTION, document);
  const inspect = config.inspect<boolean>(KEY);
  const target =
    inspect?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspect?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  const next = !config.get<boolean>(KEY, true);
  await config.update(KEY, next, target);
  vscode.window.setStatusBarMessage(next ? vscode.l10n.t('Policy Lens: concept highlighting on') : vscode.l10n.t('Policy Lens: concept highlighting off'), 4000);
}

/** Asks VS Code to fetch semantic tokens again when the setting changes (the middleware then applies it). */
export function refreshOnSettingChange(client: LanguageClient): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(`${SECTION}.${KEY}`) || !client.isRunning()) return;
    const feature = client.getFeature(SemanticTokensRegistrationType.method);
    const fired = new Set<unknown>();
    for (const editor of vscode.window.visibleTextEditors) {
      const provider = feature.getProvider(editor.document);
      if (!provider || fired.has(provider)) continue;
      fired.add(provider);
      provider.onDidChangeSemanticTokensEmitter.fire();
    }
  });
}
