/**
 * The real-document corpus (test/fixtures/real/): complete official documents with hand-checked gold
 * files. Shared by test/unit/realCorpus.test.ts and scripts/corpus-candidates.ts, so the test and the
 * script that regenerates the gold compare tags in exactly the same way.
 *
 * Offsets are UTF-16 code units into the file text as read (front matter included), end exclusive.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../server/src/core/engine';

export const REAL_DIR = join(__dirname, '..', 'fixtures', 'real');

/** One span of the text with the concept it means (or would be taken to mean). */
export interface Span {
  start: number;
  end: number;
  text: string;
  concept: string;
}

export interface NotTagged extends Span {
  why: string;
}

/** A deviation of today's tool from the gold that the lexicon cannot fix yet. */
export interface Known extends Span {
  kind: 'missed' | 'wrong';
  why: string;
}

export interface Gold {
  document: string;
  reviewedBy: string;
  /** Everything that should be tagged, with its concept, including forms the lexicon lacks today. */
  occurrences: Span[];
  /** What the tool tags today (or might) but must not, with the reason. */
  notTagged: NotTagged[];
  /** Today's deviations, each explained; the test fails when one appears or disappears. */
  known: Known[];
}

/** The corpus documents, by file name (`x.md`), sorted. */
export function corpusDocuments(): string[] {
  return readdirSync(REAL_DIR)
    .filter((n) => n.endsWith('.md') && n !== 'README.md' && n !== 'GAPS.md')
    .sort();
}

export function readDocument(name: string): string {
  return readFileSync(join(REAL_DIR, name), 'utf8');
}

export function goldPath(name: string): string {
  return join(REAL_DIR, name.replace(/\.md$/, '.gold.json'));
}

export function readGold(name: string): Gold {
  return JSON.parse(readFileSync(goldPath(name), 'utf8')) as Gold;
}

export const spanKey = (s: { start: number; end: number; concept: string }): string => `${s.start}-${s.end}:${s.concept}`;

/** What the engine tags in a document, as spans. */
export function toolSpans(engine: Engine, text: string, uri: string): Span[] {
  return engine.annotate(text, uri).occurrences.map((o) => ({ start: o.start, end: o.end, text: text.slice(o.start, o.end), concept: o.concept.id }));
}

export interface Comparison {
  /** Gold occurrences the tool does not tag at exactly that range with that concept. */
  missed: Span[];
  /** Tool tags that are not gold occurrences (wrong sense, wrong concept or wrong range). */
  wrong: Span[];
}

/** Today's deviations of the tool from the gold occurrences. */
export function compare(gold: Pick<Gold, 'occurrences'>, tags: readonly Span[]): Comparison {
  const goldKeys = new Set(gold.occurrences.map(spanKey));
  const tagKeys = new Set(tags.map(spanKey));
  return {
    missed: gold.occurrences.filter((o) => !tagKeys.has(spanKey(o))),
    wrong: tags.filter((t) => !goldKeys.has(spanKey(t))),
  };
}

/** The body of a document: its text without the YAML front matter. */
export function bodyStart(text: string): number {
  const m = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
  return m ? m[0].length : 0;
}

/** A span that means a concept without naming it, kept out of a gold on purpose (see its `why`). */
export interface KeptOut extends Span {
  document: string;
  why: string;
}

/**
 * The gold of a lexicon other than the shipped one (test/fixtures/real/<name>.gold.json): for each
 * corpus document, the same shape as a document's gold file, for that lexicon's concepts only.
 */
export interface LexiconGold {
  lexicon: string;
  reviewedBy: string;
  rules: string[];
  keptOut: KeptOut[];
  documents: Gold[];
}

export function readLexiconGold(name: string): LexiconGold {
  return JSON.parse(readFileSync(join(REAL_DIR, `${name}.gold.json`), 'utf8')) as LexiconGold;
}
