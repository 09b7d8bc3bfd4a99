/**
 * The coverage picture: a webview panel showing the active draft's coverage of the paper's frame
 * (categories and the three paths), section × concept as a heatmap, and the concept co-occurrence
 * network, drawn by Apache ECharts bundled in media/echarts (no network). The data is the server's
 * (CoverageRequest); this file only moves it into the webview and turns clicks into editor selections.
 *
 * Security: a strict Content-Security-Policy (`default-src 'none'`, scripts only with this page's nonce,
 * from the extension's media folder, which is the only local resource root).
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CoverageRequest, type CoverageResult } from '../../server/src/lsp/protocol';
import { isDraft } from './draftConcepts';

/** Wait after the last change before asking the server again. */
const DEBOUNCE_MS = 300;

type FromWebview = { type: 'ready' } | { type: 'reveal'; concept: string; row?: number };

export class CoverageView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.Uri | undefined;
  private result: CoverageResult | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    serverConcepts: vscode.Event<{ uri: string }>,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand('policyLens.showCoverage', (uri?: unknown) => this.show(uri instanceof vscode.Uri ? uri : undefined)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Follow the active draft; a webview or another non-draft editor keeps the last one.
        if (this.panel && editor && isDraft(editor.document) && editor.document.uri.toString() !== this.document?.toString()) {
          this.document = editor.document.uri;
          this.schedule(0);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && e.document.uri.toString() === this.document?.toString()) this.schedule();
      }),
      vscode.window.onDidChangeActiveColorTheme(() => this.post()),
      // Through the model: a second onNotification for the same method would replace the model's handler.
      serverConcepts((p) => {
        if (this.panel && p.uri === this.document?.toString()) this.schedule();
      }),
    );
  }

  /** Opens (or reveals) the panel for a draft: the given one, or the active editor's. */
  async show(uri?: vscode.Uri): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const target = uri ?? (editor && isDraft(editor.document) ? editor.document.uri : this.document);
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a Markdown draft first.'));
      return;
    }
    this.document = target;
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      const media = vscode.Uri.joinPath(this.extensionUri, 'media');
      this.panel = vscode.window.createWebviewPanel('policyLens.coverage', this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [media],
        retainContextWhenHidden: false,
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'images', 'lens.svg');
      this.panel.webview.html = this.html(this.panel.webview);
      this.panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m), undefined, this.disposables);
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.result = undefined;
      }, undefined, this.disposables);
    }
    await this.refresh();
  }

  private title(): string {
    const name = this.document ? this.document.path.split('/').pop() : '';
    return vscode.l10n.t('Coverage: {0}', name ?? '');
  }

  private schedule(ms = DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, ms);
  }

  /** Asks the server for the current draft's picture and sends it to the webview; older answers are dropped. */
  private async refresh(): Promise<void> {
    const uri = this.document;
    if (!uri || !this.panel) return;
    const sequence = ++this.sequence;
    let result: CoverageResult | null;
    try {
      result = await this.client.sendRequest(CoverageRequest.type, { uri: uri.toString(), lang: vscode.env.language });
    } catch (e) {
      if (this.client.isRunning()) this.client.error('policyLens/coverage failed', e, false);
      return;
    }
    if (sequence !== this.sequence || !this.panel) return;
    this.result = result ?? undefined;
    this.panel.title = this.title();
    this.post();
  }

  private post(): void {
    if (!this.panel) return;
    void this.panel.webview.postMessage(this.result ? { type: 'picture', picture: this.result.picture } : { type: 'none', lang: vscode.env.language.toLowerCase().startsWith('zh') ? 'zh' : 'en' });
  }

  private async onMessage(m: FromWebview): Promise<void> {
    if (m.type === 'ready') return this.post();
    if (m.type !== 'reveal' || !this.result || !this.document) return;
    const found = this.result.occurrences.filter((o) => o.concept === m.concept && (m.row === undefined || o.row === m.row));
    if (!found.length) return;
    const uri = this.document;
    const p2c = this.client.protocol2CodeConverter;
    const open = async (range: vscode.Range) => {
      await vscode.window.showTextDocument(uri, { selection: range, viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    };
    if (found.length === 1) return open(p2c.asRange(found[0].range));
    const document = await vscode.workspace.openTextDocument(uri);
    const items = found.map((o) => {
      const range = p2c.asRange(o.range);
      const line = document.lineAt(Math.min(range.start.line, document.lineCount - 1)).text.trim();
      return { label: o.text, description: vscode.l10n.t('Line {0}', range.start.line + 1), detail: line, range };
    });
    const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('{0} occurrences: choose one to reveal', found.length), matchOnDetail: true });
    if (picked) await open(picked.range);
  }

  private html(webview: vscode.Webview): string {
    const nonce = makeNonce();
    const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', file)).toString();
    const zh = vscode.env.language.toLowerCase().startsWith('zh');
    return `<!DOCTYPE html>
<html lang="${zh ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource} data:; script-src 'nonce-${nonce}'; style-src-elem 'nonce-${nonce}'; style-src-attr 'unsafe-inline'; font-src ${webview.cspSource}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); padding: 8px 16px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; }
.chart { height: 340px; } .chart.tall { height: 480px; }
p[data-empty] { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<p data-empty hidden></p>
<div class="grid">
<div class="chart" data-chart="frame"></div>
<div class="chart" data-chart="concepts"></div>
</div>
<div class="chart tall" data-chart="heatmap"></div>
<div class="chart tall" data-chart="network"></div>
<script nonce="${nonce}" src="${media('echarts/echarts.min.js')}"></script>
<script nonce="${nonce}" src="${media('coverageCharts.js')}"></script>
<script nonce="${nonce}" src="${media('coverageView.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function makeNonce(): string {
  return randomBytes(18).toString('base64');
}
