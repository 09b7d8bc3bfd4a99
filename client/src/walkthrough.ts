/**
 * The walkthrough's "Open Sample Draft" step: the shipped examples/policy-draft.md opened as an untitled
 * Markdown document (a copy), so the user can try everything without a file of their own and nothing
 * in the extension's folder is ever written.
 */
import * as vscode from 'vscode';

export function registerWalkthrough(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand('policyLens.openSampleDraft', async () => {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'examples', 'policy-draft.md'));
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: new TextDecoder().decode(bytes) });
    await vscode.window.showTextDocument(document, { preview: false });
  });
}
