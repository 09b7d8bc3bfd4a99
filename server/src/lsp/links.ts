import type { FeatureContext } from './context';
import type { PaperParagraph } from '../core/source/paper';

/**
 * A link that opens the source paper at a paragraph: a command link for VS Code (it opens the read-only
 * paper viewer with the paragraph highlighted), a file link with a line fragment for other editors.
 */
export function paperLink(ctx: FeatureContext, paragraph: PaperParagraph): string {
  if (ctx.paperLinks === 'command') {
    return `command:policyLens.openSourcePaper?${encodeURIComponent(JSON.stringify([paragraph.anchor]))}`;
  }
  return `${ctx.paperUri}#L${paragraph.line + 1}`;
}
