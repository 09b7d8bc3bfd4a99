/**
 * The concept lexicon's data shapes. The lexicon itself is data (server/data/lexicon.yaml, validated
 * against server/data/lexicon.schema.json); these types mirror that schema.
 */

/** The paper's own frame: its foundations, and its three pillars — new technology, new factors, new industries. */
export type CategoryId = 'foundation' | 'technology' | 'factors' | 'industries';

/** The paper's three paths (section 二): 关键核心技术攻坚 / 数据要素融合渗透 / 培育战略性新兴产业和未来产业. */
export type PathId = 'tech-breakthrough' | 'data-integration' | 'industry-cultivation';

export const CATEGORY_IDS: readonly CategoryId[] = ['foundation', 'technology', 'factors', 'industries'];
export const PATH_IDS: readonly PathId[] = ['tech-breakthrough', 'data-integration', 'industry-cultivation'];

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
  readonly definition: { readonly zh: string; readonly en: string };
  readonly source: {
    /** The paragraph that defines or first explains the concept. */
    readonly defines: Anchor;
    /** Other paragraphs that discuss it. */
    readonly discusses: readonly Anchor[];
  };
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
