/**
 * A retext plugin that ends sentences at Chinese sentence punctuation.
 *
 * parse-latin (retext's parser) ends sentences only at `.`, `?` and `!` followed by white space, so a
 * whole Chinese paragraph — 。！？ with no spaces after them — comes out as one sentence. This plugin
 * splits sentences after a run of 。！？；… (and any closing quotes or brackets that follow). The
 * semicolon is included on purpose: policy drafts chain enumerated measures with ；, and each clause
 * is the useful context for an occurrence.
 */
import type { Root, Paragraph, Sentence, SentenceContent, Parent } from 'nlcst';
import type { Plugin } from 'unified';

export const TERMINAL = /^[。！？；!?…]+$/;
export const CLOSING = /^[”’」』）》】〕"')\]]+$/;

/** Splits every sentence of an nlcst paragraph at Chinese sentence-final punctuation, in place. */
export function splitChineseSentences(paragraph: Paragraph): void {
  const out: Paragraph['children'] = [];
  for (const child of paragraph.children) {
    if (child.type !== 'SentenceNode') {
      out.push(child);
      continue;
    }
    let current: SentenceContent[] = [];
    const flush = () => {
      // Leading white space belongs to the paragraph, not to the sentence.
      while (current.length && current[0].type === 'WhiteSpaceNode') out.push(current.shift() as never);
      if (current.length) out.push(makeSentence(current));
      current = [];
    };
    const kids = child.children;
    for (let i = 0; i < kids.length; i++) {
      const node = kids[i];
      current.push(node);
      if (node.type === 'PunctuationNode' && TERMINAL.test(node.value)) {
        while (i + 1 < kids.length && kids[i + 1].type === 'PunctuationNode' && (TERMINAL.test(valueOf(kids[i + 1])) || CLOSING.test(valueOf(kids[i + 1])))) {
          current.push(kids[++i]);
        }
        if (i + 1 < kids.length) flush();
      }
    }
    flush();
  }
  paragraph.children = out;
}

function valueOf(node: SentenceContent): string {
  return 'value' in node ? String(node.value) : '';
}

function makeSentence(children: SentenceContent[]): Sentence {
  const first = children[0].position;
  const last = children[children.length - 1].position;
  const sentence: Sentence = { type: 'SentenceNode', children };
  if (first && last) sentence.position = { start: first.start, end: last.end };
  return sentence;
}

/** Applies {@link splitChineseSentences} to every paragraph of a tree. */
export function splitChineseSentencesInTree(tree: Root | Parent): void {
  for (const child of tree.children) {
    if (child.type === 'ParagraphNode') splitChineseSentences(child as Paragraph);
    else if ('children' in child && child.type !== 'SentenceNode') splitChineseSentencesInTree(child as Parent);
  }
}

/** The retext plugin: `retext().use(retextChineseSentences)`. */
const retextChineseSentences: Plugin<[], Root> = function () {
  return (tree: Root) => {
    splitChineseSentencesInTree(tree);
  };
};
export default retextChineseSentences;
