/**
 * Term consistency as a unified plugin, on the model of retext-equality: it reports one `vfile`
 * message per variant the paper would correct, with its place, a `ruleId`, its `source`, the
 * `actual` text and the `expected` replacement. Downstream, the language server turns the messages
 * into diagnostics and quick fixes, and `policy-lens check` into lines.
 *
 * The plugin does not parse: the document was parsed and matched once per version, and the plugin
 * reads that `ConceptDocument`'s occurrences (given in the options, or in `file.data.conceptDocument`).
 *
 * What is reported, and only that:
 * - an occurrence of a lexicon alias of kind `synonym` (颠覆性创新 for 颠覆式创新); abbreviations,
 *   official wordings, alternatives, translations and traditional forms are a writer's choice;
 * - outside every quotation (“…”, ‘…’, 「…」, 『…』, 《…》, "…"): quoted text is someone's words or a name.
 */
import { unified, type Plugin } from 'unified';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { Point, Position } from 'unist';
import type { ConceptDocument, Occurrence } from '../document';
import { QuotationIndex, quotationScanOf } from './quotations';
import type { Concept } from '../lexicon/types';
import { SHIPPED_SOURCE_ID } from '../source/types';

/**
 * Whether the concept's term is the shipped paper's own: a concept of the shipped lexicon (or built in
 * code) whose source is the paper. A user or workspace concept's term is its lexicon's, even when it
 * cites the paper, and messages say so.
 */
export function isPaperTerm(c: Concept): boolean {
  return (!c.origin || c.origin.kind === 'shipped') && (c.source?.id ?? SHIPPED_SOURCE_ID) === SHIPPED_SOURCE_ID;
}

export const CONSISTENCY_SOURCE = 'policy-lens';
export const VARIANT_RULE = 'variant-term';

/** A variant message: a VFileMessage with the occurrence it is about. */
export interface VariantMessage extends VFileMessage {
  readonly ruleId: typeof VARIANT_RULE;
  readonly source: typeof CONSISTENCY_SOURCE;
  /** The variant as written, line breaks and all (the characters a fix replaces). */
  readonly actual: string;
  /** The concept's term (the paper's, or a user lexicon's), the one replacement. */
  readonly expected: [string];
  readonly place: Position;
  /** The occurrence, in UTF-16 offsets into the document text. */
  readonly occurrence: Occurrence;
  /** The variant as read (soft line breaks removed), naming the variant → term pair a "fix all" covers. */
  readonly variant: string;
}

export interface ConsistencyOptions {
  /** The parsed document to check; else `file.data.conceptDocument`. */
  readonly document?: ConceptDocument;
  /** Only occurrences this accepts are checked (the categories a user turned on, say). */
  readonly include?: (o: Occurrence) => boolean;
}

declare module 'vfile' {
  interface DataMap {
    /** The document the consistency plugin checks, when not given in its options. */
    conceptDocument: ConceptDocument;
  }
}

/** A soft line break and the block markers after it, as the matcher reads it (not at all). */
const SOFT_BREAK = /[ \t]*\r?\n[\s>]*/g;

/** The unified plugin: `unified().use(policyLensConsistency, { document }).run(tree, file)`. */
export const policyLensConsistency: Plugin<[ConsistencyOptions?]> = function (options: ConsistencyOptions = {}) {
  return (_tree, file) => {
    const doc = options.document ?? file.data.conceptDocument;
    if (!doc) throw new Error('policyLensConsistency needs the ConceptDocument (options.document or file.data.conceptDocument)');
    // A message is an Error; its stack would say where the checker ran, not where the text is wrong,
    // and capturing one per message costs more than the check itself (20,000 variants: 1.5 s vs 0.5 s).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      reportVariants(doc, file, options.include);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  };
};

function reportVariants(doc: ConceptDocument, file: VFile, include: ConsistencyOptions['include']): void {
  let quotations: QuotationIndex | undefined;
  for (const o of doc.occurrences) {
    if (o.kind !== 'synonym' || (include && !include(o))) continue;
    // Quotations are found only when there is something to report.
    quotations ??= new QuotationIndex(quotationScanOf(doc).quotations);
    if (quotations.overlaps(o.start, o.end)) continue;
    const actual = doc.text.slice(o.start, o.end);
    const variant = actual.replace(SOFT_BREAK, '');
    const term = o.concept.term;
    const place: Position = { start: point(doc, o.start), end: point(doc, o.end) };
    const text = isPaperTerm(o.concept)
      ? `“${variant}”是变体，论文的术语是“${term}” / “${variant}” is a variant; the paper’s term is “${term}”`
      : `“${variant}”是变体，术语表的术语是“${term}” / “${variant}” is a variant; the lexicon’s term is “${term}”`;
    const message = file.message(text, {
      place,
      ruleId: VARIANT_RULE,
      source: CONSISTENCY_SOURCE,
    });
    message.actual = actual;
    message.expected = [term];
    Object.assign(message, { occurrence: o, variant });
  }
}

/** A unist point (1-based line and column, column in UTF-16 code units) for an offset. */
function point(doc: ConceptDocument, offset: number): Point {
  const p = doc.lineIndex.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1, offset };
}

/** Runs the plugin on a document and returns its variant messages, in document order. */
export function checkConsistency(doc: ConceptDocument, options: Omit<ConsistencyOptions, 'document'> = {}): VariantMessage[] {
  const file = new VFile({ path: doc.uri || undefined, value: doc.text });
  // The tree is not read (the document holds the parse); an empty root satisfies unified.
  unified().use(policyLensConsistency, { ...options, document: doc }).runSync({ type: 'root' }, file);
  return file.messages as VariantMessage[];
}
