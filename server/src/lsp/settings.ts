import type { CategoryId } from '../core/lexicon/types';
import { DEFAULT_LIMITS } from '../core/limits';

/** Every setting under `policyLens.`, with its default. Read per resource; never kept in globals. */
export interface Settings {
  /** Categories to tag; an occurrence of a concept outside them is not shown. */
  categories: CategoryId[];
  codeLens: { enabled: boolean };
  /** Concepts not to tag (ids, terms or any surface form): no hover, token, lens count, diagnostic or symbol. */
  concepts: { exclude: string[] };
  /** Lexicon files (YAML) merged over the shipped one; relative paths are read from the workspace folder. */
  lexicons: string[];
  /** Source texts (Markdown with front matter) lexicons may cite; relative paths are read from the workspace folder. */
  sources: string[];
  /**
   * How the outline shows concepts: `concepts` adds only concept symbols under the headings VS Code's own
   * Markdown outline already shows (merged by VS Code); `full` adds our own heading tree too (for
   * editors without a Markdown server); `off` contributes nothing.
   */
  outline: { mode: 'concepts' | 'full' | 'off' };
  /**
   * `level`: how variants of a canonical term are reported. `fixOnSave`: whether a `source.fixAll`
   * action is offered, which editors apply on save when asked to (VS Code's editor.codeActionsOnSave);
   * off by default, so no text changes unless the writer chose it.
   */
  consistency: { level: 'off' | 'hint' | 'information' | 'warning'; fixOnSave: boolean };
  /** Files larger than this many characters are skipped with a message. */
  maxFileSize: number;
  /** How much of a workspace is indexed, and how deep Markdown is read (cspell's model: explicit limits with sane defaults). */
  limits: {
    /** Markdown files indexed per workspace folder; the rest are left out with a message. */
    maxFiles: number;
    /** Files on disk larger than this many bytes (UTF-8) are not indexed (they are still annotated when opened). */
    indexMaxFileSize: number;
    /** Markdown nested deeper than this is read as plain text past that depth (core/limits.ts). */
    nestingDepth: number;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  categories: ['foundation', 'technology', 'factors', 'industries'],
  codeLens: { enabled: true },
  concepts: { exclude: [] },
  lexicons: [],
  sources: [],
  outline: { mode: 'full' },
  consistency: { level: 'hint', fixOnSave: false },
  maxFileSize: DEFAULT_LIMITS.maxFileSize,
  limits: { maxFiles: 5000, indexMaxFileSize: 30_000_000, nestingDepth: DEFAULT_LIMITS.nestingDepth },
};

/** Merges what the client sent over the defaults, ignoring values of the wrong type. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const cats = Array.isArray(r.categories) ? r.categories.filter((c): c is CategoryId => DEFAULT_SETTINGS.categories.includes(c as CategoryId)) : DEFAULT_SETTINGS.categories;
  const mode = obj(r.outline).mode;
  const level = obj(r.consistency).level;
  const fixOnSave = obj(r.consistency).fixOnSave;
  const enabled = obj(r.codeLens).enabled;
  const max = r.maxFileSize;
  const limits = obj(r.limits);
  const positive = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.floor(v) : d);
  const exclude = obj(r.concepts).exclude;
  const paths = (v: unknown, d: string[]) => (Array.isArray(v) ? v.filter((n): n is string => typeof n === 'string' && n.trim() !== '') : d);
  return {
    categories: cats,
    codeLens: { enabled: typeof enabled === 'boolean' ? enabled : DEFAULT_SETTINGS.codeLens.enabled },
    concepts: { exclude: Array.isArray(exclude) ? exclude.filter((n): n is string => typeof n === 'string' && n.trim() !== '') : DEFAULT_SETTINGS.concepts.exclude },
    lexicons: paths(r.lexicons, DEFAULT_SETTINGS.lexicons),
    sources: paths(r.sources, DEFAULT_SETTINGS.sources),
    outline: { mode: mode === 'concepts' || mode === 'full' || mode === 'off' ? mode : DEFAULT_SETTINGS.outline.mode },
    consistency: {
      level: level === 'off' || level === 'hint' || level === 'information' || level === 'warning' ? level : DEFAULT_SETTINGS.consistency.level,
      fixOnSave: typeof fixOnSave === 'boolean' ? fixOnSave : DEFAULT_SETTINGS.consistency.fixOnSave,
    },
    maxFileSize: typeof max === 'number' && max > 0 ? max : DEFAULT_SETTINGS.maxFileSize,
    limits: {
      maxFiles: positive(limits.maxFiles, DEFAULT_SETTINGS.limits.maxFiles),
      indexMaxFileSize: positive(limits.indexMaxFileSize, DEFAULT_SETTINGS.limits.indexMaxFileSize),
      nestingDepth: typeof limits.nestingDepth === 'number' && Number.isInteger(limits.nestingDepth) && limits.nestingDepth >= 1 ? limits.nestingDepth : DEFAULT_SETTINGS.limits.nestingDepth,
    },
  };
}
