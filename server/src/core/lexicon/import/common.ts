/**
 * What every importer produces (a list of concepts in the user-lexicon shape, with the comments that
 * say where each came from, and the problems found on the way), and the one writer that turns it into
 * a policy-lens lexicon YAML file.
 */
import { Document, isMap, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { join, relative, sep } from 'node:path';
import { URI } from 'vscode-uri';
import { dataDir } from '../../dataPath';
import { ALIAS_KINDS, type AliasKind } from '../types';
import { hasHan, uniqueSlug } from './slug';

export type ImportFormat = 'prh' | 'contextive' | 'cntext';

/** A concept as an importer read it, before ids are given and forms are checked across the file. */
export interface ImportedConcept {
  readonly term: string;
  readonly en?: string;
  readonly aliases: Partial<Record<AliasKind, string[]>>;
  readonly definition?: { readonly zh?: string; readonly en?: string };
  readonly specs?: readonly { readonly text: string; readonly tags: readonly string[] }[];
  /** Comment lines written above the entry (without `#`): where it came from, what was left out. */
  readonly comments: readonly string[];
  /** An id to use when free (an English name's slug); otherwise the term's pinyin. */
  readonly idHint?: string;
  /** Where the entry starts in the input (1-based), for problems found later. */
  readonly line: number;
  readonly column: number;
}

/** Something of the input that was not imported, or not as written. `line`/`column` are 1-based (UTF-16 columns). */
export interface ImportProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ImportResult {
  readonly format: ImportFormat;
  /** Comment lines for the top of the file (without `#`): the dictionary's own name and description. */
  readonly header: readonly string[];
  readonly concepts: readonly ImportedConcept[];
  readonly problems: readonly ImportProblem[];
}

/** Thrown when the input is not YAML or not in the format it was read as. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(message: string, readonly line = 1, readonly column = 1) {
    super(message);
  }
}

/**
 * The schema line of a user lexicon, so yaml-language-server validates and completes it (VS Code
 * also matches `.policy-lens/*.yaml` through the extension's yamlValidation). It names the installed
 * server/data/user-lexicon.schema.json: relative to `targetDir` (the folder the file is written to)
 * when given, else as a file: URI. There is no published URL to name instead.
 */
export function userSchemaLine(targetDir?: string): string {
  const schema = join(dataDir(), 'user-lexicon.schema.json');
  const ref = targetDir ? relative(targetDir, schema).split(sep).join('/') : URI.file(schema).toString();
  return `# yaml-language-server: $schema=${ref}`;
}

/** A YAML document of the input, with positions; throws {@link ImportError} on a syntax error. */
export function parseInput(text: string): { data: unknown; doc: Document.Parsed; at(node: unknown): { line: number; column: number } } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw new ImportError(`not valid YAML: ${first.message.split('\n')[0]}`, line, col);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ImportError(`cannot be read: ${(e as Error).message}`);
  }
  return {
    data,
    doc,
    at(node: unknown) {
      const range = (node as Node | undefined)?.range;
      const { line, col } = lineCounter.linePos(range ? range[0] : 0);
      return { line, column: col };
    },
  };
}

/** The node at a path of keys and indexes, or undefined. */
export function nodeAt(doc: Document.Parsed, path: readonly (string | number)[]): unknown {
  return doc.getIn(path, true);
}

/** Strings of a value that may be one string or a list of strings (prh's `pattern`/`patterns`). */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' || typeof v === 'number' ? [String(v)] : []));
  return [];
}

/** One line, trimmed, inner white space runs as one space: what a term or a definition may be. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A comment line, never more than one line. */
export function commentLine(text: string): string {
  return oneLine(text);
}

export interface RenderOptions {
  /** The input's name, for the header comment. */
  readonly sourceName: string;
  /** Ids already used (the shipped lexicon's): imported ids avoid them. */
  readonly takenIds?: ReadonlySet<string>;
  /** The concept that already claims a form (the shipped lexicon's), if any. */
  readonly knownForm?: (form: string) => string | undefined;
  /** The first line (default: {@link userSchemaLine} with a file: URI). */
  readonly schemaLine?: string;
}

export interface Rendered {
  readonly text: string;
  /** Ids given, in file order. */
  readonly ids: readonly string[];
  /** The importer's problems and those found while writing (forms claimed twice), by input position. */
  readonly problems: readonly ImportProblem[];
}

/**
 * Writes the lexicon: the schema line, a header saying where it came from, `version: 1` and one entry
 * per concept with its comments. A form that an earlier concept (or the shipped lexicon) already
 * claims is left out of the later one and reported; a concept whose term is claimed is left out.
 */
export function renderLexicon(result: ImportResult, options: RenderOptions): Rendered {
  const problems: ImportProblem[] = [...result.problems];
  const taken = new Set(options.takenIds ?? []);
  const claimed = new Map<string, string>(); // form key → id
  const key = (form: string) => (hasHan(form) ? form : form.toLowerCase());
  const entries: { comments: readonly string[]; value: Record<string, unknown> }[] = [];
  const ids: string[] = [];
  for (const c of result.concepts) {
    const owner = claimed.get(key(c.term)) ?? options.knownForm?.(c.term);
    if (owner !== undefined) {
      problems.push({ line: c.line, column: c.column, message: `“${c.term}” is left out: it is already a form of the concept ${owner}` });
      continue;
    }
    const id = uniqueSlug(c.term, taken, c.idHint);
    taken.add(id);
    ids.push(id);
    claimed.set(key(c.term), id);
    const value: Record<string, unknown> = { id, term: c.term };
    if (c.en && !claimed.has(key(c.en)) && !options.knownForm?.(c.en)) {
      value.en = c.en;
      claimed.set(key(c.en), id);
    }
    const aliases: Partial<Record<AliasKind, string[]>> = {};
    for (const kind of ALIAS_KINDS) {
      for (const form of c.aliases[kind] ?? []) {
        const k = key(form);
        if (form === c.term || form === c.en || aliases[kind]?.includes(form)) continue;
        const other = claimed.get(k) ?? options.knownForm?.(form);
        if (other !== undefined) {
          if (other !== id) problems.push({ line: c.line, column: c.column, message: `the form “${form}” of “${c.term}” is left out: it is already a form of the concept ${other}` });
          continue;
        }
        claimed.set(k, id);
        (aliases[kind] ??= []).push(form);
      }
    }
    if (Object.keys(aliases).length) value.aliases = aliases;
    if (c.definition && (c.definition.zh || c.definition.en)) {
      value.definition = { ...(c.definition.zh && { zh: c.definition.zh }), ...(c.definition.en && { en: c.definition.en }) };
    }
    if (c.specs?.length) value.specs = c.specs.map((s) => ({ text: s.text, tags: [...s.tags] }));
    entries.push({ comments: c.comments, value });
  }

  const doc = new Document({ version: 1, concepts: entries.map((e) => e.value) });
  const concepts = doc.get('concepts', true);
  if (isSeq(concepts)) {
    concepts.items.forEach((item, i) => {
      const comments = entries[i].comments.map((l) => ` ${commentLine(l)}`);
      if (isMap(item)) {
        // A blank line between entries, as in the shipped lexicon; the comments say where each came from.
        item.spaceBefore = i > 0;
        if (comments.length) item.commentBefore = comments.join('\n');
        flowLists(item);
      }
    });
    if (!entries.length) concepts.flow = true;
  }
  const header = [
    options.schemaLine ?? userSchemaLine(),
    `# Imported by \`policy-lens import\` from ${commentLine(options.sourceName)} (${FORMAT_NAMES[result.format]}).`,
    ...result.header.map((l) => `# ${commentLine(l)}`),
    '# Ids are pinyin slugs of the terms: keep them once documents and settings refer to them.',
  ];
  const body = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return { text: `${header.join('\n')}\n${body}`, ids, problems: problems.sort((a, b) => a.line - b.line || a.column - b.column) };
}

const FORMAT_NAMES: Record<ImportFormat, string> = {
  prh: 'a prh dictionary',
  contextive: 'a Contextive glossary',
  cntext: 'a cntext YAML dictionary',
};

/** Alias lists and spec tags as `[a, b]`, the way the shipped lexicon writes them. */
function flowLists(item: YAMLMap): void {
  const aliases = item.get('aliases', true);
  if (isMap(aliases)) for (const pair of aliases.items) if (isSeq(pair.value)) pair.value.flow = true;
  const specs = item.get('specs', true);
  if (isSeq(specs)) {
    for (const spec of specs.items) {
      if (!isMap(spec)) continue;
      spec.flow = true;
      const tags = spec.get('tags', true);
      if (isSeq(tags)) tags.flow = true;
    }
  }
}
