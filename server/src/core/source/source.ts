/**
 * Any source text as data: a Markdown file with YAML front matter (id, metadata, optional frame),
 * read into headings and paragraphs with stable anchors. The shipped paper is read by the stricter
 * paper.ts; for a file in the paper's grammar this reader gives the same anchors and labels.
 *
 * Front matter (server/data/source.schema.json):
 *   ---
 *   id: my-notes                      # required: lexicons cite `my-notes#s1-2-p3`
 *   meta: { title: …, author: …, year: 2025, url: … }   # title/author may also stand at the top level
 *   frame:                            # optional; absent: the shipped paper's categories and paths
 *     categories: [{ id: chain, zh: 产业链, en: Industrial chains }]
 *     paths: [{ id: clusters, zh: 集群化, en: Clustering }]
 *   ---
 *
 * Anchor grammar (one rule set for every source; offsets are UTF-16, lines 0-based):
 * - Blocks are separated by blank lines. A block is a heading when it is an ATX heading (`#`…`######`),
 *   or a single line that opens with 公文 or regulation numbering (一、 （一） 1. （1） ① 第一章 第一条 …),
 *   holds at most 48 characters and no 。；：！？ before its last character. Levels 3–5 of 公文 numbering
 *   (1. （1） ①) count only under an open 一、 or （一） heading, so a Markdown list stays a paragraph.
 *   Everything else is a paragraph (fenced code blocks are skipped).
 * - Title: when the first block is a `#` heading and no other `#` heading follows, it is the title
 *   (anchor `title`); lines between it and the first section that repeat the metadata's author or
 *   affiliation are the byline, not paragraphs.
 * - Headings nest by rank (`#` depth first, then 公文 numbering: 一、 above （一） above 1. …). At the top
 *   level `摘要` → `abstract`, `Abstract` → `abstract-en`, `Introduction`/`引言` → `s0`.
 * - Every other heading is numbered among its siblings: by its own numbers when every sibling carries
 *   a distinct one (一、 → 1, （三） → 3, 第五条 → 5), otherwise by position (1, 2, …). Its anchor is
 *   `s` and the numbers of its path: `s2`, `s2-3`, `s2-3-1`. A special heading's children: `abstract-1`…
 * - A paragraph's anchor is its innermost heading's anchor and `-p<n>` (n counts the paragraphs right
 *   under that heading): `s2-3-p1`, `abstract-p1`; before any section, `p<n>`.
 * So anchors change only when the headings above a paragraph, or the paragraphs before it under the
 * same heading, change.
 */
import { numberingOf } from '../text/gongwen';
import { ProblemSink } from '../lexicon/problems';
import type { LoadProblem } from '../lexicon/types';
import { readFrontMatterData } from './frontMatter';
import { splitLines } from './lines';
import type { PaperHeading, PaperParagraph, Source, SourceFrame, SourceMeta } from './types';

export interface ParseSourceOptions {
  /** The frame of a source whose front matter declares none (the shipped paper's). */
  readonly defaultFrame?: SourceFrame;
}

export interface SourceParse {
  /** Absent when the file cannot be a source (no front matter, no id, broken YAML, schema errors). */
  readonly source?: Source;
  readonly problems: readonly LoadProblem[];
}

const EMPTY_FRAME: SourceFrame = Object.freeze({ categories: Object.freeze([]), paths: Object.freeze([]) });

/** A heading before numbering: its rank orders nesting, `numbers` is its own number, if any. */
interface RawHeading {
  level: number;
  text: string;
  line: number;
  rank: number;
  number?: number;
  gongwenRank?: number;
  special?: string;
  parent?: RawHeading;
  children: RawHeading[];
  anchor: string;
  /** Numbers of the path, for English labels. */
  path: number[];
  heading?: PaperHeading;
}

const LEAD_END = /[。；：！？;:!?]/;
const GONGWEN_L1 = 40;
const GONGWEN_L2 = 50;

/** Reads a source file; never throws. `uri` names the file in problems and becomes `Source.uri`. */
export function parseSource(text: string, uri: string, options: ParseSourceOptions = {}): SourceParse {
  const sink = new ProblemSink(uri, text);
  const lines = splitLines(text);
  const bom = lines[0]?.text.startsWith('\uFEFF') ? 1 : 0;
  if (lines[0]?.text.slice(bom) !== '---') {
    sink.add('source-front-matter', 'error', 0, lines[0]?.text.length ?? 0, 'a source file starts with YAML front matter ("---", then at least "id: …")', '来源文件应以 YAML 前言元数据开头（“---”，至少写明“id: …”）');
    return { problems: sink.problems };
  }
  const end = lines.findIndex((l, i) => i > 0 && (l.text === '---' || l.text === '...'));
  if (end < 0) {
    sink.add('source-front-matter', 'error', 0, 3 + bom, 'the front matter is not closed by a "---" line', '前言元数据缺少结尾的“---”行');
    return { problems: sink.problems };
  }
  const fmStart = lines[1].start;
  const fmText = text.slice(fmStart, lines[end].start);
  const fm = readFrontMatterData(fmText, fmStart, uri, text, sink);
  if (sink.hasErrors) return { problems: sink.problems };
  if (fm.id === undefined) {
    sink.add('source-id', 'error', 0, 3 + bom, 'the front matter gives no "id" (lexicons cite the source as <id>#<anchor>)', '前言元数据缺少“id”（词表以 <id>#<锚点> 引用来源）');
    return { problems: sink.problems };
  }

  // Blocks.
  type Block = { kind: 'heading'; level: number; text: string; line: number } | { kind: 'para'; first: number; last: number };
  const blocks: Block[] = [];
  let fence: string | undefined;
  let para: { first: number; last: number } | undefined;
  const flush = () => {
    if (para) blocks.push({ kind: 'para', ...para });
    para = undefined;
  };
  for (let i = end + 1; i < lines.length; i++) {
    const t = lines[i].text;
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(t);
    if (fence !== undefined) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (f) {
      flush();
      fence = f[1];
      continue;
    }
    if (t.trim() === '') {
      flush();
      continue;
    }
    const h = /^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/.exec(t);
    if (h) {
      flush();
      blocks.push({ kind: 'heading', level: h[1].length, text: h[2], line: i });
      continue;
    }
    if (para) para.last = i;
    else para = { first: i, last: i };
  }
  flush();

  // 公文 headings: single-line paragraphs that open with a number and read as a heading.
  const raw: (RawHeading | { para: { first: number; last: number } })[] = [];
  const levelOneCount = blocks.filter((b) => b.kind === 'heading' && b.level === 1).length;
  let title: RawHeading | undefined;
  const stack: RawHeading[] = [];
  const roots: RawHeading[] = [];
  const open = (h: RawHeading) => {
    while (stack.length && stack[stack.length - 1].rank >= h.rank) stack.pop();
    h.parent = stack[stack.length - 1];
    (h.parent ? h.parent.children : roots).push(h);
    stack.push(h);
    raw.push(h);
  };
  blocks.forEach((b, k) => {
    if (b.kind === 'heading') {
      if (k === 0 && b.level === 1 && levelOneCount === 1) {
        title = { level: 1, text: b.text, line: b.line, rank: 0, children: [], anchor: 'title', path: [] };
        return;
      }
      const n = numberingOf(b.text);
      open({ level: b.level, text: b.text, line: b.line, rank: b.level, ...(n && n.number > 0 && { number: n.number }), children: [], anchor: '', path: [] });
      return;
    }
    const t = lines[b.first].text;
    const n = b.first === b.last ? numberingOf(t) : undefined;
    const body = t.replace(/[。；：！？;:!?\s]+$/, '');
    const underGongwen = stack.some((s) => s.gongwenRank !== undefined && (s.gongwenRank === GONGWEN_L1 || s.gongwenRank === GONGWEN_L2));
    if (n && n.number > 0 && [...t].length <= 48 && !LEAD_END.test(body) && (n.rank <= GONGWEN_L2 || underGongwen)) {
      open({ level: 0, text: t, line: b.first, rank: 10 + n.rank, number: n.number, gongwenRank: n.rank, children: [], anchor: '', path: [] });
      return;
    }
    raw.push({ para: { first: b.first, last: b.last } });
  });

  // Anchors of headings.
  const used = new Set<string>(['title']);
  const number = (siblings: RawHeading[], prefix: string, path: number[], top: boolean) => {
    const plain: RawHeading[] = [];
    for (const h of siblings) {
      const special = top ? specialAnchor(h.text) : undefined;
      if (special && !used.has(special)) {
        h.anchor = special;
        h.special = special;
        used.add(special);
      } else {
        plain.push(h);
      }
    }
    const nums = plain.map((h) => h.number);
    const byNumber = nums.every((x) => x !== undefined) && new Set(nums).size === nums.length;
    plain.forEach((h, i) => {
      const n = byNumber ? h.number! : i + 1;
      h.path = [...path, n];
      h.anchor = `${prefix}${prefix === 's' ? '' : '-'}${n}`;
      used.add(h.anchor);
    });
    for (const h of siblings) number(h.children, h.special ? h.anchor : h.anchor, h.special ? [] : h.path, false);
  };
  number(roots, 's', [], true);

  // Headings and paragraphs in file order.
  const headings: PaperHeading[] = [];
  if (title) headings.push((title.heading = Object.freeze({ level: 1, text: title.text, anchor: 'title', line: title.line })));
  const meta = fm.meta;
  const byline = new Set([meta.author, meta.affiliation].filter((x): x is string => typeof x === 'string'));
  const paragraphs: PaperParagraph[] = [];
  const counts = new Map<RawHeading | undefined, number>();
  let current: RawHeading | undefined;
  for (const item of raw) {
    if (!('para' in item)) {
      current = item;
      const depth = depthOf(item);
      item.heading = Object.freeze({ level: item.level || depth + 1, text: item.text, anchor: item.anchor, line: item.line });
      headings.push(item.heading);
      continue;
    }
    const { first, last } = item.para;
    const startOffset = lines[first].start;
    const endOffset = lines[last].start + lines[last].text.length;
    const ptext = text.slice(startOffset, endOffset);
    if (!current && title && byline.has(ptext)) continue;
    const n = (counts.get(current) ?? 0) + 1;
    counts.set(current, n);
    const chain: RawHeading[] = [];
    for (let h = current; h; h = h.parent) chain.unshift(h);
    paragraphs.push({
      anchor: current ? `${current.anchor}-p${n}` : `p${n}`,
      text: ptext,
      line: first,
      startOffset,
      endOffset,
      ...(chain[0] && { section: chain[0].heading }),
      ...(chain[1] && { subsection: chain[1].heading }),
      index: n,
      labelZh: '',
      labelEn: '',
      _chain: chain,
    } as PaperParagraph & { _chain: RawHeading[] });
  }
  for (const p of paragraphs as (PaperParagraph & { _chain?: RawHeading[] })[]) {
    const chain = p._chain!;
    delete p._chain;
    const inner = chain[chain.length - 1];
    const single = counts.get(inner) === 1;
    Object.assign(p, labels(chain, p.index, single));
    Object.freeze(p);
  }
  const index = new Map(paragraphs.map((p) => [p.anchor, p]));
  const fullMeta: SourceMeta = Object.freeze({ ...meta, title: meta.title ?? title?.text ?? fm.id, author: meta.author ?? '' });
  if (meta.title === undefined && !title) {
    sink.add('source-title', 'warning', fmStart, fmStart, 'the source has no title (meta.title, or a "# " title heading): its id stands in', '来源没有标题（meta.title 或“# ”标题），以其 id 代替');
  }
  const source: Source = Object.freeze({
    id: fm.id,
    uri,
    meta: fullMeta,
    frame: fm.frame ?? options.defaultFrame ?? EMPTY_FRAME,
    markdown: text,
    headings: Object.freeze(headings),
    paragraphs: Object.freeze(paragraphs),
    byAnchor: (anchor: string) => index.get(anchor),
  });
  return { source, problems: sink.problems };
}

function depthOf(h: RawHeading): number {
  let d = 0;
  for (let p = h.parent; p; p = p.parent) d++;
  return d + 1;
}

function specialAnchor(text: string): string | undefined {
  if (text === '摘要') return 'abstract';
  if (/^abstract$/i.test(text)) return 'abstract-en';
  if (/^(introduction|引言)$/i.test(text)) return 's0';
  return undefined;
}

const SECTION_NUMERAL = /^([一二三四五六七八九十]+)、/;
const SUBSECTION_NUMERAL = /^[（(]([一二三四五六七八九十]+)[）)]/;

/** Labels in the paper's style: `二（二）第3段` / `Section 2.2, paragraph 3`, `摘要`, `引言第1段`, `第2段`. */
function labels(chain: readonly RawHeading[], n: number, single: boolean): { labelZh: string; labelEn: string } {
  const inner = chain[chain.length - 1];
  if (!inner) return { labelZh: `第${n}段`, labelEn: `Paragraph ${n}` };
  const top = chain[0];
  if (top.special === 'abstract' || top.special === 'abstract-en') {
    const [zh, en] = top.special === 'abstract' ? ['摘要', 'Abstract'] : ['英文摘要', 'English abstract'];
    if (chain.length === 1) return single ? { labelZh: zh, labelEn: en } : { labelZh: `${zh}第${n}段`, labelEn: `${en}, paragraph ${n}` };
  }
  if (top.special === 's0' && chain.length === 1) return { labelZh: `引言第${n}段`, labelEn: `Introduction, paragraph ${n}` };
  const en = inner.special ? `${inner.text}, paragraph ${n}` : `Section ${inner.path.join('.')}, paragraph ${n}`;
  if (chain.length === 2) {
    const a = SECTION_NUMERAL.exec(chain[0].text);
    const b = SUBSECTION_NUMERAL.exec(chain[1].text);
    if (a && b) return { labelZh: `${a[1]}（${b[1]}）第${n}段`, labelEn: en };
  }
  return { labelZh: `${inner.text} 第${n}段`, labelEn: en };
}
