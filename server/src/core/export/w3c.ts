/**
 * `w3c`: the W3C Web Annotation Data Model (Recommendation, 2017) in JSON-LD, one
 * `AnnotationCollection` whose first `AnnotationPage` holds every annotation. Each annotation
 * targets a `SpecificResource` of the draft with two selectors for the same span: a
 * `TextQuoteSelector` (exact, and up to 32 code points of prefix and suffix) and a
 * `TextPositionSelector` whose `start` / `end` count Unicode code points, as the model requires
 * (not UTF-16 code units). The target's `state` says which text the selectors were computed on:
 * the context's `HttpState` (oa:HttpRequestState), whose `value` is an HTTP request header, here
 * `Repr-Digest: sha-256=:…:` (RFC 9530), the SHA-256 of the document's UTF-8 text. The bodies: the
 * concept's term as a tagging `TextualBody`, its category as a classifying one, and the concept's own
 * IRI (a `tag:` URI, RFC 4151) as the source of an identifying `SpecificResource`.
 *
 * Only terms of http://www.w3.org/ns/anno.jsonld are used as keys and types (a test checks it).
 */
import { createHash } from 'node:crypto';
import { CodePoints, codePointsAfter, codePointsBefore, documentUri } from './text';
import type { Exporter, ExportInput, ExportSink, ExportOptions } from './types';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Code points of context kept before and after the exact text in a TextQuoteSelector. */
export const QUOTE_CONTEXT = 32;
/** The IRI namespace of the lexicon's concepts (a tag: URI, RFC 4151: no resolver needed, never collides). */
export const CONCEPT_IRI = 'tag:policy-lens.github.io,2026:concept/';

/** The RFC 9530 `Repr-Digest` field value for a text's UTF-8 bytes. */
export function reprDigest(text: string): string {
  return `sha-256=:${createHash('sha256').update(text, 'utf8').digest('base64')}:`;
}

export const w3cExporter: Exporter = {
  id: 'w3c',
  label: { zh: 'W3C Web Annotation（JSON-LD）', en: 'W3C Web Annotation (JSON-LD)' },
  description: { zh: 'W3C 网页标注数据模型，码点偏移；任何 W3C 标注客户端可读', en: 'W3C Web Annotation Data Model, code point offsets; for any W3C annotation client' },
  extensions: ['jsonld'],
  mediaType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
  offsetUnit: 'code-point',
  multiFile: false,
  async write(docs: ExportInput, sink: ExportSink, options: ExportOptions): Promise<string[]> {
    const name = `${options.baseName ?? 'annotations'}.jsonld`;
    const w = await sink.open(name, this.mediaType);
    const created = options.created ?? new Date().toISOString();
    const generator = { id: 'https://github.com/policy-lens/policy-lens', type: 'Software', name: `policy-lens${options.version ? ' ' + options.version : ''}` };
    const head = {
      '@context': ANNO_CONTEXT,
      id: `tag:policy-lens.github.io,2026:export/${created}`,
      type: 'AnnotationCollection',
      label: 'policy-lens concept annotations (TextPositionSelector start/end: Unicode code points)',
      generator,
      generated: created,
    };
    // The head's JSON without its closing brace; `total` and the page follow the items.
    await w.write(JSON.stringify(head, null, 2).replace(/\n}$/, ',\n  "first": {\n    "type": "AnnotationPage",\n    "startIndex": 0,\n    "items": ['));
    let n = 0;
    for await (const d of docs) {
      const text = d.doc.text;
      const source = documentUri(d.path, d.uri ?? d.doc.uri);
      const state = { type: 'HttpState', value: `Repr-Digest: ${reprDigest(text)}` };
      const cp = new CodePoints(text);
      const docKey = createHash('sha256').update(source).digest('hex').slice(0, 16);
      let k = 0;
      for (const o of d.doc.occurrences) {
        const anno = {
          id: `tag:policy-lens.github.io,2026:annotation/${docKey}/${k++}`,
          type: 'Annotation',
          motivation: 'tagging',
          created,
          generator: generator.id,
          body: [
            { type: 'TextualBody', value: o.concept.term, language: 'zh', format: 'text/plain', purpose: 'tagging' },
            { type: 'TextualBody', value: o.concept.category, format: 'text/plain', purpose: 'classifying' },
            { type: 'SpecificResource', source: CONCEPT_IRI + o.concept.id, purpose: 'identifying' },
          ],
          target: {
            type: 'SpecificResource',
            source,
            state,
            selector: [
              { type: 'TextQuoteSelector', exact: text.slice(o.start, o.end), prefix: codePointsBefore(text, o.start, QUOTE_CONTEXT), suffix: codePointsAfter(text, o.end, QUOTE_CONTEXT) },
              { type: 'TextPositionSelector', start: cp.at(o.start), end: cp.at(o.end) },
            ],
          },
        };
        await w.write(`${n++ ? ',' : ''}\n      ${JSON.stringify(anno)}`);
      }
    }
    await w.write(`${n ? '\n    ' : ''}]\n  },\n  "total": ${n}\n}\n`);
    await w.close();
    return [name];
  },
};
