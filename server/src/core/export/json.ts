/**
 * `json`: the CLI's and the editor's JSON export, `{"files":[{"path","annotations":[…]}]}` (the shape
 * of annotationJson.ts), offsets in UTF-16 code units. Written file by file and annotation by
 * annotation: the text is byte for byte what `JSON.stringify({ files }, null, 2)` of every file's
 * `fileJson` gives (a test compares the two), without building the annotation objects or one string
 * of a whole file's JSON: on a 1 MB draft those were most of the export's garbage.
 */
import { sentenceFields, toAnnotationJson, type AnnotationFileJson } from '../annotationJson';
import type { Concept } from '../lexicon/types';
import type { ExportDocument, Exporter, ExportInput, ExportSink, ExportOptions, ExportWriter } from './types';

/** One document's entry in `files`; a Word document's carries `textSource` after its `path`. */
export function fileJson(d: ExportDocument): AnnotationFileJson & { textSource?: 'docx-extracted' } {
  const json = toAnnotationJson(d.path, d.doc);
  if (!d.textSource) return json;
  const { path, ...rest } = json;
  return { path, textSource: d.textSource, ...rest };
}

/** The indentation of an annotation's own keys inside `{ files: [ { annotations: [ { … } ] } ] }`. */
const KEY = '\n          ';
/** A value that `JSON.stringify(value, null, 2)` writes over several lines, indented as an annotation's key's value. */
const nested = (value: unknown): string => JSON.stringify(value, null, 2).replace(/\n/g, KEY);

/** Chunks of about 64 KB for the writer. */
const CHUNK = 65_536;

/**
 * One document's entry of `files`, from its `{` to its `}`, as `JSON.stringify({ files: [fileJson(d)] }, null, 2)`
 * indents it, handed to `write` in chunks of about 64 KB. Per occurrence only its numbers and strings are
 * formatted: the `concept` object is formatted once per concept, the `section` array once per outline
 * heading, and a sentence's text once for the occurrences in a row that share it.
 */
export async function writeFileJson(d: ExportDocument, write: (chunk: string) => void | Promise<void>): Promise<void> {
  // Formatted synchronously: a loop of awaits made one big resumable function that TurboFan took
  // 100-200 ms to compile (and deoptimized) in a one-second CLI run. Each chunk goes to a writer that
  // takes it at once (the CLI's) as soon as it is made, so the text of a whole file never sits in
  // memory (8 MB for a 1 MB draft, copied by every young-generation collection it outlived); after a
  // writer's first promise, the rest wait their turn.
  let waiting: Promise<void> | undefined;
  const later: string[] = [];
  fileJsonChunks(d, (chunk) => {
    if (waiting) later.push(chunk);
    else {
      const r = write(chunk);
      if (r) waiting = r;
    }
  });
  if (!waiting) return;
  await waiting;
  for (const chunk of later) await write(chunk);
}

/** `writeFileJson`'s text, in chunks of about 64 KB, handed to `emit` in order. */
export function fileJsonChunks(d: ExportDocument, emit: (chunk: string) => void): void {
  const doc = d.doc;
  const occurrences = doc.occurrences;
  const head = `{\n      "path": ${JSON.stringify(d.path)},\n${d.textSource ? `      "textSource": ${JSON.stringify(d.textSource)},\n` : ''}      "annotations": [`;
  if (!occurrences.length) return emit(`${head}]\n    }`);
  const state: FormatState = { doc, text: doc.text, lines: doc.lineIndex, headings: doc.outline, concepts: new Map(), sections: [], heading: -1, sentence: undefined, sentenceJson: '' };
  let out = head;
  for (let i = 0; i < occurrences.length; i++) {
    out += (i ? ',' : '') + annotationText(state, occurrences[i]);
    if (out.length >= CHUNK) {
      emit(out);
      out = '';
    }
  }
  emit(`${out}\n      ]\n    }`);
}

interface FormatState {
  readonly doc: ExportDocument['doc'];
  readonly text: string;
  readonly lines: ExportDocument['doc']['lineIndex'];
  readonly headings: ExportDocument['doc']['outline'];
  readonly concepts: Map<Concept, string>;
  /** The `section` value per outline heading (index + 1: 0 is before the first heading). */
  readonly sections: string[];
  /**
   * The last heading starting at or before the occurrence, as doc.sectionPath finds it by binary search:
   * occurrences come in document order, so a pointer that moves forward finds it (and restarts if not).
   */
  heading: number;
  sentence: string | undefined;
  sentenceJson: string;
}

/** One annotation's JSON, from the line break before its `{` to its `}`. */
function annotationText(st: FormatState, o: ExportDocument['doc']['occurrences'][number]): string {
  const start = st.lines.positionAt(o.start);
  const end = st.lines.positionAt(o.end);
  const s = sentenceFields(st.doc, o);
  if (s.sentence !== st.sentence) {
    st.sentence = s.sentence;
    st.sentenceJson = JSON.stringify(s.sentence);
  }
  const headings = st.headings;
  let h = st.heading;
  if (h >= 0 && headings[h].start > o.start) h = -1;
  while (h + 1 < headings.length && headings[h + 1].start <= o.start) h++;
  st.heading = h;
  let section = st.sections[h + 1];
  if (section === undefined) section = st.sections[h + 1] = nested(st.doc.sectionPath(o.start).map((x) => x.text));
  let concept = st.concepts.get(o.concept);
  if (concept === undefined) {
    const c = o.concept;
    st.concepts.set(c, (concept = nested({ id: c.id, term: c.term, en: c.en, category: c.category })));
  }
  return (
    `\n        {${KEY}"start": ${o.start},${KEY}"end": ${o.end},${KEY}"range": {` +
    `\n            "start": {\n              "line": ${start.line},\n              "character": ${start.character}\n            },` +
    `\n            "end": {\n              "line": ${end.line},\n              "character": ${end.character}\n            }${KEY}},` +
    `${KEY}"text": ${JSON.stringify(st.text.slice(o.start, o.end))},${KEY}"sentence": ${st.sentenceJson},` +
    `${KEY}"sentenceStart": ${s.sentenceStart},${KEY}"sentenceEnd": ${s.sentenceEnd},${KEY}"section": ${section},${KEY}"concept": ${concept}\n        }`
  );
}

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
    const w: ExportWriter = await sink.open(name, this.mediaType);
    let first = true;
    for await (const d of docs) {
      await w.write(first ? '{\n  "files": [\n    ' : ',\n    ');
      await writeFileJson(d, (chunk) => w.write(chunk));
      first = false;
    }
    await w.write(first ? '{\n  "files": []\n}\n' : '\n  ]\n}\n');
    await w.close();
    return [name];
  },
};
