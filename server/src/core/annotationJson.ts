import type { Range } from 'vscode-languageserver-types';
import { sentenceText, type ConceptDocument, type SentenceInfo } from './document';

/** One annotation in the export format shared by `policy-lens annotate --format json` and the editor's export command. */
export interface AnnotationJson {
  /** UTF-16 code unit offsets into the file's text; `text === fileText.slice(start, end)`. */
  start: number;
  end: number;
  /** LSP range: 0-based lines, UTF-16 characters. */
  range: Range;
  text: string;
  /**
   * The sentence holding the occurrence, as a reader sees it (soft line breaks removed). A sentence
   * longer than `SENTENCE_WINDOW` code units is cut to a window of about that size around the term,
   * with `…` where it was cut; `sentenceStart`..`sentenceEnd` are the whole sentence's offsets.
   */
  sentence: string;
  sentenceStart: number;
  sentenceEnd: number;
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
      ...sentenceFields(doc, o),
      section: doc.sectionPath(o.start).map((h) => h.text),
      concept: { id: o.concept.id, term: o.concept.term, en: o.concept.en, category: o.concept.category },
    })),
  };
}

/**
 * Longest sentence quoted whole in the export, in UTF-16 code units of the file. Every annotation
 * repeats its sentence, so whole sentences made the export grow with the square of a sentence's
 * length (a 60 KB paragraph without 。 gave 142 MB); with the window it is linear in the file.
 */
export const SENTENCE_WINDOW = 200;

/** An annotation's `sentence`, `sentenceStart` and `sentenceEnd` (the JSON writer of export/json.ts reads them too). */
export function sentenceFields(doc: ConceptDocument, o: { start: number; end: number }): { sentence: string; sentenceStart: number; sentenceEnd: number } {
  const s: SentenceInfo | undefined = doc.sentenceAt(o.start);
  if (!s) return { sentence: '', sentenceStart: o.start, sentenceEnd: o.end };
  if (s.end - s.start <= SENTENCE_WINDOW) return { sentence: s.text, sentenceStart: s.start, sentenceEnd: s.end };
  const text = doc.text;
  let { from, to } = sentenceWindow(o.start, o.end, s.start, s.end);
  // Never cut a surrogate pair in two.
  if (from > s.start && isLowSurrogate(text.charCodeAt(from))) from--;
  if (to < s.end && isLowSurrogate(text.charCodeAt(to))) to++;
  const sentence = `${from > s.start ? '…' : ''}${sentenceText(text.slice(from, to))}${to < s.end ? '…' : ''}`;
  return { sentence, sentenceStart: s.start, sentenceEnd: s.end };
}

/**
 * The part `[from, to)` of a sentence `[sentenceStart, sentenceEnd)` longer than `SENTENCE_WINDOW` that
 * an annotation of `[start, end)` quotes: about half the room before the term and the rest after
 * (before a surrogate pair is kept whole). The CLI's table uses it to find the term in the quote.
 */
export function sentenceWindow(start: number, end: number, sentenceStart: number, sentenceEnd: number): { from: number; to: number } {
  const room = Math.max(0, SENTENCE_WINDOW - (end - start));
  let from = Math.max(sentenceStart, start - (room >> 1));
  const to = Math.min(sentenceEnd, end + (room - (start - from)));
  from = Math.max(sentenceStart, Math.min(from, to - SENTENCE_WINDOW));
  return { from, to };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
