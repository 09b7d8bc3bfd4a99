import type { Range } from 'vscode-languageserver-types';
import type { ConceptDocument } from './document';

/** One annotation in the export format shared by `policy-lens annotate --format json` and the editor's export command. */
export interface AnnotationJson {
  /** UTF-16 code unit offsets into the file's text; `text === fileText.slice(start, end)`. */
  start: number;
  end: number;
  /** LSP range: 0-based lines, UTF-16 characters. */
  range: Range;
  text: string;
  sentence: string;
  /**
   * The outline headings (Markdown or 公文 numbering) whose sections hold the occurrence, outermost
   * first, by name: `["一、总体要求", "（二）主要目标"]`; `[]` before the first heading.
   */
  section: string[];
  concept: { id: string; term: string; en: string; category: string };
}

export interface AnnotationFileJson {
  path: string;
  annotations: AnnotationJson[];
}

/** The export shape of one annotated document. */
export function toAnnotationJson(path: string, doc: ConceptDocument): AnnotationFileJson {
  return {
    path,
    annotations: doc.occurrences.map((o) => ({
      start: o.start,
      end: o.end,
      range: doc.rangeOf(o),
      text: doc.text.slice(o.start, o.end),
      sentence: doc.sentenceAt(o.start)?.text ?? '',
      section: doc.sectionPath(o.start).map((h) => h.text),
      concept: { id: o.concept.id, term: o.concept.term, en: o.concept.en, category: o.concept.category },
    })),
  };
}
