import { contentKey } from '../contentKey';
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
  smallChars = 0;
  smallConverters = undefined;
  smallTries.clear();
  tries.clear();
  dictIds.clear();
  if (releaseTimer) clearTimeout(releaseTimer);
  releaseTimer = undefined;
}

function traditionalConverters(): Convert[] {
  if (releaseTimer) clearTimeout(releaseTimer);
  releaseTimer = setTimeout(releaseConverters, CONVERTER_IDLE_MS);
  releaseTimer.unref?.();
  return (converters ??= localeConverters(openccConverter));
}

/** The converters of {@link TRADITIONAL_LOCALES} over `make`, Taiwan phrases keeping {@link TWP_PHRASES_KEPT_LITERAL} literal. */
function localeConverters(make: (to: 'tw' | 'twp' | 'hk') => Convert): Convert[] {
  const literalTw = make('tw');
  const kept = new RegExp(`(${TWP_PHRASES_KEPT_LITERAL.join('|')})`);
  return TRADITIONAL_LOCALES.map((to) => {
    const convert = to === 'tw' ? literalTw : make(to);
    if (to !== 'twp') return convert;
    // split with a capturing group: odd pieces are the kept words.
    return (text: string) =>
      text
        .split(kept)
        .map((piece, i) => (i % 2 === 1 ? literalTw(piece) : convert(piece)))
        .join('');
  });
}

/**
 * How many characters a process converts through {@link smallConverter} before it builds the full
 * tries instead: a workspace lexicon of a few dozen terms never builds them (about 400 ms and 45 MB),
 * a lexicon of thousands builds them once.
 */
export const SMALL_CONVERSION_BUDGET = 400;
let smallChars = 0;
let smallConverters: Convert[] | undefined;

/** Which converters a process holds: none yet, only the small ones, or the full tries (tests, the bench). */
export function converterState(): 'none' | 'small' | 'full' {
  return converters ? 'full' : smallChars > 0 ? 'small' : 'none';
}

/** The converters for `chars` more characters: the small ones while the budget lasts, else the full tries. */
function convertersFor(chars: number): Convert[] {
  if (converters || smallChars + chars > SMALL_CONVERSION_BUDGET) return traditionalConverters();
  smallChars += chars;
  return (smallConverters ??= localeConverters(smallConverter));
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

/** One conversion step's dictionaries as opencc-js loads them: a group (the first dictionary wins), or one dictionary. */
interface Step {
  dicts: readonly DictLike[];
}
function configOf(to: 'tw' | 'twp' | 'hk'): { normalize: Step[]; segmentation?: Step; chain: Step[] } {
  const config = (opencc().Locale as unknown as { configs: Record<string, OpenccConfig> }).configs[`s2${to}`];
  const seg = config.segmentation;
  return {
    normalize: (config.normalizationChain ?? []).map((g) => ({ dicts: g })),
    // loadDict(d) is loadDictGroup([d]).
    ...(seg !== undefined && { segmentation: { dicts: Array.isArray(seg) && seg.every((d) => typeof d === 'string') ? (seg as readonly DictLike[]) : [seg as DictLike] } }),
    chain: config.conversionChain.map((g) => ({ dicts: g })),
  };
}

/** Tries of the entries of a step whose key uses only given characters, by step and characters (a few dozen at most). */
const smallTries = new Map<string, Trie>();
const SMALL_TRIES_MAX = 256;

/**
 * The trie of `dicts` cut down to the entries whose key is made only of the code points in `chars`.
 * On a text made of those code points it converts and segments exactly as the full trie: matching
 * walks the trie along the text, so a key holding any other code point is never reached. Entries are
 * added in the full trie's order (dictionaries last to first, each in file order), so the same entry
 * wins a duplicate key.
 */
function filteredTrie(dicts: readonly DictLike[], chars: ReadonlySet<string>): Trie {
  const ids = dicts.map((d) => dictIds.get(d) ?? (dictIds.set(d, dictIds.size), dictIds.size - 1)).join(',');
  const key = `${ids}\u0000${[...chars].sort().join('')}`;
  let t = smallTries.get(key);
  if (t) return t;
  t = new (opencc().Trie)();
  const fits = (k: string) => {
    for (const c of k) if (!chars.has(c)) return false;
    return true;
  };
  for (const d of [...dicts].reverse()) {
    if (typeof d !== 'string') {
      for (const [l, r] of d) if (fits(l)) t.addWord(l, r);
      continue;
    }
    // Entries are `key value|key value…`: an entry can match only if its key starts with one of `chars`.
    const found: [number, string, string][] = [];
    for (const c of chars) {
      for (let p = d.indexOf(c); p >= 0; p = d.indexOf(c, p + 1)) {
        if (p > 0 && d.charCodeAt(p - 1) !== 0x7c) continue;
        const end = d.indexOf('|', p);
        const [l, r] = d.slice(p, end < 0 ? undefined : end).split(' ');
        if (typeof r === 'string' && fits(l)) found.push([p, l, r]);
      }
    }
    found.sort((a, b) => a[0] - b[0]);
    for (const [, l, r] of found) t.addWord(l, r);
  }
  if (smallTries.size >= SMALL_TRIES_MAX) smallTries.clear();
  smallTries.set(key, t);
  return t;
}

const codePoints = (texts: readonly string[]): Set<string> => {
  const out = new Set<string>();
  for (const t of texts) for (const c of t) out.add(c);
  return out;
};

/**
 * {@link openccConverter} for a few short texts: each step's trie holds only the dictionary entries
 * the text can reach (found by scanning the dictionary strings), so converting a term costs
 * milliseconds instead of building the full tries. Same output (test/unit/derive.test.ts).
 */
export function smallConverter(to: 'tw' | 'twp' | 'hk'): Convert {
  const { normalize, segmentation, chain } = configOf(to);
  return (text: string) => {
    let s = text;
    for (const step of normalize) s = filteredTrie(step.dicts, codePoints([s])).convert(s);
    const segments = segmentation ? filteredTrie(segmentation.dicts, codePoints([s])).segment(s) : [s];
    return chain
      .reduce((parts, step) => {
        const t = filteredTrie(step.dicts, codePoints(parts));
        return parts.map((part) => t.convert(part));
      }, segments)
      .join('');
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
  const chars = forms.reduce((n, f) => n + (HAN.test(f) ? f.length : 0), 0);
  for (const form of forms) {
    if (!HAN.test(form)) continue;
    for (const convert of (convs ??= convertersFor(chars))) {
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
 * A persistent store of derived forms, injected by the host (the language server keeps one in its
 * cache folder: lsp/services/derivedFormsCache.ts), so a later process derives nothing for terms it
 * has seen. The core does no file I/O; `get` must be cheap and synchronous.
 */
export interface DerivedFormsStore {
  /** `key` is the exact JSON of `[term, aliases, notWithin]`; entries are valid for {@link DERIVATION_KEY} only. */
  get(key: string): unknown;
  set(key: string, forms: DerivedForms): void;
}
let store: DerivedFormsStore | undefined;

/** Sets (or with undefined, removes) the persistent store {@link runtimeConceptForms} reads and fills. */
export function useDerivedFormsStore(s: DerivedFormsStore | undefined): void {
  store = s;
}

/** The converters' exact versions (test/unit/derive.test.ts checks them against node_modules). */
export const DERIVED_WITH = 'opencc-js@1.4.2 pinyin-pro@3.29.4';
/**
 * What a stored entry is derived with: a change to the literal phrases, the pinyin overrides or the
 * converters' versions makes every stored entry miss.
 */
export const DERIVATION_KEY = contentKey(JSON.stringify([DERIVED_WITH, TRADITIONAL_LOCALES, TWP_PHRASES_KEPT_LITERAL, PINYIN_OVERRIDES]));

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
/** A stored value that has the shape of derived forms (a store is a file on disk: anything may be in it). */
export function isDerivedForms(v: unknown): v is DerivedForms {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return isStrings(f.traditional) && typeof f.pinyin === 'string' && typeof f.initials === 'string' && (f.traditionalNotWithin === undefined || isStrings(f.traditionalNotWithin));
}

/**
 * The derived forms of a concept of a user or workspace lexicon, computed at load time (the shipped
 * lexicon's come from server/data/generated/forms.json). Cached by the term, aliases and notWithin
 * words, so reloading an unchanged file derives nothing; then looked up in the persistent store if one
 * is set. The first derivation loads the converters.
 */
export function runtimeConceptForms(concept: Pick<Concept, 'term' | 'aliases' | 'notWithin'>): DerivedForms {
  const key = JSON.stringify([concept.term, concept.aliases, concept.notWithin ?? []]);
  const hit = runtimeCache.get(key);
  if (hit) return hit;
  const stored = store?.get(key);
  const forms = Object.freeze(isDerivedForms(stored) ? copyForms(stored) : deriveConceptForms(concept as Concept));
  if (store && !isDerivedForms(stored)) store.set(key, forms);
  if (runtimeCache.size >= RUNTIME_CACHE_MAX) runtimeCache.delete(runtimeCache.keys().next().value as string);
  runtimeCache.set(key, forms);
  return forms;
}

function copyForms(f: DerivedForms): DerivedForms {
  return {
    traditional: [...f.traditional],
    pinyin: f.pinyin,
    initials: f.initials,
    ...(f.traditionalNotWithin && { traditionalNotWithin: [...f.traditionalNotWithin] }),
  };
}

/** Forgets the in-memory cache of run-time forms (tests). */
export function clearRuntimeForms(): void {
  runtimeCache.clear();
}

/** How many concepts' forms are cached (for tests and the bench). */
export function runtimeFormsCacheSize(): number {
  return runtimeCache.size;
}
