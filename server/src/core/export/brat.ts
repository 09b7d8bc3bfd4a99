/**
 * `brat`: brat standoff, a `.txt` + `.ann` pair per document, plus the collection's `annotation.conf`
 * (the entity types) and `visual.conf` (their bilingual labels). The `.txt` is the document's text
 * exactly (line endings and a byte-order mark kept); `.ann` offsets count Unicode code points of it,
 * as brat (Python) counts characters. Each occurrence is a text-bound annotation whose type is the
 * concept's category id, `T1<TAB>factors 12 16<TAB>数据要素`, with a note naming the concept,
 * `#1<TAB>AnnotatorNotes T1<TAB>data-elements`. A term the matcher read across a soft line break
 * is a discontinuous span, one fragment per line (`12 15;17 18`), its text the fragments joined by a
 * space, as brat writes them.
 */
import { CATEGORY_LABELS } from '../lexicon/categories';
import { CATEGORY_IDS } from '../lexicon/types';
import { CodePoints, documentStem, lineFragments } from './text';
import type { Exporter, ExportInput, ExportSink, ExportOptions } from './types';

/** The `.ann` lines of one text's occurrences. */
export function bratAnn(text: string, occurrences: readonly { start: number; end: number; concept: { id: string; category: string } }[]): string {
  const cp = new CodePoints(text);
  const lines: string[] = [];
  let t = 0;
  for (const o of occurrences) {
    const fragments = lineFragments(text, o.start, o.end);
    if (!fragments.length) continue;
    const id = `T${++t}`;
    // CodePoints wants increasing offsets: the fragments of one occurrence are, and occurrences are sorted.
    const spans = fragments.map((f) => `${cp.at(f.start)} ${cp.at(f.end)}`).join(';');
    lines.push(`${id}\t${o.concept.category} ${spans}\t${fragments.map((f) => text.slice(f.start, f.end)).join(' ')}`);
    lines.push(`#${t}\tAnnotatorNotes ${id}\t${o.concept.id}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export const ANNOTATION_CONF = [
  '# policy-lens: entity types are the concept categories of the paper;',
  '# offsets in the .ann files count Unicode code points of the .txt files.',
  '[entities]',
  ...CATEGORY_IDS,
  '[relations]',
  '[events]',
  '[attributes]',
  '',
].join('\n');

export const VISUAL_CONF = ['[labels]', ...CATEGORY_IDS.map((c) => `${c} | ${CATEGORY_LABELS[c].zh} | ${CATEGORY_LABELS[c].en}`), '[drawing]', ''].join('\n');

export const bratExporter: Exporter = {
  id: 'brat',
  label: { zh: 'brat 标注格式（.txt + .ann）', en: 'brat standoff (.txt + .ann)' },
  description: { zh: '每个文件一对 .txt/.ann，码点偏移；brat 可直接打开', en: 'a .txt/.ann pair per file, code point offsets; opens in brat' },
  extensions: ['ann', 'txt', 'conf'],
  mediaType: 'text/plain',
  offsetUnit: 'code-point',
  multiFile: true,
  async write(docs: ExportInput, sink: ExportSink, _options: ExportOptions): Promise<string[]> {
    const names: string[] = [];
    const used = new Set<string>(['annotation', 'visual']);
    const put = async (name: string, content: string) => {
      const w = await sink.open(name, 'text/plain');
      await w.write(content);
      await w.close();
      names.push(name);
    };
    await put('annotation.conf', ANNOTATION_CONF);
    await put('visual.conf', VISUAL_CONF);
    for await (const d of docs) {
      const stem = documentStem(d.stem ?? d.path, used);
      await put(`${stem}.txt`, d.doc.text);
      await put(`${stem}.ann`, bratAnn(d.doc.text, d.doc.occurrences));
    }
    return names;
  },
};
