import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { dataDir } from '../dataPath';
import { contentKey } from '../contentKey';
import { fieldName, nodeAt, pointerToPath } from './problems';
import { ALIAS_KINDS, type AliasKind, type Concept, type DerivedForms } from './types';
import { HAN_IDEOGRAPH as HAN } from '../han';

/**
 * One problem found in a lexicon file. `line` and `column` are 1-based; the column counts UTF-16
 * code units, like every offset in the core.
 */
export interface LexiconProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Readable path of the offending value, e.g. `concepts[3].source.defines`; `syntax` for YAML syntax errors. */
  readonly field: string;
  /** Id of the concept the problem is in, when it has one. */
  readonly conceptId?: string;
  readonly message: string;
}

/** Thrown when a lexicon file cannot be loaded; `message` lists every problem, one per line. */
export class LexiconError extends Error {
  override readonly name = 'LexiconError';
  constructor(readonly problems: readonly LexiconProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** `file:line:col: field (concept-id): message`, the shape compilers use, so terminals and problem matchers pick it up. */
export function formatProblem(p: LexiconProblem): string {
  const field = p.conceptId ? `${p.field} (${p.conceptId})` : p.field;
  return `${p.file}:${p.line}:${p.column}: ${field}: ${p.message}`;
}

/** A position in the lexicon file: `offset` in UTF-16 code units, `line` and `column` 1-based. */
export interface LexiconPosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A loaded, validated lexicon. Immutable. */
export interface Lexicon {
  /** The file it was read from (as given to {@link parseLexicon}). */
  readonly file: string;
  /** The concepts, in file order. */
  readonly concepts: readonly Concept[];
  byId(id: string): Concept | undefined;
  /** The build-time derived forms (traditional, pinyin) of a concept, if the generated file has them. */
  forms(id: string): DerivedForms | undefined;
  /**
   * Where a concept, or one of its fields (`['source', 'defines']`, `['aliases', 2]`), is written in
   * the file. Falls back to the nearest enclosing value that exists.
   */
  locate(id: string, field?: readonly (string | number)[]): LexiconPosition | undefined;
}

export interface ParseLexiconOptions {
  /** Derived forms by concept id (the contents of server/data/generated/forms.json). */
  readonly forms?: Readonly<Record<string, DerivedForms>>;
}

type Path = readonly (string | number)[];

/**
 * Parses and validates a lexicon file: YAML syntax, the JSON schema (server/data/lexicon.schema.json),
 * then what the schema cannot say (unique ids and surface forms, existing broader/related targets, no
 * self-references or broader cycles). Throws a {@link LexiconError} naming every problem's line and field.
 */
export function parseLexicon(text: string, fileName: string, options: ParseLexiconOptions = {}): Lexicon {
  const lineCounter = new LineCounter();
  // prettyErrors off: we format positions ourselves, and want the bare message.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const yamlIssues = [...doc.errors, ...doc.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
  if (yamlIssues.length > 0) {
    // Only the first: one bad indent or bracket sets off a cascade of errors that only hide it.
    const first = yamlIssues[0];
    const more = yamlIssues.length > 1 ? ` (and ${yamlIssues.length - 1} later YAML errors, likely consequences)` : '';
    throw new LexiconError([
      { file: fileName, ...at(first.pos[0]), field: 'syntax', message: `${first.message} [${first.code}]${more}` },
    ]);
  }

  const data: unknown = doc.toJS();
  const conceptIdAt = (path: Path): string | undefined => {
    if (path[0] !== 'concepts' || typeof path[1] !== 'number') return undefined;
    const concepts = (data as { concepts?: unknown } | null)?.concepts;
    const c: unknown = Array.isArray(concepts) ? concepts[path[1]] : undefined;
    const id = c && typeof c === 'object' ? (c as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id : undefined;
  };
  const problem = (path: Path, message: string, opts: { key?: boolean; field?: string } = {}): LexiconProblem => {
    const node = nodeAt(doc, path, opts.key ?? false);
    const conceptId = conceptIdAt(path);
    return {
      file: fileName,
      ...at(node?.range?.[0] ?? 0),
      field: opts.field ?? fieldName(path),
      ...(conceptId !== undefined && { conceptId }),
      message,
    };
  };

  const problems: LexiconProblem[] = [];
  const validate = schemaValidator();
  if (!validate(data)) {
    for (const e of validate.errors ?? []) problems.push(schemaProblem(e, data, problem));
  }
  problems.push(...semanticProblems(data, problem));
  if (problems.length > 0) throw new LexiconError(sortProblems(dedupe(problems)));

  const concepts = deepFreeze((data as { concepts: RawConcept[] }).concepts.map(flattenAliases));
  const byId = new Map(concepts.map((c, i) => [c.id, { concept: c, index: i }]));
  const forms = options.forms ?? {};
  return Object.freeze({
    file: fileName,
    concepts,
    byId: (id: string) => byId.get(id)?.concept,
    forms: (id: string) => (byId.has(id) && Object.hasOwn(forms, id) ? forms[id] : undefined),
    locate: (id: string, field: Path = []) => {
      const entry = byId.get(id);
      if (!entry) return undefined;
      const node = nodeAt(doc, ['concepts', entry.index, ...field], false);
      if (!node?.range) return undefined;
      const offset = node.range[0];
      return { offset, ...at(offset) };
    },
  });
}

/** A concept as the file writes it: aliases grouped by kind. */
type RawConcept = Omit<Concept, 'aliases' | 'aliasKinds'> & { aliases: Partial<Record<AliasKind, string[]>> };

/** The file's grouped aliases as the flat list every consumer reads, plus the kind of each form. */
function flattenAliases(raw: RawConcept): Concept {
  const aliases: string[] = [];
  const aliasKinds: Record<string, AliasKind> = {};
  // Kinds in the file's own order, so the flat list follows what the writer sees.
  for (const kind of Object.keys(raw.aliases) as AliasKind[]) {
    for (const form of raw.aliases[kind] ?? []) {
      aliases.push(form);
      aliasKinds[form] = kind;
    }
  }
  const { aliases: _grouped, ...rest } = raw;
  // Field order as before (aliases after en), so the compiled JSON stays readable.
  const { id, term, en, ...tail } = rest;
  return { id, term, en, aliases, aliasKinds, ...tail };
}

/** The kinds, said for error messages. */
const KINDS_SAID = ALIAS_KINDS.join(', ');

let cachedLexicon: Lexicon | undefined;

/**
 * The shipped lexicon (server/data/lexicon.yaml) with its generated forms
 * (server/data/generated/forms.json, absent until `npm run generate` has run). Read once, then cached.
 */
export function loadLexicon(): Lexicon {
  if (cachedLexicon) return cachedLexicon;
  const file = join(dataDir(), 'lexicon.yaml');
  const formsFile = join(dataDir(), 'generated', 'forms.json');
  const compiledFile = join(dataDir(), 'generated', 'lexicon.json');
  const forms = existsSync(formsFile)
    ? (JSON.parse(readFileSync(formsFile, 'utf8')) as Record<string, DerivedForms>)
    : undefined;
  const text = readFileSync(file, 'utf8');
  // The build compiles the YAML, validated, to JSON keyed by the YAML's content: when the key still
  // matches, start-up skips YAML parsing and schema validation (most of a cold start).
  if (existsSync(compiledFile)) {
    const compiled = JSON.parse(readFileSync(compiledFile, 'utf8')) as CompiledLexicon;
    if (compiled.sourceKey === contentKey(text)) {
      return (cachedLexicon = lexiconFromCompiled(compiled.concepts, file, forms ?? {}, () => parseLexicon(text, file, { forms })));
    }
  }
  return (cachedLexicon = parseLexicon(text, file, { forms }));
}

/** The build-time JSON form of the lexicon (server/data/generated/lexicon.json). */
export interface CompiledLexicon {
  /** contentKey of the lexicon.yaml it was compiled from. */
  readonly sourceKey: string;
  readonly concepts: readonly Concept[];
}

/** Compiles a validated lexicon to its JSON form. */
export function compileLexicon(yamlText: string, lexicon: Lexicon): CompiledLexicon {
  return { sourceKey: contentKey(yamlText), concepts: lexicon.concepts };
}

/** A lexicon over already-validated concepts; positions in the YAML are found by parsing it on demand. */
function lexiconFromCompiled(
  list: readonly Concept[],
  fileName: string,
  forms: Readonly<Record<string, DerivedForms>>,
  parseSource: () => Lexicon,
): Lexicon {
  const concepts = deepFreeze(list as Concept[]);
  const byId = new Map(concepts.map((c) => [c.id, c]));
  let source: Lexicon | undefined;
  return Object.freeze({
    file: fileName,
    concepts,
    byId: (id: string) => byId.get(id),
    forms: (id: string) => (byId.has(id) && Object.hasOwn(forms, id) ? forms[id] : undefined),
    locate: (id: string, field?: readonly (string | number)[]) => (source ??= parseSource()).locate(id, field),
  });
}

/**
 * Problems for every `source.defines` / `source.discusses` anchor that `isAnchor` rejects (the source
 * paper's `byAnchor`, typically). Returns them rather than throwing; wrap in a {@link LexiconError} to fail.
 */
export function validateAnchors(lexicon: Lexicon, isAnchor: (anchor: string) => boolean): LexiconProblem[] {
  const problems: LexiconProblem[] = [];
  lexicon.concepts.forEach((c, i) => {
    const check = (anchor: string, field: Path) => {
      if (isAnchor(anchor)) return;
      const pos = lexicon.locate(c.id, field) ?? { line: 1, column: 1 };
      problems.push({
        file: lexicon.file,
        line: pos.line,
        column: pos.column,
        field: fieldName(['concepts', i, ...field]),
        conceptId: c.id,
        message: `anchor "${anchor}" is not a paragraph of the source paper`,
      });
    };
    if (c.source?.defines !== undefined) check(c.source.defines, ['source', 'defines']);
    c.source?.discusses.forEach((a, j) => check(a, ['source', 'discusses', j]));
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Schema validation

let cachedValidator: ValidateFunction | undefined;

/** Compiled once: reading and compiling the schema is most of a cold load. */
function schemaValidator(): ValidateFunction {
  if (cachedValidator) return cachedValidator;
  const schema: unknown = JSON.parse(readFileSync(join(dataDir(), 'lexicon.schema.json'), 'utf8'));
  // validateSchema off: checking the schema against the draft-07 meta-schema would compile that too,
  // doubling the cold load. The unit tests check the schema itself.
  const ajv = new Ajv({ allErrors: true, strict: true, validateSchema: false });
  return (cachedValidator = ajv.compile(schema as object));
}

/** Patterns of the schema, said in words. */
const PATTERN_MEANINGS: Record<string, string> = {
  '^[a-z0-9]+(-[a-z0-9]+)*$': 'is not a concept id (lower-case ASCII words joined by single hyphens, e.g. data-elements)',
  '^(abstract(-en)?|s[0-9]+(-[0-9]+)?)-p[0-9]+$':
    'is not a paragraph anchor (abstract-p1, abstract-en-p1, s1-p2 or s2-2-p3)',
  '^\\S(.*\\S)?$': 'must be one line, without leading or trailing white space',
  '\\S': 'must not be blank',
  '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]': 'must contain Chinese characters',
};

function schemaProblem(
  e: ErrorObject,
  data: unknown,
  problem: (path: Path, message: string, opts?: { key?: boolean; field?: string }) => LexiconProblem,
): LexiconProblem {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return problem(path, `missing required field "${String(p.missingProperty)}"`, {
        field: fieldName([...path, String(p.missingProperty)]),
      });
    case 'additionalProperties':
      if (path.at(-1) === 'aliases') {
        return problem([...path, String(p.additionalProperty)], `unknown alias kind "${String(p.additionalProperty)}" (kinds: ${KINDS_SAID})`, { key: true });
      }
      return problem([...path, String(p.additionalProperty)], `unknown field "${String(p.additionalProperty)}"`, {
        key: true,
      });
    case 'enum':
      return problem(path, `must be one of ${(p.allowedValues as unknown[]).join(', ')}`);
    case 'const':
      return problem(path, `must be ${JSON.stringify(p.allowedValue)}`);
    case 'pattern': {
      const pattern = String(p.pattern);
      return problem(path, `${JSON.stringify(valueAt(data, path))} ${PATTERN_MEANINGS[pattern] ?? `must match ${pattern}`}`);
    }
    case 'uniqueItems': {
      // Which of `i` and `j` is the later index depends on ajv's algorithm for the item type.
      const later = Math.max(Number(p.i), Number(p.j));
      const earlier = Math.min(Number(p.i), Number(p.j));
      return problem(
        [...path, later],
        `${JSON.stringify(valueAt(data, [...path, later]))} repeats ${fieldName(path.slice(-1))}[${earlier}]`,
      );
    }
    case 'minItems':
      return problem(path, `must have at least ${Number(p.limit)} item${Number(p.limit) === 1 ? '' : 's'}`);
    case 'minLength':
      return problem(path, 'must not be empty');
    case 'type':
      if (path.at(-1) === 'aliases' && p.type === 'object') {
        return problem(path, `must group the forms by kind, e.g. { synonym: [颠覆性创新], translation: [disruptive technological innovation] } (kinds: ${KINDS_SAID}; {} for none)`);
      }
      return problem(path, `must be ${String(p.type)}`);
    default:
      return problem(path, e.message ?? `fails ${e.keyword}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Semantic checks

/** The key under which two surface forms count as the same: exact for Chinese, case- and space-insensitive for Latin. */
export function surfaceFormKey(form: string): string {
  return HAN.test(form) ? form : form.toLowerCase().replace(/\s+/g, ' ').trim();
}

function semanticProblems(
  data: unknown,
  problem: (path: Path, message: string, opts?: { key?: boolean; field?: string }) => LexiconProblem,
): LexiconProblem[] {
  const out: LexiconProblem[] = [];
  const list = (data as { concepts?: unknown } | null)?.concepts;
  if (!Array.isArray(list)) return out;
  const concepts = list.map((c): Partial<Record<keyof Concept, unknown>> => (c && typeof c === 'object' ? c : {}));
  const strings = (v: unknown): [string, number][] =>
    Array.isArray(v) ? v.flatMap((s, j): [string, number][] => (typeof s === 'string' ? [[s, j]] : [])) : [];

  // Ids.
  const firstById = new Map<string, number>();
  concepts.forEach((c, i) => {
    if (typeof c.id !== 'string') return;
    const first = firstById.get(c.id);
    if (first === undefined) firstById.set(c.id, i);
    else out.push(problem(['concepts', i, 'id'], `duplicate id "${c.id}", already used by concepts[${first}]`));
  });

  // broader / related.
  concepts.forEach((c, i) => {
    const broader = new Set(strings(c.broader).map(([s]) => s));
    for (const key of ['broader', 'related'] as const) {
      for (const [target, j] of strings(c[key])) {
        const path = ['concepts', i, key, j];
        if (target === c.id) out.push(problem(path, `a concept cannot list itself as ${key}`));
        else if (!firstById.has(target)) out.push(problem(path, `unknown concept id "${target}"`));
        else if (key === 'related' && broader.has(target))
          out.push(problem(path, `"${target}" is already listed as broader`));
      }
    }
  });
  out.push(...broaderCycles(concepts, firstById, strings, problem));

  // Surface forms: term, en and aliases must not repeat, within a concept or across concepts.
  const seen = new Map<string, { path: Path; id: unknown }>();
  concepts.forEach((c, i) => {
    const forms: [string, Path][] = [];
    if (typeof c.term === 'string') forms.push([c.term, ['concepts', i, 'term']]);
    if (typeof c.en === 'string') forms.push([c.en, ['concepts', i, 'en']]);
    const grouped = c.aliases && typeof c.aliases === 'object' && !Array.isArray(c.aliases) ? (c.aliases as Record<string, unknown>) : {};
    for (const kind of Object.keys(grouped)) {
      if (!(ALIAS_KINDS as readonly string[]).includes(kind)) continue; // the schema reports it
      for (const [a, j] of strings(grouped[kind])) {
        const path = ['concepts', i, 'aliases', kind, j];
        forms.push([a, path]);
        // English names are matched on word boundaries, Chinese forms anywhere: the kind must fit the script.
        if (kind === 'translation' && HAN.test(a)) out.push(problem(path, `"${a}" is Chinese: a translation is an English name (a Chinese wording is a synonym, official, alternative or abbreviation)`));
        else if ((kind === 'synonym' || kind === 'official' || kind === 'alternative') && !HAN.test(a)) out.push(problem(path, `"${a}" has no Chinese characters: an English name is a translation (or an abbreviation)`));
      }
    }
    for (const [form, path] of forms) {
      const key = surfaceFormKey(form);
      if (key === '') continue; // the schema reports empty strings
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { path, id: c.id });
      } else if (first.path[1] === i) {
        out.push(problem(path, `"${form}" repeats ${fieldName(first.path.slice(2))} of the same concept`));
      } else {
        const owner = typeof first.id === 'string' ? `concept "${first.id}"` : fieldName(first.path.slice(0, 2));
        out.push(problem(path, `"${form}" is already a surface form of ${owner} (${fieldName(first.path)})`));
      }
    }
    // A notWithin word only makes sense if it contains one of the concept's own forms.
    for (const [word, j] of strings(c.notWithin)) {
      if (!forms.some(([form]) => form !== word && word.includes(form))) {
        out.push(problem(['concepts', i, 'notWithin', j], `"${word}" contains none of this concept's forms, so it excludes nothing`));
      }
    }
  });
  return out;
}

/** Reports each `broader` edge that closes a cycle (a concept cannot be broader than itself, even indirectly). */
function broaderCycles(
  concepts: readonly Partial<Record<keyof Concept, unknown>>[],
  indexById: ReadonlyMap<string, number>,
  strings: (v: unknown) => [string, number][],
  problem: (path: Path, message: string) => LexiconProblem,
): LexiconProblem[] {
  const out: LexiconProblem[] = [];
  const state = new Array<'new' | 'active' | 'done'>(concepts.length).fill('new');
  const stack: number[] = [];
  const visit = (i: number) => {
    state[i] = 'active';
    stack.push(i);
    for (const [target, j] of strings(concepts[i].broader)) {
      const t = indexById.get(target);
      if (t === undefined || t === i) continue; // reported above
      if (state[t] === 'active') {
        const cycle = [...stack.slice(stack.indexOf(t)), t].map((k) => String(concepts[k].id));
        out.push(problem(['concepts', i, 'broader', j], `broader cycle: ${cycle.join(' → ')}`));
      } else if (state[t] === 'new') {
        visit(t);
      }
    }
    stack.pop();
    state[i] = 'done';
  };
  concepts.forEach((c, i) => {
    if (state[i] === 'new' && typeof c.id === 'string' && indexById.get(c.id) === i) visit(i);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

function dedupe(problems: LexiconProblem[]): LexiconProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    // One problem per value: an empty alias fails both minLength and pattern; say it once.
    const k = `${p.line}:${p.column}:${p.field}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function sortProblems(problems: LexiconProblem[]): LexiconProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
