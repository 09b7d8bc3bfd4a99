/**
 * The source viewer: a source text opened at a paragraph with that paragraph highlighted. The shipped
 * paper (server/data/source/paper.md) opens read-only; a workspace's own source (a file of the
 * workspace, say .policy-lens/sources/notes.md) opens as the writer's file, editable.
 *
 * Why the file itself and not a virtual document (a TextDocumentContentProvider): Go to Definition,
 * References and Workspace Symbols from the server point at the file, so every way into the paper ends
 * in the same editor, and the server's hover, highlighting and references keep working inside it. The
 * editor is made read-only for the session (`workbench.action.files.setActiveEditorReadonlyInSession`,
 * VS Code 1.79+) whenever it becomes active, however it was opened.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PaperLocationRequest } from '../../server/src/lsp/protocol';

/** Where a paragraph is, as the server says (PaperLocationRequest), in editor types. */
export interface PaperParagraph {
  readonly range: vscode.Range;
  readonly anchor: string;
  readonly label: string;
  /** The source file it is in. */
  readonly uri: vscode.Uri;
}

export class PaperViewer implements vscode.Disposable {
  /** file: URI of the shipped paper. */
  readonly uri: vscode.Uri;
  /** Other source texts the server has pointed at (workspace sources), by URI string. */
  private readonly sources = new Set<string>();
  private readonly decoration: vscode.TextEditorDecorationType;
  private highlighted: PaperParagraph | undefined;
  /**
   * Paragraph ranges the server just offered as navigation targets (definitions, workspace symbols).
   * When the cursor lands in one of them by a command (not by typing or clicking), that paragraph is
   * highlighted: this is how Go to Definition gets the same highlight as the paper command.
   */
  private targets: { uri: vscode.Uri; range: vscode.Range }[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient,
  ) {
    this.uri = vscode.Uri.joinPath(extensionUri, 'server', 'data', 'source', 'paper.md');
    const color = new vscode.ThemeColor('policyLens.paperHighlight');
    this.decoration = vscode.window.createTextEditorDecorationType({
      backgroundColor: color,
      isWholeLine: true,
      overviewRulerColor: color,
      overviewRulerLane: vscode.OverviewRulerLane.Full,
    });
    this.disposables.push(
      this.decoration,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && this.isSource(editor.document.uri)) void this.adopt(editor, editor.selection.active);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        // Typing and clicking move the cursor, they don't navigate: keep the highlight where it is.
        if (e.kind === vscode.TextEditorSelectionChangeKind.Keyboard || e.kind === vscode.TextEditorSelectionChangeKind.Mouse) return;
        if (this.isSource(e.textEditor.document.uri)) this.highlightTarget(e.selections[0].active, e.textEditor.document.uri);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.highlighted && sameFile(doc.uri, this.highlighted.uri)) this.highlighted = undefined;
      }),
    );
  }

  /** Whether a URI is the shipped paper (compared as file paths, so drive-letter case does not matter). */
  isPaper(uri: vscode.Uri): boolean {
    return sameFile(uri, this.uri);
  }

  /** Whether a URI is a source text: the shipped paper, or a workspace source the server named. */
  isSource(uri: vscode.Uri): boolean {
    return this.isPaper(uri) || (uri.scheme === 'file' && this.sources.has(uri.toString()));
  }

  /**
   * Opens a source (the shipped paper unless `sourceId` names another) at a paragraph (by anchor, e.g.
   * `s2-2-p3`) or at a concept's defining paragraph, or at the top when given neither. Unknown anchors
   * open the top and say so.
   */
  async open(target: { anchor?: string; conceptId?: string; sourceId?: string } = {}): Promise<void> {
    // An explicit target replaces whatever a definition request offered before.
    this.targets = [];
    let paragraph: PaperParagraph | undefined;
    let uri = this.uri;
    if (target.anchor || target.conceptId || target.sourceId) {
      const loc = await this.client().sendRequest(PaperLocationRequest.type, target);
      if (loc) {
        uri = this.client().protocol2CodeConverter.asUri(loc.uri);
        if (!this.isPaper(uri)) this.sources.add(uri.toString());
        if (loc.anchor) paragraph = { range: this.client().protocol2CodeConverter.asRange(loc.range), anchor: loc.anchor, label: loc.label, uri };
      } else {
        void vscode.window.showWarningMessage(vscode.l10n.t('The source paper has no paragraph “{0}”.', target.anchor ?? target.conceptId ?? target.sourceId ?? ''));
      }
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const at = paragraph?.range.start ?? new vscode.Position(0, 0);
    const editor = await vscode.window.showTextDocument(document, { preview: true, selection: new vscode.Range(at, at) });
    if (paragraph) {
      this.highlighted = paragraph;
      editor.revealRange(paragraph.range, vscode.TextEditorRevealType.InCenter);
    } else {
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.AtTop);
    }
    await this.adopt(editor);
    this.decorate();
  }

  /**
   * Remembers paragraph ranges of the paper among navigation results (client middleware calls this
   * with what Go to Definition and Workspace Symbols returned).
   */
  rememberTargets(locations: readonly (vscode.Location | vscode.LocationLink)[]): void {
    const targets: { uri: vscode.Uri; range: vscode.Range }[] = [];
    for (const l of locations) {
      const uri = l instanceof vscode.Location ? l.uri : l.targetUri;
      // Our server's definitions and symbols all point at source paragraphs (the paper or a workspace source).
      if (!this.isPaper(uri)) this.sources.add(uri.toString());
      targets.push({ uri, range: l instanceof vscode.Location ? l.range : l.targetRange });
    }
    if (targets.length) this.targets = targets;
  }

  /** A source editor became active: highlight the target the cursor landed in, and make the shipped paper read-only. */
  private async adopt(editor: vscode.TextEditor, cursor?: vscode.Position): Promise<void> {
    if (cursor) this.highlightTarget(cursor, editor.document.uri);
    // A workspace source is the writer's own file: it stays editable.
    if (vscode.window.activeTextEditor !== editor || !this.isPaper(editor.document.uri)) return;
    try {
      await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
    } catch {
      // Hosts without session read-only (older than 1.79, or a web host without it): the file stays
      // writable there; nothing else depends on it.
    }
  }

  private highlightTarget(cursor: vscode.Position, uri: vscode.Uri): void {
    const target = this.targets.find((t) => sameFile(t.uri, uri) && t.range.contains(cursor));
    if (!target) return;
    this.targets = [];
    this.highlighted = { range: target.range, anchor: '', label: '', uri };
    this.decorate();
  }

  /** The highlighted paragraph's range, if any (for the extension's test API). */
  get highlightedRange(): vscode.Range | undefined {
    return this.highlighted?.range;
  }

  /** Applies the highlight to every visible source editor (decorations belong to editors, not documents). */
  private decorate(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (!this.isSource(editor.document.uri)) continue;
      const h = this.highlighted && sameFile(this.highlighted.uri, editor.document.uri) ? this.highlighted : undefined;
      editor.setDecorations(this.decoration, h ? [{ range: h.range, hoverMessage: h.label || undefined }] : []);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Whether two URIs name the same file (compared as paths, so drive-letter case does not matter). */
function sameFile(a: vscode.Uri, b: vscode.Uri): boolean {
  if (a.scheme !== 'file' || b.scheme !== 'file') return a.toString() === b.toString();
  return process.platform === 'win32' || process.platform === 'darwin' ? a.fsPath.toLowerCase() === b.fsPath.toLowerCase() : a.fsPath === b.fsPath;
}
