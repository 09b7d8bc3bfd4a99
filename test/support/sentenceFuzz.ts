/**
 * The plain sentence path (server/src/core/text/plainSentences.ts) against retext's: for every block
 * of a document, `sentencesOfBlock(i, 'prose')` (the plain path where it applies) must equal
 * `sentencesOfBlock(i, 'retext')` (the same text nodes through mdast-util-to-nlcst, parse-latin and
 * splitChineseSentences). Random documents are built from pieces that exercise what decides a
 * sentence: Chinese and Latin sentence marks, closing quotes and brackets, every white space
 * parse-latin knows, soft line breaks, emphasis and links that split text nodes, escapes and
 * references (values shorter than their source), containers.
 */
import { ConceptDocument, sentenceCounts } from '../../server/src/core/document';
import type { AnnotationEngine } from '../../server/src/core/document';
import { rng } from './editFuzz';

const PIECES = [
  '数据要素', '新质生产力', '加快培育', '专精特新', '发展', 'AI', 'data', '2024年', '5G', 'R&D', 'e-mail', 'A/B', "it's", '3:00', 'x=1', 'a@b',
  '。', '！', '？', '；', '，', '、', '：', '。。', '！？', '；；', '……', '…', '.', '!', '?', '‽', '...', '31.8', '2.0', 'gov.cn', 'a.b.c', '1.', '.5', '中.文', 'x.\u00a0', '6. ', '12. ', '1234. ', 'a6. ', '10.5. ', '（6. ', '_6. ', '-6. ', '6.\n', '6.\u3000', '/6. ', '&6. ', '’6. ', '，6. ', ' 6. ',
  '”', '’', '」', '』', '）', '》', '】', '〕', '"', "'", ')', ']', '“', '‘', '「', '（', '《', '【', '(', '[',
  ' ', '  ', '\u3000', '\u00a0', '\t', '\u2002', '\u202f', '\n', '\n   ', '\n\u3000\n', ' \n ', '\r\n',
  '*强调*', '**加粗**', '_斜_', '~~删~~', '[链接](https://example.cn)', '`代码`', '\\*', '&amp;', '&#12290;', '<b>', '-', '/', '&', '·', '—',
];
const PREFIXES = ['', '', '', '- ', '1. ', '> ', '# ', '## ', '  ', '- [ ] ', '> - '];

function randomBlock(next: () => number): string {
  const n = 1 + Math.floor(next() * 14);
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return PREFIXES[Math.floor(next() * PREFIXES.length)] + s + '\n';
}

export function randomSentenceDocument(next: () => number): string {
  const blocks = 1 + Math.floor(next() * 6);
  let text = '';
  for (let i = 0; i < blocks; i++) text += randomBlock(next) + (next() < 0.7 ? '\n' : '');
  return text;
}

/** The first block of `doc` where the plain path and retext differ, or undefined. */
export function plainSentenceDifference(doc: ConceptDocument): { block: number; plain: unknown; retext: unknown } | undefined {
  for (let i = 0; i < doc.blocks.length; i++) {
    const a = doc.sentencesOfBlock(i, 'prose');
    const r = doc.sentencesOfBlock(i, 'retext');
    if (JSON.stringify(a) !== JSON.stringify(r)) return { block: i, plain: a, retext: r };
  }
  return undefined;
}

/** `plainSentenceDifference` on random documents; the first mismatch, and how many blocks took the plain path. */
export function checkPlainSentences(engine: AnnotationEngine, seed: number, documents: number): { failure?: { seed: number; document: number; text: string; difference: unknown }; plain: number } {
  const next = rng(seed);
  const before = sentenceCounts.plain;
  for (let d = 0; d < documents; d++) {
    const text = randomSentenceDocument(next);
    const difference = plainSentenceDifference(new ConceptDocument(text, engine));
    if (difference) return { failure: { seed, document: d, text, difference }, plain: sentenceCounts.plain - before };
  }
  return { plain: sentenceCounts.plain - before };
}
