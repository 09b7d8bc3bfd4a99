/**
 * Generates the TextMate injection grammar `syntaxes/policy-lens.injection.tmLanguage.json` from the
 * lexicon: one pattern per category, matching every surface form the server's matcher knows (term,
 * aliases, English name, build-time traditional forms).
 *
 *   npx tsx scripts/grammar.ts           rewrite the grammar
 *   npx tsx scripts/grammar.ts --check   write nothing; exit 1 when the committed grammar is stale
 *
 * The grammar only gives the concepts scopes (`meta.concept.<category>.policy-lens`) that themes do
 * not colour; the semantic tokens from the server carry the colours (see `semanticTokenScopes` in
 * package.json), so turning highlighting off in the client really turns it off. Not `entity.name.*`:
 * themes colour that prefix (the default 2026 themes paint every `entity.name` one colour), which would
 * give all four categories the same colour and keep them coloured with highlighting off. The grammar
 * is what "Inspect Editor Tokens" and `editor.tokenColorCustomizations` rules see (a `meta.concept`
 * rule colours every concept), and it works where the server does not run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Concept, CategoryId, DerivedForms } from '../server/src/core/lexicon/types';
import { CATEGORY_IDS } from '../server/src/core/lexicon/types';
import { surfaceForms } from '../server/src/core/match/forms';
import { loadLexicon } from '../server/src/core/lexicon/load';

/** Where the grammar is written, relative to the repository root. */
export const GRAMMAR_PATH = 'syntaxes/policy-lens.injection.tmLanguage.json';

/** The injection grammar's own scope name (package.json `contributes.grammars[].scopeName`). */
export const GRAMMAR_SCOPE = 'markdown.policy-lens.injection';

/**
 * Where concepts are tagged: Markdown prose, not code (fenced, indented, inline), HTML comments,
 * embedded blocks (front matter, math, HTML) or link targets. Same spirit as the server's prose filter.
 */
export const INJECTION_SELECTOR =
  'L:text.html.markdown -markup.fenced_code -markup.raw -markup.inline.raw -comment -meta.embedded -markup.underline.link -meta.link.inline.markdown -meta.link.reference.def.markdown';

/**
 * The scope of each category's occurrences; package.json maps the semantic token types to these.
 * A theme rule for `meta.concept` matches all four.
 */
export function categoryScope(category: CategoryId): string {
  return `meta.concept.${category}.policy-lens`;
}

/** ASCII letters, digits and `_`: the server's matcher keeps Latin forms from touching these. */
const WORD = '[A-Za-z0-9_]';
/** Not Latin: the same test as the matcher's (CJK, CJK punctuation, full-width forms). */
const NOT_LATIN = /[\u2E80-\u9FFF\uF900-\uFAFF\u3000-\u303F\uFF00-\uFFEF]/;

/** Escapes a literal for both Oniguruma (VS Code) and JavaScript regular expressions. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

interface Form {
  readonly text: string;
  readonly category: CategoryId;
  readonly latin: boolean;
}

/**
 * The grammar for a lexicon: one `match` pattern per category, alternatives longest first.
 * `forms` gives each concept's build-time derived forms (only `traditional` is used).
 *
 * TextMate tries every pattern at each position and, for patterns starting at the same place, takes
 * the first in the list, not the longest. So that the longest form wins across categories too (the
 * matcher's leftmost-longest rule), a form that is a proper prefix of a longer form of another
 * category gets a negative lookahead for the rest of that longer form.
 *
 * Latin forms are case-insensitive (the whole pattern is `(?i)`, which leaves Chinese unchanged) and
 * match on ASCII word boundaries written as lookarounds, not `\b`: Oniguruma's `\b` is Unicode-aware,
 * so it would refuse `data elements` right before a Chinese character, which the matcher accepts.
 */
export function generateGrammar(
  concepts: readonly Concept[],
  forms: Readonly<Record<string, Pick<DerivedForms, 'traditional'> | undefined>>,
): object {
  const all = surfaceForms({
    concepts,
    forms: (id) => {
      const f = Object.hasOwn(forms, id) ? forms[id] : undefined;
      return f ? { traditional: f.traditional, pinyin: '', initials: '' } : undefined;
    },
  });
  const byId = new Map(concepts.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const list: Form[] = [];
  for (const f of all) {
    const text = f.text.trim().replace(/\s+/g, ' ');
    const latin = !NOT_LATIN.test(text);
    const key = latin ? text.toLowerCase() : text;
    if (!text || seen.has(key)) continue;
    seen.add(key);
    list.push({ text, category: byId.get(f.conceptId)!.category, latin });
  }

  const repository: Record<string, { match: string; name: string }> = {};
  const patterns: { include: string }[] = [];
  for (const category of CATEGORY_IDS) {
    const own = list.filter((f) => f.category === category).sort(longestFirst);
    if (!own.length) continue;
    // Latin forms that start and end with a word character share one pair of boundary lookarounds.
    // Grouping never changes which form wins: a Latin and a Chinese form cannot match at the same place.
    const bounded = own.filter((f) => f.latin && /^[A-Za-z0-9_]/.test(f.text) && /[A-Za-z0-9_]$/.test(f.text));
    const rest = own.filter((f) => !bounded.includes(f));
    const alternatives = rest.map((f) => alternative(f, list));
    if (bounded.length) alternatives.unshift(`(?<!${WORD})(?:${bounded.map((f) => lookaheads(f, list, escapeRegExp(f.text))).join('|')})(?!${WORD})`);
    repository[category] = {
      match: `(?i)(?:${alternatives.join('|')})`,
      name: categoryScope(category),
    };
    patterns.push({ include: `#${category}` });
  }
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    information_for_contributors: ['Generated by scripts/grammar.ts from server/data/lexicon.yaml. Do not edit; run `npx tsx scripts/grammar.ts`.'],
    name: 'Policy Lens concepts',
    scopeName: GRAMMAR_SCOPE,
    injectionSelector: INJECTION_SELECTOR,
    patterns,
    repository,
  };
}

/** Longer forms first; ties in code-point order, so the output is stable. */
function longestFirst(a: Form, b: Form): number {
  return b.text.length - a.text.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}

/** A Latin form's text must not run on into a word character; `(?![A-Za-z0-9_])` after it says so. */
function tail(f: Form, text: string): string {
  return f.latin && /[A-Za-z0-9_]$/.test(text) ? `${escapeRegExp(text)}(?!${WORD})` : escapeRegExp(text);
}

/** One form as a regex alternative, with its word-boundary lookarounds when it is Latin. */
function alternative(f: Form, all: readonly Form[]): string {
  let re = escapeRegExp(f.text);
  if (f.latin && /^[A-Za-z0-9_]/.test(f.text)) re = `(?<!${WORD})${re}`;
  if (f.latin && /[A-Za-z0-9_]$/.test(f.text)) re = `${re}(?!${WORD})`;
  return lookaheads(f, all, re);
}

/** Appends a negative lookahead for the rest of every longer form of another category that starts with `f`. */
function lookaheads(f: Form, all: readonly Form[], re: string): string {
  const key = (text: string) => (f.latin ? text.toLowerCase() : text);
  const rests = all
    .filter((g) => g.category !== f.category && g.latin === f.latin && g.text.length > f.text.length && key(g.text).startsWith(key(f.text)))
    .sort(longestFirst)
    .map((g) => tail(g, g.text.slice(f.text.length)));
  return rests.length ? `${re}(?!${rests.join('|')})` : re;
}

/** The grammar file's exact text: two-space JSON and a final newline. */
export function serializeGrammar(grammar: object): string {
  return JSON.stringify(grammar, null, 2) + '\n';
}

/**
 * The grammar file's text for a lexicon. For scripts/generate.ts, which derives the forms in the same
 * run: `{ path: join(root, GRAMMAR_PATH), content: grammarFileText(lexicon.concepts, deriveForms(lexicon.concepts)) }`.
 */
export function grammarFileText(
  concepts: readonly Concept[],
  forms: Readonly<Record<string, Pick<DerivedForms, 'traditional'> | undefined>>,
): string {
  return serializeGrammar(generateGrammar(concepts, forms));
}

/** The grammar for the shipped lexicon and its generated forms (server/data/generated/forms.json). */
export function shippedGrammarText(): string {
  const lexicon = loadLexicon();
  const forms: Record<string, Pick<DerivedForms, 'traditional'> | undefined> = {};
  for (const c of lexicon.concepts) forms[c.id] = lexicon.forms(c.id);
  return grammarFileText(lexicon.concepts, forms);
}

function main(): number {
  const root = join(__dirname, '..');
  const file = join(root, GRAMMAR_PATH);
  const shown = relative(process.cwd(), file);
  const text = shippedGrammarText();
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (process.argv.includes('--check')) {
    if (current === text) {
      console.log(`${shown} is up to date`);
      return 0;
    }
    console.error(`${shown} is ${current === undefined ? 'missing' : 'stale'}. Run \`npx tsx scripts/grammar.ts\` and commit the result.`);
    return 1;
  }
  if (current === text) {
    console.log(`${shown} is up to date`);
    return 0;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${shown}`);
  return 0;
}

if (require.main === module) process.exitCode = main();
