/**
 * The "Concepts in this draft" view: the active draft's concepts grouped by category, with counts;
 * under each concept its occurrences (the line in context), which reveal the occurrence when clicked.
 * A code lens on a heading can narrow the view to that heading's section.
 */
import * as vscode from 'vscode';
import type { DraftConcept, DraftConceptsModel, DraftOccurrence } from './draftConcepts';
import { byCategory } from '../../server/src/core/coverage';
import { CATEGORY_IDS } from '../../server/src/core/lexicon/types';

/** The shipped paper's categories, in its order. */
const CATEGORY_ORDER: readonly string[] = CATEGORY_IDS;

/** The shipped paper's categories first, in its order; then other frames' categories, in their frames' order. */
function rank(concept: DraftConcept): number {
  if (!concept.sourceId && CATEGORY_ORDER.includes(concept.category)) return CATEGORY_ORDER.indexOf(concept.category);
  return CATEGORY_ORDER.length + (concept.categoryOrder ?? 999);
}

/** Characters of context shown on each side of an occurrence. */
const CONTEXT = 14;

/** A heading's own section: from the heading line to the next heading of any level (exclusive). */
export interface SectionFilter {
  readonly uri: vscode.Uri;
  readonly startLine: number;
  readonly endLine: number;
  readonly title: string;
}

export type ConceptsNode = CategoryNode | ConceptNode | OccurrenceNode;

interface CategoryNode {
  readonly kind: 'category';
  readonly id: string;
  readonly label: string;
  readonly concepts: readonly ConceptNode[];
}

export interface ConceptNode {
  readonly kind: 'concept';
  readonly concept: DraftConcept;
  /** The occurrences shown (all, or those of the filtered section). */
  readonly occurrences: readonly DraftOccurrence[];
  readonly parent: CategoryNode;
}

interface OccurrenceNode {
  readonly kind: 'occurrence';
  readonly occurrence: DraftOccurrence;
  readonly parent: ConceptNode;
}

export class ConceptsView implements vscode.TreeDataProvider<ConceptsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConceptsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ConceptsNode>;
  private roots: CategoryNode[] = [];
  private filter: SectionFilter | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly model: DraftConceptsModel) {
    this.view = vscode.window.createTreeView('policyLens.concepts', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.changed,
      this.view,
      model.onDidChange(() => {
        if (this.filter && this.filter.uri.toString() !== model.document?.toString()) this.setFilter(undefined);
        else this.rebuild();
      }),
    );
    this.rebuild();
  }

  /** Narrows the view to one section of the draft, or (undefined) shows the whole draft again. */
  setFilter(filter: SectionFilter | undefined): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', 'policyLens.sectionFilter', !!filter);
    this.rebuild();
  }

  get sectionFilter(): SectionFilter | undefined {
    return this.filter;
  }

  /** The node of a concept, if the draft (or the filtered section) uses it. */
  conceptNode(id: string): ConceptNode | undefined {
    for (const c of this.roots) for (const k of c.concepts) if (k.concept.id === id) return k;
    return undefined;
  }

  get categories(): readonly ConceptsNode[] {
    return this.roots;
  }

  private rebuild(): void {
    const state = this.model.state;
    const filter = this.filter;
    const inSection = (o: DraftOccurrence) => !filter || (o.range.start.line >= filter.startLine && o.range.start.line < filter.endLine);
    const used: { concept: DraftConcept; occurrences: DraftOccurrence[] }[] = [];
    for (const concept of state?.concepts ?? []) {
      const occurrences = concept.occurrences.filter(inSection);
      if (occurrences.length) used.push({ concept, occurrences });
    }
    // Grouped by the category of each concept's source frame (a workspace source brings its own frame):
    // the shipped paper's categories first, in its order, then other frames' in their order; most used
    // first within a group (the server lists concepts in order of first use, which breaks ties).
    const key = (k: { concept: DraftConcept }) => (k.concept.sourceId ? `${k.concept.sourceId}/${k.concept.category}` : k.concept.category);
    const ranks = new Map(used.map((k) => [key(k), rank(k.concept)]));
    this.roots = byCategory(used, key, (k) => k.occurrences.length, (id) => ranks.get(id) ?? Number.MAX_SAFE_INTEGER).map((g) => {
      const node: { kind: 'category'; id: string; label: string; concepts: ConceptNode[] } = { kind: 'category', id: g.category, label: g.entries[0].concept.categoryLabel, concepts: [] };
      node.concepts = g.entries.map((k) => ({ kind: 'concept', concept: k.concept, occurrences: k.occurrences, parent: node }));
      return node;
    });

    const hasDraft = !!this.model.document;
    void vscode.commands.executeCommand('setContext', 'policyLens.hasDraft', hasDraft);
    const name = this.model.document ? basename(this.model.document) : undefined;
    this.view.description = filter ? `${name} · ${filter.title}` : name;
    const count = this.roots.reduce((n, c) => n + c.concepts.reduce((m, k) => m + k.occurrences.length, 0), 0);
    this.view.badge = count ? { value: count, tooltip: vscode.l10n.t('{0} concept occurrences', count) } : undefined;
    if (hasDraft && state && !this.roots.length) {
      this.view.message = filter
        ? vscode.l10n.t('The section “{0}” uses no concepts of the paper.', filter.title)
        : vscode.l10n.t('{0} uses no concepts of the paper.', name ?? '');
    } else if (hasDraft && this.model.pending) {
      this.view.message = vscode.l10n.t('Analysing {0}…', name ?? '');
    } else if (hasDraft && !state) {
      this.view.message = vscode.l10n.t('{0} is not analysed: it is larger than policyLens.maxFileSize, or the language server is not running.', name ?? '');
    } else if (filter) {
      this.view.message = vscode.l10n.t('Showing the section “{0}” (lines {1}–{2}).', filter.title, filter.startLine + 1, filter.endLine);
    } else {
      this.view.message = undefined;
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: ConceptsNode): ConceptsNode[] {
    if (!node) return this.roots;
    if (node.kind === 'category') return [...node.concepts];
    if (node.kind === 'concept') return node.occurrences.map((occurrence) => ({ kind: 'occurrence', occurrence, parent: node }));
    return [];
  }

  getParent(node: ConceptsNode): ConceptsNode | undefined {
    return node.kind === 'category' ? undefined : node.parent;
  }

  getTreeItem(node: ConceptsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'category': {
        const occurrences = node.concepts.reduce((n, k) => n + k.occurrences.length, 0);
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `category:${node.id}`;
        item.description = vscode.l10n.t('{0} concepts · ×{1}', node.concepts.length, occurrences);
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'policyLens.category';
        return item;
      }
      case 'concept': {
        const { concept, occurrences } = node;
        const item = new vscode.TreeItem(concept.term, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `concept:${concept.id}`;
        item.description = `${concept.en} · ×${occurrences.length}`;
        item.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(concept.term)}** · ${escapeMarkdown(concept.en)}\n\n${escapeMarkdown(concept.categoryLabel)} · ×${occurrences.length}`);
        item.iconPath = new vscode.ThemeIcon('symbol-constant');
        item.contextValue = 'policyLens.concept';
        return item;
      }
      case 'occurrence': {
        const { occurrence, parent } = node;
        const uri = this.model.document!;
        const start = occurrence.range.start;
        const { snippet, from, to } = context(uri, occurrence);
        const item = new vscode.TreeItem({ label: snippet, highlights: [[from, to]] }, vscode.TreeItemCollapsibleState.None);
        item.id = `occurrence:${parent.concept.id}:${start.line}:${start.character}`;
        item.description = `${start.line + 1}:${start.character + 1}`;
        item.tooltip = vscode.l10n.t('Line {0}, column {1}: {2}', start.line + 1, start.character + 1, occurrence.text);
        item.command = {
          command: 'vscode.open',
          title: vscode.l10n.t('Reveal'),
          arguments: [uri, { selection: occurrence.range, preserveFocus: false } satisfies vscode.TextDocumentShowOptions],
        };
        item.contextValue = 'policyLens.occurrence';
        return item;
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The occurrence inside its line, shortened to CONTEXT characters each side; where the term is in it. */
function context(uri: vscode.Uri, occurrence: DraftOccurrence): { snippet: string; from: number; to: number } {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const { start, end } = occurrence.range;
  if (!document || start.line >= document.lineCount) return { snippet: occurrence.text, from: 0, to: occurrence.text.length };
  const line = document.lineAt(start.line).text;
  const stop = end.line === start.line ? end.character : line.length;
  // Leave out the line's Markdown markers (heading #, quote >, list bullets): the reader wants the words.
  const markers = /^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)?/.exec(line)?.[0].length ?? 0;
  const left = Math.max(Math.min(markers, start.character), start.character - CONTEXT);
  const right = Math.min(line.length, stop + CONTEXT);
  const before = (left > markers ? '…' : '') + line.slice(left, start.character).trimStart();
  const term = line.slice(start.character, stop);
  const after = line.slice(stop, right).trimEnd() + (right < line.length ? '…' : '');
  return { snippet: before + term + after, from: before.length, to: before.length + term.length };
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
