/**
 * Random documents built to exercise GFM autolink literals (issue 11): bare `www.`, `http(s)://`,
 * e-mail, `mailto:` and `xmpp:` addresses with the characters micromark's rules turn on (previous
 * characters, domains with `_` and `-`, trailing punctuation, parentheses, character references,
 * `<`, brackets), in every container and inline context. Deterministic for a seed.
 *
 * Emphasis marks come one at a time: runs of two (`**`, `__`) that are used up in part meet a known
 * difference in how lezer and micromark apply CommonMark's rule of three (lezer counts a run's
 * original length, micromark what is left of it), outside autolinks, and so do strikethrough and
 * emphasis marks that interleave (micromark resolves the two apart); README "The parse path".
 */
import { rng } from './editFuzz';
import { extractProse, parseCounts } from '../../server/src/core/text/prose';

const REMARK = { parser: 'remark' } as const;

const URL_PARTS = [
  'www.', 'WWW.', 'ww.', 'www', 'http://', 'https://', 'HTTPS://', 'httpx://', 'http:/', 'ftp://', 'mailto:', 'xmpp:', 'MAILTO:',
  'gov.cn', 'x.cn', 'a-b.com', 'a_b.com', 'x_y.z.cn', 'x.y_z', 'a.b_', 'example', '数据.cn', 'ab', 'a.b.c', '.', '..', '_', '-', '+',
  '@', 'user@', 'a.b+c@', '@gov.cn', 'x@y.cn', 'x@y.c1', 'x@y-', 'x@y_', 'x@y.cn.', '/path', '/a/b.html', '/数据要素', '?q=1&b=2', '#frag',
  '(', ')', '(a)', '((', '))', '.', ',', ';', ':', '!', '?', '"', "'", '*', '_', '~', ']', '[', '](', '}', '{', '<', '>',
  '&amp;', '&amp', '&#64;', '&#46;', '&commat;', '\\.', '\\@', '\\_', '\\[', '`', ' ', '  ', '\t', '\n', '\u3000', '，', '。', '：', '（', '）', '数据要素',
  '新质生产力', 'a', 'Z', '9', '😀', '/',
];

const CONTEXTS: [string, string][] = [
  ['', '\n'], ['访问 ', ' 查看数据要素。\n'], ['# ', '\n'], ['## 标题 ', ' ##\n'], ['> ', '\n> 续行\n'], ['- ', '\n'], ['1. ', '\n  续行\n'],
  ['*', '*\n'], ['_', '_\n'], ['[', '](https://x.cn)\n'], ['[链接 ', ']\n'], ['[', '\n'], ['![', '](a.png)\n'],
  ['| a | b |\n| - | - |\n| ', ' | c |\n'], ['|', '|\n|-|\n'], ['`', '`\n'], ['<', '>\n'], ['数据', '要素\n'], ['标题\n', '\n===\n'], ['', '\n---\n'],
  ['- [ ] ', '\n'], ['\\', '\n'], ['a ', '  \n下一行\n'], ['> a\n', '\n'], ['数据要素：', '，新质生产力\n'],
];

/** One random literal-ish string: 1 to 7 parts. */
function literal(next: () => number): string {
  const n = 1 + Math.floor(next() * 7);
  let s = '';
  for (let i = 0; i < n; i++) s += URL_PARTS[Math.floor(next() * URL_PARTS.length)];
  return s;
}

/** A random document of 1 to 6 blocks, each a context around 1 to 3 literals. */
export function randomAutolinkDocument(next: () => number): string {
  const blocks = 1 + Math.floor(next() * 6);
  const out: string[] = [];
  for (let b = 0; b < blocks; b++) {
    const [open, close] = CONTEXTS[Math.floor(next() * CONTEXTS.length)];
    const k = 1 + Math.floor(next() * 3);
    let body = '';
    for (let i = 0; i < k; i++) body += (i && next() < 0.5 ? ' ' : '') + literal(next);
    out.push(open + body + close, next() < 0.7 ? '\n' : '');
  }
  return out.join('');
}

/** The fast path on random autolink documents against remark (prose, headings, blocks). */
export function checkAutolinks(seed: number, documents: number): { failure?: { seed: number; document: number; text: string }; lezer: number } {
  const next = rng(seed);
  let lezer = 0;
  for (let d = 0; d < documents; d++) {
    const text = randomAutolinkDocument(next);
    const before = parseCounts.lezer;
    const fast = extractProse(text);
    lezer += parseCounts.lezer - before;
    if (JSON.stringify(fast) !== JSON.stringify(extractProse(text, 0, Infinity, REMARK))) return { failure: { seed, document: d, text }, lezer };
  }
  return { lezer };
}

