import type { Diagnostic, CodeAction, CodeActionContext, CodeActionParams, CancellationToken, Range, TextEdit } from 'vscode-languageserver';
import { DiagnosticSeverity, CodeActionKind } from 'vscode-languageserver';
import * as l10n from '@vscode/l10n';
import { conceptVisible, documentWithSettings, type FeatureContext } from '../context';
import type { ConceptDocument } from '../../core/document';
import { checkConsistency, CONSISTENCY_SOURCE, isPaperTerm, VARIANT_RULE, type VariantMessage } from '../../core/check/consistency';
import { documentEdit } from '../workspaceEdit';
import type { Settings } from '../settings';

export const DIAGNOSTIC_SOURCE = CONSISTENCY_SOURCE;
export const VARIANT_CODE = VARIANT_RULE;
/** The kind of the whole-document action, offered only with `policyLens.consistency.fixOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.policyLens`;

const SEVERITY = { hint: DiagnosticSeverity.Hint, information: DiagnosticSeverity.Information, warning: DiagnosticSeverity.Warning } as const;

/** What a variant diagnostic carries to its code actions. */
interface VariantData {
  /** The concept's term (the paper's or a user lexicon's). */
  term: string;
  /** The variant as read (soft line breaks removed). */
  variant: string;
}

/** One reported variant: the core's message and the diagnostic it becomes. */
interface Variant {
  readonly message: VariantMessage;
  readonly diagnostic: Diagnostic;
}

/**
 * Term consistency: the core checker's messages (a `synonym` alias outside quotations) for the
 * concepts the user tags, as diagnostics at the configured level. Reports only; edits happen
 * through the code actions.
 */
export function consistencyDiagnostics(doc: ConceptDocument, settings: Settings): Diagnostic[] {
  return variants(doc, settings).map((v) => v.diagnostic);
}

function variants(doc: ConceptDocument, settings: Settings): Variant[] {
  if (settings.consistency.level === 'off') return [];
  const severity = SEVERITY[settings.consistency.level];
  // What the user sees: not a category turned off, not a concept of policyLens.concepts.exclude
  // (the document's own directives already took their occurrences out).
  return checkConsistency(doc, { include: (o) => conceptVisible(doc, o.concept, settings) }).map((message) => {
    const data: VariantData = { term: message.expected[0], variant: message.variant };
    const diagnostic: Diagnostic = {
      range: doc.rangeOf(message.occurrence),
      severity,
      source: DIAGNOSTIC_SOURCE,
      code: VARIANT_CODE,
      message: isPaperTerm(message.occurrence.concept)
        ? l10n.t('“{0}” is a variant; the paper’s term is “{1}”.', data.variant, data.term)
        : l10n.t('“{0}” is a variant; the lexicon’s term is “{1}”.', data.variant, data.term),
      data,
    };
    return { message, diagnostic };
  });
}

/** Whether the request's `only` asks for kind `kind` (a kind includes its sub-kinds: `source` covers `source.fixAll.x`). */
function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
}

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/**
 * The consistency code actions for a document at its current version (the `noise` actions and
 * others can be concatenated with these):
 * - per variant diagnostic in the request: a quick fix replacing exactly the variant's characters
 *   (a soft-wrapped variant's whole range, its line break included) with the paper's term;
 * - per variant → term pair among them that occurs more than once: "replace all N" for that pair only;
 * - with `policyLens.consistency.fixOnSave` and a `source.fixAll` request: one action for every variant.
 *
 * A diagnostic of the request that is not among the current version's (the text changed since it was
 * published) gets no fix. Every edit names the document's version (`documentChanges`), unless the
 * client cannot take versioned edits.
 */
export function consistencyCodeActions(doc: ConceptDocument, settings: Settings, context: Pick<CodeActionContext, 'diagnostics' | 'only'>, documentChanges: boolean): CodeAction[] {
  const current = variants(doc, settings);
  const actions: CodeAction[] = [];
  const edit = (list: readonly Variant[]) =>
    documentEdit(doc, list.map((v): TextEdit => ({ range: v.diagnostic.range, newText: v.message.expected[0] })), documentChanges);
  if (wants(context.only, CodeActionKind.QuickFix)) {
    const pairs = new Map<string, Variant[]>();
    const pairKey = (v: Variant) => `${v.message.variant}\u0000${v.message.expected[0]}`;
    for (const v of current) {
      const key = pairKey(v);
      const list = pairs.get(key);
      if (list) list.push(v);
      else pairs.set(key, [v]);
    }
    const offered = new Set<string>();
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE || d.code !== VARIANT_CODE) continue;
      const data = d.data as Partial<VariantData> | undefined;
      // A variant at the same place in the current text (the same one, when the client kept `data`;
      // not every client sends it back): else the diagnostic is stale. The edit is made from the
      // current text either way, never from what the request says.
      const v = current.find((c) => sameRange(c.diagnostic.range, d.range) && (typeof data?.variant !== 'string' || c.message.variant === data.variant));
      if (!v) continue;
      const term = v.message.expected[0];
      actions.push({
        title: l10n.t('Replace “{0}” with “{1}”', v.message.variant, term),
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: edit([v]),
      });
      const key = pairKey(v);
      const all = pairs.get(key)!;
      if (all.length > 1 && !offered.has(key)) {
        offered.add(key);
        actions.push({
          title: l10n.t('Replace all {0} “{1}” with “{2}”', all.length, v.message.variant, term),
          kind: CodeActionKind.QuickFix,
          diagnostics: all.map((x) => x.diagnostic),
          edit: edit(all),
        });
      }
    }
  }
  // Offered only to a request that names source.fixAll (VS Code sends one on save when the user set
  // editor.codeActionsOnSave), never to a plain request for every action, and only when asked for.
  if (settings.consistency.fixOnSave && context.only && wants(context.only, FIX_ALL_KIND) && current.length > 0) {
    actions.push({
      title: current.every((v) => isPaperTerm(v.message.occurrence.concept))
        ? l10n.t('Replace every variant with the paper’s term ({0})', current.length)
        : l10n.t('Replace every variant with its term ({0})', current.length),
      kind: FIX_ALL_KIND,
      diagnostics: current.map((v) => v.diagnostic),
      edit: edit(current),
    });
  }
  return actions;
}

/** `textDocument/codeAction`: the consistency actions for the open document at its current version. */
export async function provideCodeActions(ctx: FeatureContext, params: CodeActionParams, token?: CancellationToken): Promise<CodeAction[] | null> {
  const opened = await documentWithSettings(ctx, params.textDocument.uri, token);
  if (!opened) return null;
  return consistencyCodeActions(opened.doc, opened.settings, params.context, ctx.documentChanges ?? false);
}
