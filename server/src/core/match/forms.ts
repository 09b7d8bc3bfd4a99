import type { AliasKind, Concept, DerivedForms } from '../lexicon/types';
import { ConceptMatcher, type FormKind, type SurfaceForm } from './matcher';
import { HAN } from '../han';

/** What the matcher needs of a lexicon: its concepts and their build-time derived forms. */
export interface LexiconForms {
  readonly concepts: readonly Concept[];
  forms(id: string): DerivedForms | undefined;
}

/**
 * Every surface form of every concept: the canonical term, its aliases (each with its kind), its
 * English name, and the traditional-Chinese forms derived at build time.
 */
export function surfaceForms(lexicon: LexiconForms): SurfaceForm[] {
  const out: SurfaceForm[] = [];
  for (const c of lexicon.concepts) {
    const seen = new Set<string>();
    const derived = lexicon.forms(c.id);
    const notWithin = [...(c.notWithin ?? []), ...(derived?.traditionalNotWithin ?? [])];
    const add = (text: string, kind: SurfaceForm['kind']) => {
      const key = HAN.test(text) ? text : text.toLowerCase();
      if (!text.trim() || seen.has(key)) return;
      seen.add(key);
      const excluding = notWithin.filter((w) => w.includes(text));
      out.push({ text, conceptId: c.id, kind, ...(excluding.length > 0 && { notWithin: excluding }) });
    };
    add(c.term, 'term');
    for (const a of c.aliases) add(a, aliasFormKind(a, c.aliasKinds?.[a]));
    add(c.en, 'english');
    for (const t of derived?.traditional ?? []) add(t, 'traditional');
  }
  return out;
}

/** The matcher's kind for an alias: Latin forms are `english` whatever their lexicon kind; Chinese ones keep it. */
export function aliasFormKind(form: string, kind: AliasKind | undefined): FormKind {
  if (!HAN.test(form)) return 'english';
  return kind === undefined || kind === 'translation' ? 'synonym' : kind;
}

/** The matcher over a whole lexicon. */
export function createLexiconMatcher(lexicon: LexiconForms): ConceptMatcher {
  return new ConceptMatcher(surfaceForms(lexicon));
}
