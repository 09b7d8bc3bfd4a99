/**
 * The core engine: the lexicons, the sources and the matcher over every surface form. `sharedEngine()`
 * is the shipped data alone, built once per process; `buildEngine` (lexicon/layers.ts) adds the user's
 * and the workspace's lexicons and sources. Anchors are checked against the sources at load time, so
 * a lexicon citing a paragraph that does not exist fails loudly instead of producing dead links.
 */
import type { Anchor, Concept, PathId } from './lexicon/types';
import { loadLexicon, validateAnchors, LexiconError, type Lexicon } from './lexicon/load';
import { loadSourcePaper, type SourcePaper } from './source/paper';
import { frameLabel, SHIPPED_SOURCE_ID, type PaperParagraph, type Source, type SourceFrame } from './source/types';
import type { ConceptMatcher } from './match/matcher';
import { createLexiconMatcher } from './match/forms';
import { ConceptDocument, type AnnotationEngine } from './document';
import { contentKey } from './contentKey';
import type { ParseLimits } from './limits';

export interface Engine extends AnnotationEngine {
  /** Every concept in force (the layers merged), with their derived forms. */
  readonly lexicon: Lexicon;
  /** The shipped paper (= `sources[0]`). */
  readonly paper: SourcePaper;
  /** Every source: the shipped paper first, then the user's and the workspace's. */
  readonly sources: readonly Source[];
  readonly matcher: ConceptMatcher;
  /** Changes whenever the surface forms change: persisted results made with another engine are stale. */
  readonly signature: string;
  /** A source by id. */
  source(id: string): Source | undefined;
  /** The source a concept cites (the shipped paper for a shipped concept), or undefined when it cites none. */
  sourceOf(concept: Concept): Source | undefined;
  /** The frame of a source (default: the shipped paper's); a concept's frame is `frame(concept.source?.id)`. */
  frame(sourceId?: string): SourceFrame;
  /** The label of a concept's category in its source's frame (`其他 Other` for `other`). */
  categoryLabel(concept: Concept): { zh: string; en: string };
  /** The label of one of a concept's paths in its source's frame. */
  pathLabel(concept: Concept, path: PathId): { zh: string; en: string };
  /** The paragraph that defines a concept, in its own source, if it names one. */
  definingParagraph(concept: Concept): { source: Source; paragraph: PaperParagraph } | undefined;
  /** Annotates one text: parse, find prose, match; `limits` default to `DEFAULT_LIMITS` (the nesting depth applies here; size is checked by the caller with `checkLimits`). */
  annotate(text: string, uri?: string, version?: number, limits?: ParseLimits): ConceptDocument;
}

/**
 * The anchor of a concept's defining paragraph in the shipped paper, or undefined when the concept
 * cites another source or none. For code that only knows the shipped paper (links into paper.md).
 */
export function paperAnchor(concept: Concept | undefined): Anchor | undefined {
  const s = concept?.source;
  return s && (s.id ?? SHIPPED_SOURCE_ID) === SHIPPED_SOURCE_ID ? s.defines : undefined;
}

/** What an engine is made of; `assembleEngine` adds the lookups. */
export interface EngineParts {
  readonly lexicon: Lexicon;
  readonly paper: SourcePaper;
  readonly sources: readonly Source[];
  readonly matcher: ConceptMatcher;
}

/** An engine over already-validated parts. */
export function assembleEngine(parts: EngineParts): Engine {
  const { lexicon, paper, sources, matcher } = parts;
  const byId = new Map(sources.map((s) => [s.id, s]));
  const source = (id: string) => byId.get(id);
  const sourceOf = (c: Concept) => (c.source ? byId.get(c.source.id ?? SHIPPED_SOURCE_ID) : undefined);
  const frame = (sourceId: string = SHIPPED_SOURCE_ID) => (byId.get(sourceId) ?? paper).frame;
  const conceptFrame = (c: Concept) => frame(c.source?.id ?? SHIPPED_SOURCE_ID);
  const engine: Engine = {
    lexicon,
    paper,
    sources,
    matcher,
    signature: contentKey(JSON.stringify(matcher.forms)),
    concept: (id: string): Concept | undefined => lexicon.byId(id),
    source,
    sourceOf,
    frame,
    categoryLabel: (c: Concept) => frameLabel(conceptFrame(c), 'category', c.category),
    pathLabel: (c: Concept, p: PathId) => frameLabel(conceptFrame(c), 'path', p),
    definingParagraph: (c: Concept) => {
      const s = sourceOf(c);
      const paragraph = s && c.source?.defines !== undefined ? s.byAnchor(c.source.defines) : undefined;
      return s && paragraph ? { source: s, paragraph } : undefined;
    },
    annotate: (text, uri = '', version = 0, limits?: ParseLimits) => new ConceptDocument(text, engine, uri, version, undefined, undefined, limits),
  };
  return Object.freeze(engine);
}

/** Builds an engine over one lexicon and the paper (the shipped ones by default); throws on a dead anchor. */
export function createEngine(lexicon: Lexicon = loadLexicon(), paper: SourcePaper = loadSourcePaper(), matcher: ConceptMatcher = createLexiconMatcher(lexicon)): Engine {
  const problems = validateAnchors(lexicon, (a) => paper.byAnchor(a) !== undefined);
  if (problems.length) throw new LexiconError(problems);
  return assembleEngine({ lexicon, paper, sources: [paper], matcher });
}

/**
 * `createEngine(lexicon, loadPaper())` whose paper is read (and the lexicon's anchors checked against
 * it) on the first use of anything that needs it: `paper`, `sources`, a frame, a label, a defining
 * paragraph. Annotating, which needs only the concepts and the matcher, never reads it: the CLI's
 * `annotate --format json` then skips parsing the paper's text and front matter at start-up. The
 * signature (a hash of every form) is made on first use too. Same lookups, same object throughout.
 */
export function lazyPaperEngine(lexicon: Lexicon, loadPaper: () => SourcePaper): Engine {
  const matcher = createLexiconMatcher(lexicon);
  let whole: Engine | undefined;
  const full = (): Engine => (whole ??= createEngine(lexicon, loadPaper(), matcher));
  let signature: string | undefined;
  const engine: Engine = {
    lexicon,
    get paper() {
      return full().paper;
    },
    get sources() {
      return full().sources;
    },
    matcher,
    get signature() {
      return (signature ??= whole?.signature ?? contentKey(JSON.stringify(matcher.forms)));
    },
    concept: (id: string): Concept | undefined => lexicon.byId(id),
    source: (id) => full().source(id),
    sourceOf: (c) => full().sourceOf(c),
    frame: (sourceId) => full().frame(sourceId),
    categoryLabel: (c) => full().categoryLabel(c),
    pathLabel: (c, p) => full().pathLabel(c, p),
    definingParagraph: (c) => full().definingParagraph(c),
    annotate: (text, uri = '', version = 0, limits?: ParseLimits) => new ConceptDocument(text, engine, uri, version, undefined, undefined, limits),
  };
  return Object.freeze(engine);
}

let shared: Engine | undefined;

/** The engine over the shipped data, built on first use; the source paper is read when first needed (`lazyPaperEngine`). */
export function sharedEngine(): Engine {
  return (shared ??= lazyPaperEngine(loadLexicon(), loadSourcePaper));
}

