/**
 * In-document directives: HTML comments that turn tagging off, read from the Markdown tree (a comment
 * counts only where Markdown reads raw HTML, so one shown in a code block or inline code is text).
 *
 *   <!-- policy-lens: disable -->  …  <!-- policy-lens: enable -->   no tags in between
 *   <!-- policy-lens: disable-next-line -->                           no tags on the next line
 *   <!-- policy-lens: ignore 基础设施 高质量发展 -->                   those concepts are not tagged from here on
 *
 * The syntax is tolerant: any case, spaces or none, `:` or the full-width `：` (or no colon), `policy
 * lens` / `policy_lens` / `policylens`, `disable next line`, and names separated by spaces or, when a
 * name has a space in it (an English name), by commas (`,` `，` `、` `;` `；`). A name is a concept's id,
 * its term or any of its surface forms. What cannot be understood is reported as a problem, never
 * dropped silently. Offsets are UTF-16 code units into the document text. Pure: no editor here.
 */
import type { Root, RootContent } from 'mdast';
import { spanIndexAt } from '../spans';
import type { Concept } from '../lexicon/types';
import type { SurfaceForm } from '../match/matcher';
import { lineStartOf, nextLineStart, parseMarkdown, type BlockInfo } from './prose';
import { ownString } from './ownString';

export type DirectiveKind = 'disable' | 'enable' | 'disable-next-line' | 'ignore';

/** A name written in a directive, with where it stands. */
export interface DirectiveName {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** One understood directive comment. */
export interface Directive {
  readonly kind: DirectiveKind;
  /** The whole comment, `<!--` to `-->`. */
  readonly start: number;
  readonly end: number;
  /** The names after the command (concepts to ignore), as written. */
  readonly names: readonly DirectiveName[];
  /** Where one more name goes: after the last name, or after the command. */
  readonly namesEnd: number;
  /** What separates the names: a space, or the comma-like mark the writer used. */
  readonly separator: string;
}

export type DirectiveProblemCode = 'unknown-directive' | 'missing-names' | 'unexpected-names' | 'unknown-concept' | 'unmatched-enable';

/** Something in a directive comment that could not be understood or does nothing. */
export interface DirectiveProblem {
  readonly code: DirectiveProblemCode;
  readonly start: number;
  readonly end: number;
  /** The command or the name concerned, as written. */
  readonly text: string;
}

/** The directives of one document version and what they turn off. */
export interface DirectiveSet {
  readonly directives: readonly Directive[];
  readonly problems: readonly DirectiveProblem[];
  /** Disjoint, sorted spans where nothing is tagged (disable regions and disabled lines). */
  readonly regions: readonly { readonly start: number; readonly end: number }[];
  /** Concepts ignored from `from` on, sorted by `from`. */
  readonly ignores: readonly { readonly from: number; readonly ids: readonly string[] }[];
}

export const NO_DIRECTIVES: DirectiveSet = Object.freeze({ directives: [], problems: [], regions: [], ignores: [] });

/** What name resolution needs of an engine: its surface forms and its concepts by id. */
export interface ConceptNaming {
  readonly matcher: { readonly forms: readonly SurfaceForm[] };
  concept(id: string): Concept | undefined;
}

/** Where a directive comment may start: `<!--`, spaces, then the tool's name. */
const CANDIDATE = /<!--[\s]*policy[-_ ]?lens(?![\p{L}\p{N}_])/giu;
/** The comment's content after `<!--`: the tool's name, an optional colon, the command and its arguments. */
const CONTENT = /^\s*policy[-_ ]?lens(?![\p{L}\p{N}_])\s*[:：]?\s*([^\s:：]*)/iu;
const SEPARATORS = /[,，、;；]/u;
const QUOTES = /^[“”"'‘’「」『』《》]+|[“”"'‘’「」『』《》]+$/gu;

/** A name's lookup key: trimmed, compatibility-folded (full-width letters), lower case. */
function nameKey(name: string): string {
  return name.trim().normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

const resolvers = new WeakMap<object, Map<string, string[]>>();

function namesOf(engine: ConceptNaming): Map<string, string[]> {
  let map = resolvers.get(engine);
  if (map) return map;
  map = new Map();
  const add = (key: string, id: string) => {
    const list = map!.get(key);
    if (!list) map!.set(key, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  for (const f of engine.matcher.forms) add(nameKey(f.text), f.conceptId);
  for (const f of engine.matcher.forms) add(nameKey(f.conceptId), f.conceptId);
  resolvers.set(engine, map);
  return map;
}

/**
 * The ids of the concepts a name means: an id, a term or any surface form (variant, traditional,
 * English), in any case, with or without quotation marks around it. Empty when it names none.
 */
export function conceptIdsNamed(engine: ConceptNaming, name: string): readonly string[] {
  const map = namesOf(engine);
  const key = nameKey(name);
  const found = map.get(key) ?? map.get(key.replace(QUOTES, ''));
  if (found) return found;
  return engine.concept(name.trim()) ? [name.trim()] : [];
}

/** The understood parts of one comment's text (`<!--` … `-->`), offsets relative to the comment. */
export interface ParsedComment {
  /** The command, lower case, `_` and spaces read as `-` (`disable next line` → `disable-next-line`). */
  readonly command: string;
  readonly commandStart: number;
  readonly commandEnd: number;
  readonly names: readonly DirectiveName[];
  readonly separator: string;
}

/**
 * Reads a directive comment (the text from `<!--` to `-->` inclusive); undefined when it is not one
 * (no `policy-lens` at its start). The command may be empty or unknown: the caller reports that.
 */
export function parseDirectiveComment(comment: string): ParsedComment | undefined {
  if (!comment.startsWith('<!--') || !comment.endsWith('-->') || comment.length < 7) return undefined;
  const body = comment.slice(4, comment.length - 3);
  const m = CONTENT.exec(body);
  if (!m) return undefined;
  let command = m[1].toLowerCase().replace(/_/g, '-');
  let commandEnd = 4 + m[0].length;
  const commandStart = commandEnd - m[1].length;
  let rest = body.slice(m[0].length);
  let restStart = commandEnd;
  // `disable next line`, `disable-next line`, `disable_next_line`…
  if (command === 'disable' || command === 'disable-next') {
    const tail = (command === 'disable' ? /^[\s-]+next[\s_-]+line(?![\p{L}\p{N}])/iu : /^[\s_-]+line(?![\p{L}\p{N}])/iu).exec(rest);
    if (tail) {
      command = 'disable-next-line';
      commandEnd += tail[0].length;
      restStart += tail[0].length;
      rest = rest.slice(tail[0].length);
    }
  }
  const separator = SEPARATORS.exec(rest)?.[0] ?? ' ';
  const names: DirectiveName[] = [];
  const split = separator === ' ' ? /\S+/gu : /[^,，、;；]+/gu;
  for (const n of rest.matchAll(split)) {
    const raw = n[0];
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (!text) continue;
    const start = restStart + n.index! + lead;
    names.push({ text, start, end: start + text.length });
  }
  return { command, commandStart, commandEnd, names, separator };
}

const KINDS: ReadonlySet<string> = new Set<DirectiveKind>(['disable', 'enable', 'disable-next-line', 'ignore']);

/**
 * The directives of a document: every `<!-- policy-lens… -->` comment that Markdown reads as raw HTML
 * (a block of HTML or inline HTML, at any depth), understood, with the spans and concepts they turn
 * off. `blocks` are the document's top-level blocks; only a block holding a candidate comment is parsed
 * again, so a document without directives costs one scan of its text.
 */
export function readDirectives(text: string, blocks: readonly BlockInfo[], engine: ConceptNaming): DirectiveSet {
  CANDIDATE.lastIndex = 0;
  if (!CANDIDATE.test(text)) return NO_DIRECTIVES;
  const directives: Directive[] = [];
  const problems: DirectiveProblem[] = [];
  const htmlCache = new Map<number, { start: number; end: number }[]>();
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    const start = m.index;
    const close = text.indexOf('-->', start + 4);
    if (close < 0) break; // an unclosed comment runs to the end: nothing after it is prose
    const end = close + 3;
    const b = spanIndexAt(blocks, start);
    if (b < 0) continue;
    // A top-level HTML block is one raw HTML node: no parse needed (the usual comment on its own line).
    if (blocks[b].type !== 'html' || blocks[b].end < end) {
      let html = htmlCache.get(b);
      if (!html) htmlCache.set(b, (html = htmlNodes(text, blocks[b])));
      if (!html.some((h) => h.start <= start && h.end >= end)) continue;
    }
    CANDIDATE.lastIndex = end;
    const parsed = parseDirectiveComment(text.slice(start, end));
    if (!parsed) continue;
    const names = parsed.names.map((n) => ({ text: n.text, start: start + n.start, end: start + n.end }));
    const namesEnd = names.length ? names[names.length - 1].end : start + parsed.commandEnd;
    if (!KINDS.has(parsed.command)) {
      problems.push({ code: 'unknown-directive', start, end, text: parsed.command });
      continue;
    }
    const kind = parsed.command as DirectiveKind;
    if (kind === 'ignore' && !names.length) problems.push({ code: 'missing-names', start, end, text: kind });
    if (kind !== 'ignore' && names.length) problems.push({ code: 'unexpected-names', start: names[0].start, end: namesEnd, text: kind });
    directives.push({ kind, start, end, names, namesEnd, separator: parsed.separator });
  }
  const raw: { start: number; end: number }[] = [];
  const ignores: { from: number; ids: string[] }[] = [];
  let open = -1;
  for (const d of directives) {
    if (d.kind === 'disable') {
      if (open < 0) open = d.end;
    } else if (d.kind === 'enable') {
      if (open < 0) problems.push({ code: 'unmatched-enable', start: d.start, end: d.end, text: d.kind });
      else raw.push({ start: open, end: d.start });
      open = -1;
    } else if (d.kind === 'disable-next-line') {
      const line = nextLineStart(text, d.end);
      if (line > lineStartOf(text, d.end)) raw.push({ start: line, end: nextLineStart(text, line) });
    } else {
      const ids: string[] = [];
      for (const n of d.names) {
        const found = conceptIdsNamed(engine, n.text);
        if (!found.length) problems.push({ code: 'unknown-concept', start: n.start, end: n.end, text: n.text });
        for (const id of found) if (!ids.includes(id)) ids.push(id);
      }
      if (ids.length) ignores.push({ from: d.end, ids });
    }
  }
  if (open >= 0) raw.push({ start: open, end: text.length });
  problems.sort((a, b) => a.start - b.start);
  return { directives, problems, regions: mergeSpans(raw), ignores };
}

/**
 * The occurrences the directives leave on: not starting inside a turned-off span, not of a concept
 * ignored before it. Returns `occurrences` itself when nothing is turned off.
 */
export function applyDirectives<T extends { readonly start: number; readonly concept: { readonly id: string } }>(occurrences: readonly T[], set: DirectiveSet): readonly T[] {
  if (!set.regions.length && !set.ignores.length) return occurrences;
  const out: T[] = [];
  const ignored = new Set<string>();
  let r = 0;
  let g = 0;
  for (const o of occurrences) {
    while (g < set.ignores.length && set.ignores[g].from <= o.start) for (const id of set.ignores[g++].ids) ignored.add(id);
    while (r < set.regions.length && set.regions[r].end <= o.start) r++;
    if (r < set.regions.length && set.regions[r].start <= o.start) continue;
    if (ignored.has(o.concept.id)) continue;
    out.push(o);
  }
  return out;
}

function mergeSpans(spans: { start: number; end: number }[]): { start: number; end: number }[] {
  spans.sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const s of spans) {
    if (s.end <= s.start) continue;
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}


/**
 * The raw HTML nodes (block or inline, at any depth) of one top-level block, parsed again on its own.
 * The last few blocks' answers are kept by their text: an edit elsewhere in a long draft leaves a
 * block with a directive inside a long paragraph or list as it was, and it is not parsed again.
 */
function htmlNodes(text: string, block: BlockInfo): { start: number; end: number }[] {
  const base = lineStartOf(text, block.start);
  const source = text.slice(base, block.end);
  const recent = recentBlocks.get(source);
  // The key is a string of its own, made once: `source` is a view into this version's whole text.
  const key = recent?.key ?? ownString(source);
  let relative: readonly { start: number; end: number }[];
  if (recent) {
    relative = recent.relative;
    recentBlocks.delete(key);
  } else {
    const found: { start: number; end: number }[] = [];
    const visit = (node: Root | RootContent) => {
      if (node.type === 'html') {
        const p = node.position;
        if (p?.start.offset !== undefined && p.end.offset !== undefined) found.push({ start: p.start.offset, end: p.end.offset });
        return;
      }
      if ('children' in node) for (const c of node.children) visit(c);
    };
    visit(parseMarkdown(source));
    relative = found;
    if (recentBlocks.size >= RECENT_BLOCKS) recentBlocks.delete(recentBlocks.keys().next().value!);
  }
  recentBlocks.set(key, { key, relative });
  return relative.map((h) => ({ start: h.start + base, end: h.end + base }));
}

const RECENT_BLOCKS = 64;
const recentBlocks = new Map<string, { readonly key: string; readonly relative: readonly { start: number; end: number }[] }>();

/** An insertion into the document text: `insert` at `offset` (UTF-16 code units). */
export interface Insertion {
  readonly offset: number;
  readonly insert: string;
}

/** What the suppressing edits read of a document version. */
export interface DirectiveHost {
  readonly text: string;
  readonly blocks: readonly BlockInfo[];
  readonly directives: DirectiveSet;
  isProseAt(offset: number): boolean;
}

/**
 * The edit that stops tagging a concept (by its term) everywhere in a document whose first tag of it
 * starts at `firstStart`: the term added to an `ignore` comment that stands before that tag, or a new
 * comment on its own at the top (after the front matter, after a byte-order mark), followed by a blank
 * line so the first block reads as before.
 */
export function ignoreInsertion(doc: DirectiveHost, term: string, firstStart: number): Insertion {
  const existing = doc.directives.directives.find((d) => d.kind === 'ignore' && d.end <= firstStart);
  if (existing) return { offset: existing.namesEnd, insert: `${existing.separator === ' ' ? ' ' : existing.separator}${term}` };
  const text = doc.text;
  const eol = eolOf(text);
  const comment = `<!-- policy-lens: ignore ${term} -->`;
  const first = doc.blocks[0];
  if (first && (first.type === 'yaml' || first.type === 'toml')) return { offset: first.end, insert: `${eol}${eol}${comment}` };
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { offset: bom, insert: `${comment}${eol}${eol}` };
}

/**
 * The edit that stops tagging the line holding `offset`: `<!-- policy-lens: disable-next-line -->`
 * on a line of its own above it when the line starts a top-level block, else at the end of the line
 * above when that line ends in prose of the same block (inline HTML changes nothing a reader sees).
 * Undefined when neither is safe (the line above ends in a table's pipe, a link, code, a backslash
 * break…): a comment line inside a paragraph or a list would split it.
 */
export function disableLineInsertion(doc: DirectiveHost, offset: number): Insertion | undefined {
  const text = doc.text;
  const comment = '<!-- policy-lens: disable-next-line -->';
  const line = lineStartOf(text, offset);
  const b = spanIndexAt(doc.blocks, offset);
  if (b < 0) return undefined;
  if (lineStartOf(text, doc.blocks[b].start) === line) {
    const bom = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    return { offset: line + bom, insert: `${comment}${eolOf(text)}` };
  }
  // The content end of the line above: before its line break and trailing spaces (a two-space hard break stays one).
  let end = line;
  if (end > 0 && text.charCodeAt(end - 1) === 0x0a) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 0x0d) end--;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  if (end <= lineStartOf(text, end) || text[end - 1] === '\\' || !doc.isProseAt(end - 1)) return undefined;
  return { offset: end, insert: comment };
}

function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 0x0d ? '\r\n' : '\n';
}
