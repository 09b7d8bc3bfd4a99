/**
 * The "Concept map" view: the paper's frame, category → concept → related concepts, as the server
 * reports it (ConceptMapRequest). Clicking a concept opens its defining paragraph in the paper.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ConceptMapRequest, type ConceptMapCategory, type StatusParams } from '../../server/src/lsp/protocol';

type MapConcept = ConceptMapCategory['concepts'][number];

export type ConceptMapNode = MapCategoryNode | MapConceptNode | MapRelatedNode;

interface MapCategoryNode {
  readonly kind: 'category';
  readonly category: ConceptMapCategory;
  readonly concepts: MapConceptNode[];
}

interface MapConceptNode {
  readonly kind: 'concept';
  readonly concept: MapConcept;
  readonly parent: MapCategoryNode;
}

interface MapRelatedNode {
  readonly kind: 'related';
  readonly id: string;
  readonly term: string;
  readonly parent: MapConceptNode;
}

export class ConceptMapView implements vscode.TreeDataProvider<ConceptMapNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConceptMapNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ConceptMapNode>;
  /** The map is the lexicons': asked for once, and again after the server reloaded them. */
  private roots: Promise<MapCategoryNode[]> | undefined;
  private lexiconGeneration: number | undefined;

  constructor(private readonly client: LanguageClient) {
    this.view = vscode.window.createTreeView('policyLens.conceptMap', { treeDataProvider: this, showCollapseAll: true });
  }

  private load(): Promise<MapCategoryNode[]> {
    this.roots ??= this.client.sendRequest(ConceptMapRequest.type, {}).then(
      (map) =>
        map.categories.map((category) => {
          const node: MapCategoryNode = { kind: 'category', category, concepts: [] };
          node.concepts.push(...category.concepts.map((concept): MapConceptNode => ({ kind: 'concept', concept, parent: node })));
          return node;
        }),
      (e: unknown) => {
        this.roots = undefined; // ask again next time
        this.view.message = vscode.l10n.t('The concept map is not available: {0}', e instanceof Error ? e.message : String(e));
        return [];
      },
    );
    return this.roots;
  }

  /** The server's status: a new load of the workspace's lexicons means a new map. */
  statusChanged(status: StatusParams): void {
    const generation = status.lexicons?.generation;
    if (generation === undefined || generation === this.lexiconGeneration) return;
    this.lexiconGeneration = generation;
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  /** The node of a concept in the map (for reveal). */
  async conceptNode(id: string): Promise<MapConceptNode | undefined> {
    for (const c of await this.load()) for (const k of c.concepts) if (k.concept.id === id) return k;
    return undefined;
  }

  async getChildren(node?: ConceptMapNode): Promise<ConceptMapNode[]> {
    if (!node) {
      const roots = await this.load();
      if (roots.length) this.view.message = undefined;
      return roots;
    }
    if (node.kind === 'category') return node.concepts;
    if (node.kind === 'concept') return node.concept.related.map((r): MapRelatedNode => ({ kind: 'related', id: r.id, term: r.term, parent: node }));
    return [];
  }

  getParent(node: ConceptMapNode): ConceptMapNode | undefined {
    return node.kind === 'category' ? undefined : node.parent;
  }

  getTreeItem(node: ConceptMapNode): vscode.TreeItem {
    switch (node.kind) {
      case 'category': {
        const item = new vscode.TreeItem(node.category.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `map:${node.category.id}`;
        item.description = `${node.concepts.length}`;
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        return item;
      }
      case 'concept': {
        const { concept } = node;
        const item = new vscode.TreeItem(concept.term, concept.related.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `map:${node.parent.category.id}:${concept.id}`;
        item.description = concept.en;
        item.tooltip = vscode.l10n.t('{0} ({1}): open its defining paragraph in the source paper', concept.term, concept.en);
        item.iconPath = new vscode.ThemeIcon('symbol-constant');
        item.contextValue = 'policyLens.concept';
        item.command = { command: 'policyLens.openSourcePaper', title: vscode.l10n.t('Open Source Paper'), arguments: concept.sourceId ? [concept.anchor ?? '', concept.sourceId] : [concept.anchor ?? ''] };
        return item;
      }
      case 'related': {
        const item = new vscode.TreeItem(node.term, vscode.TreeItemCollapsibleState.None);
        item.id = `map:${node.parent.parent.category.id}:${node.parent.concept.id}:${node.id}`;
        item.description = vscode.l10n.t('related');
        item.tooltip = vscode.l10n.t('{0}: open its defining paragraph in the source paper', node.term);
        item.iconPath = new vscode.ThemeIcon('references');
        item.contextValue = 'policyLens.conceptRelated';
        item.command = { command: 'policyLens.openConceptInPaper', title: vscode.l10n.t('Open Definition in Source Paper'), arguments: [{ conceptId: node.id }] };
        return item;
      }
    }
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}
