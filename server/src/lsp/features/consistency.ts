import type { Diagnostic, CodeAction, CodeActionParams, CancellationToken, TextEdit } from 'vscode-languageserver';
import { DiagnosticSeverity, CodeActionKind } from 'vscode-languageserver';
import * as l10n from '@vscode/l10n';
import { documentWithSettings, visibleOccurrences, type FeatureContext } from '../context';
import type { ConceptDocument } from '../../core/document';
import type { Settings } from '../settings';

export const DIAGNOSTIC_SOURCE = 'policy-lens';
export const VARIANT_CODE = 'variant-term';

const SEVERITY = { hint: DiagnosticSeverity.Hint, information: DiagnosticSeverity.Information, warning: DiagnosticSeverity.Warning } as const;

/**
 * Term consistency: a Chinese variant (颠覆性创新) where the paper's canonical term (颠覆式创新) exists.
 * Traditional and English forms are not reported: they are a writer's script or language, not a
 * competing term. Reports only; edits happen through the quick fixes.
 */
export function consistencyDiagnostics(doc: ConceptDocument, settings: Settings): Diagnostic[] {
  if (settings.consistency.level === 'off') return [];
  const severity = SEVERITY[settings.consistency.level];
  return visibleOccurrences(doc, settings)
    .filter((o) => o.kind === 'alias')
    .map((o) => ({
      range: doc.rangeOf(o),
      severity,
      source: DIAGNOSTIC_SOURCE,
      code: VARIANT_CODE,
      message: l10n.t('“{0}” is a variant; the paper’s term is “{1}”.', doc.text.slice(o.start, o.end).replace(/\s*\r?\n[\s>]*/g, ''), o.concept.term),
      data: { term: o.concept.term },
    }));
}

/** Quick fixes: replace one variant with the canonical term, or every variant in the document. */
export async function provideCodeActions(ctx: FeatureContext, params: CodeActionParams, token?: CancellationToken): Promise<CodeAction[] | null> {
  const uri = params.textDocument.uri;
  const opened = await documentWithSettings(ctx, uri, token);
  if (!opened) return null;
  const { doc, settings } = opened;
  const all = consistencyDiagnostics(doc, settings);
  const only = params.context.only;
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
  const wantsFixAll = !only || only.some((k) => CodeActionKind.SourceFixAll.startsWith(k) || k.startsWith(CodeActionKind.SourceFixAll) || CodeActionKind.QuickFix.startsWith(k));
  const actions: CodeAction[] = [];
  const here = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === VARIANT_CODE);
  if (wantsQuickFix) {
    for (const d of here) {
      const term = (d.data as { term?: string } | undefined)?.term;
      if (!term) continue;
      actions.push({
        title: l10n.t('Replace with the canonical term “{0}”', term),
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uri]: [{ range: d.range, newText: term }] } },
      });
    }
  }
  if (wantsFixAll && all.length > 0 && (here.length > 0 || (only ?? []).some((k) => k.startsWith(CodeActionKind.SourceFixAll)))) {
    const edits: TextEdit[] = all.map((d) => ({ range: d.range, newText: (d.data as { term: string }).term }));
    actions.push({
      title: l10n.t('Replace all {0} variant term(s) in this document with the canonical terms', all.length),
      kind: only?.some((k) => k.startsWith(CodeActionKind.SourceFixAll)) ? CodeActionKind.SourceFixAll + '.policyLens' : CodeActionKind.QuickFix,
      diagnostics: all,
      edit: { changes: { [uri]: edits } },
    });
  }
  return actions;
}
