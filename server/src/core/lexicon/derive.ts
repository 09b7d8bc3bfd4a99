import type { Concept, DerivedForms } from './types';
import { HAN_IDEOGRAPH as HAN } from '../han';

// opencc-js and pinyin-pro (2.7 MB bundled) are required on first use, not at import: a server that
// loads no user lexicon never evaluates them (esbuild keeps a lazy `require` lazy).
type OpenCCModule = typeof import('opencc-js/cn2t');
type PinyinModule = typeof import('pinyin-pro');
let openccModule: OpenCCModule | undefined;
let pinyinModule: PinyinModule | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const opencc = (): OpenCCModule => (openccModule ??= require('opencc-js/cn2t') as OpenCCModule);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pinyin: PinyinModule['pinyin'] = ((...args: Parameters<PinyinModule['pinyin']>) => (pinyinModule ??= require('pinyin-pro') as PinyinModule).pinyin(...args)) as PinyinModule['pinyin'];

/**
 * Build-time derivation of each concept's extra surface forms (traditional Chinese) and of its pinyin.
 * Run by scripts/generate.ts into server/data/generated/forms.json; never at run time, because building
 * the OpenCC converters alone takes about a second.
 */

/**
 * The traditional locales a reader may write in, in the order their forms are listed: Taiwan
 * characters, Taiwan characters and phrases (数据 → 資料), Hong Kong characters.
 */
const TRADITIONAL_LOCALES = ['tw', 'twp', 'hk'] as const;

/**
 * Words whose Taiwan phrase (twp) conversion comes from OpenCC's computing vocabulary and is wrong in
 * economics: 函数 → 函式 (a function in code, not 生产函数), 对象 → 物件 (劳动对象), 溢出 → 溢位
 * (arithmetic overflow, not 溢出效应), 优化 → 最佳化 (optimisation, not 结构优化). They are converted
 * character by character instead, as the `tw` locale does.
 */
export const TWP_PHRASES_KEPT_LITERAL: readonly string[] = ['函数', '对象', '溢出', '优化'];

type Convert = (text: string) => string;
let converters: Convert[] | undefined;
let releaseTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * How long the OpenCC tries (about 45 MB of heap) stay after their last use. Within it, saving a
 * lexicon again derives its new terms at once; after it, the memory goes back and the next derivation
 * rebuilds them (about half a second).
 */
export const CONVERTER_IDLE_MS = 120_000;

/** Drops the OpenCC tries now (tests, and hosts that know no lexicon edit is coming). */
export function releaseConverters(): void {
  converters = undefined;
  tries.clear();
  dictIds.clear();
  if (releaseTimer) clearTimeout(releaseTimer);
  releaseTimer = undefined;
}

function traditionalConverters(): Convert[] {
  if (releaseTimer) clearTimeout(releaseTimer);
  releaseTimer = setTimeout(releaseConverters, CONVERTER_IDLE_MS);
  releaseTimer.unref?.();
  if (converters) return converters;
  const literalTw = openccConverter('tw');
  const kept = new RegExp(`(${TWP_PHRASES_KEPT_LITERAL.join('|')})`);
  return (converters = TRADITIONAL_LOCALES.map((to) => {
    const convert = to === 'tw' ? literalTw : openccConverter(to);
    if (to !== 'twp') return convert;
    // split with a capturing group: odd pieces are the kept words.
    return (text: string) =>
      text
        .split(kept)
        .map((piece, i) => (i % 2 === 1 ? literalTw(piece) : convert(piece)))
        .join('');
  }));
}

type DictLike = string | readonly (readonly [string, string])[];
type Trie = InstanceType<OpenCCModule['Trie']>;
interface OpenccConfig {
  normalizationChain?: readonly (readonly DictLike[])[];
  segmentation?: DictLike | readonly DictLike[];
  conversionChain: readonly (readonly DictLike[])[];
}

/** Tries built from OpenCC's dictionaries, shared between the locales (the cn→t tries are most of the cost). */
const tries = new Map<string, Trie>();
const dictIds = new Map<DictLike, number>();
function trieOf(dicts: readonly DictLike[], load: (t: Trie) => void): Trie {
  const key = dicts.map((d) => dictIds.get(d) ?? (dictIds.set(d, dictIds.size), dictIds.size - 1)).join(',');
  let t = tries.get(key);
  if (!t) {
    t = new (opencc().Trie)();
    load(t);
    tries.set(key, t);
  }
  return t;
}

/**
 * `OpenCC.Converter({ from: 'cn', to })`, step for step (normalisation, segmentation, the conversion
 * chain: opencc-js's ConverterBuilder for a locale config), but with each dictionary's trie built once
 * for all three locales instead of once per converter: the cold start of run-time derivation drops from
 * about four trie sets to two. test/unit/layers.test.ts checks it against OpenCC.Converter.
 */
export function openccConverter(to: 'tw' | 'twp' | 'hk'): Convert {
  const config = (opencc().Locale as unknown as { configs: Record<string, OpenccConfig> }).configs[`s2${to}`];
  const normalize = (config.normalizationChain ?? []).map((g) => trieOf(g, (t) => t.loadDictGroup(g)));
  const seg = config.segmentation;
  const segmentation =
    seg === undefined
      ? undefined
      : Array.isArray(seg) && seg.every((d) => typeof d === 'string')
        ? trieOf(seg as readonly DictLike[], (t) => t.loadDictGroup(seg as readonly DictLike[]))
        : trieOf([seg as DictLike], (t) => t.loadDict(seg as DictLike));
  const chain = config.conversionChain.map((g) => trieOf(g, (t) => t.loadDictGroup(g)));
  return (text: string) => {
    let s = text;
    for (const t of normalize) s = t.convert(s);
    const segments = segmentation ? segmentation.segment(s) : [s];
    return chain.reduce((parts, t) => parts.map((part) => t.convert(part)), segments).join('');
  };
}

/**
 * Readings pinyin-pro gets wrong in this domain (its heteronym choice lacks the context). Keyed by
 * the simplified word; one syllable per character, no tones.
 */
export const PINYIN_OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  卡脖子: ['ka', 'bo', 'zi'],
  重构: ['chong', 'gou'],
  重塑: ['chong', 'su'],
  重组: ['chong', 'zu'],
};

/** The distinct traditional renderings of `forms` (Chinese ones only) that differ from every form given. */
export function traditionalForms(forms: readonly string[]): string[] {
  const given = new Set(forms);
  const out = new Set<string>();
  let convs: Convert[] | undefined;
  for (const form of forms) {
    if (!HAN.test(form)) continue;
    for (const convert of (convs ??= traditionalConverters())) {
      const t = convert(form);
      if (!given.has(t)) out.add(t);
    }
  }
  return [...out];
}

/** Toneless pinyin syllables of `text`, one entry per code point (non-Chinese characters as they are). */
function syllables(text: string, pattern: 'pinyin' | 'first'): string[] {
  const out = pinyin(text, { toneType: 'none', type: 'array', pattern });
  const chars = [...text];
  if (out.length !== chars.length) return out; // not per character: leave overrides out rather than misalign
  for (const [word, reading] of Object.entries(PINYIN_OVERRIDES)) {
    const wordChars = [...word];
    for (let i = 0; i + wordChars.length <= chars.length; i++) {
      if (wordChars.every((c, k) => chars[i + k] === c)) {
        reading.forEach((s, k) => (out[i + k] = pattern === 'first' ? s[0] : s));
      }
    }
  }
  return out;
}

/** `['lü', 'se']` → `lvse`: lower case, ü as v, letters only. */
function letters(parts: readonly string[]): string {
  return parts
    .join('')
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z]/g, '');
}

/** The derived forms of one concept. */
export function deriveConceptForms(concept: Concept): DerivedForms {
  const notWithin = traditionalForms(concept.notWithin ?? []);
  return {
    traditional: traditionalForms([concept.term, ...concept.aliases]),
    pinyin: letters(syllables(concept.term, 'pinyin')),
    initials: letters(syllables(concept.term, 'first')),
    ...(notWithin.length > 0 && { traditionalNotWithin: notWithin }),
  };
}

/**
 * The derived forms of every concept, keyed by id in sorted order (so the generated file is
 * deterministic and diffs stay small). Pure: same concepts, same result.
 */
export function deriveForms(concepts: readonly Concept[]): Record<string, DerivedForms> {
  const out: Record<string, DerivedForms> = {};
  for (const c of [...concepts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    out[c.id] = deriveConceptForms(c);
  }
  return out;
}

/** The exact text of server/data/generated/forms.json for `forms`: sorted keys, two-space indent, final newline. */
export function serializeForms(forms: Readonly<Record<string, DerivedForms>>): string {
  const sorted: Record<string, DerivedForms> = {};
  for (const id of Object.keys(forms).sort()) {
    const f = forms[id];
    // Keys of each entry in alphabetical order too.
    sorted[id] = {
      initials: f.initials,
      pinyin: f.pinyin,
      traditional: f.traditional,
      ...(f.traditionalNotWithin && { traditionalNotWithin: f.traditionalNotWithin }),
    };
  }
  return JSON.stringify(sorted, null, 2) + '\n';
}

/** Derived forms of concepts of non-shipped lexicons, keyed by the content they are derived from. */
const runtimeCache = new Map<string, DerivedForms>();
/** Bounds the cache: a lexicon of 10,000 terms reloaded with every term edited still fits. */
const RUNTIME_CACHE_MAX = 50_000;

/**
 * The derived forms of a concept of a user or workspace lexicon, computed at load time (the shipped
 * lexicon's come from server/data/generated/forms.json). Cached by the term, aliases and notWithin
 * words, so reloading an unchanged file derives nothing. The first call builds the OpenCC converters.
 */
export function runtimeConceptForms(concept: Pick<Concept, 'term' | 'aliases' | 'notWithin'>): DerivedForms {
  const key = JSON.stringify([concept.term, concept.aliases, concept.notWithin ?? []]);
  const hit = runtimeCache.get(key);
  if (hit) return hit;
  const forms = Object.freeze(deriveConceptForms(concept as Concept));
  if (runtimeCache.size >= RUNTIME_CACHE_MAX) runtimeCache.delete(runtimeCache.keys().next().value as string);
  runtimeCache.set(key, forms);
  return forms;
}

/** How many concepts' forms are cached (for tests and the bench). */
export function runtimeFormsCacheSize(): number {
  return runtimeCache.size;
}
