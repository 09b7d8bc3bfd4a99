import type { FeatureContext } from './context';
import { SHIPPED_SOURCE_ID, type PaperParagraph, type Source } from '../core/source/types';

/**
 * A link that opens a source at a paragraph: a command link for VS Code (it opens the source viewer
 * with the paragraph highlighted; the shipped paper read-only), a file link with a line fragment for
 * other editors. The shipped paper's links keep their one-argument form.
 */
export function paperLink(ctx: FeatureContext, paragraph: PaperParagraph, source?: Source): string {
  const other = source && source.id !== SHIPPED_SOURCE_ID ? source : undefined;
  if (ctx.paperLinks === 'command') {
    const args = other ? [paragraph.anchor, other.id] : [paragraph.anchor];
    return `command:policyLens.openSourcePaper?${encodeURIComponent(JSON.stringify(args))}`;
  }
  return `${other ? ctx.sourceUri(other) : ctx.paperUri}#L${paragraph.line + 1}`;
}
