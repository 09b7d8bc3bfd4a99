/**
 * Authoring a lexicon file from the editor: the text edits that add a concept, add an alias to a
 * concept, and the line of a concept's entry. Edits are insertions computed from the positions the
 * `yaml` package's Document gives every node, so everything else in the file (comments, blank lines,
 * key order, flow or block style, quoting) stays exactly as the writer left it.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { AliasKind } from './types';
import { uniqueSlug } from './import/slug';
import { userSchemaLine } from './import/common';

/** A replacement of `text.slice(start, end)` by `newText`; offsets in UTF-16 code units. */
export interface LexiconEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** Why an edit can't be made (the file has YAML errors, the concept is not in it, the form is already there). */
export class AuthoringError extends Error {
  override readonly name = 'AuthoringError';
  constructor(
    message: string,
    readonly code: 'yaml-errors' | 'not-a-lexicon' | 'no-such-concept' | 'already-there',
  ) {
    super(message);
  }
}

/** The concept a new entry gets: `id` a stable ASCII slug, `term` the selected words. */
export interface NewConcept {
  readonly id: string;
  readonly term: string;
}

/** The whole text of a new lexicon file holding one concept, with the schema line for yaml-language-server. */
export function newLexiconText(concept: NewConcept, schemaLine = userSchemaLine()): string {
  return `${schemaLine}\nversion: 1\nconcepts:\n${entryLines(concept, '  ')}`;
}

/**
 * An id for a new concept: the term's pinyin slug (产业集群 → `chan-ye-ji-qun`), with `-2`, `-3`… when
 * `taken` says the slug is in use (in this file, in another lexicon, in the shipped one).
 */
export function conceptIdFor(term: string, taken: (id: string) => boolean): string {
  return uniqueSlug(term, taken);
}

/** The ids of the concepts a lexicon text defines (none when it is not YAML). */
export function conceptIdsIn(text: string): string[] {
  const doc = parseDocument(text, { prettyErrors: false });
  const list = doc.errors.length ? undefined : doc.get('concepts', true);
  if (!isSeq(list)) return [];
  return list.items.flatMap((item) => {
    const id = isMap(item) ? item.get('id', true) : undefined;
    return isScalar(id) ? [String(id.value)] : [];
  });
}

/**
 * The edit that adds `concept` as the last entry of `concepts:`, written like the entries before it
 * (same indentation; a blank line before it when they are separated by blank lines). An empty file
 * gets `version: 1` and the list.
 */
export function addConceptEdit(text: string, concept: NewConcept): LexiconEdit {
  return inFileEol(text, conceptEdit(text, concept));
}

function conceptEdit(text: string, concept: NewConcept): LexiconEdit {
  const doc = parsed(text);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { start: text.length, end: text.length, newText: `${lineBreakBefore(text, text.length)}version: 1\nconcepts:\n${entryLines(concept, '  ')}` };
  }
  if (!isMap(doc.contents)) throw new AuthoringError('the file is not a lexicon (its top level is not a map with `concepts:`)', 'not-a-lexicon');
  const pair = pairOf(doc.contents, 'concepts');
  if (!pair) {
    return { start: text.length, end: text.length, newText: `${lineBreakBefore(text, text.length)}concepts:\n${entryLines(concept, '  ')}` };
  }
  const list = pair.value;
  const keyIndent = indentOf(text, (pair.key as Node).range![0]);
  if (list === null || (isScalar(list) && list.value === null)) {
    const at = lineEnd(text, (pair.key as Node).range![1]);
    return { start: at, end: at, newText: `\n${entryLines(concept, keyIndent + '  ').replace(/\n$/, '')}` };
  }
  if (!isSeq(list)) throw new AuthoringError('`concepts:` is not a list', 'not-a-lexicon');
  if (list.flow) {
    const [start, end] = list.range!;
    if (list.items.length === 0) {
      // `concepts: []` becomes a block list: the `[]` (and the space before it) is replaced.
      let from = start;
      while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
      return { start: from, end, newText: `\n${entryLines(concept, keyIndent + '  ').replace(/\n$/, '')}` };
    }
    return insertBeforeClose(text, list, ']', `{ id: ${concept.id}, term: ${scalar(concept.term, true)} }`);
  }
  const items = list.items as Node[];
  const dash = indentOf(text, list.range![0]);
  const last = items[items.length - 1];
  const at = afterLine(text, last.range![1]);
  const spaced = items.length > 1 && /\n[ \t]*\n/.test(text.slice(items[0].range![1] - 1, items[1].range![0]));
  return { start: at, end: at, newText: `${at === text.length && !text.endsWith('\n') ? '\n' : ''}${spaced ? '\n' : ''}${entryLines(concept, dash)}` };
}

/**
 * The edit that adds `form` as an alias of kind `kind` (a synonym unless said otherwise) to the
 * concept `conceptId` of this text: into its `aliases:` list of that kind, creating the kind or the
 * `aliases:` map when missing, in the style they are written in.
 */
export function addAliasEdit(text: string, conceptId: string, form: string, kind: AliasKind = 'synonym'): LexiconEdit {
  return inFileEol(text, aliasEdit(text, conceptId, form, kind));
}

function aliasEdit(text: string, conceptId: string, form: string, kind: AliasKind): LexiconEdit {
  const doc = parsed(text);
  const entry = entryOf(doc, conceptId);
  if (!entry) throw new AuthoringError(`the concept ${conceptId} is not in this lexicon`, 'no-such-concept');
  const aliases = pairOf(entry, 'aliases');
  if (!aliases) {
    if (entry.flow) return insertBeforeClose(text, entry, '}', `aliases: { ${kind}: [${scalar(form, true)}] }`);
    // After the line of `en:` (or `term:`), where a reader expects the other forms.
    const after = pairOf(entry, 'en') ?? pairOf(entry, 'term') ?? (entry.items[entry.items.length - 1] as Pair);
    const indent = indentOf(text, (after.key as Node).range![0]);
    const at = afterLine(text, ((after.value as Node | null) ?? (after.key as Node)).range![1]);
    return { start: at, end: at, newText: `${lineBreakBefore(text, at)}${indent}aliases:\n${indent}  ${kind}: [${scalar(form, true)}]\n` };
  }
  const map = aliases.value;
  if (isMap(map)) {
    const forms = map.toJSON() as Record<string, unknown>;
    for (const [k, list] of Object.entries(forms)) {
      if (Array.isArray(list) && list.includes(form)) throw new AuthoringError(`“${form}” is already an alias (${k}) of ${conceptId}`, 'already-there');
    }
    const kindPair = pairOf(map, kind);
    if (kindPair) return appendToList(text, kindPair, form);
    if (map.flow) {
      const [start, end] = map.range!;
      const close = text.lastIndexOf('}', end);
      if (map.items.length === 0) return { start, end: close + 1, newText: `{ ${kind}: [${scalar(form, true)}] }` };
      return insertBeforeClose(text, map, '}', `${kind}: [${scalar(form, true)}]`);
    }
    const lastPair = map.items[map.items.length - 1] as Pair;
    const indent = indentOf(text, (lastPair.key as Node).range![0]);
    const at = afterLine(text, ((lastPair.value as Node | null) ?? (lastPair.key as Node)).range![1]);
    return { start: at, end: at, newText: `${lineBreakBefore(text, at)}${indent}${kind}: [${scalar(form, true)}]\n` };
  }
  if (map === null || (isScalar(map) && map.value === null)) {
    const keyNode = aliases.key as Node;
    const indent = indentOf(text, keyNode.range![0]);
    const at = lineEnd(text, keyNode.range![1]);
    return { start: at, end: at, newText: `\n${indent}  ${kind}: [${scalar(form, true)}]` };
  }
  throw new AuthoringError(`the aliases of ${conceptId} are not a map of kinds (synonym: […])`, 'not-a-lexicon');
}

/** The 0-based line of a concept's entry (its `- id:` line), or undefined when the text has no such concept. */
export function conceptEntryLine(text: string, conceptId: string): number | undefined {
  const doc = parseDocument(text, { prettyErrors: false });
  const entry = entryOf(doc, conceptId);
  if (!entry?.range) return undefined;
  let line = 0;
  for (let i = 0; i < entry.range[0]; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------------

/** The edit with the file's own line breaks: a file written with CRLF gets CRLF. */
function inFileEol(text: string, edit: LexiconEdit): LexiconEdit {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? { ...edit, newText: edit.newText.replace(/\r?\n/g, '\r\n') } : edit;
}

function parsed(text: string): Document.Parsed {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) throw new AuthoringError(`the lexicon has YAML errors (${doc.errors[0].message.split('\n')[0]}); fix them first`, 'yaml-errors');
  return doc;
}

function entryOf(doc: Document, conceptId: string): YAMLMap | undefined {
  const list = isMap(doc.contents) ? doc.get('concepts', true) : undefined;
  if (!isSeq(list)) return undefined;
  return (list as YAMLSeq).items.find((item): item is YAMLMap => {
    if (!isMap(item)) return false;
    const id = item.get('id', true);
    return isScalar(id) && String(id.value) === conceptId;
  });
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p): p is Pair => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
}

/** `form` appended to the list of an alias kind, in the list's own style. */
function appendToList(text: string, pair: Pair, form: string): LexiconEdit {
  const list = pair.value;
  const keyNode = pair.key as Node;
  if (list === null || (isScalar(list) && list.value === null)) {
    const at = lineEnd(text, keyNode.range![1]);
    return { start: at, end: at, newText: ` [${scalar(form, true)}]` };
  }
  if (!isSeq(list)) throw new AuthoringError('an alias kind must hold a list of forms', 'not-a-lexicon');
  if (list.flow) {
    const [start, end] = list.range!;
    const close = text.lastIndexOf(']', end);
    if (list.items.length === 0) return { start: start + 1, end: close, newText: scalar(form, true) };
    return insertBeforeClose(text, list, ']', scalar(form, true));
  }
  const items = list.items as Node[];
  const dash = indentOf(text, list.range![0]);
  const at = afterLine(text, items[items.length - 1].range![1]);
  return { start: at, end: at, newText: `${lineBreakBefore(text, at)}${dash}- ${scalar(form, false)}\n` };
}

/** An entry of the list: `- id: …` and `term: …`, at the dash's indentation. */
function entryLines(concept: NewConcept, dashIndent: string): string {
  return `${dashIndent}- id: ${concept.id}\n${dashIndent}  term: ${scalar(concept.term, false)}\n`;
}

/**
 * A scalar as YAML: plain when that reads back as the same string (Chinese words nearly always),
 * else double-quoted. `flow`: inside `[…]` or `{…}`, where `,` `[` `]` `{` `}` end a plain scalar.
 */
function scalar(value: string, flow: boolean): string {
  const plain =
    value.length > 0 &&
    value === value.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    !/: |:$| #|[\n\r\t]/.test(value) &&
    !(flow && /[,[\]{}]/.test(value)) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** Spaces as wide as the column of `offset` (YAML indents with spaces only). */
function indentOf(text: string, offset: number): string {
  return ' '.repeat(offset - (text.lastIndexOf('\n', offset - 1) + 1));
}

/** `, item` inserted after the last item of a non-empty flow collection, before the spaces and the bracket that close it. */
function insertBeforeClose(text: string, node: Node, close: ']' | '}', item: string): LexiconEdit {
  const [start, end] = node.range!;
  let at = text.lastIndexOf(close, end);
  while (at > start && /\s/.test(text[at - 1])) at--;
  return { start: at, end: at, newText: `, ${item}` };
}

/** The offset of the end of the line holding `offset` (before its line break). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** The start of the line after the one a node ending at `offset` ends on (a block node may already end there). */
function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** A line break to put before an insertion at `offset` when it is not at the start of a line. */
function lineBreakBefore(text: string, offset: number): string {
  return offset > 0 && text[offset - 1] !== '\n' ? '\n' : '';
}
