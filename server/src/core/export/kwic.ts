/**
 * `kwic` / `kwic-tsv`: keyword in context, one row per occurrence: the file, the section path, up to
 * 20 code points of left context, the term as written, up to 20 of right context (within the term's
 * top-level block, soft line breaks removed), the concept and its offsets in Unicode code points (the
 * column names say so). CSV: UTF-8 with a byte-order mark, RFC 4180 quoting; TSV: plain UTF-8, no
 * quoting (tabs and line breaks in a field become spaces), for AntConc-style tools and `sort`.
 */
import { spanIndexAt } from '../spans';
import { BOM, CodePoints, codePointsAfter, codePointsBefore, csvRow, oneLine, tsvRow } from './text';
import type { Exporter, ExportInput, ExportSink, ExportOptions } from './types';

/** Code points of context on each side. */
export const KWIC_CONTEXT = 20;
export const KWIC_COLUMNS = ['file', 'section', 'left', 'term', 'right', 'concept_id', 'concept', 'start (code points)', 'end (code points)'];

function kwicExporter(id: 'kwic' | 'kwic-tsv'): Exporter {
  const tsv = id === 'kwic-tsv';
  const row = tsv ? tsvRow : csvRow;
  return {
    id,
    label: tsv ? { zh: 'KWIC 关键词语境（TSV）', en: 'Keyword in context (TSV)' } : { zh: 'KWIC 关键词语境（CSV）', en: 'Keyword in context (CSV)' },
    description: { zh: '左语境、术语、右语境、文件、章节；码点偏移', en: 'left context, term, right context, file, section; code point offsets' },
    extensions: [tsv ? 'tsv' : 'csv'],
    mediaType: tsv ? 'text/tab-separated-values; charset=utf-8' : 'text/csv; charset=utf-8',
    offsetUnit: 'code-point',
    multiFile: false,
    async write(docs: ExportInput, sink: ExportSink, options: ExportOptions): Promise<string[]> {
      const name = `${options.baseName ?? 'annotations'}.kwic.${tsv ? 'tsv' : 'csv'}`;
      const w = await sink.open(name, this.mediaType);
      await w.write((tsv ? '' : BOM) + row(KWIC_COLUMNS));
      for await (const d of docs) {
        const { doc } = d;
        const text = doc.text;
        const cp = new CodePoints(text);
        const rows: string[] = [];
        for (const o of doc.occurrences) {
          const b = spanIndexAt(doc.blocks, o.start);
          const floor = b >= 0 ? doc.blocks[b].start : 0;
          const ceiling = b >= 0 ? Math.max(doc.blocks[b].end, o.end) : text.length;
          // Line breaks count as nothing, as in the sentence: take more, then cut to the width.
          const left = [...oneLine(codePointsBefore(text, o.start, KWIC_CONTEXT * 2, floor))].slice(-KWIC_CONTEXT).join('');
          const right = [...oneLine(codePointsAfter(text, o.end, KWIC_CONTEXT * 2, ceiling))].slice(0, KWIC_CONTEXT).join('');
          rows.push(row([d.path, doc.sectionPath(o.start).map((h) => h.text).join(' > '), left, oneLine(text.slice(o.start, o.end)), right, o.concept.id, o.concept.term, cp.at(o.start), cp.at(o.end)]));
        }
        if (rows.length) await w.write(rows.join(''));
      }
      await w.close();
      return [name];
    },
  };
}

export const kwicCsvExporter = kwicExporter('kwic');
export const kwicTsvExporter = kwicExporter('kwic-tsv');
