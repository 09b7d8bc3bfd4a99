import type { Concept, CategoryId } from '../../server/src/core/lexicon/types';
import { ConceptMatcher, type SurfaceForm } from '../../server/src/core/match/matcher';
import { ConceptDocument, type AnnotationEngine } from '../../server/src/core/document';

/** A small inline lexicon for tests that must not depend on the shipped data. */
export function testConcept(id: string, term: string, category: CategoryId = 'factors', en = id.replace(/-/g, ' ')): Concept {
  return {
    id, term, en, aliases: [], category, paths: [], broader: [], related: [],
    definition: { zh: `${term}的定义。`, en: `Definition of ${en}.` },
    source: { defines: 's0-p1', discusses: [] },
  };
}

export function testEngine(spec: Record<string, { term: string; aliases?: string[]; en?: string; category?: CategoryId }>): AnnotationEngine {
  const concepts = new Map<string, Concept>();
  const forms: SurfaceForm[] = [];
  for (const [id, s] of Object.entries(spec)) {
    const c = { ...testConcept(id, s.term, s.category, s.en), aliases: s.aliases ?? [] };
    concepts.set(id, c);
    forms.push({ text: c.term, conceptId: id, kind: 'term' });
    for (const a of c.aliases) forms.push({ text: a, conceptId: id, kind: /\p{Script=Han}/u.test(a) ? 'synonym' : 'english' });
    forms.push({ text: c.en, conceptId: id, kind: 'english' });
  }
  return { matcher: new ConceptMatcher(forms), concept: (id) => concepts.get(id) };
}

export const engine = testEngine({
  'data-elements': { term: '数据要素', en: 'data elements' },
  'npf': { term: '新质生产力', en: 'new quality productive forces', category: 'foundation' },
  'disruptive': { term: '颠覆式创新', aliases: ['颠覆性创新', '颠覆性技术创新'], en: 'disruptive innovation', category: 'technology' },
  'industrial-digitalization': { term: '产业数字化', en: 'industrial digitalization' },
});

/** Occurrences as `text@line:char` strings, the way a user sees them. */
export function tags(text: string): string[] {
  const doc = new ConceptDocument(text, engine);
  return doc.occurrences.map((o) => {
    const r = doc.rangeOf(o);
    return `${text.slice(o.start, o.end)}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}=${o.concept.id}`;
  });
}
