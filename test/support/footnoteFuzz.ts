/**
 * Random documents built to exercise GFM footnotes on the lezer path (lezerFootnote.ts): definitions
 * of every shape (one line, lazy lines, paragraphs and lists indented four columns, code, empty first
 * lines, much white space after the colon, tabs, in containers, interrupting a paragraph, inside code
 * and HTML, with labels micromark rejects), calls of defined, undefined and case-folded labels in
 * every inline context, escapes, and the rest of the edit fuzz's blocks; some with CRLF line endings.
 * Deterministic for a seed.
 */
import { BLOCKS, rng } from './editFuzz';
import { extractProse, parseCounts } from '../../server/src/core/text/prose';

const REMARK = { parser: 'remark' } as const;

const FOOTNOTE_BLOCKS = [
  '正文引注[^1]，数据要素。\n', '见注[^a]与[^A]、[^未定义]。\n', '[^1]: 注释里的新质生产力。\n', '[^a]: 甲\n    续行数据要素\n', '[^a]: 首行\n懒行继续\n',
  '[^注]: 多段\n\n    第二段数据要素\n', '[^b]:\n    下一行才开始\n', '[^c]:     空格很多\n', '[^d]: - 列表项\n    - 第二项\n', '[^e]: > 引文\n',
  '[^f]: ```\n    代码\n    ```\n', '# 标题[^1]\n', '| 列 | 注 |\n| --- | --- |\n| 数据要素[^1] | 值 |\n', '[链接[^1]](https://x.cn)\n', '*强调[^1]*与**加粗[^a]**\n',
  '[^1](括号)\n', '[^1][^a]\n', '\\[^1]转义\n', '`[^1]`代码\n', '[^1]\n===\n', '[^1]: x\n===\n', '    [^1]: 缩进\n', '> [^1]: 引用里\n', '- [^1]: 列表里\n',
  '[^ 1]: 空格\n', '[^1 ]\n', '[^1]:\n', '[^1]:\t制表\n', '[^g]: 甲\n\t续\n', '正文\n[^h]: 打断\n', '[^i]: 定义后紧跟\n[^j]: 第二个\n', '[^k]:正文无空格\n',
  '<div>\n[^1]: 在HTML里\n</div>\n', '```\n[^1]: 在代码里\n```\n', '[^1]: 末尾无换行', '[^l]: 甲\n\n\n    隔两空行\n', '[^m]: 甲\n   三空格续\n', '[^n]: 甲\n     五空格续\n',
  '[^o]: 甲\n\n   三空格隔空行\n', '[^p]: 甲\n\n  两空格\n', '[^q]: 甲\n\n\t制表续段\n', '图![^1]。\n', '[^a\\]b]: 转义\n', '[^1]: 甲[^a]乙\n', '~~删除[^1]~~\n', '<span>[^1]</span>\n', '[^1]\n', '**[^1]**\n',
];

/** A random document of footnote blocks and the edit fuzz's blocks; every seventh or so with CRLF line endings. */
export function randomFootnoteDocument(next: () => number): string {
  const blocks = [...FOOTNOTE_BLOCKS, ...FOOTNOTE_BLOCKS, ...BLOCKS];
  const parts: string[] = [];
  const k = 1 + Math.floor(next() * 7);
  for (let i = 0; i < k; i++) {
    parts.push(blocks[Math.floor(next() * blocks.length)]);
    if (next() < 0.75) parts.push('\n');
  }
  const text = parts.join('');
  return next() < 0.15 ? text.replace(/\r?\n/g, '\r\n') : text;
}

/**
 * The fast path on random footnote documents against remark (prose, headings, blocks); `lezer`: how
 * many lezer read, `footnotes`: how many of those with a definition.
 */
export function checkFootnotes(seed: number, documents: number): { failure?: { seed: number; document: number; text: string }; lezer: number; footnotes: number } {
  const next = rng(seed);
  let lezer = 0;
  let footnotes = 0;
  for (let d = 0; d < documents; d++) {
    const text = randomFootnoteDocument(next);
    const before = parseCounts.lezer;
    const fast = extractProse(text);
    if (parseCounts.lezer > before) {
      lezer++;
      if (/^\[\^[^\]\s]+\]:/m.test(text)) footnotes++;
    }
    if (JSON.stringify(fast) !== JSON.stringify(extractProse(text, 0, Infinity, REMARK))) return { failure: { seed, document: d, text }, lezer, footnotes };
  }
  return { lezer, footnotes };
}
