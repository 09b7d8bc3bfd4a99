import type { CancellationToken } from 'vscode-languageserver';
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import type { FeatureContext } from '../context';
import { cite, CITATION_STYLES } from '../../core/cite';
import type { CiteRequest } from '../protocol';


/** `policyLens/cite`: a source's citation in one style; null for an unknown source, anchor or concept. */
export function provideCitation(ctx: FeatureContext, params: CiteRequest.Params, _token?: CancellationToken): CiteRequest.Result | null {
  if (!params || !CITATION_STYLES.includes(params.style)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `policyLens/cite: style must be one of ${CITATION_STYLES.join(', ')}`);
  }
  const sources = ctx.engine.sources;
  let source = params.source ? sources.find((s) => s.id === params.source) : sources[0];
  let anchor = params.anchor;
  if (!anchor && params.conceptId) {
    // A concept: its defining paragraph, in its own source.
    const concept = ctx.engine.concept(params.conceptId);
    const defining = concept && ctx.engine.definingParagraph(concept);
    if (!defining || (params.source && defining.source.id !== params.source)) return null;
    source = defining.source;
    anchor = defining.paragraph.anchor;
  }
  if (!source) return null;
  if (anchor && !source.byAnchor(anchor)) return null;
  return { style: params.style, text: cite(source, params.style, anchor), source: source.id, ...(anchor && { anchor }) };
}
