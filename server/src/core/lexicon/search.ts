import type { Concept, DerivedForms } from './types';
import { hasHan } from '../han';

/** Lower-cased, with spaces, hyphens and apostrophes removed: `new-quality Productive` → `newqualityproductive`. */
function squash(s: string): string {
  return s.toLowerCase().replace(/[\s\-'’_]+/g, '');
}

/**
 * Whether a search query finds a concept: a substring of the term, an alias, a traditional form, or
 * the English name; or a prefix of its full pinyin or pinyin initials (`sjys`, `shuju` → 数据要素).
 * An empty query finds every concept.
 */
export function conceptMatchesQuery(c: Concept, forms: DerivedForms | undefined, query: string): boolean {
  const q = query.trim();
  if (!q) return true;
  const sq = squash(q);
  const texts = [c.term, c.en, ...c.aliases, ...(forms?.traditional ?? [])];
  if (texts.some((t) => squash(t).includes(sq))) return true;
  if (forms && /^[a-z]+$/i.test(sq)) {
    if (forms.pinyin.startsWith(sq) || forms.initials.startsWith(sq)) return true;
  }
  return false;
}

/** How well a typed word completes to a concept (lower is better), or undefined when it doesn't. */
export function completionRank(c: Concept, forms: DerivedForms | undefined, word: string): number | undefined {
  const w = word.toLowerCase();
  if (!w) return undefined;
  if (forms?.initials === w) return 0;
  if (forms?.initials.startsWith(w)) return 1;
  if (forms?.pinyin.startsWith(w)) return 2;
  if (squash(c.en).startsWith(w)) return 3;
  if (c.aliases.some((a) => !hasHan(a) && squash(a).startsWith(w))) return 4;
  return undefined;
}
