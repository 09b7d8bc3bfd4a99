/**
 * The sources a quotation is checked against, and their sentence index (built once per source).
 *
 * A source is issue 9's `Source` (core/source/types.ts): an id, its metadata and its anchored
 * paragraphs; an engine's `sources` are the shipped paper and every source file the user added.
 *
 * The index normalises each paragraph the way quotations are compared: white space and the paper's
 * own reference markers (` [1]`, `[2-3]`) are not wording and are dropped; punctuation is kept (it is
 * compared, but told apart); the "content" string has the punctuation removed too, and its character
 * bigrams point at the places they occur, so a quotation finds its candidate paragraphs without
 * comparing it with every sentence.
 */
import { SHIPPED_SOURCE_ID, type PaperParagraph, type Source, type SourceMeta } from '../source/types';

/** What the quotation check and the citations read of a source (issue 9's `Source`). */
export type QuotableSource = Pick<Source, 'id' | 'meta' | 'paragraphs' | 'byAnchor'>;
export type { SourceMeta };
export { SHIPPED_SOURCE_ID };


/** A text reduced for comparison, with the place of each kept code unit in the original. */
export interface Normalized {
  /** The kept code units. */
  readonly text: string;
  /** `map[i]`: offset in the original of `text[i]`. */
  readonly map: Int32Array;
}

const WHITE = /\s/;

/** Whether a code unit is white space (as `\s`), without a RegExp for the common characters. */
export function isWhite(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code > 0x20 && code < 0x7f) return false;
  if (code >= 0x4e00 && code <= 0x9fff) return false;
  return WHITE.test(c);
}
const PUNCT = /[\p{P}\p{S}]/u;

/** Per UTF-16 code unit: 0 not yet known, 1 punctuation or symbol, 2 neither (the RegExp is the hot spot of a check otherwise). */
const PUNCT_TABLE = new Uint8Array(0x10000);

/** Whether a code unit is punctuation or a symbol (compared, but never "changed words"). */
export function isPunctuation(c: string): boolean {
  const code = c.charCodeAt(0);
  let known = PUNCT_TABLE[code];
  if (known === 0) PUNCT_TABLE[code] = known = PUNCT.test(c) ? 1 : 2;
  return known === 1;
}

/** A reference marker of the paper: ` [1]`, `[2-3]`, `[4,5]` (with the white space before it). */
const REFERENCE_MARKER = /\s*\[\d+(?:\s*[-–,，]\s*\d+)*\]/y;

/** Drops white space (and, in a source, reference markers): what is left is compared. */
export function normalize(text: string, from = 0, to = text.length, dropMarkers = false): Normalized {
  let out = '';
  const map: number[] = [];
  for (let i = from; i < to; i++) {
    if (dropMarkers && (text[i] === '[' || isWhite(text[i]))) {
      REFERENCE_MARKER.lastIndex = i;
      const m = REFERENCE_MARKER.exec(text);
      if (m && m.index + m[0].length <= to) {
        i += m[0].length - 1;
        continue;
      }
    }
    const c = text[i];
    if (isWhite(c)) continue;
    out += c;
    map.push(i);
  }
  return { text: out, map: Int32Array.from(map) };
}

/** The reference markers removed from a slice of a source (the quick fix restores wording, not the paper's footnote numbers). */
export function withoutMarkers(text: string): string {
  return text.replace(/\s*\[\d+(?:\s*[-–,，]\s*\d+)*\]/g, '');
}

/** One indexed paragraph of a source. */
export interface IndexedParagraph {
  readonly source: QuotableSource;
  readonly paragraph: PaperParagraph;
  /** The paragraph without white space and reference markers; `map` points into `paragraph.text`. */
  readonly norm: Normalized;
  /** `norm` without punctuation; `contentMap[i]` is the index in `norm.text` of `content[i]`. */
  readonly content: string;
  readonly contentMap: Int32Array;
}

/** The sentence index of a set of sources. */
export class SourceIndex {
  readonly paragraphs: readonly IndexedParagraph[];
  /** Every character of every source (a quotation character outside it may be a traditional form). */
  readonly characters: ReadonlySet<string>;
  /** bigram of content → packed (paragraph index << 16 | content position) hits. */
  private readonly bigrams = new Map<string, number[]>();

  constructor(readonly sources: readonly QuotableSource[]) {
    const paragraphs: IndexedParagraph[] = [];
    const chars = new Set<string>();
    for (const source of sources) {
      for (const paragraph of source.paragraphs) {
        const norm = normalize(paragraph.text, 0, paragraph.text.length, true);
        let content = '';
        const cm: number[] = [];
        for (let i = 0; i < norm.text.length; i++) {
          const c = norm.text[i];
          chars.add(c);
          if (isPunctuation(c)) continue;
          content += c;
          cm.push(i);
        }
        const p = paragraphs.length;
        paragraphs.push({ source, paragraph, norm, content, contentMap: Int32Array.from(cm) });
        // Paragraphs longer than 65,535 content units would not pack; the paper's longest is about 600.
        for (let i = 0; i + 1 < content.length && i < 0xffff; i++) {
          const key = content.slice(i, i + 2);
          let list = this.bigrams.get(key);
          if (!list) this.bigrams.set(key, (list = []));
          list.push((p << 16) | i);
        }
      }
    }
    this.paragraphs = paragraphs;
    this.characters = chars;
  }

  /** Where a bigram occurs: packed `(paragraph << 16) | position` values. */
  hits(bigram: string): readonly number[] {
    return this.bigrams.get(bigram) ?? NONE;
  }
}

const NONE: readonly number[] = [];

const indexes = new WeakMap<readonly QuotableSource[], SourceIndex>();

/** The index of a list of sources, built on first use and kept while the list lives (one per engine). */
export function sourceIndex(sources: readonly QuotableSource[]): SourceIndex {
  let index = indexes.get(sources);
  if (!index) indexes.set(sources, (index = new SourceIndex(sources)));
  return index;
}
