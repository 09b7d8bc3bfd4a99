/**
 * The custom requests (declared once in protocol.ts, imported by the client too): the concepts of a
 * document, the concept map, where a paragraph of a source is, the concept at a position, and the
 * annotation export. Each is a thin handler over the FeatureContext, like the standard features.
 */
import type { CancellationToken, Connection, ResponseError } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { CATEGORY_IDS, type Concept } from '../core/lexicon/types';
import { SHIPPED_SOURCE_ID } from '../core/source/types';
import type { Engine } from '../core/engine';
import { toAnnotationJson } from '../core/annotationJson';
import type { ConceptDocument } from '../core/document';
import { categoryText, visibleOccurrenceAt, visibleOccurrences, type FeatureContext } from './context';
import { sourceParagraphLocation } from './features/definition';
import { groupByConcept } from '../core/coverage';
import { AnnotationsRequest, ConceptAtRequest, ConceptMapRequest, DocumentConceptsRequest, PaperLocationRequest, type ConceptMapCategory } from './protocol';

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
  const concepts = groupByConcept(visibleOccurrences(doc, s)).map((list) => {
    const k = list[0].concept;
    return {
      id: k.id,
      term: k.term,
      en: k.en,
      category: k.category,
      categoryLabel: categoryText(c.engine, k),
      categoryOrder: categoryOrder(c.engine, k),
      ...(k.source?.id && k.source.id !== SHIPPED_SOURCE_ID && { sourceId: k.source.id }),
      occurrences: list.map((o) => ({ range: doc.rangeOf(o), text: doc.text.slice(o.start, o.end) })),
    };
  });
  return { uri, version: doc.version, total: concepts.reduce((n, k) => n + k.occurrences.length, 0), concepts };
}

/**
 * `policyLens/conceptMap`: category → concept → related concepts, by the frames of the sources the
 * concepts cite: the shipped paper's four categories first (always listed), then each other source's
 * categories that hold concepts, in frame order. Every engine in use contributes (a concept once).
 */
export function conceptMap(c: FeatureContext): { categories: ConceptMapCategory[] } {
  const groups = new Map<string, ConceptMapCategory & { order: number }>();
  for (const [i, cat] of CATEGORY_IDS.entries()) {
    const label = c.engine.frame().categories.find((e) => e.id === cat);
    groups.set(`${SHIPPED_SOURCE_ID}\u0000${cat}`, { id: cat, label: label ? `${label.zh} ${label.en}` : cat, concepts: [], order: i });
  }
  const seen = new Set<string>();
  for (const engine of c.allEngines()) {
    for (const k of engine.lexicon.concepts) {
      if (seen.has(k.id)) continue;
      seen.add(k.id);
      const sourceId = k.source?.id ?? SHIPPED_SOURCE_ID;
      const frameOf = CATEGORY_IDS.includes(k.category) && sourceId === SHIPPED_SOURCE_ID ? SHIPPED_SOURCE_ID : sourceId;
      const key = `${frameOf}\u0000${k.category}`;
      let g = groups.get(key);
      if (!g) {
        const base = frameOf === SHIPPED_SOURCE_ID ? 0 : 1000 * (1 + engine.sources.findIndex((s) => s.id === frameOf));
        g = { id: frameOf === SHIPPED_SOURCE_ID ? k.category : `${frameOf}/${k.category}`, label: categoryText(engine, k), concepts: [], order: base + categoryOrder(engine, k) };
        groups.set(key, g);
      }
      const at = engine.definingParagraph(k);
      g.concepts.push({
        id: k.id,
        term: k.term,
        en: k.en,
        ...(at && { anchor: at.paragraph.anchor }),
        ...(at && at.source.id !== SHIPPED_SOURCE_ID && { sourceId: at.source.id }),
        related: k.related.map((id) => engine.lexicon.byId(id)).filter((r) => r !== undefined).map((r) => ({ id: r.id, term: r.term })),
      });
    }
  }
  return { categories: [...groups.values()].sort((a, b) => a.order - b.order).map(({ order: _order, ...g }) => g) };
}

/** `sourceId` in an answer only for a source other than the shipped paper (whose answers stay as they were). */
const other = (sourceId: string) => (sourceId === SHIPPED_SOURCE_ID ? {} : { sourceId });

/** A concept's category's place in its source's frame (`other` last). */
function categoryOrder(engine: Engine, k: Concept): number {
  const i = engine.frame(k.source?.id).categories.findIndex((e) => e.id === k.category);
  return i < 0 ? 999 : i;
}

/**
 * `policyLens/paperLocation`: where a paragraph (or a concept's defining paragraph) is, in the shipped
 * paper or the source `sourceId`; with `sourceId` alone, the top of that source. Every engine in use
 * is asked (the request names no document).
 */
export function paperLocation(c: FeatureContext, p: { anchor?: string; conceptId?: string; sourceId?: string }) {
  for (const engine of c.allEngines()) {
    const ctx = { ...c, engine };
    if (!p.anchor && p.conceptId) {
      const concept = engine.lexicon.byId(p.conceptId);
      const at = concept && engine.definingParagraph(concept);
      if (!at) continue;
      return { ...sourceParagraphLocation(ctx, at.source, at.paragraph), anchor: at.paragraph.anchor, label: `${at.paragraph.labelZh} · ${at.paragraph.labelEn}`, ...other(at.source.id) };
    }
    const source = engine.source(p.sourceId ?? SHIPPED_SOURCE_ID);
    if (!source) continue;
    if (!p.anchor) {
      const top = { line: 0, character: 0 };
      return { uri: c.sourceUri(source), range: { start: top, end: top }, anchor: '', label: source.meta.title, ...other(source.id) };
    }
    const para = source.byAnchor(p.anchor);
    if (!para) continue;
    return { ...sourceParagraphLocation(ctx, source, para), anchor: p.anchor, label: `${para.labelZh} · ${para.labelEn}`, ...other(source.id) };
  }
  return null;
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
