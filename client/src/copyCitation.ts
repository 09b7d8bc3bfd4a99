/** `policyLens.copyCitation`: asks the server for a citation in the style the user picks and puts it on the clipboard. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CiteRequest } from '../../server/src/lsp/protocol';

/** What the command is called with: `{ anchor }` (hover link), `{ conceptId }`, a Concepts view node (`{ concept: { id } }`), or nothing. */
function citeTarget(arg: unknown): Omit<CiteRequest.Params, 'style'> {
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as { anchor?: unknown; conceptId?: unknown; source?: unknown; concept?: { id?: unknown }; id?: unknown; kind?: unknown };
  const out: Omit<CiteRequest.Params, 'style'> = {};
  if (typeof a.source === 'string') out.source = a.source;
  if (typeof a.anchor === 'string') out.anchor = a.anchor;
  else if (typeof a.conceptId === 'string') out.conceptId = a.conceptId;
  else if (typeof a.concept?.id === 'string') out.conceptId = a.concept.id;
  else if (a.kind === 'related' && typeof a.id === 'string') out.conceptId = a.id;
  return out;
}

export async function copyCitation(client: LanguageClient, arg?: unknown, style?: unknown): Promise<string | undefined> {
  const styles: { label: string; description: string; style: CiteRequest.Style }[] = [
    { label: 'GB/T 7714-2015', description: vscode.l10n.t('Chinese national standard'), style: 'gbt7714' },
    { label: 'BibTeX', description: '@article', style: 'bibtex' },
    { label: 'CSL-JSON', description: 'Zotero, Pandoc, citeproc', style: 'csl-json' },
  ];
  // A style may be given (tests, keybindings); otherwise the user picks one.
  const picked = styles.find((s) => s.style === style) ?? (await vscode.window.showQuickPick(styles, { placeHolder: vscode.l10n.t('Citation style') }));
  if (!picked) return undefined;
  const result = await client.sendRequest(CiteRequest.type, { style: picked.style, ...citeTarget(arg) });
  if (!result) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Policy Lens: nothing to cite here.'));
    return undefined;
  }
  await vscode.env.clipboard.writeText(result.text);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Citation copied ({0})', picked.label), 3000);
  return result.text;
}
