import type { SemanticTokens, SemanticTokensDelta, SemanticTokensParams, SemanticTokensDeltaParams, SemanticTokensRangeParams, SemanticTokensLegend, CancellationToken } from 'vscode-languageserver';
import { SemanticTokensBuilder } from 'vscode-languageserver';
import { documentWithSettings, visibleOccurrences, type FeatureContext } from '../context';
import type { ConceptDocument, Occurrence } from '../../core/document';
import { CATEGORY_IDS, type CategoryId } from '../../core/lexicon/types';

/**
 * One token type per category, so a theme can colour the paper's frame apart. The types are declared
 * in package.json (`semanticTokenTypes`, with default scopes) under these names.
 */
export const TOKEN_TYPES: Record<CategoryId, string> = {
  foundation: 'policyFoundation',
  technology: 'policyTechnology',
  factors: 'policyFactor',
  industries: 'policyIndustry',
};
/** `variant`: the occurrence is not the canonical term. */
export const TOKEN_MODIFIERS = ['variant'] as const;

export const LEGEND: SemanticTokensLegend = {
  tokenTypes: CATEGORY_IDS.map((c) => TOKEN_TYPES[c]),
  tokenModifiers: [...TOKEN_MODIFIERS],
};

const typeIndex = new Map(CATEGORY_IDS.map((c, i) => [c, i]));

/** Keeps one builder per document so delta requests answer with edits against the previous result. */
export class SemanticTokensProvider {
  private readonly builders = new Map<string, SemanticTokensBuilder>();

  forget(uri: string): void {
    this.builders.delete(uri);
  }

  async full(ctx: FeatureContext, params: SemanticTokensParams, token?: CancellationToken): Promise<SemanticTokens> {
    const builder = new SemanticTokensBuilder();
    this.builders.set(params.textDocument.uri, builder);
    await this.fill(ctx, params.textDocument.uri, builder, undefined, token);
    return builder.build();
  }

  async delta(ctx: FeatureContext, params: SemanticTokensDeltaParams, token?: CancellationToken): Promise<SemanticTokens | SemanticTokensDelta> {
    const uri = params.textDocument.uri;
    let builder = this.builders.get(uri);
    if (!builder) {
      builder = new SemanticTokensBuilder();
      this.builders.set(uri, builder);
    } else {
      builder.previousResult(params.previousResultId);
    }
    await this.fill(ctx, uri, builder, undefined, token);
    return builder.canBuildEdits() ? builder.buildEdits() : builder.build();
  }

  async range(ctx: FeatureContext, params: SemanticTokensRangeParams, token?: CancellationToken): Promise<SemanticTokens> {
    const builder = new SemanticTokensBuilder();
    await this.fill(ctx, params.textDocument.uri, builder, params.range, token);
    return builder.build();
  }

  private async fill(ctx: FeatureContext, uri: string, builder: SemanticTokensBuilder, range: SemanticTokensRangeParams['range'] | undefined, token?: CancellationToken): Promise<void> {
    const opened = await documentWithSettings(ctx, uri, token);
    if (!opened) return;
    const { doc, settings } = opened;
    let occurrences = visibleOccurrences(doc, settings);
    if (range) {
      const from = doc.lineIndex.offsetAt(range.start);
      const to = doc.lineIndex.offsetAt(range.end);
      occurrences = occurrences.filter((o) => o.end > from && o.start < to);
    }
    for (const o of occurrences) pushToken(doc, builder, o);
  }
}

/** Tokens are single-line: a soft-wrapped occurrence becomes one token per line it touches. */
function pushToken(doc: ConceptDocument, builder: SemanticTokensBuilder, o: Occurrence): void {
  const type = typeIndex.get(o.concept.category)!;
  const mods = o.kind === 'term' ? 0 : 1;
  const lines = doc.lineIndex;
  const startLine = lines.lineAt(o.start);
  const endLine = lines.lineAt(o.end);
  for (let line = startLine; line <= endLine; line++) {
    const from = line === startLine ? o.start : firstContent(doc.text, lines.lineStart(line), o.end);
    const to = line === endLine ? o.end : lines.lineEnd(line);
    if (to > from) builder.push(line, from - lines.lineStart(line), to - from, type, mods);
  }
}

/** Skips a continuation line's indentation and block-quote markers. */
function firstContent(text: string, from: number, limit: number): number {
  while (from < limit && /[ \t>]/.test(text[from])) from++;
  return from;
}
