/**
 * Sources as data. A source is a text with stable paragraph anchors, its metadata, and its frame: the
 * categories and paths its concepts are sorted into, with zh/en labels and an order. The shipped paper
 * (server/data/source/paper.md) is the first source; any other is a Markdown file with YAML front matter
 * (see server/src/core/source/source.ts for the format and the anchor grammar).
 */

/** Bibliographic metadata of a source. Never invented: a field is absent when it is not known. */
export interface SourceMeta {
  title: string;
  author: string;
  affiliation?: string;
  journal?: string;
  year?: number;
  volume?: string;
  issue?: string;
  pages?: string;
  url?: string;
  licence?: string;
  /** BCP 47 tag of the text's language, e.g. `zh`. */
  language?: string;
}

/** One category or path of a frame. */
export interface FrameEntry {
  /** Stable ASCII id, as lexicons write it (`industries`, `tech-breakthrough`). */
  id: string;
  zh: string;
  en: string;
  /** Display order, ascending (the entry's position in the file unless the file says otherwise). */
  order: number;
}

/** A source's frame: what its concepts' `category` and `paths` may be. */
export interface SourceFrame {
  categories: readonly FrameEntry[];
  paths: readonly FrameEntry[];
}

export interface PaperHeading {
  level: number;
  text: string;
  /** `title`, `abstract`, `abstract-en`, `s0`, `s1`, `s1-1`, … */
  anchor: string;
  /** 0-based line in the file. */
  line: number;
}

export interface PaperParagraph {
  /** Stable, derived from the paragraph's place: `s2-2-p3`, `s0-p1`, `abstract-p1`, `p1` (before any section). */
  anchor: string;
  /** The paragraph text exactly as in the file (one line in the shipped paper; other sources may wrap). */
  text: string;
  /** 0-based line in the file (of the paragraph's first line). */
  line: number;
  /** UTF-16 offsets of `text` in the file: `markdown.slice(startOffset, endOffset) === text`. */
  startOffset: number;
  endOffset: number;
  /** The top-level section heading the paragraph is under. */
  section?: PaperHeading;
  /** The second-level heading the paragraph is under, if any. */
  subsection?: PaperHeading;
  /** 1-based paragraph number within its innermost section. */
  index: number;
  /** Short Chinese label: `二（二）第3段`, `引言第1段`, `摘要`, `三、结束语 第1段`. */
  labelZh: string;
  /** Short English label: `Section 2.2, paragraph 3`, `Introduction, paragraph 1`, `Abstract`. */
  labelEn: string;
}

/** A source text: the shipped paper or a user's. Immutable. */
export interface Source {
  /** Stable id, as lexicons cite it: `zhu#s2-3-p1`. */
  id: string;
  /** Where it was read from (a file: URI), when it came from a file given to the engine. */
  uri?: string;
  meta: SourceMeta;
  frame: SourceFrame;
  /** The whole file text; every offset refers to it. */
  markdown: string;
  headings: readonly PaperHeading[];
  paragraphs: readonly PaperParagraph[];
  byAnchor(anchor: string): PaperParagraph | undefined;
}

/** The id of the shipped paper, 朱浩然《新质生产力发展的理论逻辑与路径分析》. */
export const SHIPPED_SOURCE_ID = 'zhu';

/** The category of a concept that names none (or names one its frame lacks). Every frame accepts it. */
export const OTHER_CATEGORY: FrameEntry = Object.freeze({ id: 'other', zh: '其他', en: 'Other', order: Number.MAX_SAFE_INTEGER });

/** The label of a category or path id in `frame`; unknown ids are shown as themselves. */
export function frameLabel(frame: SourceFrame, kind: 'category' | 'path', id: string): { zh: string; en: string } {
  const list = kind === 'category' ? frame.categories : frame.paths;
  const e = list.find((x) => x.id === id) ?? (kind === 'category' && id === OTHER_CATEGORY.id ? OTHER_CATEGORY : undefined);
  return e ? { zh: e.zh, en: e.en } : { zh: id, en: id };
}
