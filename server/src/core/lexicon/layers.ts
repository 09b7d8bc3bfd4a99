/**
 * Lexicon layers, merged into one engine: the shipped lexicon, then user lexicons, then workspace
 * lexicons (later wins: a concept with an id already loaded replaces it; `{ id, disabled: true }`
 * turns it off), and the sources they cite (the shipped paper, then source files).
 *
 * Nothing here throws on bad input. Every problem of a file is a {@link LoadProblem} with its range;
 * a file that does not parse, or breaks the schema, keeps its last good version from `previous`; the
 * shipped lexicon and paper are always there. A surface form claimed by two concepts (across files or
 * within one) stays with the first claim in precedence order, and the later claim is reported at the
 * form in its file.
 *
 * Caching: a file whose text is unchanged since `previous` is not parsed again (its content key), and
 * derived forms are cached by content (derive.ts), so a reload of unchanged files costs almost nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { URI } from 'vscode-uri';
import { dataDir } from '../dataPath';
import { contentKey } from '../contentKey';
import { assembleEngine, sharedEngine, type Engine } from '../engine';
import { ConceptMatcher, matcherKey, type SurfaceForm } from '../match/matcher';
import { surfaceForms } from '../match/forms';
import { parseSource } from '../source/source';
import { OTHER_CATEGORY, SHIPPED_SOURCE_ID, type Source } from '../source/types';
import { runtimeConceptForms } from './derive';
import { loadLexicon, type Lexicon, type LexiconPosition } from './load';
import { nodeRange, ProblemSink, reportSchemaErrors, type YamlPath } from './problems';
import { ALIAS_KINDS, type AliasKind, type Concept, type DerivedForms, type LayerKind, type LoadProblem } from './types';

export type { LayerKind, LoadProblem } from './types';

export interface LexiconInput {
  uri: string;
  text: string;
  kind: LayerKind;
}

/** A source file: Markdown with YAML front matter (id, meta, optional frame); see source/source.ts. */
export interface SourceInput {
  uri: string;
  text: string;
}

export interface EngineBuild {
  /** Always usable: at least the shipped lexicon and paper. */
  engine: Engine;
  problems: readonly LoadProblem[];
  /** What was loaded: each lexicon (shipped first) with its concepts in force, each source with the concepts citing it. */
  loaded: readonly { uri: string; kind: LayerKind | 'source'; concepts: number }[];
}

// ---------------------------------------------------------------------------------------------------
// One lexicon file, parsed

/** A concept entry as a user lexicon writes it (validated against user-lexicon.schema.json). */
interface RawEntry {
  id: string;
  term?: string;
  en?: string;
  aliases?: Partial<Record<AliasKind, string[]>>;
  notWithin?: string[];
  category?: string;
  paths?: string[];
  broader?: string[];
  related?: string[];
  definition?: string | { zh?: string; en?: string };
  source?: string | { id?: string; defines?: string; discusses?: string[] };
  disabled?: boolean;
  specs?: { text: string; tags: string[] }[];
}

/** One entry with the ranges later checks report at (offsets into the file). */
interface Entry {
  raw: RawEntry;
  /** 0-based line of the entry's `- id:`. */
  line: number;
  start: number;
  ranges: Map<string, [number, number]>;
}

interface ParsedLexicon {
  uri: string;
  kind: LayerKind;
  key: string;
  /** Parsed and schema-valid: usable. */
  ok: boolean;
  entries: Entry[];
  /** Problems of the file on its own (syntax, schema, duplicate ids). */
  problems: LoadProblem[];
  sink: ProblemSink;
}

let userValidator: ValidateFunction | undefined;
function userSchemaValidator(): ValidateFunction {
  if (userValidator) return userValidator;
  const schema: unknown = JSON.parse(readFileSync(join(dataDir(), 'user-lexicon.schema.json'), 'utf8'));
  // strictRequired off: the if/else names properties defined beside it, not inside.
  return (userValidator = new Ajv({ allErrors: true, strict: true, strictRequired: false, validateSchema: false }).compile(schema as object));
}

const rangeKey = (path: YamlPath) => path.join('\u0000');

/** Parses one user or workspace lexicon file; never throws. */
export function parseLexiconLayer(input: LexiconInput): ParsedLexicon {
  const { uri, text, kind } = input;
  const sink = new ProblemSink(uri, text);
  const out: ParsedLexicon = { uri, kind, key: contentKey(text), ok: false, entries: [], problems: sink.problems, sink };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const issues = [...doc.errors, ...doc.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
  if (issues.length) {
    for (const e of issues.slice(0, 1)) {
      const more = issues.length > 1 ? ` (and ${issues.length - 1} later YAML errors, likely consequences)` : '';
      const moreZh = issues.length > 1 ? `（其后还有 ${issues.length - 1} 处 YAML 错误，多半由此引起）` : '';
      sink.add('yaml-syntax', 'error', e.pos[0], e.pos[1], `YAML syntax: ${e.message} [${e.code}]${more}`, `YAML 语法错误：${e.message} [${e.code}]${moreZh}`);
    }
    return out;
  }
  const data: unknown = doc.toJS();
  const validate = userSchemaValidator();
  if (!validate(data)) {
    reportSchemaErrors(validate.errors ?? [], doc, 0, sink);
    return out;
  }
  out.ok = true;
  const concepts = (data as { concepts: RawEntry[] }).concepts;
  const firstById = new Map<string, number>();
  concepts.forEach((raw, i) => {
    const ranges = entryRanges(doc, i, raw);
    const [start] = nodeRange(doc, ['concepts', i]);
    const first = firstById.get(raw.id);
    if (first !== undefined) {
      const [s, e] = ranges.get('id')!;
      sink.add('duplicate-id', 'error', s, e, `duplicate id "${raw.id}", already used by concepts[${first}] of this file; this entry is ignored`, `重复的 id“${raw.id}”，本文件 concepts[${first}] 已使用；此条目被忽略`);
      return;
    }
    firstById.set(raw.id, i);
    out.entries.push({ raw, line: sink.position(start).line, start, ranges });
  });
  return out;
}

/** The ranges of the fields later checks point at: forms, category, paths, source, broader, related. */
function entryRanges(doc: Document, i: number, raw: RawEntry): Map<string, [number, number]> {
  const ranges = new Map<string, [number, number]>();
  const at = (...path: (string | number)[]) => ranges.set(rangeKey(path), nodeRange(doc, ['concepts', i, ...path]));
  at('id');
  if (raw.term !== undefined) at('term');
  if (raw.en !== undefined) at('en');
  for (const kind of Object.keys(raw.aliases ?? {}) as AliasKind[]) (raw.aliases?.[kind] ?? []).forEach((_, j) => at('aliases', kind, j));
  if (raw.category !== undefined) at('category');
  (raw.paths ?? []).forEach((_, j) => at('paths', j));
  (raw.broader ?? []).forEach((_, j) => at('broader', j));
  (raw.related ?? []).forEach((_, j) => at('related', j));
  if (raw.source !== undefined) {
    at('source');
    if (typeof raw.source === 'object') {
      if (raw.source.id !== undefined) at('source', 'id');
      if (raw.source.defines !== undefined) at('source', 'defines');
      (raw.source.discusses ?? []).forEach((_, j) => at('source', 'discusses', j));
    }
  }
  // The `- id:` item itself, for problems about the whole entry.
  const seq = isMap(doc.contents) ? doc.contents.get('concepts', true) : undefined;
  if (isSeq(seq)) ranges.set('', nodeRange(doc, ['concepts', i, 'id']));
  return ranges;
}

// ---------------------------------------------------------------------------------------------------
// Sources

interface ParsedSource {
  uri: string;
  key: string;
  source?: Source;
  problems: LoadProblem[];
}

// ---------------------------------------------------------------------------------------------------
// The build

/** What a build keeps for the next one: the last good version of each file, by URI. */
interface BuildState {
  lexicons: Map<string, ParsedLexicon>;
  sources: Map<string, ParsedSource>;
  /** Parsed versions of this build's inputs (good or not), to skip re-parsing unchanged text. */
  parsedLexicons: Map<string, ParsedLexicon>;
  parsedSources: Map<string, ParsedSource>;
  formsKey: string;
  matcher: ConceptMatcher;
}
const states = new WeakMap<EngineBuild, BuildState>();

const LAYER_RANK: Record<LayerKind, number> = { shipped: 0, user: 1, workspace: 2 };

/**
 * Builds an engine over the shipped data and the given lexicons and sources. The shipped layer is
 * implicit (a `shipped` input is treated as a user lexicon would be, after the real shipped one).
 * A file that fails to parse keeps its last good version from `previous`.
 */
export function buildEngine(input: { lexicons: readonly LexiconInput[]; sources: readonly SourceInput[] }, previous?: EngineBuild): EngineBuild {
  const base = sharedEngine();
  const prev = previous ? states.get(previous) : undefined;
  const problems: LoadProblem[] = [];
  const state: BuildState = { lexicons: new Map(), sources: new Map(), parsedLexicons: new Map(), parsedSources: new Map(), formsKey: '', matcher: base.matcher };

  // Sources: the shipped paper, then each file in order.
  const paper = base.paper;
  const sources: Source[] = [paper];
  const sourceIds = new Map<string, string | undefined>([[paper.id, undefined]]);
  for (const s of input.sources) {
    const key = contentKey(s.text);
    const cached = prev?.parsedSources.get(s.uri);
    const parsed: ParsedSource =
      cached && cached.key === key ? cached : { uri: s.uri, key, ...toParsedSource(parseSource(s.text, s.uri, { defaultFrame: paper.frame })) };
    state.parsedSources.set(s.uri, parsed);
    problems.push(...parsed.problems);
    let good = parsed.source ? parsed : undefined;
    if (!good) {
      const last = prev?.sources.get(s.uri);
      if (last?.source) {
        good = last;
        problems.push(keptLastGood(s.uri, s.text));
      }
    }
    if (!good?.source) continue;
    state.sources.set(s.uri, good);
    const src = good.source;
    if (sourceIds.has(src.id)) {
      const sink = new ProblemSink(s.uri, good === parsed ? s.text : src.markdown);
      const [a, b] = idRangeInFrontMatter(src.markdown);
      const other = sourceIds.get(src.id);
      sink.add('duplicate-source', 'error', a, b, `source id "${src.id}" is already used by ${other ?? 'the shipped paper'}; this source is ignored`, `来源 id“${src.id}”已被${other ?? '内置论文'}使用；此来源被忽略`);
      problems.push(...sink.problems);
      continue;
    }
    sourceIds.set(src.id, s.uri);
    sources.push(src);
  }
  const sourceById = new Map(sources.map((s) => [s.id, s]));

  // Lexicon files in precedence order (stable within a layer).
  const files = input.lexicons
    .map((l, order) => ({ l, order }))
    .sort((a, b) => LAYER_RANK[a.l.kind] - LAYER_RANK[b.l.kind] || a.order - b.order)
    .map(({ l }) => l);
  const layers: ParsedLexicon[] = [];
  for (const l of files) {
    const key = contentKey(l.text);
    const cached = prev?.parsedLexicons.get(l.uri);
    const parsed = cached && cached.key === key && cached.kind === l.kind ? cached : parseLexiconLayer(l);
    state.parsedLexicons.set(l.uri, parsed);
    problems.push(...parsed.problems);
    let good: ParsedLexicon | undefined = parsed.ok ? parsed : undefined;
    if (!good) {
      const last = prev?.lexicons.get(l.uri);
      if (last) {
        good = { ...last, kind: l.kind };
        problems.push(keptLastGood(l.uri, l.text));
      }
    }
    if (!good) continue;
    state.lexicons.set(l.uri, good);
    layers.push(good);
  }

  // Merge by id.
  const shipped = loadLexicon();
  const shippedUri = URI.file(shipped.file).toString();
  interface Held {
    concept: Concept;
    layer?: ParsedLexicon;
    entry?: Entry;
    derived?: DerivedForms;
  }
  const held = new Map<string, Held>();
  for (const c of shipped.concepts) held.set(c.id, { concept: c });
  const counts = new Map<ParsedLexicon, number>();
  for (const layer of layers) {
    // Problems found while merging point into the version in force (the last good one, if kept).
    const sink = layer.sink;
    const before = sink.problems.length;
    for (const entry of layer.entries) {
      const { raw } = entry;
      if (raw.disabled) {
        if (!held.delete(raw.id)) {
          const [s, e] = entry.ranges.get('id')!;
          sink.add('disable-unknown', 'warning', s, e, `"${raw.id}" turns off no loaded concept (no earlier lexicon has this id)`, `“${raw.id}”没有可关闭的概念（之前的词表中没有此 id）`);
        }
        continue;
      }
      const concept = userConcept(entry, layer, sourceById, sink);
      held.delete(raw.id); // re-inserted last: a replacement claims its forms at its own layer's turn
      held.set(raw.id, { concept, layer, entry, derived: runtimeConceptForms(concept) });
    }
    const merged = sink.problems.splice(before);
    problems.push(...merged);
  }

  // broader / related must name concepts in force.
  for (const h of held.values()) {
    if (!h.layer || !h.entry) continue;
    const filter = (key: 'broader' | 'related') => {
      const kept: string[] = [];
      h.concept[key].forEach((id, j) => {
        if (held.has(id) && id !== h.concept.id) kept.push(id);
        else {
          const [s, e] = h.entry!.ranges.get(rangeKey([key, j])) ?? h.entry!.ranges.get('id')!;
          problems.push(problemAt(h.layer!.sink, 'unknown-concept', 'warning', s, e, `${key}: "${id}" is no loaded concept (or is this one); ignored`, `${key}：“${id}”不是已加载的概念（或就是本概念）；已忽略`));
        }
      });
      return kept;
    };
    h.concept = { ...h.concept, broader: filter('broader'), related: filter('related') };
  }

  // Surface forms: the first claim in precedence order keeps a form; later claims are reported.
  const owner = new Map<string, string>();
  const forms: SurfaceForm[] = [];
  const finalConcepts: Concept[] = [];
  const derivedById = new Map<string, DerivedForms>();
  for (const h of held.values()) {
    let c = h.concept;
    const derived = h.layer ? h.derived : shipped.forms(c.id);
    const mine = surfaceForms({ concepts: [c], forms: () => derived });
    const dropped = new Set<string>();
    for (const f of mine) {
      const k = matcherKey(f.text);
      const first = owner.get(k);
      if (first === undefined || first === c.id) {
        owner.set(k, c.id);
        forms.push(f);
        continue;
      }
      dropped.add(f.text);
      if (h.layer && h.entry && f.kind !== 'traditional') {
        const [s, e] = formRange(h.entry, f.text);
        const by = held.get(first);
        const where = by?.layer ? by.layer.uri : 'the shipped lexicon';
        const whereZh = by?.layer ? by.layer.uri : '内置词表';
        problems.push(
          problemAt(h.layer.sink, 'form-conflict', 'error', s, e,
            `"${f.text}" is already a surface form of concept "${first}" (${where}); it is not tagged as "${c.id}"`,
            `“${f.text}”已是概念“${first}”（${whereZh}）的词形，不会标注为“${c.id}”`),
        );
      }
    }
    if (dropped.size && h.layer) {
      c = { ...c, aliases: c.aliases.filter((a) => !dropped.has(a)) };
    }
    if (h.layer) counts.set(h.layer, (counts.get(h.layer) ?? 0) + 1);
    finalConcepts.push(c);
    if (derived) derivedById.set(c.id, derived);
  }

  // The concepts an engine holds: shipped ones with their source id and origin.
  const shippedOrigin = (id: string) => {
    const pos = shipped.locate(id);
    return { uri: shippedUri, kind: 'shipped' as const, line: pos ? pos.line - 1 : 0 };
  };
  const concepts = Object.freeze(finalConcepts.map((c) => (c.origin ? c : withShippedSource(c, shippedOrigin))));
  const byId = new Map(concepts.map((c) => [c.id, c]));
  const entries = new Map<string, { layer: ParsedLexicon; entry: Entry }>();
  for (const h of held.values()) if (h.layer && h.entry) entries.set(h.concept.id, { layer: h.layer, entry: h.entry });
  const lexicon: Lexicon = Object.freeze({
    file: shipped.file,
    concepts,
    byId: (id: string) => byId.get(id),
    forms: (id: string) => derivedById.get(id),
    locate: (id: string, field?: readonly (string | number)[]): LexiconPosition | undefined => {
      const e = entries.get(id);
      if (!e) return byId.has(id) ? shipped.locate(id, field) : undefined;
      const [s] = (field && e.entry.ranges.get(rangeKey(field))) || e.entry.ranges.get('id')!;
      const p = e.layer.sink.position(s);
      return { offset: s, line: p.line + 1, column: p.character + 1 };
    },
  });

  // One matcher; the previous one when the forms are the same.
  const formsKey = contentKey(JSON.stringify(forms.map((f) => [f.text, f.conceptId, f.kind, f.notWithin])));
  const sameAsShipped = layers.length === 0;
  const matcher = sameAsShipped ? base.matcher : prev && prev.formsKey === formsKey ? prev.matcher : new ConceptMatcher(forms);
  state.formsKey = formsKey;
  state.matcher = matcher;

  const engine = assembleEngine({ lexicon, paper, sources, matcher });
  const citing = new Map<string, number>();
  for (const c of concepts) if (c.source) citing.set(c.source.id ?? SHIPPED_SOURCE_ID, (citing.get(c.source.id ?? SHIPPED_SOURCE_ID) ?? 0) + 1);
  const loaded: EngineBuild['loaded'][number][] = [
    { uri: shippedUri, kind: 'shipped', concepts: concepts.filter((c) => c.origin?.kind === 'shipped').length },
    ...layers.map((l) => ({ uri: l.uri, kind: l.kind, concepts: counts.get(l) ?? 0 })),
    ...sources.map((s) => ({ uri: s.uri ?? '', kind: 'source' as const, concepts: citing.get(s.id) ?? 0 })),
  ];
  // Per file (in the order files were given), by position.
  const fileOrder = new Map<string, number>();
  for (const p of problems) if (!fileOrder.has(p.uri)) fileOrder.set(p.uri, fileOrder.size);
  const pos = (p: LoadProblem) => p.range.start.line * 1e6 + p.range.start.character;
  problems.sort((a, b) => fileOrder.get(a.uri)! - fileOrder.get(b.uri)! || pos(a) - pos(b));
  const build: EngineBuild = Object.freeze({ engine, problems: Object.freeze(problems), loaded: Object.freeze(loaded) });
  states.set(build, state);
  return build;
}

function toParsedSource(r: { source?: Source; problems: readonly LoadProblem[] }): { source?: Source; problems: LoadProblem[] } {
  return { ...(r.source && { source: r.source }), problems: [...r.problems] };
}

/** The range of `id: …` in a source's front matter (for problems about the whole source). */
function idRangeInFrontMatter(text: string): [number, number] {
  const m = /^id:[ \t]*(\S+)/m.exec(text);
  return m ? [m.index, m.index + m[0].length] : [0, 0];
}

function keptLastGood(uri: string, text: string): LoadProblem {
  const sink = new ProblemSink(uri, text);
  sink.add('kept-last-good', 'warning', 0, 0, 'this file has errors: the last version that loaded stays in force until they are fixed', '此文件有错误：在修正之前，继续使用上一次成功加载的版本');
  return sink.problems[0];
}

function problemAt(sink: ProblemSink, code: string, severity: LoadProblem['severity'], s: number, e: number, message: string, messageZh: string): LoadProblem {
  sink.add(code, severity, s, e, message, messageZh);
  return sink.problems.pop()!;
}

/** Where a form is written in the entry: the term, en, or an alias. */
function formRange(entry: Entry, form: string): [number, number] {
  const { raw, ranges } = entry;
  if (raw.term === form) return ranges.get('term')!;
  for (const kind of Object.keys(raw.aliases ?? {}) as AliasKind[]) {
    const j = (raw.aliases?.[kind] ?? []).indexOf(form);
    if (j >= 0) return ranges.get(rangeKey(['aliases', kind, j]))!;
  }
  if (raw.en === form) return ranges.get('en')!;
  return ranges.get('id')!;
}

/** A shipped concept as an engine holds it: its source id made explicit, its origin found on demand. */
function withShippedSource(c: Concept, origin: (id: string) => NonNullable<Concept['origin']>): Concept {
  const copy: Record<string, unknown> = { ...c, ...(c.source && { source: { id: SHIPPED_SOURCE_ID, ...c.source } }) };
  let cached: Concept['origin'];
  Object.defineProperty(copy, 'origin', { enumerable: true, get: () => (cached ??= origin(c.id)) });
  return Object.freeze(copy) as unknown as Concept;
}

/** Builds the concept of one user entry, checking what depends on other files (sources, frames). */
function userConcept(entry: Entry, layer: ParsedLexicon, sources: ReadonlyMap<string, Source>, sink: ProblemSink): Concept {
  const { raw, ranges } = entry;
  const range = (...path: (string | number)[]) => ranges.get(rangeKey(path)) ?? ranges.get('id')!;
  const aliases: string[] = [];
  const aliasKinds: Record<string, AliasKind> = {};
  for (const kind of Object.keys(raw.aliases ?? {}) as AliasKind[]) {
    if (!ALIAS_KINDS.includes(kind)) continue;
    for (const form of raw.aliases?.[kind] ?? []) {
      if (form === raw.term || aliases.includes(form)) continue;
      aliases.push(form);
      aliasKinds[form] = kind;
    }
  }

  // The source reference.
  let source: Concept['source'];
  let src: Source | undefined;
  if (raw.source !== undefined) {
    let id: string;
    let defines: string | undefined;
    let discusses: string[] = [];
    let idPath: YamlPath;
    if (typeof raw.source === 'string') {
      const hash = raw.source.indexOf('#');
      id = hash < 0 ? raw.source : raw.source.slice(0, hash);
      defines = hash < 0 ? undefined : raw.source.slice(hash + 1);
      idPath = ['source'];
    } else {
      id = raw.source.id ?? SHIPPED_SOURCE_ID;
      defines = raw.source.defines;
      discusses = raw.source.discusses ?? [];
      idPath = raw.source.id !== undefined ? ['source', 'id'] : ['source'];
    }
    src = sources.get(id);
    if (!src) {
      const [s, e] = range(...idPath);
      const known = [...sources.keys()].join(', ');
      sink.add('unknown-source', 'error', s, e, `unknown source "${id}" (loaded sources: ${known}); the concept is kept without a source`, `未知来源“${id}”（已加载的来源：${known}）；概念保留，但不引用来源`);
    } else {
      const check = (anchor: string | undefined, path: YamlPath): boolean => {
        if (anchor === undefined || src!.byAnchor(anchor)) return true;
        const [s, e] = range(...path);
        sink.add('unknown-anchor', 'error', s, e, `"${anchor}" is not a paragraph anchor of source "${src!.id}"`, `“${anchor}”不是来源“${src!.id}”中的段落锚点`);
        return false;
      };
      const definesOk = check(defines, typeof raw.source === 'string' ? ['source'] : ['source', 'defines']);
      const kept = discusses.filter((a, j) => check(a, ['source', 'discusses', j]));
      source = { id, ...(definesOk && defines !== undefined && { defines }), discusses: kept };
    }
  }

  // Category and paths, from the cited source's frame (the shipped paper's when it cites none).
  const frame = (src ?? sources.get(SHIPPED_SOURCE_ID))!.frame;
  const frameName = src ? `source "${src.id}"` : 'the shipped paper (the concept cites no source)';
  const frameNameZh = src ? `来源“${src.id}”` : '内置论文（此概念未引用来源）';
  let category = raw.category ?? OTHER_CATEGORY.id;
  if (category !== OTHER_CATEGORY.id && !frame.categories.some((c) => c.id === category)) {
    const [s, e] = range('category');
    const list = [...frame.categories.map((c) => c.id), OTHER_CATEGORY.id].join(', ');
    sink.add('unknown-category', 'error', s, e, `category "${category}" is not in the frame of ${frameName} (${list}); shown as "other"`, `类别“${category}”不在${frameNameZh}的框架中（${list}）；按“其他”处理`);
    category = OTHER_CATEGORY.id;
  }
  const paths: string[] = [];
  (raw.paths ?? []).forEach((p, j) => {
    if (frame.paths.some((x) => x.id === p)) paths.push(p);
    else {
      const [s, e] = range('paths', j);
      const list = frame.paths.map((x) => x.id).join(', ') || '—';
      sink.add('unknown-path', 'error', s, e, `path "${p}" is not in the frame of ${frameName} (${list}); ignored`, `路径“${p}”不在${frameNameZh}的框架中（${list}）；已忽略`);
    }
  });

  const def = typeof raw.definition === 'string' ? { zh: raw.definition, en: '' } : { zh: raw.definition?.zh ?? '', en: raw.definition?.en ?? '' };
  const concept: Concept = {
    id: raw.id,
    term: raw.term ?? '',
    en: raw.en ?? '',
    aliases,
    aliasKinds,
    ...(raw.notWithin && raw.notWithin.length > 0 && { notWithin: raw.notWithin }),
    category,
    paths,
    broader: raw.broader ?? [],
    related: raw.related ?? [],
    definition: def,
    ...(source && { source }),
    origin: { uri: layer.uri, kind: layer.kind, line: entry.line },
    ...(raw.specs && { specs: raw.specs }),
  };
  return concept;
}
