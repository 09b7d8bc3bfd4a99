/**
 * The root's unified / remark packages, resolved from the repository root on purpose: bench/node_modules
 * holds textlint's older copies (unified 9, remark-parse 9), and a bare `import 'unified'` from a file
 * in bench/ would find those first. Typed narrowly here, so `npm run typecheck` does not depend on
 * bench/node_modules being installed.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');
const rootRequire = createRequire(join(ROOT, 'package.json'));

interface Processor {
  use(plugin: unknown): Processor;
  parse(text: string): unknown;
}

// require(esm) (Node ≥ 20.19, the root's engines) returns the ES module namespace.
const { unified } = rootRequire('unified') as { unified: () => Processor };
const remarkParse = (rootRequire('remark-parse') as { default: unknown }).default;
const remarkGfm = (rootRequire('remark-gfm') as { default: unknown }).default;

const bare = unified().use(remarkParse);
const withGfm = unified().use(remarkParse).use(remarkGfm);

/** `unified().use(remarkParse).parse(text)`: CommonMark only, the baseline of the annotate target. */
export function bareParse(text: string): unknown {
  return bare.parse(text);
}

/** The same with remark-gfm, as the engine parses. */
export function gfmParse(text: string): unknown {
  return withGfm.parse(text);
}

/**
 * Parsers that add one GFM extension each to CommonMark (mdast-util-from-markdown with the
 * micromark extension and its mdast half, as remark-gfm wires them): what each part of remark-gfm costs.
 */
export function gfmPartParsers(): Record<string, (text: string) => unknown> {
  const { fromMarkdown } = rootRequire('mdast-util-from-markdown') as { fromMarkdown(text: string, options?: unknown): unknown };
  const pair = (micromark: string, fn: string, mdast: string, mdastFn: string) => {
    const extension = (rootRequire(micromark) as Record<string, () => unknown>)[fn]();
    const mdastExtension = (rootRequire(mdast) as Record<string, () => unknown>)[mdastFn]();
    return (text: string) => fromMarkdown(text, { extensions: [extension], mdastExtensions: [mdastExtension] });
  };
  return {
    'CommonMark only': (text) => fromMarkdown(text),
    tables: pair('micromark-extension-gfm-table', 'gfmTable', 'mdast-util-gfm-table', 'gfmTableFromMarkdown'),
    'autolink literals': pair('micromark-extension-gfm-autolink-literal', 'gfmAutolinkLiteral', 'mdast-util-gfm-autolink-literal', 'gfmAutolinkLiteralFromMarkdown'),
    strikethrough: pair('micromark-extension-gfm-strikethrough', 'gfmStrikethrough', 'mdast-util-gfm-strikethrough', 'gfmStrikethroughFromMarkdown'),
    footnotes: pair('micromark-extension-gfm-footnote', 'gfmFootnote', 'mdast-util-gfm-footnote', 'gfmFootnoteFromMarkdown'),
    'task lists': pair('micromark-extension-gfm-task-list-item', 'gfmTaskListItem', 'mdast-util-gfm-task-list-item', 'gfmTaskListItemFromMarkdown'),
  };
}
