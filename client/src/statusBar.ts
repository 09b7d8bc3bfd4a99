/** The status-bar item: how many of the paper's concepts the active draft uses (occurrences in the tooltip); opens the Concepts view. */
import * as vscode from 'vscode';
import { isDraft, type DraftConceptsModel } from './draftConcepts';

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
