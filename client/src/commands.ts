/** The `policyLens.*` commands. Each asks the server for what it needs; none knows about concepts itself. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ConceptAtRequest, ExportFormatsRequest, ExportRequest } from '../../server/src/lsp/protocol';
import { isDraft, type DraftConceptsModel } from './draftConcepts';
import type { ConceptsView } from './conceptsView';
import type { ConceptMapView } from './conceptMapView';
import type { PaperViewer } from './paperViewer';
import { toggleHighlighting } from './highlighting';
import { copyCitation } from './copyCitation';

export interface CommandContext {
  readonly client: LanguageClient;
  readonly model: DraftConceptsModel;
  readonly conceptsView: ConceptsView;
  readonly conceptMapView: ConceptMapView;
  readonly paper: PaperViewer;
}

export function registerCommands(c: CommandContext): vscode.Disposable {
  const register = (id: string, run: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(`policyLens.${id}`, async (...args: never[]) => {
      try {
        // The result goes back to executeCommand's caller (copyCitation returns the citation).
        return await run(...args);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Policy Lens: {0}', e instanceof Error ? e.message : String(e)));
      }
    });
  return vscode.Disposable.from(
    // Hover links and the concept map pass [anchor, sourceId]; sourceId absent: the shipped paper.
    register('openSourcePaper', (anchor?: unknown, sourceId?: unknown) =>
      c.paper.open({ ...(typeof anchor === 'string' && anchor ? { anchor } : {}), ...(typeof sourceId === 'string' && sourceId ? { sourceId } : {}) }),
    ),
    register('openConceptInPaper', (arg?: unknown) => {
      const conceptId = conceptIdOf(arg);
      return conceptId ? c.paper.open({ conceptId }) : c.paper.open();
    }),
    register('showConceptAtCursor', () => showConceptAtCursor(c)),
    register('revealConceptInView', (arg?: unknown) => revealConceptInView(c, conceptIdOf(arg))),
    register('toggleHighlighting', toggleHighlighting),
    register('exportAnnotations', (uri?: unknown) => exportAnnotations(c, uri instanceof vscode.Uri ? uri : undefined)),
    register('revealSectionConcepts', (uri?: unknown, line?: unknown) => revealSectionConcepts(c, typeof uri === 'string' ? vscode.Uri.parse(uri) : uri instanceof vscode.Uri ? uri : undefined, typeof line === 'number' ? line : undefined)),
    register('clearSectionFilter', () => c.conceptsView.setFilter(undefined)),
    register('refreshConcepts', () => c.model.refresh()),
    register('copyCitation', (arg?: unknown, style?: unknown) => copyCitation(c.client, arg, style)),
  );
}

/** A concept id from a command argument: an id, `{ conceptId }`, or a node of either view. */
function conceptIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg || undefined;
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as { conceptId?: unknown; kind?: unknown; id?: unknown; concept?: { id?: unknown } };
  if (typeof a.conceptId === 'string') return a.conceptId;
  if (a.kind === 'related' && typeof a.id === 'string') return a.id;
  if (typeof a.concept?.id === 'string') return a.concept.id;
  return undefined;
}

/** The active draft editor, or a message saying one is needed. */
function activeDraft(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && isDraft(editor.document)) return editor;
  void vscode.window.showInformationMessage(vscode.l10n.t('Open a Markdown draft first.'));
  return undefined;
}

async function conceptAtCursor(c: CommandContext, editor: vscode.TextEditor) {
  const c2p = c.client.code2ProtocolConverter;
  return c.client.sendRequest(ConceptAtRequest.type, { uri: c2p.asUri(editor.document.uri), position: c2p.asPosition(editor.selection.active) });
}

/** Shows the server's hover (term, definition, source paragraph) for the concept under the cursor. */
async function showConceptAtCursor(c: CommandContext): Promise<void> {
  const editor = activeDraft();
  if (!editor) return;
  const concept = await conceptAtCursor(c, editor);
  if (!concept) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no concept of the paper at the cursor.'));
    return;
  }
  await vscode.commands.executeCommand('editor.action.showHover');
}

/** Selects a concept in the Concepts view (the one at the cursor when no id is given), else in the map. */
async function revealConceptInView(c: CommandContext, conceptId: string | undefined): Promise<void> {
  if (!conceptId) {
    const editor = activeDraft();
    if (!editor) return;
    conceptId = (await conceptAtCursor(c, editor))?.id;
    if (!conceptId) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no concept of the paper at the cursor.'));
      return;
    }
    // The view shows the active draft; make sure it is this one and up to date.
    if (c.model.document?.toString() !== editor.document.uri.toString()) c.model.show(editor.document.uri);
    await c.model.refresh();
  }
  let node = c.conceptsView.conceptNode(conceptId);
  if (!node && c.conceptsView.sectionFilter) {
    c.conceptsView.setFilter(undefined);
    node = c.conceptsView.conceptNode(conceptId);
  }
  if (node) {
    await c.conceptsView.view.reveal(node, { select: true, focus: true, expand: true });
    return;
  }
  const mapNode = await c.conceptMapView.conceptNode(conceptId);
  if (mapNode) await c.conceptMapView.view.reveal(mapNode, { select: true, focus: true, expand: true });
}

/**
 * Exports the draft's annotations in a format the user picks from the server's exporter registry
 * (labels in the UI language). One file: saved where the user says. Several (brat, webanno, csv,
 * cooccurrence): into a new folder `<draft>-<format>` inside the folder the user picks, so nothing
 * that exists is ever written over.
 */
async function exportAnnotations(c: CommandContext, uri: vscode.Uri | undefined): Promise<void> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : activeDraft()?.document;
  if (!document) return;
  const { formats } = await c.client.sendRequest(ExportFormatsRequest.type, {});
  const zh = vscode.env.language.toLowerCase().startsWith('zh');
  const picked = await vscode.window.showQuickPick(
    formats.map((f) => ({ label: zh ? f.label.zh : f.label.en, description: f.id, detail: zh ? f.description.zh : f.description.en, format: f })),
    { title: vscode.l10n.t('Export Policy Lens annotations'), placeHolder: vscode.l10n.t('Choose an export format'), matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return;
  const format = picked.format;
  const result = await c.client.sendRequest(ExportRequest.type, { uri: c.client.code2ProtocolConverter.asUri(document.uri), format: format.id });
  if (!result) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Policy Lens has no annotations for this document (it may be larger than policyLens.maxFileSize).'));
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const stem = document.uri.path.split('/').pop()!.replace(/\.[^.]*$/, '');
  const encoder = new TextEncoder();
  const open = vscode.l10n.t('Open');
  if (result.files.length === 1) {
    const [file] = result.files;
    const name = format.id === 'json' ? `${stem}.annotations.json` : file.name;
    const defaultUri = document.uri.scheme === 'file' ? vscode.Uri.joinPath(document.uri, '..', name) : folder && vscode.Uri.joinPath(folder, name);
    const target = await vscode.window.showSaveDialog({
      defaultUri,
      filters: { [picked.label]: [...format.extensions] },
      saveLabel: vscode.l10n.t('Export'),
      title: vscode.l10n.t('Export Policy Lens annotations'),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, encoder.encode(file.content));
    if ((await vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} annotations to {1}.', result.annotations, vscode.workspace.asRelativePath(target)), open)) === open) {
      await vscode.window.showTextDocument(target);
    }
    return;
  }
  const [parent] =
    (await vscode.window.showOpenDialog({
      defaultUri: document.uri.scheme === 'file' ? vscode.Uri.joinPath(document.uri, '..') : folder,
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Export here'),
      title: vscode.l10n.t('Export Policy Lens annotations'),
    })) ?? [];
  if (!parent) return;
  let target = vscode.Uri.joinPath(parent, `${stem}-${format.id}`);
  for (let n = 2; await exists(target); n++) target = vscode.Uri.joinPath(parent, `${stem}-${format.id}-${n}`);
  await vscode.workspace.fs.createDirectory(target);
  for (const f of result.files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, f.name), encoder.encode(f.content));
  const reveal = vscode.l10n.t('Open');
  if ((await vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} annotations as {1} file(s) into {2}.', result.annotations, result.files.length, vscode.workspace.asRelativePath(target)), reveal)) === reveal) {
    await vscode.commands.executeCommand('revealFileInOS', target);
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Narrows the Concepts view to one heading's section and focuses it. From the code lens: the draft's
 * URI and the heading's line. From the palette: the section around the cursor. Headings come from
 * the outline (document symbols of VS Code's Markdown support and of the server), so the client does
 * not parse Markdown.
 */
async function revealSectionConcepts(c: CommandContext, uri: vscode.Uri | undefined, line: number | undefined): Promise<void> {
  if (!uri) {
    const editor = activeDraft();
    if (!editor) return;
    uri = editor.document.uri;
    line = editor.selection.active.line;
  }
  const headings = await headingsOf(uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const cursor = line ?? 0;
  // The code lens gives a heading line; the palette gives any line: take the heading at or above it.
  const own = [...headings].reverse().find((h) => h.line <= cursor);
  const startLine = own?.line ?? 0;
  const endLine = headings.find((h) => h.line > startLine)?.line ?? document.lineCount;
  const title = own?.title ?? vscode.l10n.t('before the first heading');
  if (c.model.document?.toString() !== uri.toString()) c.model.show(uri);
  c.conceptsView.setFilter({ uri, startLine, endLine, title });
  await vscode.commands.executeCommand('policyLens.concepts.focus');
}

/** Heading lines and titles of a Markdown document, sorted, from the outline providers. */
async function headingsOf(uri: vscode.Uri): Promise<{ line: number; title: string }[]> {
  const symbols = (await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
  const byLine = new Map<number, string>();
  const visit = (list: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
    for (const s of list) {
      // Markdown headings are String symbols (VS Code's Markdown support and the server agree); concepts are Constants.
      if (s.kind === vscode.SymbolKind.String) {
        const line = 'selectionRange' in s ? s.selectionRange.start.line : s.location.range.start.line;
        if (!byLine.has(line)) byLine.set(line, s.name.replace(/^#+\s*/, ''));
      }
      if ('children' in s) visit(s.children);
    }
  };
  visit(symbols);
  return [...byLine.entries()].map(([line, title]) => ({ line, title })).sort((a, b) => a.line - b.line);
}
