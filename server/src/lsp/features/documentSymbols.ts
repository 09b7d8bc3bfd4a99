import type { DocumentSymbolParams, DocumentSymbol, CancellationToken } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { documentWithSettings, visibleOccurrences, type FeatureContext } from '../context';
import type { ConceptDocument, Occurrence } from '../../core/document';
import type { OutlineHeading } from '../../core/text/gongwen';
import type { Engine } from '../../core/engine';
import type { Settings } from '../settings';
import { sectionSummary } from '../summary';

/**
 * The last answer per document version, for the settings and engine it was made with (settings are
 * new objects when they change, as for `visibleOccurrences`): an editor asks for the outline of the
 * same version again and again (the outline view, breadcrumbs, sticky scroll).
 */
const answers = new WeakMap<ConceptDocument, { settings: Settings; engine: Engine; symbols: DocumentSymbol[] }>();

/**
 * The outline. `full`: the draft's heading tree (Markdown and 公文 numbering), and under each heading the concepts its own section
 * uses (name: the term; detail: count and category). `concepts`: one symbol per concept in the document.
 */
export async function provideDocumentSymbols(ctx: FeatureContext, params: DocumentSymbolParams, token?: CancellationToken): Promise<DocumentSymbol[] | null> {
  const opened = await documentWithSettings(ctx, params.textDocument.uri, token);
  if (!opened) return null;
  const { doc, settings } = opened;
  if (settings.outline.mode === 'off') return [];
  const cached = answers.get(doc);
  if (cached && cached.settings === settings && cached.engine === ctx.engine) return cached.symbols;
  const visible = visibleOccurrences(doc, settings);
  let symbols: DocumentSymbol[];
  if (settings.outline.mode === 'concepts') symbols = conceptSymbols(ctx.engine, doc, visible);
  else if (doc.text.length < BIG_DOCUMENT) symbols = headingTree(ctx.engine, doc, visible);
  else {
    // A big draft: the outline and the tree with pauses about every 5 ms, so that requests about other
    // documents are answered in between; a cancelled request stops at the next pause.
    const pause = async () => {
      await new Promise<void>((r) => setImmediate(r));
      if (token?.isCancellationRequested) throw CANCELLED;
    };
    try {
      symbols = await headingTreeAsync(ctx.engine, doc, visible, await doc.outlineAsync(pause), pause);
    } catch (e) {
      if (e === CANCELLED) return null;
      throw e;
    }
  }
  answers.set(doc, { settings, engine: ctx.engine, symbols });
  return symbols;
}

/** Characters from which the outline is built with pauses (a 1 MB draft's tree takes tens of milliseconds). */
export const BIG_DOCUMENT = 524_288;
const CANCELLED = Symbol('cancelled');

/** One symbol per concept: range from its first to its last occurrence. */
function conceptSymbols(engine: Engine, doc: ConceptDocument, occurrences: readonly Occurrence[]): DocumentSymbol[] {
  const labels = new Map<string, string>();
  const out: DocumentSymbol[] = [];
  for (const list of group(occurrences).values()) out.push(conceptSymbol(engine, doc, list, labels));
  return out;
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

/** `labels`: the ` · 类别 Category` part of the detail by concept id, made once per answer. */
function conceptSymbol(engine: Engine, doc: ConceptDocument, list: Occurrence[], labels: Map<string, string>): DocumentSymbol {
  const c = list[0].concept;
  let label = labels.get(c.id);
  if (label === undefined) {
    const cat = engine.categoryLabel(c);
    labels.set(c.id, (label = ` · ${cat.zh} ${cat.en}`));
  }
  return {
    name: c.term,
    detail: `×${list.length}${label}`,
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
export function headingTree(engine: Engine, doc: ConceptDocument, occurrences: readonly Occurrence[]): DocumentSymbol[] {
  const steps = headingSteps(engine, doc, occurrences, doc.outline);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** `headingTree` for the given outline with `pause()` awaited about every `sliceMs` of work (between headings): the same tree. */
export async function headingTreeAsync(
  engine: Engine,
  doc: ConceptDocument,
  occurrences: readonly Occurrence[],
  headings: readonly OutlineHeading[],
  pause: () => Promise<void>,
  sliceMs = 5,
): Promise<DocumentSymbol[]> {
  const steps = headingSteps(engine, doc, occurrences, headings);
  let since = performance.now();
  let n = 0;
  let step = steps.next();
  while (!step.done) {
    if ((++n & 7) === 0 && performance.now() - since >= sliceMs) {
      await pause();
      since = performance.now();
    }
    step = steps.next();
  }
  return step.value;
}

/** The tree's construction, one step per heading. */
function* headingSteps(engine: Engine, doc: ConceptDocument, occurrences: readonly Occurrence[], headings: readonly OutlineHeading[]): Generator<void, DocumentSymbol[], void> {
  const roots: DocumentSymbol[] = [];
  const stack: { depth: number; symbol: DocumentSymbol }[] = [];
  const labels = new Map<string, string>();
  const text = doc.text;
  let k = 0;
  // Concepts used before the first heading stand at the top level.
  const firstHeading = headings.length ? headings[0].start : text.length;
  const before: Occurrence[] = [];
  while (k < occurrences.length && occurrences[k].start < firstHeading) before.push(occurrences[k++]);
  for (const list of group(before).values()) roots.push(conceptSymbol(engine, doc, list, labels));
  const ends = sectionEnds(headings, text.length);
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i];
    const ownEnd = i + 1 < headings.length ? headings[i + 1].start : text.length;
    const own: Occurrence[] = [];
    while (k < occurrences.length && occurrences[k].start < ownEnd) own.push(occurrences[k++]);
    const children: DocumentSymbol[] = [];
    const lists = [...group(own).values()];
    for (const list of lists) children.push(conceptSymbol(engine, doc, list, labels));
    const symbol: DocumentSymbol = {
      name: h.text || '#',
      detail: summaryOf(lists),
      kind: SymbolKind.String,
      range: doc.rangeOf({ start: h.start, end: trimEnd(text, h.start, ends[i]) }),
      selectionRange: doc.rangeOf(h),
      children,
    };
    while (stack.length && stack[stack.length - 1].depth >= h.depth) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.symbol.children! : roots).push(symbol);
    stack.push({ depth: h.depth, symbol });
    yield;
  }
  return roots;
}

/**
 * `sectionSummary(own)` from the section's groups (in order of first use), without tallying the
 * section again: most frequent first, ties in order of first use (a stable sort), at most `max`.
 */
function summaryOf(lists: readonly Occurrence[][], max = 6): string {
  if (lists.length === 0) return sectionSummary([]);
  const ranked = [...lists].sort((a, b) => b.length - a.length);
  // One string, no array of parts: Array.prototype.join here deoptimized the heading tree on every new document.
  let out = '';
  for (let i = 0; i < ranked.length && i < max; i++) out += `${i ? ' · ' : ''}${ranked[i][0].concept.term} ×${ranked[i].length}`;
  if (ranked.length > max) out += ` · +${ranked.length - max}`;
  return out;
}

/**
 * Where each heading's section ends: at the next heading of the same or a higher level (a lower or
 * equal depth), else at the text's end. One pass from the end with a stack of candidates.
 */
function sectionEnds(headings: readonly { start: number; depth: number }[], textEnd: number): number[] {
  const ends = new Array<number>(headings.length);
  const open: number[] = [];
  for (let i = headings.length - 1; i >= 0; i--) {
    // Headings after i that are deeper than i can end no heading before i that i does not end first.
    while (open.length && headings[open[open.length - 1]].depth > headings[i].depth) open.pop();
    ends[i] = open.length ? headings[open[open.length - 1]].start : textEnd;
    open.push(i);
  }
  return ends;
}

/** Section ranges end before trailing blank lines, as editors show them. */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
