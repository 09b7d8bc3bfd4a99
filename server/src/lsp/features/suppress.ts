/**
 * Turning tags off from the editor: code actions on an occurrence that write the document's own
 * directives ("Don't tag 基础设施 in this document", "Don't tag this line"), and hints for directive
 * comments that are not understood. Every edit is a versioned WorkspaceEdit (`documentChanges` with
 * the document's version), so an editor that has moved on refuses it, and Neovim applies it as VS Code does.
 */
import type { CodeAction, CodeActionParams, CancellationToken, Diagnostic } from 'vscode-languageserver';
import { CodeActionKind, CodeActionTriggerKind, DiagnosticSeverity } from 'vscode-languageserver';
import * as l10n from '@vscode/l10n';
import { documentWithSettings, visibleOccurrences, type FeatureContext } from '../context';
import type { ConceptDocument } from '../../core/document';
import { disableLineInsertion, ignoreInsertion, type DirectiveProblem, type Insertion } from '../../core/text/directives';

export const DIRECTIVE_CODE = 'directive';

/** Hints for the directive comments (`<!-- policy-lens: … -->`) that do nothing as written. */
export function directiveDiagnostics(doc: ConceptDocument): Diagnostic[] {
  return doc.directives.problems.map((p) => ({
    range: doc.rangeOf(p),
    severity: DiagnosticSeverity.Hint,
    source: 'policy-lens',
    code: DIRECTIVE_CODE,
    message: problemMessage(p),
  }));
}

function problemMessage(p: DirectiveProblem): string {
  switch (p.code) {
    case 'unknown-directive':
      return p.text
        ? l10n.t('Unknown policy-lens directive “{0}”: use disable, enable, disable-next-line or ignore.', p.text)
        : l10n.t('This policy-lens comment names no directive: use disable, enable, disable-next-line or ignore.');
    case 'missing-names':
      return l10n.t('“ignore” needs the concepts to ignore, e.g. <!-- policy-lens: ignore 基础设施 -->.');
    case 'unexpected-names':
      return l10n.t('“{0}” takes no concept names: these are not used (to turn concepts off, use ignore).', p.text);
    case 'unknown-concept':
      return l10n.t('“{0}” names no concept of the lexicon: nothing is ignored for it.', p.text);
    case 'unmatched-enable':
      return l10n.t('“enable” without an earlier “disable”: it does nothing.');
  }
}

/**
 * Code actions on the occurrences in the requested range: don't tag the concept in this document (an
 * `ignore` comment), don't tag this line (a `disable-next-line` comment above it, when one can go there
 * without changing what a reader sees). Quick fixes, never part of a "fix all", offered when asked for
 * (not to an automatic request).
 */
export async function provideSuppressActions(ctx: FeatureContext, params: CodeActionParams, token?: CancellationToken): Promise<CodeAction[] | null> {
  // Asked automatically (VS Code does on every cursor move, to decide on a light bulb), nothing: a
  // draft has a tag on almost every line, and a bulb on each would be the noise this feature removes.
  // Ctrl+. / "Quick Fix…" (and Neovim, which sends no trigger kind) ask explicitly and get them.
  if (params.context.triggerKind === CodeActionTriggerKind.Automatic) return null;
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.Empty)) return null;
  const uri = params.textDocument.uri;
  if (uri === ctx.paperUri) return null; // the shipped paper is not the writer's to edit
  const opened = await documentWithSettings(ctx, uri, token);
  if (!opened) return null;
  const { doc, settings } = opened;
  const from = doc.lineIndex.offsetAt(params.range.start);
  const to = doc.lineIndex.offsetAt(params.range.end);
  const visible = visibleOccurrences(doc, settings);
  // A cursor (an empty range) touching a tag counts, as for hover.
  const here = visible.filter((o) => (from === to ? o.start <= from && from <= o.end : o.start < to && from < o.end));
  if (!here.length) return null;
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const o of here) {
    if (seen.has(o.concept.id)) continue;
    seen.add(o.concept.id);
    const first = visible.find((v) => v.concept.id === o.concept.id)!;
    actions.push(action(doc, uri, l10n.t('Don’t tag “{0}” in this document', o.concept.term), ignoreInsertion(doc, o.concept.term, first.start)));
  }
  const lines = new Set<number>();
  for (const o of here) {
    const line = doc.lineIndex.positionAt(o.start).line;
    if (lines.has(line)) continue;
    lines.add(line);
    const insertion = disableLineInsertion(doc, o.start);
    if (insertion) actions.push(action(doc, uri, lines.size > 1 ? l10n.t('Don’t tag line {0}', line + 1) : l10n.t('Don’t tag this line'), insertion));
  }
  return actions;
}

function action(doc: ConceptDocument, uri: string, title: string, insertion: Insertion): CodeAction {
  const at = doc.lineIndex.positionAt(insertion.offset);
  return {
    title,
    kind: CodeActionKind.QuickFix,
    edit: { documentChanges: [{ textDocument: { uri, version: doc.version }, edits: [{ range: { start: at, end: at }, newText: insertion.insert }] }] },
  };
}
