import type { CompletionParams, CompletionItem, CancellationToken } from 'vscode-languageserver';
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver';
import { conceptVisible, documentWithSettings, type FeatureContext } from '../context';
import { completionRank } from '../../core/lexicon/search';

/**
 * Completes concept terms from pinyin initials, full pinyin or English (`zjtx` → 专精特新), inserting
 * the canonical Chinese term in place of what was typed.
 */
export async function provideCompletion(ctx: FeatureContext, params: CompletionParams, token?: CancellationToken): Promise<CompletionItem[] | null> {
  const uri = params.textDocument.uri;
  const opened = await documentWithSettings(ctx, uri, token);
  if (!opened) return null;
  const { doc, settings } = opened;
  const offset = doc.lineIndex.offsetAt(params.position);
  const lineStart = doc.lineIndex.lineStart(params.position.line);
  const before = doc.text.slice(lineStart, offset);
  const word = /[A-Za-z]+$/.exec(before)?.[0];
  if (!word) return null;
  // Only in prose: the letters just typed must sit in a text node (not code, HTML, front matter…).
  if (!doc.isProseAt(offset - 1)) return null;
  // An inline code span being typed is not closed yet, so Markdown still reads it as text: an odd
  // number of backticks before the word on this line means the writer is inside one.
  if ((before.match(/`/g)?.length ?? 0) % 2 === 1) return null;
  const { lexicon } = ctx.engine;
  const items: CompletionItem[] = [];
  for (const c of lexicon.concepts) {
    if (!conceptVisible(doc, c, settings)) continue;
    const forms = lexicon.forms(c.id);
    const rank = completionRank(c, forms, word);
    if (rank === undefined) continue;
    const cat = ctx.engine.categoryLabel(c);
    items.push({
      label: c.term,
      kind: CompletionItemKind.Constant,
      detail: `${c.en} · ${forms?.pinyin ?? ''} · ${cat.zh}`,
      documentation: { kind: MarkupKind.Markdown, value: [c.definition.zh, c.definition.en && `*${c.definition.en}*`].filter(Boolean).join('\n\n') },
      // Clients filter by what was typed: give them every spelling that leads here.
      filterText: word,
      sortText: `${rank}-${forms?.initials ?? c.id}`,
      textEdit: { range: { start: { line: params.position.line, character: params.position.character - word.length }, end: params.position }, newText: c.term },
    });
  }
  return items;
}
