/**
 * `csv`: two CSV files for spreadsheets and statistics (Excel, SPSS, R, pandas), UTF-8 with a
 * byte-order mark (so Excel reads Chinese as Chinese) and RFC 4180 quoting with CRLF records.
 * - `<base>.matrix.csv`: the document × concept matrix, one row per document: its file, the front
 *   matter's metadata (title, issuer / 发文机关, region, level, year, docNumber / 文号; empty when
 *   absent), the total, a count per category and a count per concept of the lexicon (every concept,
 *   in lexicon order, so matrices of different corpora line up).
 * - `<base>.occurrences.csv`: the long form, one row per occurrence: file, concept id, term,
 *   category, the text as written, its form (term, synonym, traditional, english…), start and end in
 *   Unicode code points (the column names say so; Python's and R's string indices), the section path
 *   (headings joined by ` > `) and the sentence.
 */
import { CATEGORY_LABELS } from '../lexicon/categories';
import { CATEGORY_IDS, type CategoryId } from '../lexicon/types';
import { documentMetadata, METADATA_FIELDS, readFrontMatter } from './frontMatter';
import { fileJson } from './json';
import { BOM, CodePoints, csvRow, oneLine } from './text';
import type { ExportDocument, Exporter, ExportInput, ExportSink, ExportOptions } from './types';

/** The long form's header; the offset columns name their unit. */
export const OCCURRENCE_COLUMNS = ['file', 'concept_id', 'term', 'category', 'text', 'form', 'start (code points)', 'end (code points)', 'section', 'sentence'];

/** A document's front matter metadata: the caller's fields, or those read from its text. */
export function metadataOf(d: ExportDocument) {
  return documentMetadata(d.meta ?? readFrontMatter(d.doc.text));
}

export const csvExporter: Exporter = {
  id: 'csv',
  label: { zh: 'CSV（文档×概念矩阵 + 逐条明细）', en: 'CSV (document × concept matrix + occurrences)' },
  description: { zh: '矩阵含发文机关、地区、年份等元数据，UTF-8 带 BOM；Excel、SPSS、R 可读', en: 'the matrix with issuer, region, year…, UTF-8 with BOM; for Excel, SPSS, R' },
  extensions: ['csv'],
  mediaType: 'text/csv; charset=utf-8',
  offsetUnit: 'code-point',
  multiFile: true,
  async write(docs: ExportInput, sink: ExportSink, options: ExportOptions): Promise<string[]> {
    const base = options.baseName ?? 'annotations';
    const names = [`${base}.matrix.csv`, `${base}.occurrences.csv`];
    const matrix = await sink.open(names[0], this.mediaType);
    const long = await sink.open(names[1], this.mediaType);
    const concepts = options.concepts;
    const column = new Map(concepts.map((c, i) => [c.id, i]));
    await matrix.write(
      BOM +
        csvRow([
          'file',
          ...METADATA_FIELDS,
          'total',
          ...CATEGORY_IDS.map((c) => `类别·${CATEGORY_LABELS[c].zh} [${c}]`),
          ...concepts.map((c) => `${c.term} [${c.id}]`),
        ]),
    );
    await long.write(BOM + csvRow(OCCURRENCE_COLUMNS));
    for await (const d of docs) {
      const counts = new Array<number>(concepts.length).fill(0);
      const byCategory = new Map<CategoryId, number>();
      const occ = d.doc.occurrences;
      const json = fileJson(d);
      const cp = new CodePoints(d.doc.text);
      const rows: string[] = [];
      occ.forEach((o, i) => {
        const at = column.get(o.concept.id);
        if (at !== undefined) counts[at]++;
        byCategory.set(o.concept.category, (byCategory.get(o.concept.category) ?? 0) + 1);
        const a = json.annotations[i];
        rows.push(csvRow([d.path, o.concept.id, o.concept.term, o.concept.category, oneLine(a.text), o.kind, cp.at(o.start), cp.at(o.end), a.section.join(' > '), a.sentence]));
      });
      if (rows.length) await long.write(rows.join(''));
      const meta = metadataOf(d);
      await matrix.write(csvRow([d.path, ...METADATA_FIELDS.map((f) => meta[f] ?? ''), occ.length, ...CATEGORY_IDS.map((c) => byCategory.get(c) ?? 0), ...counts]));
    }
    await matrix.close();
    await long.close();
    return names;
  },
};
