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

/** A paragraph anchor of the source paper, e.g. `s2-2-p3` (section 二, subsection （二）, third paragraph). */
export type Anchor = string;

export interface Concept {
  /** Stable ASCII slug, e.g. `data-elements`. */
  readonly id: string;
  /** Canonical simplified-Chinese term, e.g. 数据要素. */
  readonly term: string;
  /** English name, e.g. `data elements`. */
  readonly en: string;
  /** Variant surface forms: Chinese variants and English aliases. Traditional forms are derived, never listed. */
  readonly aliases: readonly string[];
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
