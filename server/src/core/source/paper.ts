/**
 * The source paper model: 朱浩然《新质生产力发展的理论逻辑与路径分析》, shipped as data in
 * `server/data/source/paper.md`, read into headings and paragraphs with stable anchors.
 *
 * The file is ours and regular (one paragraph per line, ATX headings, optional YAML front matter),
 * so a line-based reader is enough; remark is not needed here. Offsets are UTF-16 code units into
 * the whole file text (front matter included), lines are 0-based.
 *
 * Anchor scheme (other modules and the lexicon depend on it):
 *   `## 摘要`               → heading `abstract`,    paragraphs `abstract-p1`…
 *   `## Abstract`           → heading `abstract-en`, paragraphs `abstract-en-p1`…
 *   `## Introduction`/`引言` → heading `s0`,          paragraphs `s0-p1`…
 *   `## 二、…`              → heading `s2`,          paragraphs before any subsection `s2-p1`…
 *   `### （三）…` under 二    → heading `s2-3`,        paragraphs `s2-3-p1`…
 *   `# title`               → heading `title`; the title, author and affiliation are not anchored paragraphs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { readFrontMatterData } from './frontMatter';
import { parseNumber } from '../text/gongwen';
import { splitLines, type Line } from './lines';
import { parse as parseYaml } from 'yaml';
import { dataDir } from '../dataPath';
import { SHIPPED_SOURCE_ID, type PaperHeading, type PaperParagraph, type Source, type SourceFrame, type SourceMeta } from './types';

export type { PaperHeading, PaperParagraph } from './types';

/** The shipped paper as a {@link Source}, with the title, author and affiliation its text gives. */
export interface SourcePaper extends Source {
  title: string;
  author: string;
  affiliation: string;
  headings: PaperHeading[];
  paragraphs: PaperParagraph[];
}

/** An error in the paper file, naming the file and the 1-based line. */
export class SourcePaperError extends Error {
  constructor(
    readonly file: string,
    /** 1-based, as editors show it. */
    readonly lineNumber: number,
    detail: string,
  ) {
    super(`${file}:${lineNumber}: ${detail}`);
    this.name = 'SourcePaperError';
  }
}

/** 一…九十九 → 1…99; undefined for anything else (the value is gongwen's {@link parseNumber}). */
function parseZhNumber(numeral: string): number | undefined {
  if (numeral === '' || !/^[一二三四五六七八九]?十?[一二三四五六七八九]?$/.test(numeral)) return undefined;
  if (!numeral.includes('十') && numeral.length !== 1) return undefined;
  return parseNumber(numeral);
}

interface SectionState {
  heading: PaperHeading;
  /** The paper's own numeral (`二`), for numbered sections only. */
  numeral?: string;
  number?: number;
}

interface SubsectionState {
  heading: PaperHeading;
  numeral: string;
  number: number;
}

/** What a paper declares as a source besides its text (server/data/source/paper.source.yaml for the shipped one). */
export interface PaperDeclaration {
  id?: string;
  uri?: string;
  /** Metadata the front matter does not hold (language, journal…); the text's title, author and affiliation win. */
  meta?: Partial<SourceMeta>;
  frame?: SourceFrame;
}

const EMPTY_FRAME: SourceFrame = Object.freeze({ categories: Object.freeze([]), paths: Object.freeze([]) });

/**
 * Parses a paper in the shipped paper's strict grammar (see the anchor scheme above). `file` only
 * names the file in error messages. Other sources use the general grammar of `parseSource` (source.ts),
 * which gives a file in this grammar the same anchors and labels.
 */
export function parseSourcePaper(markdown: string, file = 'paper.md', declared: PaperDeclaration = {}): SourcePaper {
  const lines = splitLines(markdown);
  function fail(line: number, detail: string): never {
    throw new SourcePaperError(file, line + 1, detail);
  }

  // Optional YAML front matter, for attribution.
  let bodyStart = 0;
  let front: Record<string, unknown> = {};
  if (lines[0]?.text === '---') {
    const end = lines.findIndex((l, i) => i > 0 && (l.text === '---' || l.text === '...'));
    if (end < 0) fail(0, 'front matter is not closed by a "---" line');
    let data: unknown;
    try {
      data = parseYaml(lines.slice(1, end).map((l) => l.text).join('\n'));
    } catch (e) {
      fail(0, `front matter is not valid YAML: ${(e as Error).message}`);
    }
    if (data !== null && data !== undefined) {
      if (typeof data !== 'object' || Array.isArray(data)) fail(0, 'front matter must be a YAML mapping');
      front = data as Record<string, unknown>;
    }
    for (const field of ['title', 'author', 'affiliation']) {
      if (field in front && typeof front[field] !== 'string') {
        fail(0, `front matter field "${field}" must be a string`);
      }
    }
    bodyStart = end + 1;
  }

  const headings: PaperHeading[] = [];
  const paragraphs: PaperParagraph[] = [];
  const byline: Line[] = []; // paragraphs between the title and the first section: author, affiliation
  const sectionAnchors = new Set<string>();
  let titleHeading: PaperHeading | undefined;
  let section: SectionState | undefined;
  let subsection: SubsectionState | undefined;
  let indexInSection = 0;
  let previousWasParagraph = false;

  for (let i = bodyStart; i < lines.length; i++) {
    const { text, start } = lines[i];
    if (text.trim() === '') {
      previousWasParagraph = false;
      continue;
    }
    const h = /^(#{1,6})[ \t]+(.+?)[ \t]*$/.exec(text);
    if (h) {
      previousWasParagraph = false;
      const level = h[1].length;
      const headingText = h[2];
      if (level === 1) {
        if (titleHeading) fail(i, 'a second level-1 heading; the paper has one title');
        if (section) fail(i, 'the level-1 title heading must come before every section');
        titleHeading = { level, text: headingText, anchor: 'title', line: i };
        headings.push(titleHeading);
        continue;
      }
      if (level === 2) {
        section = { heading: { level, text: headingText, anchor: '', line: i } };
        subsection = undefined;
        indexInSection = 0;
        const numbered = /^([一二三四五六七八九十]+)、/.exec(headingText);
        if (headingText === '摘要') section.heading.anchor = 'abstract';
        else if (/^abstract$/i.test(headingText)) section.heading.anchor = 'abstract-en';
        else if (/^(introduction|引言)$/i.test(headingText)) section.heading.anchor = 's0';
        else if (numbered && parseZhNumber(numbered[1]) !== undefined) {
          section.numeral = numbered[1];
          section.number = parseZhNumber(numbered[1]);
          section.heading.anchor = `s${section.number}`;
        } else {
          fail(i, `unrecognised section heading "${headingText}": expected 摘要, Abstract, Introduction or a numbered heading like "二、…"`);
        }
        if (sectionAnchors.has(section.heading.anchor)) fail(i, `duplicate section anchor "${section.heading.anchor}"`);
        sectionAnchors.add(section.heading.anchor);
        headings.push(section.heading);
        continue;
      }
      if (level === 3) {
        if (!section?.number) fail(i, `subsection "${headingText}" is not inside a numbered section ("一、…")`);
        const numbered = /^[（(]([一二三四五六七八九十]+)[）)]/.exec(headingText);
        const number = numbered ? parseZhNumber(numbered[1]) : undefined;
        if (!numbered || number === undefined) {
          fail(i, `unrecognised subsection heading "${headingText}": expected a numbered heading like "（二）…"`);
        }
        const heading: PaperHeading = { level, text: headingText, anchor: `${section!.heading.anchor}-${number}`, line: i };
        if (sectionAnchors.has(heading.anchor)) fail(i, `duplicate subsection anchor "${heading.anchor}"`);
        sectionAnchors.add(heading.anchor);
        subsection = { heading, numeral: numbered![1], number: number! };
        indexInSection = 0;
        headings.push(heading);
        continue;
      }
      fail(i, `level-${level} heading: the paper has only title (#), sections (##) and subsections (###)`);
    }

    // A paragraph line.
    if (previousWasParagraph) fail(i, 'a paragraph continues on a second line; keep each paragraph on one line');
    previousWasParagraph = true;
    if (/^\s/.test(text)) fail(i, 'paragraph starts with whitespace (a PDF artefact?)');
    if (!section) {
      if (!titleHeading) fail(i, 'paragraph before the title heading');
      if (byline.length === 2) fail(i, 'only the author and the affiliation may stand between the title and the first section');
      byline.push(lines[i]);
      continue;
    }
    indexInSection++;
    const innermost = subsection?.heading ?? section.heading;
    paragraphs.push({
      anchor: `${innermost.anchor}-p${indexInSection}`,
      text,
      line: i,
      startOffset: start,
      endOffset: start + text.length,
      section: section.heading,
      subsection: subsection?.heading,
      index: indexInSection,
      labelZh: '', // set below, once the paragraph count of each section is known
      labelEn: '',
    });
  }

  // Labels. A section with a single paragraph (the abstracts) is labelled by the section alone.
  const counts = new Map<string, number>();
  for (const p of paragraphs) {
    const key = (p.subsection ?? p.section)!.anchor;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const sectionNumerals = new Map<string, string>();
  for (const h of headings) {
    const m = h.level === 2 ? /^([一二三四五六七八九十]+)、/.exec(h.text) : null;
    if (m) sectionNumerals.set(h.anchor, m[1]);
  }
  for (const p of paragraphs) {
    const sec = p.section!;
    const n = p.index;
    if (sec.anchor === 'abstract' || sec.anchor === 'abstract-en') {
      const [zh, en] = sec.anchor === 'abstract' ? ['摘要', 'Abstract'] : ['英文摘要', 'English abstract'];
      const single = counts.get(sec.anchor) === 1;
      p.labelZh = single ? zh : `${zh}第${n}段`;
      p.labelEn = single ? en : `${en}, paragraph ${n}`;
    } else if (sec.anchor === 's0') {
      p.labelZh = `引言第${n}段`;
      p.labelEn = `Introduction, paragraph ${n}`;
    } else if (p.subsection) {
      const secNumber = sec.anchor.slice(1);
      const subNumeral = /^[（(]([一二三四五六七八九十]+)[）)]/.exec(p.subsection.text)![1];
      p.labelZh = `${sectionNumerals.get(sec.anchor)}（${subNumeral}）第${n}段`;
      p.labelEn = `Section ${secNumber}.${p.subsection.anchor.split('-')[1]}, paragraph ${n}`;
    } else {
      p.labelZh = `${sec.text} 第${n}段`;
      p.labelEn = `Section ${sec.anchor.slice(1)}, paragraph ${n}`;
    }
  }

  // Title, author and affiliation: the front matter and the body must agree where both give them.
  const fromBody = { title: titleHeading?.text, author: byline[0]?.text, affiliation: byline[1]?.text };
  const pick = (field: 'title' | 'author' | 'affiliation', line: number): string => {
    const meta = front[field] as string | undefined;
    const body = fromBody[field];
    if (meta !== undefined && body !== undefined && meta !== body) {
      fail(line, `front matter ${field} "${meta}" differs from the text "${body}"`);
    }
    return meta ?? body ?? '';
  };
  const title = pick('title', titleHeading?.line ?? 0);
  const author = pick('author', byline[0] ? lines.indexOf(byline[0]) : 0);
  const affiliation = pick('affiliation', byline[1] ? lines.indexOf(byline[1]) : 0);

  const index = new Map(paragraphs.map((p) => [p.anchor, p]));
  for (const p of paragraphs) Object.freeze(p);
  for (const h of headings) Object.freeze(h);
  const meta: SourceMeta = Object.freeze({ ...declared.meta, title, author, ...(affiliation !== '' && { affiliation }) });
  return Object.freeze({
    id: declared.id ?? SHIPPED_SOURCE_ID,
    ...(declared.uri !== undefined && { uri: declared.uri }),
    meta,
    frame: declared.frame ?? EMPTY_FRAME,
    title,
    author,
    affiliation,
    markdown,
    headings: Object.freeze(headings) as PaperHeading[],
    paragraphs: Object.freeze(paragraphs) as PaperParagraph[],
    byAnchor: (anchor: string) => index.get(anchor),
  });
}

let cached: SourcePaper | undefined;

/**
 * The shipped paper, `server/data/source/paper.md`, read and parsed once, with its id, metadata and
 * frame from `paper.source.yaml` beside it (validated against server/data/source.schema.json).
 */
export function loadSourcePaper(): SourcePaper {
  if (cached) return cached;
  const path = join(dataDir(), 'source', 'paper.md');
  const declarationPath = join(dataDir(), 'source', 'paper.source.yaml');
  const declared = readDeclaration(readFileSync(declarationPath, 'utf8'), declarationPath);
  return (cached = parseSourcePaper(readFileSync(path, 'utf8'), path, { ...declared, uri: URI.file(path).toString() }));
}

/** The shipped paper's declaration; a problem in it is a packaging bug, so it throws, naming the line. */
function readDeclaration(text: string, file: string): PaperDeclaration {
  const read = readFrontMatterData(text, 0, file, text, undefined, false);
  if (read.problems.length) {
    const p = read.problems[0];
    throw new SourcePaperError(file, p.range.start.line + 1, p.message);
  }
  return { id: read.id, meta: read.meta, frame: read.frame };
}
