import type { DocumentSymbolParams, DocumentSymbol, CancellationToken } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { documentWithSettings, visibleOccurrences, type FeatureContext } from '../context';
import type { ConceptDocument, Occurrence } from '../../core/document';
import type { Engine } from '../../core/engine';
import { sectionSummary } from '../summary';

/**
 * The outline. `full`: the draft's heading tree (Markdown and 公文 numbering), and under each heading the concepts its own section
 * uses (name: the term; detail: count and category). `concepts`: one symbol per concept in the document.
 */
export async function provideDocumentSymbols(ctx: FeatureContext, params: DocumentSymbolParams, token?: CancellationToken): Promise<DocumentSymbol[] | null> {
  const opened = await documentWithSettings(ctx, params.textDocument.uri, token);
  if (!opened) return null;
  const { doc, settings } = opened;
  if (settings.outline.mode === 'off') return [];
  const visible = visibleOccurrences(doc, settings);
  if (settings.outline.mode === 'concepts') return conceptSymbols(ctx.engine, doc, visible);
  return headingTree(ctx.engine, doc, visible);
}

/** One symbol per concept: range from its first to its last occurrence. */
function conceptSymbols(engine: Engine, doc: ConceptDocument, occurrences: readonly Occurrence[]): DocumentSymbol[] {
  const groups = group(occurrences);
  return [...groups.values()].map((list) => conceptSymbol(engine, doc, list));
}

function group(occurrences: readonly Occurrence[]): Map<string, Occurrence[]> {
  const groups = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    let list = groups.get(o.concept.id);
    if (!list) groups.set(o.concept.id, (list = []));
    list.push(o);
  }
  return groups;
}

function conceptSymbol(engine: Engine, doc: ConceptDocument, list: Occurrence[]): DocumentSymbol {
  const c = list[0].concept;
  const cat = engine.categoryLabel(c);
  return {
    name: c.term,
    detail: `×${list.length} · ${cat.zh} ${cat.en}`,
    kind: SymbolKind.Constant,
    range: doc.rangeOf({ start: list[0].start, end: list[list.length - 1].end }),
    selectionRange: doc.rangeOf(list[0]),
  };
}

/**
 * The outline tree: Markdown headings and 公文 numbered headings (一、（一）1.…, 第X章/条, 附件), nested
 * by depth. A numbered paragraph's symbol is selected on its number and lead sentence and spans its
 * section.
 */
function headingTree(engine: Engine, doc: ConceptDocument, occurrences: readonly Occurrence[]): DocumentSymbol[] {
  const roots: DocumentSymbol[] = [];
  const stack: { depth: number; symbol: DocumentSymbol; end: number }[] = [];
  const headings = doc.outline;
  let k = 0;
  // Concepts used before the first heading stand at the top level.
  const firstHeading = headings.length ? headings[0].start : doc.text.length;
  const before: Occurrence[] = [];
  while (k < occurrences.length && occurrences[k].start < firstHeading) before.push(occurrences[k++]);
  roots.push(...[...group(before).values()].map((list) => conceptSymbol(engine, doc, list)));
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i];
    // The section runs to the next heading of the same or a higher level.
    let end = doc.text.length;
    for (let j = i + 1; j < headings.length; j++) {
      if (headings[j].depth <= h.depth) {
        end = headings[j].start;
        break;
      }
    }
    const ownEnd = i + 1 < headings.length ? headings[i + 1].start : doc.text.length;
    const own: Occurrence[] = [];
    while (k < occurrences.length && occurrences[k].start < ownEnd) own.push(occurrences[k++]);
    const symbol: DocumentSymbol = {
      name: h.text || '#',
      detail: sectionSummary(own),
      kind: SymbolKind.String,
      range: doc.rangeOf({ start: h.start, end: trimEnd(doc.text, h.start, end) }),
      selectionRange: doc.rangeOf(h),
      children: [...group(own).values()].map((list) => conceptSymbol(engine, doc, list)),
    };
    while (stack.length && stack[stack.length - 1].depth >= h.depth) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.symbol.children! : roots).push(symbol);
    stack.push({ depth: h.depth, symbol, end });
  }
  return roots;
}

/** Section ranges end before trailing blank lines, as editors show them. */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
