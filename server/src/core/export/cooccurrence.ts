/**
 * `cooccurrence`: the concept co-occurrence network of a corpus, for Gephi and network analysis
 * (networkx, igraph). Two concepts co-occur in a sentence (the core's sentences) or a paragraph (a
 * top-level block: a paragraph, a list, a table, a heading); a pair's weight in a scope is the number
 * of sentences (paragraphs) holding both, each counted once however often the terms repeat.
 * - `<base>.cooccurrence.csv`: the edge list, one row per pair and scope, in Gephi's edge table
 *   columns (`Source,Target,Type,Weight`) plus the scope and both terms; UTF-8 with a BOM.
 * - `<base>.nodes.csv`: the node table (`Id,Label`, category, occurrences, documents).
 * - `<base>.gexf`: GEXF 1.3, the concepts that occur as nodes (label = term, with category, English
 *   name, occurrences and documents) and every pair co-occurring in a paragraph as an undirected edge
 *   whose weight is the paragraph count, with the sentence count as an attribute.
 * No offsets: every file counts.
 */
import type { Concept } from '../lexicon/types';
import { spanIndexAt } from '../spans';
import { BOM, csvRow, xmlEscape } from './text';
import type { Exporter, ExportInput, ExportSink, ExportOptions } from './types';

export interface CooccurrenceNetwork {
  /** Concepts that occur, with their counts, in lexicon order. */
  nodes: { concept: Concept; occurrences: number; documents: number }[];
  /** Pairs (lexicon order within a pair), with the number of sentences and paragraphs holding both. */
  edges: { source: Concept; target: Concept; sentence: number; paragraph: number }[];
}

/** Builds the network incrementally, one document at a time. */
export class CooccurrenceCounter {
  private readonly order: Map<string, number>;
  private readonly occurrences = new Map<string, number>();
  private readonly documents = new Map<string, number>();
  private readonly pairs = new Map<string, { sentence: number; paragraph: number }>();
  private readonly byId = new Map<string, Concept>();

  constructor(concepts: readonly Concept[]) {
    this.order = new Map(concepts.map((c, i) => [c.id, i]));
  }

  add(doc: { occurrences: readonly { start: number; concept: Concept }[]; blocks: readonly { start: number; end: number }[]; sentenceAt(offset: number): { start: number } | undefined }): void {
    const sentences = new Map<number, Set<string>>();
    const paragraphs = new Map<number, Set<string>>();
    const seen = new Set<string>();
    const group = (m: Map<number, Set<string>>, key: number, id: string) => {
      let s = m.get(key);
      if (!s) m.set(key, (s = new Set()));
      s.add(id);
    };
    for (const o of doc.occurrences) {
      const id = o.concept.id;
      this.byId.set(id, o.concept);
      this.occurrences.set(id, (this.occurrences.get(id) ?? 0) + 1);
      seen.add(id);
      group(paragraphs, spanIndexAt(doc.blocks, o.start), id);
      group(sentences, doc.sentenceAt(o.start)?.start ?? -1 - o.start, id);
    }
    for (const id of seen) this.documents.set(id, (this.documents.get(id) ?? 0) + 1);
    for (const [m, scope] of [[sentences, 'sentence'], [paragraphs, 'paragraph']] as const) {
      for (const ids of m.values()) {
        const list = [...ids].sort((a, b) => this.rank(a) - this.rank(b));
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            const key = `${list[i]}\u0000${list[j]}`;
            let p = this.pairs.get(key);
            if (!p) this.pairs.set(key, (p = { sentence: 0, paragraph: 0 }));
            p[scope]++;
          }
        }
      }
    }
  }

  private rank(id: string): number {
    return this.order.get(id) ?? Number.MAX_SAFE_INTEGER;
  }

  network(): CooccurrenceNetwork {
    const ids = [...this.occurrences.keys()].sort((a, b) => this.rank(a) - this.rank(b) || (a < b ? -1 : 1));
    const nodes = ids.map((id) => ({ concept: this.byId.get(id)!, occurrences: this.occurrences.get(id)!, documents: this.documents.get(id)! }));
    const edges = [...this.pairs.entries()]
      .map(([key, w]) => {
        const [a, b] = key.split('\u0000');
        return { source: this.byId.get(a)!, target: this.byId.get(b)!, ...w };
      })
      .sort((x, y) => y.paragraph - x.paragraph || y.sentence - x.sentence || this.rank(x.source.id) - this.rank(y.source.id) || this.rank(x.target.id) - this.rank(y.target.id));
    return { nodes, edges };
  }
}

/** The edge list: a row per pair and scope where the pair co-occurs. */
export function edgesCsv(net: CooccurrenceNetwork): string {
  let out = BOM + csvRow(['Source', 'Target', 'Type', 'Weight', 'scope', 'source_term', 'target_term']);
  for (const scope of ['sentence', 'paragraph'] as const) {
    for (const e of net.edges) if (e[scope]) out += csvRow([e.source.id, e.target.id, 'Undirected', e[scope], scope, e.source.term, e.target.term]);
  }
  return out;
}

export function nodesCsv(net: CooccurrenceNetwork): string {
  let out = BOM + csvRow(['Id', 'Label', 'category', 'en', 'occurrences', 'documents']);
  for (const n of net.nodes) out += csvRow([n.concept.id, n.concept.term, n.concept.category, n.concept.en, n.occurrences, n.documents]);
  return out;
}

/** GEXF 1.3 (gexf.net/1.3): undirected, static; see the module comment. */
export function gexf(net: CooccurrenceNetwork, created: string, version?: string): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta lastmodifieddate="${xmlEscape(created.slice(0, 10))}">`,
    `    <creator>policy-lens${version ? ' ' + xmlEscape(version) : ''}</creator>`,
    '    <description>Concept co-occurrence: edge weight = paragraphs holding both concepts; attribute sentence = sentences holding both. No text offsets.</description>',
    '  </meta>',
    '  <graph defaultedgetype="undirected" mode="static">',
    '    <attributes class="node">',
    '      <attribute id="category" title="category" type="string"/>',
    '      <attribute id="en" title="en" type="string"/>',
    '      <attribute id="occurrences" title="occurrences" type="integer"/>',
    '      <attribute id="documents" title="documents" type="integer"/>',
    '    </attributes>',
    '    <attributes class="edge">',
    '      <attribute id="sentence" title="sentence" type="integer"/>',
    '      <attribute id="paragraph" title="paragraph" type="integer"/>',
    '    </attributes>',
    '    <nodes>',
  ];
  for (const n of net.nodes) {
    const c = n.concept;
    lines.push(
      `      <node id="${xmlEscape(c.id)}" label="${xmlEscape(c.term)}"><attvalues><attvalue for="category" value="${xmlEscape(c.category)}"/><attvalue for="en" value="${xmlEscape(c.en)}"/><attvalue for="occurrences" value="${n.occurrences}"/><attvalue for="documents" value="${n.documents}"/></attvalues></node>`,
    );
  }
  lines.push('    </nodes>', '    <edges>');
  net.edges.forEach((e, i) => {
    if (!e.paragraph) return;
    lines.push(`      <edge id="${i}" source="${xmlEscape(e.source.id)}" target="${xmlEscape(e.target.id)}" weight="${e.paragraph}"><attvalues><attvalue for="sentence" value="${e.sentence}"/><attvalue for="paragraph" value="${e.paragraph}"/></attvalues></edge>`);
  });
  lines.push('    </edges>', '  </graph>', '</gexf>', '');
  return lines.join('\n');
}

export const cooccurrenceExporter: Exporter = {
  id: 'cooccurrence',
  label: { zh: '共现网络（CSV 边表 + GEXF）', en: 'Co-occurrence network (CSV edges + GEXF)' },
  description: { zh: '句内、段内概念共现及权重；Gephi 可打开 GEXF', en: 'concept pairs within a sentence and a paragraph, weighted; GEXF opens in Gephi' },
  extensions: ['csv', 'gexf'],
  mediaType: 'text/csv; charset=utf-8',
  offsetUnit: 'none',
  multiFile: true,
  async write(docs: ExportInput, sink: ExportSink, options: ExportOptions): Promise<string[]> {
    const base = options.baseName ?? 'annotations';
    const counter = new CooccurrenceCounter(options.concepts);
    for await (const d of docs) counter.add(d.doc);
    const net = counter.network();
    const files: [string, string, string][] = [
      [`${base}.cooccurrence.csv`, 'text/csv; charset=utf-8', edgesCsv(net)],
      [`${base}.nodes.csv`, 'text/csv; charset=utf-8', nodesCsv(net)],
      [`${base}.gexf`, 'application/gexf+xml', gexf(net, options.created ?? new Date().toISOString(), options.version)],
    ];
    for (const [name, type, content] of files) {
      const w = await sink.open(name, type);
      await w.write(content);
      await w.close();
    }
    return files.map((f) => f[0]);
  },
};
