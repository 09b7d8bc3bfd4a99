import type { CategoryId } from '../core/lexicon/types';

/** Every setting under `policyLens.`, with its default. Read per resource; never kept in globals. */
export interface Settings {
  /** Categories to tag; an occurrence of a concept outside them is not shown. */
  categories: CategoryId[];
  codeLens: { enabled: boolean };
  /** Concepts not to tag (ids, terms or any surface form): no hover, token, lens count, diagnostic or symbol. */
  concepts: { exclude: string[] };
  /**
   * How the outline shows concepts: `concepts` adds only concept symbols under the headings VS Code's own
   * Markdown outline already shows (merged by VS Code); `full` adds our own heading tree too (for
   * editors without a Markdown server); `off` contributes nothing.
   */
  outline: { mode: 'concepts' | 'full' | 'off' };
  consistency: { level: 'off' | 'hint' | 'information' | 'warning' };
  /** Files larger than this many characters are skipped with a message. */
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: Settings = {
  categories: ['foundation', 'technology', 'factors', 'industries'],
  codeLens: { enabled: true },
  concepts: { exclude: [] },
  outline: { mode: 'full' },
  consistency: { level: 'hint' },
  maxFileSize: 10_000_000,
};

/** Merges what the client sent over the defaults, ignoring values of the wrong type. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const cats = Array.isArray(r.categories) ? r.categories.filter((c): c is CategoryId => DEFAULT_SETTINGS.categories.includes(c as CategoryId)) : DEFAULT_SETTINGS.categories;
  const mode = obj(r.outline).mode;
  const level = obj(r.consistency).level;
  const enabled = obj(r.codeLens).enabled;
  const max = r.maxFileSize;
  const exclude = obj(r.concepts).exclude;
  return {
    categories: cats,
    codeLens: { enabled: typeof enabled === 'boolean' ? enabled : DEFAULT_SETTINGS.codeLens.enabled },
    concepts: { exclude: Array.isArray(exclude) ? exclude.filter((n): n is string => typeof n === 'string' && n.trim() !== '') : DEFAULT_SETTINGS.concepts.exclude },
    outline: { mode: mode === 'concepts' || mode === 'full' || mode === 'off' ? mode : DEFAULT_SETTINGS.outline.mode },
    consistency: { level: level === 'off' || level === 'hint' || level === 'information' || level === 'warning' ? level : DEFAULT_SETTINGS.consistency.level },
    maxFileSize: typeof max === 'number' && max > 0 ? max : DEFAULT_SETTINGS.maxFileSize,
  };
}
