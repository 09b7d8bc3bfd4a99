/**
 * Every fix the server offers, applied: each quick fix on its own, each "replace all" of a pair, and the
 * whole-document action (policyLens.consistency.fixOnSave), to every Markdown file under
 * test/fixtures/** and examples/ (real documents included) and to seeded random drafts. For each:
 * - an edit replaces exactly one reported synonym occurrence (its whole range, soft break included),
 *   outside every quotation, with that concept's term;
 * - in the fixed text, re-annotated from scratch, each fixed position is an occurrence of the same
 *   concept, spelled as its term, and every other occurrence is the same as before (shifted);
 * - no word is doubled at a fixed position: what the fix inserted is not already next to it
 *   (“卡脖子技术”关键核心技术, 颠覆式创新创新).
 * Random drafts: FIX_PROPERTY_SEED and FIX_PROPERTY_DRAFTS replay or widen the run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { sharedEngine } from '../../server/src/core/engine';
import type { ConceptDocument } from '../../server/src/core/document';
import { findQuotations } from '../../server/src/core/check/quotations';
import { surfaceForms } from '../../server/src/core/match/forms';
import { consistencyCodeActions, consistencyDiagnostics } from '../../server/src/lsp/features/consistency';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/lsp/settings';
import { randomDocument, rng } from '../support/editFuzz';

const ROOT = join(__dirname, '..', '..');
const SETTINGS: Settings = { ...DEFAULT_SETTINGS, consistency: { level: 'hint', fixOnSave: true } };

function markdownUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...markdownUnder(path));
    else if (/\.(md|markdown)$/.test(name)) out.push(path);
  }
  return out.sort();
}

/** Every action the server offers for a document: the quick fixes and pair fixes per diagnostic, and the whole-document action. */
function offeredFixes(doc: ConceptDocument): CodeAction[] {
  const diagnostics = consistencyDiagnostics(doc, SETTINGS);
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const add = (list: CodeAction[]) => {
    for (const a of list) {
      const key = JSON.stringify(a.edit);
      if (!seen.has(key)) (seen.add(key), actions.push(a));
    }
  };
  // One request naming every diagnostic gets each one's quick fix and each pair's "replace all", as one request per diagnostic would.
  add(consistencyCodeActions(doc, SETTINGS, { diagnostics }, true));
  add(consistencyCodeActions(doc, SETTINGS, { diagnostics: [], only: ['source.fixAll'] }, true));
  return actions;
}

const occurrenceKey = (o: { start: number; end: number; concept: { id: string } }, shift = 0) => `${o.start + shift}-${o.end + shift}:${o.concept.id}`;

/** What a fix inserts: the term without the prefix and suffix it shares with the variant (卡脖子 → 卡脖子技术: 技术). */
function inserted(variant: string, term: string): { text: string; at: 'start' | 'end' | 'middle' } {
  let p = 0;
  while (p < variant.length && p < term.length && variant[p] === term[p]) p++;
  let q = 0;
  while (q < variant.length - p && q < term.length - p && variant[variant.length - 1 - q] === term[term.length - 1 - q]) q++;
  return { text: term.slice(p, term.length - q), at: q === 0 ? 'end' : p === 0 ? 'start' : 'middle' };
}

const MARKS = /^[“”‘’「」『』《》"]{0,2}/;

/**
 * A word the fix doubled at the fixed span `[s, e)` of `fixed`: what the fix inserted at the term's end
 * (or start) already standing next to it, quotation marks between allowed: the same characters
 * (卡脖子 + 技术 before 技术…), or a tagged word ending in them (“卡脖子技术”核心技术 says 技术 twice). Text inside
 * other fixed spans does not count (two adjacent variants of one concept both become its term).
 */
function doubledBy(fixed: string, tagged: readonly { start: number; end: number }[], s: number, e: number, variant: string, term: string, spans: readonly { start: number; end: number }[]): string | undefined {
  const inOther = (a: number, b: number) => spans.some((x) => (x.start !== s || x.end !== e) && x.start < b && x.end > a);
  const x = inserted(variant.replace(/[ \t]*\r?\n[\s>]*/g, ''), term);
  if (x.text.length === 0 || x.at === 'middle') return undefined;
  if (x.at !== 'start') {
    const skip = MARKS.exec(fixed.slice(e, e + 2))![0].length;
    // Right after it (quotation marks between allowed), the inserted text again, or a word ending in it:
    // “卡脖子技术”核心技术 says 技术 twice.
    if (fixed.startsWith(x.text, e + skip) && !inOther(e + skip, e + skip + x.text.length)) return x.text;
    const next = tagged.find((o) => o.start === e + skip);
    if (next && !inOther(next.start, next.end) && fixed.slice(next.start, next.end).endsWith(x.text)) return x.text;
  }
  if (x.at !== 'end') {
    const before = fixed.slice(0, s);
    const skip = /[“”‘’「」『』《》"]{0,2}$/.exec(before)![0].length;
    if (before.slice(0, before.length - skip).endsWith(x.text) && !inOther(s - skip - x.text.length, s - skip)) return x.text;
  }
  return undefined;
}

/** Applies one action and checks the properties; returns a description of the first violation, or undefined. */
function checkFix(doc: ConceptDocument, action: CodeAction): string | undefined {
  const engine = sharedEngine();
  const text = doc.text;
  const change = action.edit?.documentChanges?.[0];
  if (!change || !('textDocument' in change) || change.textDocument.version !== doc.version) return `${action.title}: not a versioned edit`;
  const quotations = findQuotations(text);
  const edits = change.edits.map((e: TextEdit) => ({ start: doc.lineIndex.offsetAt(e.range.start), end: doc.lineIndex.offsetAt(e.range.end), newText: e.newText }));
  edits.sort((a, b) => a.start - b.start);
  for (const e of edits) {
    const o = doc.occurrences.find((x) => x.start === e.start && x.end === e.end);
    if (!o || o.kind !== 'synonym') return `${action.title}: edit ${e.start}-${e.end} is not exactly a synonym occurrence`;
    if (e.newText !== o.concept.term) return `${action.title}: ${o.concept.id} replaced by "${e.newText}", not its term`;
    if (quotations.some((q) => q.start < e.end && q.end > e.start)) return `${action.title}: edit ${e.start}-${e.end} touches a quotation`;
  }
  for (let i = 1; i < edits.length; i++) if (edits[i].start < edits[i - 1].end) return `${action.title}: overlapping edits`;
  // Apply; keep where each fixed span lands.
  let fixed = '';
  let last = 0;
  const spans: { start: number; end: number; id: string; oldStart: number; oldEnd: number }[] = [];
  for (const e of edits) {
    fixed += text.slice(last, e.start);
    const id = doc.occurrences.find((x) => x.start === e.start)!.concept.id;
    spans.push({ start: fixed.length, end: fixed.length + e.newText.length, id, oldStart: e.start, oldEnd: e.end });
    fixed += e.newText;
    last = e.end;
  }
  fixed += text.slice(last);
  const after = engine.annotate(fixed);
  const keys = new Set(after.occurrences.map((o) => occurrenceKey(o)));
  for (const s of spans) {
    if (!keys.has(`${s.start}-${s.end}:${s.id}`)) {
      const got = after.occurrences.filter((o) => o.start < s.end && o.end > s.start).map((o) => `${fixed.slice(o.start, o.end)}=${o.concept.id}`);
      return `${action.title}: the fixed "${fixed.slice(s.start, s.end)}" at ${s.start} is no longer ${s.id} alone (now: ${got.join(', ') || 'untagged'}) in …${fixed.slice(Math.max(0, s.start - 10), s.end + 10)}…`;
    }
    const variant = text.slice(s.oldStart, s.oldEnd);
    const d = doubledBy(fixed, after.occurrences, s.start, s.end, variant, fixed.slice(s.start, s.end), spans);
    if (d) {
      return `${action.title}: "${d}" doubled at the fixed "${fixed.slice(s.start, s.end)}": …${fixed.slice(Math.max(0, s.start - 10), s.end + 10)}…`;
    }
  }
  // Every occurrence outside the fixed spans is unchanged, shifted by the edits before it.
  const expected = new Set<string>();
  let e = 0;
  let shift = 0;
  for (const o of doc.occurrences) {
    while (e < edits.length && edits[e].end <= o.start) (shift += edits[e].newText.length - (edits[e].end - edits[e].start)), e++;
    if (e < edits.length && edits[e].start === o.start) continue;
    expected.add(occurrenceKey(o, shift));
  }
  for (const s of spans) keys.delete(`${s.start}-${s.end}:${s.id}`);
  const missing = [...expected].filter((k) => !keys.has(k));
  const extra = [...keys].filter((k) => !expected.has(k));
  if (missing.length || extra.length) return `${action.title}: other tags changed (lost ${missing.join(' ')}; new ${extra.join(' ')})`;
  return undefined;
}

/** Checks every offered fix of a text; returns [fixes checked, first violation]. */
function checkAllFixes(text: string, name: string): [number, string | undefined] {
  const doc = sharedEngine().annotate(text, `file:///${name}`, 7);
  const actions = offeredFixes(doc);
  for (const a of actions) {
    const problem = checkFix(doc, a);
    if (problem) return [actions.length, `${name}: ${problem}`];
  }
  return [actions.length, undefined];
}

test('every fix offered on the fixture and example documents keeps its concept, changes nothing else, doubles nothing', () => {
  const files = [...markdownUnder(join(ROOT, 'test', 'fixtures')), ...markdownUnder(join(ROOT, 'examples'))];
  assert.ok(files.length >= 3);
  let fixes = 0;
  for (const file of files) {
    const [n, problem] = checkAllFixes(readFileSync(file, 'utf8'), relative(ROOT, file));
    assert.equal(problem, undefined);
    fixes += n;
  }
  assert.ok(fixes > 0, 'the fixtures offer at least one fix');
});

/**
 * A random policy draft: random blocks from the incremental-update fuzzer, and sentences made of the
 * lexicon's surface forms of every kind (synonyms most often), quotations, titles, soft line breaks
 * (plain, in block quotes and list items), with filler between forms.
 */
function randomDraft(next: () => number): string {
  const forms = randomDraft.forms ??= surfaceForms(sharedEngine().lexicon).map((f) => f.text);
  const synonyms = randomDraft.synonyms ??= surfaceForms(sharedEngine().lexicon).filter((f) => f.kind === 'synonym').map((f) => f.text);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const FILLER = ['推动', '和', '，', '。', '加快', '以及', '、', '坚持', '的', '新', '技术', '创新', '产业', '数据', '要素'];
  const BREAKS = ['\n', '\n> ', '\n  ', '\r\n'];
  const parts: string[] = [];
  const blocks = 2 + Math.floor(next() * 3);
  for (let b = 0; b < blocks; b++) {
    if (next() < 0.3) {
      parts.push(randomDocument(next), '\n');
      continue;
    }
    parts.push(pick(['', '', '# ', '- ', '> ', '1. ', '| 任务 | ']));
    const words = 3 + Math.floor(next() * 6);
    for (let w = 0; w < words; w++) {
      const form = next() < 0.5 ? pick(synonyms) : pick(forms);
      const r = next();
      // A form split by a soft line break, as text pasted from Word or PDF.
      const cut = form.length > 1 && r < 0.15 ? 1 + Math.floor(next() * (form.length - 1)) : -1;
      const written = cut > 0 ? form.slice(0, cut) + pick(BREAKS) + form.slice(cut) : form;
      if (r > 0.85) parts.push(pick(['“', '《', '「', '"', '‘']) + written + pick(['”', '》', '」', '"', '’']));
      else parts.push(written);
      parts.push(pick(FILLER));
    }
    parts.push(next() < 0.8 ? '\n\n' : '\n');
  }
  return parts.join('');
}
randomDraft.forms = undefined as string[] | undefined;
randomDraft.synonyms = undefined as string[] | undefined;

test('every fix offered on seeded random drafts keeps its concept, changes nothing else, doubles nothing', () => {
  const seed = Number(process.env.FIX_PROPERTY_SEED ?? 13);
  const drafts = Number(process.env.FIX_PROPERTY_DRAFTS ?? 15);
  const next = rng(seed);
  let fixes = 0;
  for (let d = 0; d < drafts; d++) {
    const text = randomDraft(next);
    const [n, problem] = checkAllFixes(text, `random-${seed}-${d}.md`);
    assert.equal(problem, undefined, `seed ${seed}, draft ${d}:\n${text}`);
    fixes += n;
  }
  assert.ok(fixes > drafts, `only ${fixes} fixes offered on ${drafts} drafts`);
});

test('the doubling check catches the damage issue 13 reports (“卡脖子”核心技术 → “卡脖子技术”关键核心技术)', () => {
  const fixed = '聚焦产业“卡脖子技术”关键核心技术';
  const tagged = sharedEngine().annotate(fixed).occurrences;
  const spans = [{ start: 5, end: 10 }, { start: 11, end: 17 }];
  assert.equal(doubledBy(fixed, tagged, 5, 10, '卡脖子', '卡脖子技术', spans.slice(0, 1)), '技术');
  assert.equal(doubledBy('推动颠覆式创新创新', [], 2, 7, '颠覆性创新', '颠覆式创新', []), undefined, 'a changed middle inserts nothing at the edges');
  assert.equal(doubledBy('数据要素要素市场', [], 0, 4, '数据', '数据要素', []), '要素');
});
