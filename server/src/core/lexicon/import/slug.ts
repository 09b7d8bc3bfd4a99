import { hasHan } from '../../han';
// pinyin-pro is required on first use, not at import (as derive.ts does): the CLI and the server load this
// file at start-up, and most runs never make a slug.
type PinyinModule = typeof import('pinyin-pro');
let pinyinModule: PinyinModule | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pinyin: PinyinModule['pinyin'] = ((...args: Parameters<PinyinModule['pinyin']>) => (pinyinModule ??= require('pinyin-pro') as PinyinModule).pinyin(...args)) as PinyinModule['pinyin'];

/** What the lexicon schema accepts as a concept id: lower-case ASCII words joined by single hyphens. */
export const CONCEPT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Whether a text has at least one Chinese character (a policy-lens term must). */
export { hasHan };

/**
 * A stable ASCII slug for a term: an English name as its lower-case words (`industrial clusters` →
 * `industrial-clusters`), a Chinese term as its toneless pinyin syllables (产业集群 → `chan-ye-ji-qun`).
 * Letters and digits in a Chinese term are kept; everything else separates words. Never empty: a
 * term with nothing to spell gets `concept`.
 */
export function slugOf(text: string): string {
  const words = hasHan(text) ? pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }) : [text];
  const slug = words
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents of Latin letters
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'concept';
}

/**
 * A slug for `text` that is not in `taken` (`chan-ye-ji-qun`, then `chan-ye-ji-qun-2`, …); the caller
 * adds it to `taken` when it uses it.
 */
export function uniqueSlug(text: string, taken: ReadonlySet<string> | ((id: string) => boolean), preferred?: string): string {
  const isTaken = typeof taken === 'function' ? taken : (id: string) => taken.has(id);
  const base = preferred && CONCEPT_ID.test(preferred) ? preferred : slugOf(text);
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) if (!isTaken(`${base}-${n}`)) return `${base}-${n}`;
}
