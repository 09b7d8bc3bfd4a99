import type { CancellationToken, CodeAction, CodeActionParams, Diagnostic, DocumentLink, DocumentLinkParams, TextEdit } from 'vscode-languageserver';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver';
import * as l10n from '@vscode/l10n';
import { documentWithSettings, type FeatureContext } from '../context';
import type { ConceptDocument } from '../../core/document';
import type { Engine } from '../../core/engine';
import { checkQuotations, MISQUOTATION_RULE, QUOTATION_NOT_FOUND_RULE, QUOTATION_PUNCTUATION_RULE, QUOTATION_SOURCE, QUOTATION_TRADITIONAL_RULE, type QuotationResult } from '../../core/check/quotationCheck';
import { documentEdit } from '../workspaceEdit';
import { paperLink } from '../links';

/** The diagnostic codes of the quotation check. */
export const QUOTATION_CODES: readonly string[] = [MISQUOTATION_RULE, QUOTATION_PUNCTUATION_RULE, QUOTATION_TRADITIONAL_RULE, QUOTATION_NOT_FOUND_RULE];

/** What a quotation diagnostic carries to its code action. */
interface QuotationData {
  /** The quotation's opening mark, as a UTF-16 offset (which quotation of the current text it is). */
  open: number;
}

const cache = new WeakMap<ConceptDocument, QuotationResult[]>();

/** The quotation results of a document version, computed once (documents are immutable per version). */
export function quotationResults(doc: ConceptDocument, engine: Engine): QuotationResult[] {
  let results = cache.get(doc);
  if (!results) cache.set(doc, (results = checkQuotations(doc, engine.sources)));
  return results;
}

/** `作者《题名》`: how a message names the source. */
function sourceName(r: QuotationResult): string {
  return `${r.source.meta.author}《${r.source.meta.title}》`;
}

function message(r: QuotationResult): string {
  const p = r.paragraph;
  switch (r.verdict) {
    case 'changed':
      return l10n.t('Misquotation: {0}, {2} ({1}), reads “{3}” (［quoted→source］, 〔增：added〕, 〔删：left out〕).', sourceName(r), p?.labelZh ?? '', p?.labelEn ?? '', r.marked);
    case 'punctuation':
      return l10n.t('Only the punctuation differs from {0}, {2} ({1}): “{3}” (［quoted→source］).', sourceName(r), p?.labelZh ?? '', p?.labelEn ?? '', r.marked);
    case 'traditional':
      return l10n.t('The wording is {0}’s, {2} ({1}), in traditional characters: “{3}” (［quoted→source］).', sourceName(r), p?.labelZh ?? '', p?.labelEn ?? '', r.marked);
    default:
      return l10n.t('This quotation is presented as {0}’s words, but the source has no such sentence.', sourceName(r));
  }
}

const SEVERITY: Record<string, DiagnosticSeverity> = {
  changed: DiagnosticSeverity.Warning,
  punctuation: DiagnosticSeverity.Information,
  traditional: DiagnosticSeverity.Information,
  'not-found': DiagnosticSeverity.Information,
};

/**
 * One diagnostic per quotation that differs from its source (or is attributed to a source that does
 * not contain it), on the quoted text between the marks. Exact quotations get a document link instead.
 */
export function quotationDiagnostics(doc: ConceptDocument, engine: Engine): Diagnostic[] {
  return quotationResults(doc, engine)
    .filter((r) => r.verdict !== 'exact')
    .map((r) => diagnostic(doc, r));
}

function diagnostic(doc: ConceptDocument, r: QuotationResult): Diagnostic {
  const data: QuotationData = { open: r.open };
  return {
    range: doc.rangeOf({ start: r.open + 1, end: r.close }),
    severity: SEVERITY[r.verdict],
    source: QUOTATION_SOURCE,
    code: r.ruleId,
    message: message(r),
    data,
  };
}

const sameRange = (a: Diagnostic['range'], b: Diagnostic['range']) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/**
 * Per quotation diagnostic of the request that still matches the current version: a quick fix that
 * restores the source's wording, replacing only the quoted characters that differ (never the marks
 * or anything outside them), as a versioned edit.
 */
export function quotationCodeActions(doc: ConceptDocument, engine: Engine, params: Pick<CodeActionParams, 'context'>, documentChanges: boolean): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(k + '.'))) return [];
  const wanted = params.context.diagnostics.filter((d) => d.source === QUOTATION_SOURCE && QUOTATION_CODES.includes(String(d.code)));
  if (!wanted.length) return [];
  const results = quotationResults(doc, engine);
  const actions: CodeAction[] = [];
  for (const d of wanted) {
    const r = results.find((x) => x.edits.length > 0 && sameRange(doc.rangeOf({ start: x.open + 1, end: x.close }), d.range));
    if (!r) continue;
    const edits: TextEdit[] = r.edits.map((e) => ({ range: doc.rangeOf(e), newText: e.newText }));
    actions.push({
      title: l10n.t('Restore the wording of {0}', sourceName(r)),
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: r.verdict === 'changed',
      edit: documentEdit(doc, edits, documentChanges),
    });
  }
  return actions;
}

/** `textDocument/codeAction` for quotation diagnostics. */
export async function provideQuotationActions(ctx: FeatureContext, params: CodeActionParams, token?: CancellationToken): Promise<CodeAction[] | null> {
  if (!params.context.diagnostics.some((d) => d.source === QUOTATION_SOURCE && QUOTATION_CODES.includes(String(d.code)))) return null;
  const opened = await documentWithSettings(ctx, params.textDocument.uri, token);
  if (!opened) return null;
  return quotationCodeActions(opened.doc, ctx.engine, params, ctx.documentChanges ?? false);
}

/**
 * `textDocument/documentLink`: each quotation found in a source links its quoted text to the source
 * paragraph (the paper viewer in VS Code, the file and line elsewhere), with the paragraph as the tooltip:
 * `原文：二（二）第1段`.
 */
export async function provideDocumentLinks(ctx: FeatureContext, params: DocumentLinkParams, token?: CancellationToken): Promise<DocumentLink[] | null> {
  const opened = await documentWithSettings(ctx, params.textDocument.uri, token);
  if (!opened) return null;
  const { doc } = opened;
  const links: DocumentLink[] = [];
  for (const r of quotationResults(doc, ctx.engine)) {
    const p = r.paragraph;
    // Every source of the engine has a file (a workspace source) or the viewer (the shipped paper).
    const source = ctx.engine.source(r.source.id);
    if (!p || !source) continue;
    links.push({ range: doc.rangeOf({ start: r.open + 1, end: r.close }), target: paperLink(ctx, p, source), tooltip: l10n.t('Source: {1} ({0})', p.labelZh, p.labelEn) });
  }
  return links;
}
