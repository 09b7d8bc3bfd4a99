/**
 * `json`: the CLI's and the editor's JSON export, `{"files":[{"path","annotations":[…]}]}` (the shape
 * of annotationJson.ts), offsets in UTF-16 code units. Written file by file: each file's JSON is the
 * nested indentation of `JSON.stringify({ files }, null, 2)`, so the output is byte for byte what one
 * stringify of everything gives, without holding everything.
 */
import { toAnnotationJson, type AnnotationFileJson } from '../annotationJson';
import type { ExportDocument, Exporter, ExportInput, ExportSink, ExportOptions } from './types';

/** One document's entry in `files`; a Word document's carries `textSource` after its `path`. */
export function fileJson(d: ExportDocument): AnnotationFileJson & { textSource?: 'docx-extracted' } {
  const json = toAnnotationJson(d.path, d.doc);
  if (!d.textSource) return json;
  const { path, ...rest } = json;
  return { path, textSource: d.textSource, ...rest };
}

/** What `JSON.stringify({ files: [x] }, null, 2)` puts around x's own text. */
const FILE_PREFIX = '{\n  "files": [\n    ';
const FILE_SUFFIX = '\n  ]\n}';

export const jsonExporter: Exporter = {
  id: 'json',
  label: { zh: 'JSON（policy-lens 格式）', en: 'JSON (policy-lens shape)' },
  description: { zh: '每个文件的全部标注，UTF-16 偏移；供脚本使用', en: 'every annotation of each file, UTF-16 offsets; for scripts' },
  extensions: ['json'],
  mediaType: 'application/json',
  offsetUnit: 'utf-16',
  multiFile: false,
  async write(docs: ExportInput, sink: ExportSink, options: ExportOptions): Promise<string[]> {
    const name = `${options.baseName ?? 'annotations'}.json`;
    const w = await sink.open(name, this.mediaType);
    let first = true;
    for await (const d of docs) {
      // Stringified inside its place in `{ files: [ … ] }` and cut out: the nested indentation without a
      // pass of replace over megabytes of JSON.
      const whole = JSON.stringify({ files: [fileJson(d)] }, null, 2);
      const body = whole.slice(FILE_PREFIX.length, whole.length - FILE_SUFFIX.length);
      await w.write(`${first ? '{\n  "files": [\n' : ',\n'}    ${body}`);
      first = false;
    }
    await w.write(first ? '{\n  "files": []\n}\n' : '\n  ]\n}\n');
    await w.close();
    return [name];
  },
};
