/**
 * The concept lexicon's data shapes. The lexicon itself is data (server/data/lexicon.yaml, validated
 * against server/data/lexicon.schema.json); these types mirror that schema.
 */

/**
 * A category of the concept's source frame (the shipped paper's: foundation, technology, factors,
 * industries; another source's frame is data in its front matter), or `other`. Open: checked against
 * the frame when a lexicon is loaded (server/src/core/lexicon/layers.ts).
 */
export type CategoryId = string;

/** A path of the concept's source frame (the shipped paper's three paths of section 二, or another source's). */
export type PathId = string;

/**
 * The shipped paper's category and path ids, in frame order. The frame itself is data
 * (server/data/source/paper.source.yaml); a unit test keeps these equal to it. New code reads the
 * frame of the concept's source instead (`Engine.frame`).
 */
export const CATEGORY_IDS: readonly CategoryId[] = ['foundation', 'technology', 'factors', 'industries'];
export const PATH_IDS: readonly PathId[] = ['tech-breakthrough', 'data-integration', 'industry-cultivation'];

/** Which layer a lexicon belongs to; later layers win: workspace > user > shipped. */
export type LayerKind = 'shipped' | 'user' | 'workspace';

/** A problem found while loading a lexicon or source file, for diagnostics on that file. */
export interface LoadProblem {
  uri: string;
  /** 0-based lines, UTF-16 characters, end exclusive. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning';
  /** Stable machine code: `yaml-syntax`, `schema`, `form-conflict`, `unknown-source`, `unknown-anchor`, … */
  code: string;
  /** English. */
  message: string;
  /** 简体中文. */
  messageZh: string;
}

/**
 * How an alias relates to the concept's canonical term. Only a `synonym` is something the paper would
 * correct (颠覆性创新 → 颠覆式创新), so only synonyms are reported by the consistency check; the other
 * kinds are tagged as the concept and never rewritten.
 * - `synonym`: another wording of exactly this concept, which the paper words with its term.
 * - `abbreviation`: a short form (新要素, 卡脖子, TFP, 新基建).
 * - `official`: the wording national or official documents use for exactly this concept (量子科技,
 *   现代产业体系, 创新生态, “卡脖子”技术 with its quotation marks): a writer follows it, the paper words it differently.
 * - `alternative`: another wording of exactly this concept that is no mistake: the paper itself uses it
 *   too (头部企业 beside 龙头企业), or it is the term in another grammatical shape (科技成果的转化,
 *   优化经济结构), where the term would break the sentence.
 * - `translation`: an English name.
 * Broader, narrower or merely related terms are never aliases: they are concepts of their own (or absent).
 */
export type AliasKind = 'synonym' | 'abbreviation' | 'official' | 'alternative' | 'translation';

/** Every alias kind, in the order the lexicon lists them. */
export const ALIAS_KINDS: readonly AliasKind[] = ['synonym', 'abbreviation', 'official', 'alternative', 'translation'];

/** A paragraph anchor of the source paper, e.g. `s2-2-p3` (section 二, subsection （二）, third paragraph). */
export type Anchor = string;

export interface Concept {
  /** Stable ASCII slug, e.g. `data-elements`. */
  readonly id: string;
  /** Canonical simplified-Chinese term, e.g. 数据要素. */
  readonly term: string;
  /** English name, e.g. `data elements`. */
  readonly en: string;
  /**
   * Every alias form, in file order: Chinese variants and English aliases. Traditional forms are
   * derived, never listed. The lexicon file groups them by kind (see {@link aliasKinds}).
   */
  readonly aliases: readonly string[];
  /**
   * The kind of each alias form. Always set by the lexicon loader; absent only in concepts built in
   * code, whose Chinese aliases then count as synonyms and Latin ones as translations.
   */
  readonly aliasKinds?: Readonly<Record<string, AliasKind>>;
  /**
   * Longer words that contain one of the concept's forms but mean something else (高新技术 for 新技术,
   * 创新要素 for 新要素): an occurrence inside one of them is not tagged. Traditional forms are derived.
   */
  readonly notWithin?: readonly string[];
  readonly category: CategoryId;
  /** Which of the paper's three paths the concept serves (may be empty). */
  readonly paths: readonly PathId[];
  readonly broader: readonly string[];
  readonly related: readonly string[];
  /** The definition; in a user lexicon either language may be empty (`''`). */
  readonly definition: { readonly zh: string; readonly en: string };
  /**
   * Where a source treats the concept. Absent for a user concept that cites no source (its definition
   * is then the user's alone).
   */
  readonly source?: {
    /**
     * The id of the source (`zhu` for the shipped paper). Set on every concept an engine holds; absent
     * only in the shipped lexicon file itself (its source is implied) and in concepts built in code.
     */
    readonly id?: string;
    /** The paragraph that defines or first explains the concept. */
    readonly defines?: Anchor;
    /** Other paragraphs that discuss it. */
    readonly discusses: readonly Anchor[];
  };
  /** Where the concept came from: the lexicon file, its layer and the 0-based line of its `- id:` entry. */
  readonly origin?: { readonly uri: string; readonly kind: LayerKind; readonly line: number };
  /** prh-style example sentences: `tags` lists the forms that must be tagged in `text` (none: nothing may be). */
  readonly specs?: readonly { readonly text: string; readonly tags: readonly string[] }[];
}

/** Derived forms of one concept, computed at build time (opencc-js, pinyin-pro) into server/data/generated/forms.json. */
export interface DerivedForms {
  /** Traditional-Chinese forms of the term and every Chinese alias (only those that differ). */
  readonly traditional: readonly string[];
  /** Full pinyin of the term without tones, lower case, no spaces: `shujuyaosu`. */
  readonly pinyin: string;
  /** Pinyin initials of the term: `sjys`. */
  readonly initials: string;
  /** Traditional-Chinese forms of `notWithin` (only those that differ); absent when there are none. */
  readonly traditionalNotWithin?: readonly string[];
}
