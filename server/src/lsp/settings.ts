import type { CategoryId } from '../core/lexicon/types';
import { DEFAULT_LIMITS } from '../core/limits';

/** Every setting under `policyLens.`, with its default. Read per resource; never kept in globals. */
export interface Settings {
  /** Categories to tag; an occurrence of a concept outside them is not shown. */
  categories: CategoryId[];
  codeLens: { enabled: boolean };
  /**
   * How the outline shows concepts: `concepts` adds only concept symbols under the headings VS Code's own
   * Markdown outline already shows (merged by VS Code); `full` adds our own heading tree too (for
   * editors without a Markdown server); `off` contributes nothing.
   */
  outline: { mode: 'concepts' | 'full' | 'off' };
  consistency: { level: 'off' | 'hint' | 'information' | 'warning' };
  /** Files larger than this many characters are skipped with a message. */
  maxFileSize: number;
  /** Markdown nested deeper than this is read as plain text past that depth (core/limits.ts). */
  limits: { nestingDepth: number };
}

export const DEFAULT_SETTINGS: Settings = {
  categories: ['foundation', 'technology', 'factors', 'industries'],
  codeLens: { enabled: true },
  outline: { mode: 'full' },
  consistency: { level: 'hint' },
  maxFileSize: DEFAULT_LIMITS.maxFileSize,
  limits: { nestingDepth: DEFAULT_LIMITS.nestingDepth },
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
  const depth = obj(r.limits).nestingDepth;
  return {
    categories: cats,
    codeLens: { enabled: typeof enabled === 'boolean' ? enabled : DEFAULT_SETTINGS.codeLens.enabled },
    outline: { mode: mode === 'concepts' || mode === 'full' || mode === 'off' ? mode : DEFAULT_SETTINGS.outline.mode },
    consistency: { level: level === 'off' || level === 'hint' || level === 'information' || level === 'warning' ? level : DEFAULT_SETTINGS.consistency.level },
    maxFileSize: typeof max === 'number' && max > 0 ? max : DEFAULT_SETTINGS.maxFileSize,
    limits: { nestingDepth: typeof depth === 'number' && Number.isInteger(depth) && depth >= 1 ? depth : DEFAULT_SETTINGS.limits.nestingDepth },
  };
}
