/**
 * The outline of a draft as a policy writer reads it: Markdown headings (`#`, setext) and the 公文
 * numbering that official documents use in plain paragraphs instead.
 *
 *   一、 (level 1) → （一） (2) → 1. / 1． / 1、 (3) → （1） (4) → ① (5)
 *   regulations: 第一编/篇/部分 → 第一章 → 第一节 → 第一条 (the level below the nearest 节 or 章)
 *   附件 1 / 附录 A / 附表 2: an appendix, whose own numbering starts again under it
 *
 * A number opens a heading only at the start of a paragraph (or of a line after a finished sentence,
 * as in text pasted from Word, where paragraphs are single lines without blank lines between them).
 * When it opens a longer paragraph (`（二）强化科技创新，建设现代化产业体系。以……`), the heading is the
 * lead sentence: up to the first 。；：！？ (or LEAD_MAX characters), and its range covers just that.
 * 一是 / 二是 inside a paragraph are enumerations, never headings.
 *
 * Telling a numbered heading from a numbered list item (mdast reads `1. ` as an ordered list, and a
 * 公文 `1.` heading usually is one) goes by context:
 * - levels 3–5 need an open 公文 heading at most two levels above them (`1.` under `一、` or `（一）`):
 *   an ordered list under a plain `#` heading, in an appendix or a 附件： list is a list;
 * - a paragraph that ends with ；，、 is an item of an enumeration (levels 2–5), and so are the items
 *   of a run introduced by a colon (`具体目标如下：`, levels 3–5); numbers under an item are items too;
 * - the numbers must run in sequence (1 or the previous number + 1 at levels 3–5, increasing above),
 *   within the parent or across the document (实施方案 often number their tasks 1…20 throughout);
 * - inside a regulation's article (第X条) its （一）（二） are the article's items.
 * Block quotes, tables, code and HTML never hold headings.
 *
 * Derived from a document version's final blocks, prose ranges and Markdown headings only, so an
 * incrementally updated document has the same outline as a fresh one.
 */
import type { BlockInfo, HeadingInfo, ProseRange } from './prose';

export type OutlineKind = 'markdown' | 'gongwen' | 'regulation' | 'appendix';

/** One heading of the outline. Offsets are UTF-16 code units into the document text, end exclusive. */
export interface OutlineHeading {
  /** Nesting depth in the outline tree (1 = top). Markdown headings keep their `#` depth; 公文 headings sit one below their parent. */
  readonly depth: number;
  /** The name shown: the heading's plain text, or the number and lead sentence of a 公文 paragraph. */
  readonly text: string;
  /** A Markdown heading: the whole heading, markers included. A numbered paragraph: the number through its lead sentence. */
  readonly start: number;
  readonly end: number;
  readonly kind: OutlineKind;
  /**
   * The numbering level (nominal, not the depth): 1–5 for 公文 (一、 … ①); 1 章, 2 节, 3 条 and 0
   * 编/篇/部分 for regulations; 0 for appendices; absent for a Markdown heading without a number.
   */
  readonly level?: number;
}

export interface OutlineInput {
  readonly text: string;
  readonly blocks: readonly BlockInfo[];
  readonly prose: readonly ProseRange[];
  readonly headings: readonly HeadingInfo[];
}

/** Plain-text characters of a lead sentence beyond which the heading's name is cut (with …). */
export const LEAD_MAX = 48;

// Ranks order every kind of number on one scale: a heading's parent is the nearest open one of a lower rank.
const RANK_APPENDIX = 0;
const RANK_PART = 5; // 第一编 / 第一篇 / 第一部分
const RANK_CHAPTER = 10; // 第一章
const RANK_SECTION = 20; // 第一节
const RANK_ARTICLE = 30; // 第一条
const RANK_L1 = 40; // 一、
const RANK_L2 = 50; // （一）
const RANK_L3 = 60; // 1.
const RANK_L4 = 70; // （1）
const RANK_L5 = 80; // ①

const CN = '〇零一二三四五六七八九十百千两';
const CN_CODES = new Set([...CN].map((c) => c.charCodeAt(0)));
const NUMBER_PATTERNS: { re: RegExp; rank: number | 'regulation' }[] = [
  { re: new RegExp(`^第([${CN}0-9０-９]{1,6})(编|篇|部分|章|节|条)`), rank: 'regulation' },
  { re: new RegExp(`^([${CN}]{1,4})、`), rank: RANK_L1 },
  { re: new RegExp(`^[（(]([${CN}]{1,4})[）)]`), rank: RANK_L2 },
  { re: /^([0-9０-９]{1,3})(?:[.．](?![0-9０-９])|、)/, rank: RANK_L3 },
  { re: /^[（(]([0-9０-９]{1,3})[）)]/, rank: RANK_L4 },
  { re: /^([\u2460-\u2473])/, rank: RANK_L5 },
];
const REGULATION_RANK: Record<string, number> = { 编: RANK_PART, 篇: RANK_PART, 部分: RANK_PART, 章: RANK_CHAPTER, 节: RANK_SECTION, 条: RANK_ARTICLE };
/** 附件 / 附件1 / 附件一 / 附录A, then nothing, or a title (a colon right after a bare 附件 makes it the 附件说明 list instead). */
const APPENDIX = /^(附件|附录|附表|附图)[ \t\u3000]*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}|[A-Za-z](?![A-Za-z]))?/;

/** Sentence ends that close a lead sentence. */
const LEAD_END = new Set(['。', '；', '：', '！', '？', ';', ':', '!', '?']);
/** What a finished line ends with: a sentence end. */
const LINE_END = LEAD_END;
/** What an item of an enumeration ends with. */
const ITEM_END = new Set(['；', '，', '、', ';', ',']);
/** Closing marks and emphasis that may follow a sentence end. */
export const CLOSERS = /[\s*_”’」』》〉）)\]]/;
const HAN = /\p{Script=Han}/u;

interface Entry {
  readonly depth: number;
  /** undefined: a Markdown heading without a number (never closed by a number, only by a `#` of its depth or above). */
  readonly rank: number | undefined;
  readonly kind: OutlineKind | 'item';
  /** The last number of each rank among this entry's children. */
  readonly last: Map<number, number>;
  /** Ranks whose runs under this entry are lists, not headings. */
  readonly lists: Set<number>;
}

interface Line {
  readonly start: number;
  /** Before the line break. */
  readonly end: number;
  /** First character after indentation. */
  readonly content: number;
  readonly blank: boolean;
  readonly blockStart: boolean;
  /** The line opens a list item (a bullet or an ordered marker that is markup, not prose). */
  readonly item: boolean;
  /** Where to look for a number: after a bullet marker, else the content. */
  readonly numberAt: number;
}

/** The outline of a document: Markdown and 公文 headings in document order. */
export function detectOutline(input: OutlineInput): OutlineHeading[] {
  return new OutlineBuilder(input).build();
}

/** `detectOutline`, handing the builder to `keep` (the document layer's keepDocumentShapes keeps it: its class is one a collection can drop). */
export function detectOutlineKeeping(input: OutlineInput, keep: (builder: unknown) => void): OutlineHeading[] {
  const builder = new OutlineBuilder(input);
  keep(builder);
  return builder.build();
}

/**
 * `detectOutline` with `pause()` awaited whenever about `sliceMs` of scanning have passed since the
 * last pause (between blocks): the same outline, but the outline of a 9.5 MB draft no longer holds
 * the thread for hundreds of milliseconds in one go. `input` must not change meanwhile.
 */
export async function detectOutlineAsync(input: OutlineInput, pause: () => Promise<void>, sliceMs = 5): Promise<OutlineHeading[]> {
  const builder = new OutlineBuilder(input);
  let since = performance.now();
  let n = 0;
  for (const step of builder.steps()) {
    void step;
    // The clock every 8 blocks: a block is microseconds of work.
    if ((++n & 7) === 0 && performance.now() - since >= sliceMs) {
      await pause();
      since = performance.now();
    }
  }
  return builder.result();
}

/** The 公文 or regulation level of a heading's text (`一、总体要求` → 1), for nesting numbered paragraphs under it. */
export function numberingOf(text: string): { rank: number; number: number; kind: OutlineKind; level: number } | undefined {
  const n = matchNumber(stripEmphasis(text), 0);
  if (n) return { rank: n.rank, number: n.number, kind: n.kind, level: levelOf(n.rank) };
  const a = APPENDIX.exec(text);
  if (a) return { rank: RANK_APPENDIX, number: 0, kind: 'appendix', level: 0 };
  return undefined;
}

function stripEmphasis(text: string): string {
  return text.replace(/^[*_]+/, '');
}

function levelOf(rank: number): number {
  if (rank >= RANK_L1) return (rank - RANK_L1) / 10 + 1;
  if (rank === RANK_APPENDIX) return 0;
  return rank === RANK_PART ? 0 : rank === RANK_CHAPTER ? 1 : rank === RANK_SECTION ? 2 : 3;
}

interface NumberMatch {
  readonly rank: number;
  readonly number: number;
  readonly kind: OutlineKind;
  /** Length of the number (`（一）`, `第一条`, `1.`). */
  readonly length: number;
  /** The regulation unit (章, 节, 条…), if any. */
  readonly unit?: string;
}

function matchNumber(text: string, at: number): NumberMatch | undefined {
  // Every pattern is anchored: a text whose first code unit starts none of them matches none.
  if (!mayStartNumber(text.charCodeAt(at))) return undefined;
  const s = text.slice(at, at + 12);
  for (const p of NUMBER_PATTERNS) {
    const m = p.re.exec(s);
    if (!m) continue;
    if (p.rank === 'regulation') return { rank: REGULATION_RANK[m[2]], number: parseNumber(m[1]), kind: 'regulation', length: m[0].length, unit: m[2] };
    const number = p.rank === RANK_L5 ? m[1].codePointAt(0)! - 0x245f : parseNumber(m[1]);
    return { rank: p.rank, number, kind: 'gongwen', length: m[0].length };
  }
  return undefined;
}

/** 一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103, 12 / １２ → 12. */
export function parseNumber(s: string): number {
  let total = 0;
  let current = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) current = current * 10 + c - 0x30;
    else if (c >= 0xff10 && c <= 0xff19) current = current * 10 + c - 0xff10;
    else if (DIGIT.has(s[i])) current = current * 10 + DIGIT.get(s[i])!;
    else {
      total += (current || 1) * (UNIT.get(s[i]) ?? 1);
      current = 0;
    }
  }
  return total + current;
}

const DIGIT = new Map(Object.entries({ 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }));
const UNIT = new Map(Object.entries({ 十: 10, 百: 100, 千: 1000 }));

class OutlineBuilder {
  private readonly text: string;
  private readonly out: OutlineHeading[] = [];
  private stack: Entry[] = [];
  private readonly root: Entry = { depth: 0, rank: undefined, kind: 'markdown', last: new Map(), lists: new Set() };
  /** The last number of each rank anywhere in the current scope (numbering that runs across parents). */
  private global = new Map<number, number>();
  /** End of the last heading that was its whole paragraph (a colon there introduces sub-headings, not a list). */
  private headingParagraphEnd = -1;

  /** Whether the text holds a CR at all (else a line ends at the next LF, found natively). */
  private readonly hasCR: boolean;

  constructor(private readonly input: OutlineInput) {
    this.text = input.text;
    this.hasCR = input.text.indexOf('\r') >= 0;
  }

  build(): OutlineHeading[] {
    for (const step of this.steps()) void step;
    return this.out;
  }

  /** The outline so far (all of it once `steps()` is exhausted). */
  result(): OutlineHeading[] {
    return this.out;
  }

  /** The scan, one step per block (a generator, so that `detectOutlineAsync` can pause between blocks). */
  *steps(): Generator<void, void, void> {
    const { blocks, headings } = this.input;
    let h = 0;
    for (const block of blocks) {
      // Markdown headings before or inside this block (headings nest in lists and quotes too).
      while (h < headings.length && headings[h].start < block.end) this.markdownHeading(headings[h++]);
      if (block.type === 'paragraph' || block.type === 'list') this.scanBlock(block);
      yield;
    }
    while (h < headings.length) this.markdownHeading(headings[h++]);
  }

  private get top(): Entry {
    return this.stack.length ? this.stack[this.stack.length - 1] : this.root;
  }

  private markdownHeading(h: HeadingInfo): void {
    while (this.stack.length && this.top.depth >= h.depth) this.stack.pop();
    const n = numberingOf(h.text);
    const parent = this.top;
    if (n) {
      parent.last.set(n.rank, n.number);
      this.global.set(n.rank, n.number);
      if (n.kind === 'appendix') this.global = new Map();
    }
    this.stack.push({ depth: h.depth, rank: n?.rank, kind: 'markdown', last: new Map(), lists: new Set() });
    // The heading's text on one line: a setext heading may run over several, and control characters show as spaces.
    const text = h.text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    this.out.push({ depth: h.depth, text, start: h.start, end: h.end, kind: 'markdown', ...(n ? { level: n.level } : {}) });
  }

  /** The lines of a paragraph or list block, in order. */
  private lines(block: BlockInfo): Line[] {
    const text = this.text;
    const out: Line[] = [];
    let i = lineStart(text, block.start);
    let first = true;
    while (i < block.end) {
      const end = lineEndFrom(text, i, this.hasCR);
      let content = i;
      while (content < end && (text.charCodeAt(content) === 0x20 || text.charCodeAt(content) === 0x09)) content++;
      const blank = content === end;
      // A list marker is markup when the parser did not read it as prose.
      const marker = mayStartMarker(text.charCodeAt(content)) ? /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/.exec(text.slice(content, content + 11)) : null;
      const item = !!marker && !this.isProse(content);
      let numberAt = content;
      if (item && /^[-*+]/.test(marker![0])) {
        numberAt = content + 1;
        while (numberAt < end && (text[numberAt] === ' ' || text[numberAt] === '\t')) numberAt++;
        const box = /^\[[ xX]\][ \t]+/.exec(text.slice(numberAt, numberAt + 8));
        if (box) numberAt += box[0].length;
      }
      out.push({ start: i, end: Math.min(end, block.end), content, blank, blockStart: first, item, numberAt });
      first = false;
      i = end < text.length ? (text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1) : end;
      if (end >= text.length) break;
    }
    return out;
  }

  private scanBlock(block: BlockInfo): void {
    const lines = this.lines(block);
    /** Whether the next line starts a paragraph of its own. */
    let opens = true;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k];
      if (line.blank) {
        opens = true;
        continue;
      }
      // A numbered line after a line that does not break off mid-clause starts a paragraph too (a title line, then 一、…).
      const starts = opens || line.blockStart || line.item || (k > 0 && !this.endsMidClause(lines[k - 1]) && this.looksNumbered(line));
      opens = this.finished(line);
      if (!starts || this.text[line.content] === '>') continue;
      const result = this.candidate(lines, k);
      if (result) {
        k = result.lastLine;
        opens = result.lineDone || this.finished(lines[k]);
      }
    }
  }

  private endsMidClause(line: Line): boolean {
    const c = lastSignificant(this.text, line.content, line.end);
    return c < 0 || ITEM_END.has(this.text[c]);
  }

  /** Whether a line ends a sentence (then the next line starts a paragraph, as in pasted text). */
  private finished(line: Line): boolean {
    const c = lastSignificant(this.text, line.content, line.end);
    return c >= 0 && LINE_END.has(this.text[c]);
  }

  /**
   * A paragraph starting at `lines[k]`: a heading, an appendix, or nothing. Returns the index of the
   * last line it used and whether that line ended the paragraph (a heading alone on its line).
   */
  private candidate(lines: Line[], k: number): { lastLine: number; lineDone: boolean } | undefined {
    const text = this.text;
    const line = lines[k];
    let at = line.numberAt;
    // `**第一条**　…`, `**一、总体要求**`: emphasis around the number.
    while (at < line.end && (text[at] === '*' || text[at] === '_')) at++;
    const appendix = this.appendix(lines, k, at);
    if (appendix) return appendix;
    const n = matchNumber(text, at);
    if (!n) return undefined;
    let textStart = at + n.length;
    while (textStart < line.end && /[ \t\u3000*_]/.test(text[textStart])) textStart++;
    if (textStart >= line.end || !this.isProse(textStart) || LEAD_END.has(text[textStart]) || ITEM_END.has(text[textStart])) return undefined;
    if (n.unit === '条' && !/[ \t\u3000*_]/.test(text[at + n.length] ?? '')) return undefined; // 第三条规定… is prose
    // 三、四季度…: a range of numbers, not a heading.
    if (n.rank === RANK_L1 && /^[一二三四五六七八九十][、季]/.test(text.slice(textStart, textStart + 2))) return undefined;
    const lead = this.lead(lines, k, textStart);
    // 第一章 总则: a title line of its own, never the start of a sentence (第一章介绍了…).
    if (n.unit && n.unit !== '条' && (!lead.whole || lead.cut || LEAD_END.has(text[lead.end - 1]) || lead.end - textStart > 40)) return undefined;
    const last = lead.whole ? lastSignificant(text, textStart, lead.end) : this.paragraphEnd(lines, k);
    const item = last >= 0 && ITEM_END.has(text[last]);
    if (!this.accept(n, at, item)) return { lastLine: lead.lastLine, lineDone: lead.lineDone };
    const name = this.name(at, n, textStart, lead.end, lead.cut);
    this.push(n, at, lead.end, name);
    if (lead.whole) this.headingParagraphEnd = lead.end;
    return { lastLine: lead.lastLine, lineDone: lead.lineDone };
  }

  /** 附件1 (an appendix heading) or 附件：… (the list of appendices, which closes the numbered structure). */
  private appendix(lines: Line[], k: number, at: number): { lastLine: number; lineDone: boolean } | undefined {
    const text = this.text;
    const line = lines[k];
    // 附件, 附录, 附表, 附图 all start with 附: no slice of the line for every other paragraph.
    if (text.charCodeAt(at) !== 0x9644) return undefined;
    const m = APPENDIX.exec(text.slice(at, line.end));
    if (!m) return undefined;
    const rest = text.slice(at + m[0].length, line.end).trim();
    const colon = /^[：:]/.test(rest);
    // 附件：1．…  or 附件：《……》 — the 附件说明 of the main text: its items are not chapters.
    if (!m[2] && colon) {
      this.closeNumbered();
      this.global = new Map();
      return { lastLine: k, lineDone: true };
    }
    // 附件中…, 附件十分…: a sentence, not an appendix; a title follows the label after a space or a colon.
    if (rest && (!m[2] || !/^[\s\u3000：:]/.test(text.slice(at + m[0].length)))) return undefined;
    const title = rest.replace(/^[：:\s\u3000]+/, '');
    if (title && (title.length > 40 || LEAD_END.has(title[title.length - 1]) || /[，,]/.test(title))) return undefined;
    this.closeNumbered();
    this.global = new Map();
    const label = text.slice(at, at + m[0].length).replace(/[ \t\u3000]+/g, '');
    const name = tidy(title ? `${label} ${this.proseText(line.end - rest.length + (rest.length - title.length), line.end) || title}` : this.appendixTitle(line.end, label));
    const end = lastSignificant(text, at, line.end) + 1;
    this.pushEntry(RANK_APPENDIX, 'appendix', 0, at, end, name);
    return { lastLine: k, lineDone: true };
  }

  /** `附件1` with the appendix's title on the next non-blank line, if that line is a short title. */
  private appendixTitle(after: number, label: string): string {
    const text = this.text;
    const next = /^(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*[ \t]*([^\r\n]*)/.exec(text.slice(after, after + 200));
    const title = next?.[1].trim() ?? '';
    if (!title || title.length > 40 || LEAD_END.has(title[title.length - 1]) || /^[#>|`<-]/.test(title) || matchNumber(stripEmphasis(title), 0) || APPENDIX.test(title)) return label;
    const start = after + next![0].length - next![1].length;
    return this.isProse(start) ? `${label} ${this.proseText(start, start + title.length)}` : label;
  }

  /** Pops every numbered heading (an appendix starts numbering again; the 附件说明 ends it). */
  private closeNumbered(): void {
    while (this.stack.length && this.top.rank !== undefined) this.stack.pop();
  }

  private looksNumbered(line: Line): boolean {
    let at = line.numberAt;
    while (at < line.end && (this.text[at] === '*' || this.text[at] === '_')) at++;
    return !!matchNumber(this.text, at) || (this.text.charCodeAt(at) === 0x9644 && APPENDIX.test(this.text.slice(at, line.end)));
  }

  /**
   * The lead sentence from `from`: to the first sentence end in prose, or the end of the line when the
   * line is a heading of its own (the next line is numbered, starts a list item, or is much longer:
   * body text under a short heading line), or LEAD_MAX characters. A soft-wrapped heading runs on.
   */
  private lead(lines: Line[], k: number, from: number): { end: number; lastLine: number; lineDone: boolean; whole: boolean; cut: boolean } {
    const text = this.text;
    let count = 0;
    let lastComma = -1;
    for (let j = k; j < lines.length; j++) {
      const line = lines[j];
      const begin = j === k ? from : line.content;
      for (let i = begin; i < line.end; i++) {
        const ch = text[i];
        if (!this.isProse(i)) continue;
        if (LEAD_END.has(ch)) {
          const end = afterClosers(text, i + 1, line.end);
          const restOfLine = lastSignificant(text, end, line.end) < 0;
          const lineDone = restOfLine;
          const whole = restOfLine && (j + 1 >= lines.length || lines[j + 1].blank || lines[j + 1].item || this.finishedAt(text, i));
          return { end, lastLine: j, lineDone, whole, cut: false };
        }
        if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u3000') continue;
        count++;
        if (ch === '，' || ch === '、' || ch === ',') lastComma = i;
        if (count > LEAD_MAX) {
          const end = lastComma > from + 8 ? lastComma : i;
          return { end, lastLine: j, lineDone: false, whole: false, cut: true };
        }
      }
      // The line ends without a sentence end: does the heading go on on the next line?
      const next = lines[j + 1];
      let end = line.end;
      while (end > begin && /\s/.test(text[end - 1])) end--;
      if (!next || next.blank || next.item || this.looksNumbered(next) || this.headingLine(line, next, from)) {
        return { end: Math.max(end, from), lastLine: j, lineDone: true, whole: true, cut: false };
      }
    }
    const last = lines[lines.length - 1];
    return { end: lastSignificant(text, from, last.end) + 1, lastLine: lines.length - 1, lineDone: true, whole: true, cut: false };
  }

  private finishedAt(text: string, i: number): boolean {
    return LINE_END.has(text[i]);
  }

  /**
   * Whether a line without a sentence end is a heading of its own rather than the first part of a
   * soft-wrapped one: it does not end with a comma, and it is much shorter than the next line (a wrapped
   * paragraph's lines are about equally long, or the next one is its short last line).
   */
  private headingLine(line: Line, next: Line, from: number): boolean {
    const text = this.text;
    const c = lastSignificant(text, from, line.end);
    if (c < 0 || ITEM_END.has(text[c])) return false;
    return c + 1 - line.content < 0.6 * (next.end - next.content);
  }

  /** The last significant character of the paragraph starting at `lines[k]` (offset), or -1. */
  private paragraphEnd(lines: Line[], k: number): number {
    let last = -1;
    for (let j = k; j < lines.length; j++) {
      const line = lines[j];
      if (j > k && (line.blank || line.item)) break;
      if (j > k && last >= 0 && LINE_END.has(this.text[last])) break;
      // A numbered line after a line that does not break off mid-clause starts a paragraph (as in scanBlock).
      if (j > k && !this.endsMidClause(lines[j - 1]) && this.looksNumbered(line)) break;
      const c = lastSignificant(this.text, line.content, line.end);
      if (c >= 0) last = c;
    }
    return last;
  }

  /**
   * Decides whether a numbered paragraph is a heading (`item`: the paragraph ends like an item of an
   * enumeration); keeps the stack and the sequences either way.
   */
  private accept(n: NumberMatch, at: number, item: boolean): boolean {
    const rank = n.rank;
    // Close what this number ends: numbered headings (and items) of the same rank or deeper.
    while (this.stack.length && this.top.rank !== undefined && this.top.rank >= rank) this.stack.pop();
    const parent = this.top;
    const sibling = parent.last.get(rank);
    const global = this.global.get(rank);
    parent.last.set(rank, n.number);
    this.global.set(rank, n.number);
    const verdict = this.verdict(n, at, item, parent, sibling, global);
    if (verdict === 'heading') return true;
    if (verdict === 'list') parent.lists.add(rank);
    // Anything numbered under an item is an item too.
    this.stack.push({ depth: parent.depth, rank, kind: 'item', last: new Map(), lists: new Set() });
    return false;
  }

  private verdict(n: NumberMatch, at: number, item: boolean, parent: Entry, sibling: number | undefined, global: number | undefined): 'heading' | 'item' | 'list' {
    const rank = n.rank;
    if (parent.kind === 'item') return 'item';
    if (parent.kind === 'regulation' && parent.rank === RANK_ARTICLE && rank >= RANK_L1) return 'item';
    // In sequence: 1, or one more than the previous sibling or than the previous number of this rank
    // anywhere (numbering that runs on across parents); above level 3, any increase (a skipped number is a typo).
    const strict = rank >= RANK_L3 || rank === RANK_ARTICLE;
    const inSequence =
      n.number === 1 ||
      (strict
        ? n.number === (sibling ?? -1) + 1 || n.number === (global ?? -1) + 1
        : sibling === undefined ? global === undefined || n.number > global : n.number > sibling);
    // A run that starts out of sequence (2. after a line the parser did not number) is a list, all of it.
    if (!inSequence) return sibling === undefined ? 'list' : 'item';
    if (parent.lists.has(rank)) return 'item';
    if (rank >= RANK_L2 && item) return 'list';
    if (rank >= RANK_L3) {
      const ranked = this.rankedAncestor();
      if (ranked === undefined || ranked < RANK_L1 || ranked < rank - 20) return 'item';
      // A run introduced by a colon (具体目标如下：) is a list, unless the colon ends a heading of its own.
      const before = lastSignificantBefore(this.text, at);
      if (n.number === 1 && before >= 0 && (this.text[before] === '：' || this.text[before] === ':') && before >= this.headingParagraphEnd) return 'list';
    }
    return 'heading';
  }

  /** The effective rank of the innermost open heading: a plain `#` heading counts one below the numbered one it sits in. */
  private rankedAncestor(): number | undefined {
    let unranked = 0;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const e = this.stack[i];
      if (e.rank !== undefined) return e.rank + 10 * unranked;
      unranked++;
    }
    return undefined;
  }

  private push(n: NumberMatch, start: number, end: number, name: string): void {
    this.pushEntry(n.rank, n.kind, levelOf(n.rank), start, end, name);
  }

  private pushEntry(rank: number, kind: OutlineKind, level: number, start: number, end: number, name: string): void {
    // An appendix closes everything numbered; a number was closed in accept().
    const parent = this.top;
    const depth = parent.depth + 1;
    this.stack.push({ depth, rank, kind, last: new Map(), lists: new Set() });
    this.out.push({ depth, text: name, start, end, kind, level });
  }

  /** The heading's name: its number, then the plain text of its lead sentence, soft breaks removed. */
  private name(at: number, n: NumberMatch, textStart: number, end: number, cut: boolean): string {
    const text = this.text;
    const number = text.slice(at, at + n.length);
    const spaced = /[ \t\u3000]/.test(text.slice(at + n.length, textStart)) && (n.kind === 'regulation' || /[.)]$/.test(number));
    let body = tidy(this.proseText(textStart, end));
    body = body.replace(/[。；：！？;:!?，、,]+$/, '');
    return `${number.replace(/[*_]/g, '').trim()}${spaced ? ' ' : ''}${body}${cut ? '…' : ''}`;
  }

  /** The prose characters in [start, end): markup (emphasis markers, link destinations) left out. */
  private proseText(start: number, end: number): string {
    const prose = this.input.prose;
    let i = this.proseIndex(start);
    let out = '';
    for (; i < prose.length && prose[i].start < end; i++) {
      const s = Math.max(start, prose[i].start);
      const e = Math.min(end, prose[i].end);
      if (e > s) out += this.text.slice(s, e);
    }
    return out;
  }

  private proseIndex(offset: number): number {
    const prose = this.input.prose;
    let lo = 0;
    let hi = prose.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prose[mid].end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The prose range last found: scans move forward, so the next answer is usually in it or the next one. */
  private proseHint = 0;

  private isProse(offset: number): boolean {
    const prose = this.input.prose;
    let i = this.proseHint;
    const p = prose[i];
    if (!p || offset < p.start || (offset >= p.end && prose[i + 1] && offset >= prose[i + 1].end)) i = this.proseIndex(offset);
    else if (offset >= p.end) i++;
    this.proseHint = Math.min(i, Math.max(0, prose.length - 1));
    const q = prose[i];
    return !!q && q.start <= offset && offset < q.end;
  }
}

/** Soft line breaks (and the indentation after them) and control characters removed; spaces between Han characters removed (总　则 → 总则). */
function tidy(s: string): string {
  return s
    .replace(/([A-Za-z0-9])[ \t]*(?:\r\n|\r|\n)[ \t>]*(?=[A-Za-z0-9])/g, '$1 ')
    .replace(/[ \t]*(?:\r\n|\r|\n)[ \t>]*/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[ \t\u3000]+/g, (m, i: number, all: string) => (HAN.test(all[i - 1] ?? '') && HAN.test(all[i + m.length] ?? '') ? '' : ' '))
    .trim();
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The offset of the last character in [from, to) that is not whitespace or a closing mark, or -1. */
function lastSignificant(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (!isCloser(text.charCodeAt(i))) return i;
  return -1;
}

/** `CLOSERS.test` of one code unit, without a regular expression (`\s` as JavaScript reads it, closing marks, emphasis). */
export function isCloser(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x2a || c === 0x5f || c === 0x29 || c === 0x5d;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff ||
    c === 0x201d || c === 0x2019 || c === 0x300d || c === 0x300f || c === 0x300b || c === 0x3009 || c === 0xff09
  );
}

/** The end of the line starting at or before `i` (before its CR or LF), `text.length` on the last line. */
function lineEndFrom(text: string, i: number, hasCR: boolean): number {
  if (!hasCR) {
    const lf = text.indexOf('\n', i);
    return lf < 0 ? text.length : lf;
  }
  let end = i;
  while (end < text.length && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d) end++;
  return end;
}

/** Whether a list marker (`-`, `*`, `+`, a digit) can start with code unit `c`. */
function mayStartMarker(c: number): boolean {
  return c === 0x2d || c === 0x2a || c === 0x2b || (c >= 0x30 && c <= 0x39);
}

/** Whether a 公文 or regulation number (`NUMBER_PATTERNS`) can start with code unit `c`: 第, a Chinese numeral, a bracket, a digit, ①–⑳. */
export function mayStartNumber(c: number): boolean {
  return (
    c === 0x7b2c || c === 0xff08 || c === 0x28 || (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19) || (c >= 0x2460 && c <= 0x2473) ||
    CN_CODES.has(c)
  );
}

/** The last character before `at` that is not whitespace, emphasis or a list/quote marker, or -1. */
function lastSignificantBefore(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0 && /[\s*_>]/.test(text[i])) i--;
  return i;
}

/** After a sentence end: past closing quotes and emphasis markers on the same line. */
function afterClosers(text: string, from: number, lineEnd: number): number {
  let i = from;
  while (i < lineEnd && /[*_”’」』》〉）)]/.test(text[i])) i++;
  return i;
}
