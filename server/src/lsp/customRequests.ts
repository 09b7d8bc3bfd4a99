/**
 * The custom requests (declared once in protocol.ts, imported by the client too): the concepts of a
 * document, the concept map, where a paragraph of a source is, the concept at a position, and the
 * annotation export. Each is a thin handler over the FeatureContext, like the standard features.
 */
import type { CancellationToken, Connection, ResponseError } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { CATEGORY_LABELS } from '../core/lexicon/categories';
import { toAnnotationJson } from '../core/annotationJson';
import type { ConceptDocument } from '../core/document';
import { visibleOccurrenceAt, visibleOccurrences, type FeatureContext } from './context';
import { paragraphLocation } from './features/definition';
import { AnnotationsRequest, ConceptAtRequest, ConceptMapRequest, DocumentConceptsRequest, PaperLocationRequest } from './protocol';

/** Wraps a handler for the connection (see `route` in server.ts). */
export type Route = <P, R>(
  name: string,
  handler: (ctx: FeatureContext, params: P, token: CancellationToken) => Promise<R> | R,
) => (params: P, token: CancellationToken) => Promise<R | ResponseError<void>>;

/** Registers every custom request on the connection. */
export function registerCustomRequests(connection: Connection, route: Route): void {
  connection.onRequest(DocumentConceptsRequest.type, route('documentConcepts', documentConcepts));
  connection.onRequest(ConceptMapRequest.type, route('conceptMap', conceptMap));
  connection.onRequest(PaperLocationRequest.type, route('paperLocation', paperLocation));
  connection.onRequest(ConceptAtRequest.type, route('conceptAt', conceptAt));
  connection.onRequest(AnnotationsRequest.type, route('annotations', annotations));
}

/** `policyLens/documentConcepts`: the concepts a document uses, grouped, with their occurrences. */
export async function documentConcepts(c: FeatureContext, { uri }: { uri: string }) {
  const doc = await c.document(uri);
  if (!doc) return null;
  const s = await c.settings(uri);
  const groups = new Map<string, ConceptDocument['occurrences'][number][]>();
  for (const o of visibleOccurrences(doc, s)) {
    let list = groups.get(o.concept.id);
    if (!list) groups.set(o.concept.id, (list = []));
    list.push(o);
  }
  const concepts = [...groups.values()].map((list) => {
    const k = list[0].concept;
    return {
      id: k.id,
      term: k.term,
      en: k.en,
      category: k.category,
      categoryLabel: `${CATEGORY_LABELS[k.category].zh} ${CATEGORY_LABELS[k.category].en}`,
      occurrences: list.map((o) => ({ range: doc.rangeOf(o), text: doc.text.slice(o.start, o.end) })),
    };
  });
  return { uri, version: doc.version, total: concepts.reduce((n, k) => n + k.occurrences.length, 0), concepts };
}

/** `policyLens/conceptMap`: category → concept → related concepts. */
export function conceptMap(c: FeatureContext) {
  return {
    categories: (Object.keys(CATEGORY_LABELS) as (keyof typeof CATEGORY_LABELS)[]).map((cat) => ({
      id: cat,
      label: `${CATEGORY_LABELS[cat].zh} ${CATEGORY_LABELS[cat].en}`,
      concepts: c.engine.lexicon.concepts
        .filter((k) => k.category === cat)
        .map((k) => ({
          id: k.id,
          term: k.term,
          en: k.en,
          anchor: k.source.defines,
          related: k.related.map((id) => c.engine.lexicon.byId(id)).filter((r) => r !== undefined).map((r) => ({ id: r.id, term: r.term })),
        })),
    })),
  };
}

/** `policyLens/paperLocation`: where a paragraph (or a concept's defining paragraph) is. */
export function paperLocation(c: FeatureContext, p: { anchor?: string; conceptId?: string }) {
  const anchor = p.anchor ?? (p.conceptId ? c.engine.lexicon.byId(p.conceptId)?.source.defines : undefined);
  if (!anchor) return null;
  const loc = paragraphLocation(c, anchor);
  const para = c.engine.paper.byAnchor(anchor);
  return loc && para ? { ...loc, anchor, label: `${para.labelZh} · ${para.labelEn}` } : null;
}

/** `policyLens/conceptAt`: the concept at a position (the "show concept at cursor" command). */
export async function conceptAt(c: FeatureContext, p: { uri: string; position: { line: number; character: number } }) {
  const doc = await c.document(p.uri);
  const o = doc && visibleOccurrenceAt(doc, doc.lineIndex.offsetAt(p.position), await c.settings(p.uri));
  return doc && o ? { id: o.concept.id, term: o.concept.term, range: doc.rangeOf(o) } : null;
}

/** `policyLens/annotations`: a document's annotations in the CLI's JSON export shape. */
export async function annotations(c: FeatureContext, p: { uri: string }) {
  const doc = await c.document(p.uri);
  if (!doc) return null;
  const uri = URI.parse(p.uri);
  // What the editor shows is what is exported: settings that hide concepts apply here too.
  const visible = new Set(visibleOccurrences(doc, await c.settings(p.uri)));
  return { files: [toAnnotationJson(uri.scheme === 'file' ? uri.fsPath : p.uri, doc.filtered((o) => visible.has(o)))] };
}
