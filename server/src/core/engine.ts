/**
 * The core engine: the shipped lexicon, the source paper and the matcher over every surface form,
 * built once per process. Anchors are checked against the paper at load time, so a lexicon citing a
 * paragraph that does not exist fails loudly instead of producing dead links.
 */
import type { Concept } from './lexicon/types';
import { loadLexicon, validateAnchors, LexiconError, type Lexicon } from './lexicon/load';
import { loadSourcePaper, type SourcePaper } from './source/paper';
import type { ConceptMatcher } from './match/matcher';
import { createLexiconMatcher } from './match/forms';
import { ConceptDocument, type AnnotationEngine } from './document';
import { contentKey } from './contentKey';
import type { ParseLimits } from './limits';

export interface Engine extends AnnotationEngine {
  readonly lexicon: Lexicon;
  readonly paper: SourcePaper;
  readonly matcher: ConceptMatcher;
  /** Changes whenever the surface forms change: persisted results made with another engine are stale. */
  readonly signature: string;
  /** Annotates one text: parse, find prose, match; `limits` default to `DEFAULT_LIMITS` (the nesting depth applies here; size is checked by the caller with `checkLimits`). */
  annotate(text: string, uri?: string, version?: number, limits?: ParseLimits): ConceptDocument;
}

/** Builds an engine over a lexicon and a paper (the shipped ones by default). */
export function createEngine(lexicon: Lexicon = loadLexicon(), paper: SourcePaper = loadSourcePaper()): Engine {
  const problems = validateAnchors(lexicon, (a) => paper.byAnchor(a) !== undefined);
  if (problems.length) throw new LexiconError(problems);
  const matcher = createLexiconMatcher(lexicon);
  const engine: Engine = {
    lexicon,
    paper,
    matcher,
    signature: contentKey(JSON.stringify(matcher.forms)),
    concept: (id: string): Concept | undefined => lexicon.byId(id),
    annotate: (text, uri = '', version = 0, limits?: ParseLimits) => new ConceptDocument(text, engine, uri, version, undefined, undefined, limits),
  };
  return Object.freeze(engine);
}

let shared: Engine | undefined;

/** The engine over the shipped data, built on first use. */
export function sharedEngine(): Engine {
  return (shared ??= createEngine());
}
