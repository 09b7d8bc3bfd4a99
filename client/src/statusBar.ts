/** The status-bar items. The concepts item: how many of the paper's concepts the active draft uses (occurrences in the tooltip); opens the Concepts view. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isDraft, type DraftConceptsModel } from './draftConcepts';
import { StatusNotification, type StatusParams } from '../../server/src/lsp/protocol';

export function conceptsStatusBar(model: DraftConceptsModel): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('policyLens.concepts', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Policy Lens concepts');
  item.command = 'policyLens.concepts.focus';
  const update = () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isDraft(editor.document) || editor.document.uri.toString() !== model.document?.toString()) {
      item.hide();
      return;
    }
    const state = model.state;
    if (state) {
      item.text = vscode.l10n.t('$(telescope) {0} concepts', state.concepts.length);
      item.tooltip = vscode.l10n.t('{0} occurrences of {1} concepts of the paper in this draft. Click to open the Concepts view.', state.total, state.concepts.length);
    } else {
      item.text = model.pending ? '$(telescope) …' : '$(telescope) –';
      item.tooltip = model.pending ? vscode.l10n.t('Policy Lens is analysing this draft.') : vscode.l10n.t('Policy Lens has no analysis of this draft (too large, or the server is not running).');
    }
    item.show();
  };
  update();
  return vscode.Disposable.from(item, model.onDidChange(update), vscode.window.onDidChangeActiveTextEditor(update));
}

/**
 * The index status item, from the server's `policyLens/status` (as vscode-eslint's status): shown only
 * when something needs the user's attention (a partial index, a failed worker, a rebuilt cache, a
 * limit reached), with a warning or error icon and the details in the tooltip. Clicking it opens the
 * server's log, where the same lines are.
 */
export function indexStatusBar(client: LanguageClient, onStatus: (status: StatusParams) => void = () => undefined): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('policyLens.index', vscode.StatusBarAlignment.Right, 99);
  item.name = vscode.l10n.t('Policy Lens index');
  item.command = { title: vscode.l10n.t('Show the Policy Lens log'), command: 'policyLens.showOutput' };
  const show = (status: StatusParams) => {
    // The client has one handler per notification: the others who need the status hear it from here.
    onStatus(status);
    // "Lexicons: 2 file(s), 40 concept(s)…" with nothing wrong is no reason to show the item.
    const lexiconsFine = status.lexicons && !status.lexicons.problems && status.details.length === 1 && status.details[0] === status.lexicons.message;
    if (status.state === 'ok' && (!status.details.length || lexiconsFine)) {
      item.hide();
      return;
    }
    const icon = status.state === 'error' ? '$(error)' : status.state === 'partial' ? '$(warning)' : '$(info)';
    item.text = `${icon} ${vscode.l10n.t('Index: {0} of {1}', status.indexed, status.indexed + status.skipped + status.failed)}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(status.message);
    for (const d of status.details) tooltip.appendMarkdown('\n\n- ').appendText(d);
    item.tooltip = tooltip;
    item.backgroundColor = status.state === 'ok' ? undefined : new vscode.ThemeColor(status.state === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    item.show();
  };
  const command = vscode.commands.registerCommand('policyLens.showOutput', () => client.outputChannel.show(true));
  const listener = client.onNotification(StatusNotification.type, show);
  return vscode.Disposable.from(item, command, listener);
}
