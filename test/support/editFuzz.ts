/**
 * Random edit sequences for the incremental-update property: insertions and deletions across block
 * boundaries, inside code fences and tables, with CJK and astral text and CRLF line breaks.
 * Deterministic for a seed, so a failure can be replayed.
 */
import { ConceptDocument, type AnnotationEngine } from '../../server/src/core/document';
import { ALL_GFM, extractProse, parseCounts, parseMarkdown, type ProseModel } from '../../server/src/core/text/prose';
import type { RawMatch } from '../../server/src/core/match/matcher';
import { isDeepStrictEqual } from 'node:util';

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '数据要素', '数据要', '素', '新质生产力', '颠覆性技术创新', '产业数字化', 'data elements', 'Data\nElements',
  '\n', '\n\n', '\r\n', '\r\n\r\n', '```\n', '\n```\n', '~~~', '    ', '- ', '\n- ', '1. ', '> ', '\n> ', '# ', '\n## ',
  '| 项目 | 数据要素 |\n| --- | --- |\n| a | 专精特新 |\n', '|', '`', '<!-- ', ' -->', '<div>', '</div>\n', '---\n', '===\n',
  '[', '](http://x/数据要素)', '**', '*', '😀', '𠀀', '，', '。', '；', 'abc ', '　', '\\', '[^1]', '\n[^1]: 注释数据要素\n',
  'www.gov.cn/数据要素', 'https://x.cn/新质生产力 ', 'a@b.cn', '&#64;', 'www&#46;x.cn', 'www\\.x.cn', '<https://x.cn>', '\n:--\n', ':-:', '\n--:\n',
  '~~', '~', '[ ]', '[x] ', '\n- [ ] 任务\n', '[^', '^1]', '&#91;^1]',
];

export const BLOCKS = [
  '# 一、总体要求\n', '## （一）发展新质生产力\n', '加快培育数据要素市场，推动产业数字化转型。\n', '推进颠覆性技术创新，\n突破关键核心技术。\n',
  '- 一是专精特新\n- 二是数据要\n  素流通\n', '> 引述：新质生产力是\n> 高质量发展的动力。\n', '```json\n{"数据要素": 1}\n```\n',
  '| 任务 | 单位 |\n| --- | --- |\n| 数据要素 | 省数据局 |\n', '<!-- 数据要素 -->\n', 'Data elements and 😀𠀀全要素生产率。\r\n',
  '    缩进代码 数据要素\n', '标题\n===\n', '见[数据要素方案](https://www.gov.cn/a@b)与<https://x.cn>。\n', '联系 ab@gov.cn 或访问 www.gov.cn。\n',
  '单列表头\n:--\n数据要素\n', '> 引文表头\n> --:\n> 专精特新\n',
  '- [ ] 推进数据要素登记\n- [x] 完成~~旧~~新质生产力评估\n', '正文引注[^注1]，~删除~数据要素。\n\n[^注1]: 注释\n',
];

/** The blocks without what sends a document to remark (footnotes, autolink literals, pipeless tables). */
export const PLAIN_BLOCKS = BLOCKS.filter((b) => !/\[\^|@|www\.|:--|--:/.test(b));

export function randomDocument(next: () => number, blocks: readonly string[] = BLOCKS): string {
  const parts: string[] = [];
  const count = 3 + Math.floor(next() * 8);
  if (next() < 0.2) parts.push('---\ntitle: 数据要素\n---\n\n');
  for (let i = 0; i < count; i++) parts.push(blocks[Math.floor(next() * blocks.length)], next() < 0.7 ? '\n' : '');
  return parts.join('');
}

export function randomEdit(text: string, next: () => number): string {
  return randomEditAt(text, next).text;
}

/** A random edit and where it fell: `removed` code units at `start` were replaced by `inserted` ones. */
export function randomEditAt(text: string, next: () => number): { text: string; start: number; removed: number; inserted: number } {
  const pos = Math.floor(next() * (text.length + 1));
  if (next() < 0.55 || text.length === 0) {
    const snippet = SNIPPETS[Math.floor(next() * SNIPPETS.length)];
    return { text: text.slice(0, pos) + snippet + text.slice(pos), start: pos, removed: 0, inserted: snippet.length };
  }
  const len = 1 + Math.floor(next() * Math.min(40, text.length - pos + 1));
  const end = Math.min(text.length, pos + len);
  return { text: text.slice(0, pos) + text.slice(end), start: pos, removed: end - pos, inserted: 0 };
}

export function summary(doc: ConceptDocument) {
  return {
    occurrences: doc.occurrences.map((o) => `${o.start}-${o.end}:${o.concept.id}:${o.kind}`),
    headings: doc.headings.map((h) => `${h.start}-${h.end}:${h.depth}:${h.text}`),
    prose: doc.prose.map((p) => `${p.start}-${p.end}`),
    blocks: doc.blocks.map((b) => `${b.start}-${b.end}:${b.type}`),
    // Line starts: an updated document derives its line index from the previous one's.
    lines: Array.from({ length: doc.lineIndex.lineCount }, (_, i) => doc.lineIndex.lineStart(i)).join(','),
  };
}

/**
 * Runs `sequences` random edit sequences of `edits` edits each; returns the first mismatch between
 * the incremental path and a full annotation, or undefined.
 */
export function checkIncremental(engine: AnnotationEngine, seed: number, sequences: number, edits: number): { seed: number; sequence: number; before: string; after: string } | undefined {
  const next = rng(seed);
  for (let s = 0; s < sequences; s++) {
    let text = randomDocument(next);
    let doc = new ConceptDocument(text, engine);
    for (let e = 0; e < edits; e++) {
      const edit = randomEditAt(text, next);
      const after = edit.text;
      // Odd sequences pass the edit's range as the language server does (from LSP change events);
      // even ones let update() find the changed span itself.
      const hint = s % 2 ? { prefix: edit.start, suffix: text.length - edit.start - edit.removed } : undefined;
      const incremental = doc.update(after, undefined, hint);
      const full = new ConceptDocument(after, engine);
      const a = JSON.stringify(summary(incremental));
      const b = JSON.stringify(summary(full));
      if (a !== b) return { seed, sequence: s, before: text, after };
      text = after;
      doc = incremental;
    }
  }
  return undefined;
}

/** Directive comments typed into a document by the directive edit property. */
export const DIRECTIVE_SNIPPETS = [
  '<!-- policy-lens: ignore 数据要素 -->',
  '\n<!-- policy-lens: disable -->\n',
  '\n\n<!-- policy-lens: enable -->\n\n',
  '<!-- policy-lens: disable-next-line -->\n',
  '<!-- policy-lens：IGNORE 新质生产力、颠覆性创新 -->',
];

/**
 * Random edit sequences (`edits` edits each) where 40 % of the edits type a directive comment in at a
 * random place and the rest are random edits (deleting comments too): after each edit, update() must
 * equal a full annotation (the whole summary, deep-equal). npm test runs a fixed prefix of the
 * sequences of a seed (test/unit/directives.test.ts), the bench's `incremental` group the full count.
 * Returns the first mismatch, or undefined.
 */
export function checkDirectiveEdits(engine: AnnotationEngine, seed: number, sequences: number, edits = 6): { seed: number; sequence: number; before: string; after: string } | undefined {
  const next = rng(seed);
  for (let s = 0; s < sequences; s++) {
    let text = randomDocument(next);
    let doc = new ConceptDocument(text, engine);
    for (let e = 0; e < edits; e++) {
      let after: string;
      if (next() < 0.4) {
        const pos = Math.floor(next() * (text.length + 1));
        after = text.slice(0, pos) + DIRECTIVE_SNIPPETS[Math.floor(next() * DIRECTIVE_SNIPPETS.length)] + text.slice(pos);
      } else after = randomEditAt(text, next).text;
      const incremental = doc.update(after);
      if (!isDeepStrictEqual(summary(incremental), summary(new ConceptDocument(after, engine)))) return { seed, sequence: s, before: text, after };
      text = after;
      doc = incremental;
    }
  }
  return undefined;
}

/** 公文 numbering lines and pieces of them, typed into documents by the outline edit property. */
export const GONGWEN_PARTS = ['一、总体要求\n', '（一）指导思想。坚持数据要素。\n', '1. 加强组织领导\n', '2．强化保障；\n', '（1）布局\n', '第一章　总则\n', '第一条　为了促进发展，制定本条例。\n', '附件1\n', '附件：1．清单\n', '\n', '具体如下：\n', '二、', '（二）'];

/**
 * Random 公文 documents (a random document with 6 numbering parts typed in) and `edits` edits each
 * (half random edits, half more numbering parts): after each edit the updated document's outline must
 * deep-equal a fresh document's. npm test runs a fixed prefix of the sequences of a seed
 * (test/unit/gongwen.test.ts), the bench's `incremental` group the full count. Returns the first
 * mismatch, or undefined.
 */
export function checkOutlineEdits(engine: AnnotationEngine, seed: number, sequences: number, edits = 6): { seed: number; sequence: number; before: string; after: string } | undefined {
  const next = rng(seed);
  const typeIn = (text: string) => {
    const at = Math.floor(next() * (text.length + 1));
    return text.slice(0, at) + GONGWEN_PARTS[Math.floor(next() * GONGWEN_PARTS.length)] + text.slice(at);
  };
  for (let s = 0; s < sequences; s++) {
    let text = randomDocument(next);
    for (let i = 0; i < 6; i++) text = typeIn(text);
    let doc = new ConceptDocument(text, engine);
    for (let e = 0; e < edits; e++) {
      const after = next() < 0.5 ? randomEdit(text, next) : typeIn(text);
      const updated = doc.update(after);
      if (!isDeepStrictEqual(updated.outline, new ConceptDocument(after, engine).outline)) return { seed, sequence: s, before: text, after };
      text = after;
      doc = updated;
    }
  }
  return undefined;
}

const REMARK = { parser: 'remark' } as const;

/** What a prose model says, as comparable strings. */
function proseSummary(m: ProseModel) {
  return JSON.stringify({
    blocks: m.blocks.map((b) => `${b.start}-${b.end}:${b.type}`),
    headings: m.headings.map((h) => `${h.start}-${h.end}:${h.depth}:${h.text}`),
    prose: m.prose.map((p) => `${p.start}-${p.end}`),
  });
}

/**
 * Parsing in pieces must give what parsing in one piece gives. Random documents (random blocks, then a
 * few random edits to break them up) are parsed whole and in pieces of 1 to 200 code units, so pieces
 * are cut at almost every line. Returns the first mismatch, or undefined.
 */
export function checkChunkedParse(seed: number, documents: number): { seed: number; document: number; chunk: number; text: string } | undefined {
  const next = rng(seed);
  for (let d = 0; d < documents; d++) {
    let text = randomDocument(next) + randomDocument(next);
    const edits = Math.floor(next() * 4);
    for (let e = 0; e < edits; e++) text = randomEdit(text, next);
    const chunk = 1 + Math.floor(next() * 200);
    // The remark path (the fallback and the reference), which is the one parsed in pieces.
    if (proseSummary(extractProse(text, 0, chunk, REMARK)) !== proseSummary(extractProse(text, 0, Infinity, REMARK))) return { seed, document: d, chunk, text };
  }
  return undefined;
}

/**
 * Leaving GFM's optional parts out where they cannot fire must not change the tree: random documents
 * are parsed as the engine does and with full GFM, and the trees (positions included) must be equal.
 */
export function checkGfmParts(seed: number, documents: number): { seed: number; document: number; text: string } | undefined {
  const next = rng(seed);
  for (let d = 0; d < documents; d++) {
    let text = randomDocument(next);
    const edits = Math.floor(next() * 5);
    for (let e = 0; e < edits; e++) text = randomEdit(text, next);
    if (JSON.stringify(parseMarkdown(text)) !== JSON.stringify(parseMarkdown(text, ALL_GFM))) return { seed, document: d, text };
  }
  return undefined;
}

/** A prose model with the matches in its prose, as comparable strings: what the engine reads of a parse. */
function engineView(engine: AnnotationEngine, text: string, m: ProseModel): string {
  const raw: RawMatch[] = [];
  for (const r of m.prose) engine.matcher.findAll(text, r.start, r.end, raw);
  return JSON.stringify({ matches: raw.map((x) => `${x.start}-${x.end}:${x.form.conceptId}:${x.form.kind}`), model: JSON.parse(proseSummary(m)) });
}

/**
 * The fast path (lezer, with remark for the documents it cannot be trusted with) must read every
 * document as remark does: the same blocks, prose ranges (so the same prose-or-not for every code
 * unit) and headings (depth, range, text), and so the same matches (start, end, concept, form).
 * Random documents with random edits; returns the first difference, or undefined, and how many
 * documents lezer read.
 */
export function checkFastPath(engine: AnnotationEngine, seed: number, documents: number): { failure?: { seed: number; document: number; text: string }; lezer: number } {
  const r = fastPathRun(engine, seed, documents, (text) => text, () => parseCounts.lezer);
  return { failure: r.failure, lezer: r.counted };
}

/**
 * `checkFastPath` on the same random documents with Windows line endings: every LF made CRLF, or
 * (every other document) every other LF, so that endings mix. Such texts holding a table, a
 * backslash or `www.` before a line ending are read by lezer as their LF twin (`crlfAsLf`), which must
 * read as remark reads the CRLF text. Returns the first difference and how many twins were read.
 */
export function checkCrlfFastPath(engine: AnnotationEngine, seed: number, documents: number): { failure?: { seed: number; document: number; text: string }; twins: number } {
  const crlf = (text: string, d: number) => {
    let n = 0;
    return text.replace(/\r?\n/g, (m) => (d % 4 < 2 || n++ % 2 ? '\r\n' : m));
  };
  const r = fastPathRun(engine, seed, documents, crlf, () => parseCounts.crlf);
  return { failure: r.failure, twins: r.counted };
}

/** Random edited documents (their line endings made by `endings`), the fast path against remark; `counted`: how far `count()` moved. */
function fastPathRun(engine: AnnotationEngine, seed: number, documents: number, endings: (text: string, d: number) => string, count: () => number): { failure?: { seed: number; document: number; text: string }; counted: number } {
  const next = rng(seed);
  let counted = 0;
  for (let d = 0; d < documents; d++) {
    // Every other document from blocks lezer reads itself, so that both paths are well exercised.
    let text = randomDocument(next, d % 2 ? PLAIN_BLOCKS : BLOCKS);
    const edits = Math.floor(next() * 5);
    for (let e = 0; e < edits; e++) text = randomEdit(text, next);
    text = endings(text, d);
    const before = count();
    const fast = extractProse(text);
    counted += count() - before;
    if (engineView(engine, text, fast) !== engineView(engine, text, extractProse(text, 0, Infinity, REMARK))) return { failure: { seed, document: d, text }, counted };
  }
  return { counted };
}

/**
 * A document's sentences as the engine reads them (from its prose ranges, re-parsing only blocks that
 * hold inline code, images, HTML and the like) against a re-parse of every block (the old path, the
 * reference): the same sentences, block for block, wherever a block has prose (every `every`-th
 * block: a smaller sample). Returns the first difference, or undefined.
 */
export function sentenceDifference(doc: ConceptDocument, every = 1): { block: number; prose: unknown; reparse: unknown } | undefined {
  for (let i = 0; i < doc.blocks.length; i += every) {
    const b = doc.blocks[i];
    if (!doc.prose.some((p) => p.start >= b.start && p.start < b.end)) continue;
    // The old path re-parsed a block out of its context: where that reads another structure than the
    // document has (rows after a block quote are a paragraph in the document, a table alone), its
    // sentences were those of the misread block, and the new ones are the document's.
    if (!readsAlike(doc, i)) continue;
    const a = doc.sentencesOfBlock(i, 'prose');
    const r = doc.sentencesOfBlock(i, 'reparse');
    if (JSON.stringify(a) !== JSON.stringify(r)) return { block: i, prose: a, reparse: r };
  }
  return undefined;
}

/** Whether block `i`, parsed alone from its line's start (as the old path did), is one block of the same type and length. */
function readsAlike(doc: ConceptDocument, i: number): boolean {
  const b = doc.blocks[i];
  let start = b.start;
  while (start > 0 && doc.text[start - 1] !== '\n' && doc.text[start - 1] !== '\r') start--;
  if (start === 0 && doc.text.charCodeAt(0) === 0xfeff) start = 1;
  const source = doc.text.slice(start, b.end);
  const kids = parseMarkdown(start > 0 && source.charCodeAt(0) === 0xfeff ? '\ufeff' + source : source).children;
  return kids.length === 1 && kids[0].type === b.type && kids[0].position!.end.offset! + start === b.end;
}

/** Blocks where sentences are made: inline code, images, HTML, breaks, escapes, Latin and Chinese punctuation, nested containers. */
const SENTENCE_BLOCKS = [
  ...BLOCKS,
  '配置项为`pilot_zone`。加快培育数据要素市场！推动“新质生产力”发展？是的。\n', '`代码`开头，数据要素；结尾是`code`\n',
  '见**加粗`x`**与*强调*。Data elements. New forces! Mr. Smith said so.\n', '数据要素``a`b``流通。![图示](a.png)新质生产力。\n',
  '数据要素  \n硬换行后。反斜杠\\\n换行。\n', '转义\\*号与&amp;实体&#12290;数据要素&copy;。\n', '<b>数据</b>要素。<br>新质生产力。\n',
  '- 一是数据要素。二是`配置`；\n\n  第二段落。\n- 三是新质生产力！\n  - 嵌套的数据要素。\n', '1. 第一项数据要素。\n2. 第二项\n   续行。\n',
  '> 引文：数据要素。\n>\n> 第二段，新质生产力。\n> - 列表项。\n', '- > 列表里的引文。\n  > 续行数据要素。\n', '# 标题`代码`与**数据要素**。\n',
  '数据要素（详见[通知](https://example.gov.cn/a.html "标题")）。下一句。\n', '  缩进的段落。\n    续行数据要素。\n', '- a\n      > b 数据要素。\n',
  '- 项目\n\n  ***\n\n  数据要素。\n', '“引号里的句子。”后面的句子！\n', '- 末尾空格  \n- 下一项。\n',
];

/** `sentenceDifference` on random edited documents (both parse paths); returns the first mismatch, or undefined. */
export function checkSentences(engine: AnnotationEngine, seed: number, documents: number): { seed: number; document: number; text: string; difference: unknown } | undefined {
  const next = rng(seed);
  for (let d = 0; d < documents; d++) {
    let text = randomDocument(next, d % 2 ? SENTENCE_BLOCKS : BLOCKS);
    const edits = Math.floor(next() * 5);
    for (let e = 0; e < edits; e++) text = randomEdit(text, next);
    const difference = sentenceDifference(new ConceptDocument(text, engine));
    if (difference) return { seed, document: d, text, difference };
  }
  return undefined;
}
