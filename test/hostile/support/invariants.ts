/**
 * What must hold for any document, however hostile, when the core annotates it: nothing throws, each
 * step is fast, every occurrence lies inside the text, in order, without overlap, and reads as a form
 * of its concept once soft breaks are taken out; ranges, sections and sentences agree with the text;
 * the annotation JSON round-trips and grows with the number of annotations, not with sentence length;
 * and the incremental `update()` path gives what a fresh annotation gives.
 */
import type { Engine } from '../../../server/src/core/engine';
import type { ConceptDocument } from '../../../server/src/core/document';
import { toAnnotationJson } from '../../../server/src/core/annotationJson';
import { randomEditAt, summary } from '../../support/editFuzz';

/** Most CPU time any one step (annotate, an update, the JSON, the sentences) may take on one document. */
export const STEP_LIMIT_MS = 2_000;
/**
 * The export must grow linearly: at most this many characters per character of text (JSON escapes
 * make a control character six) plus this many per annotation (its fields and a window of its
 * sentence). Repeating a whole long sentence with each of its many annotations breaks the bound.
 */
export const JSON_PER_TEXT_CHAR = 10;
export const JSON_PER_ANNOTATION = 1_500;

export interface DocumentReport {
  /** What went wrong; empty when every invariant held. */
  problems: string[];
  /** Slowest step and its name. */
  slowestMs: number;
  slowestStep: string;
  occurrences: number;
}

/**
 * Reads an occurrence's text the way the matcher promises to (server/src/core/match/matcher.ts): a line
 * break with the indentation and `>` after it is nothing, or one space between printable ASCII on both
 * sides with a Latin word character on at least one (`refined,⏎distinctive` reads `refined, distinctive`).
 */
export function readAsMatched(raw: string): string {
  let out = '';
  const word = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
  for (let i = 0; i < raw.length; ) {
    const c = raw.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      let j = i;
      while (j < raw.length && /[\n\r \t>]/.test(raw[j])) j++;
      const prev = i > 0 ? raw.charCodeAt(i - 1) : 0;
      const next = j < raw.length ? raw.charCodeAt(j) : 0;
      const printable = (x: number) => x > 0x20 && x < 0x7f;
      if (printable(prev) && printable(next) && (word(prev) || word(next))) out += ' ';
      i = j;
      continue;
    }
    out += raw[i];
    i++;
  }
  return out.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

const formsCache = new WeakMap<Engine, Map<string, Set<string>>>();

/** Each concept's surface forms, normalised as the matcher stores them. */
function formsOf(engine: Engine): Map<string, Set<string>> {
  let m = formsCache.get(engine);
  if (m) return m;
  m = new Map();
  for (const f of engine.matcher.forms) {
    const key = f.text.trim().replace(/\s+/g, ' ').replace(/[A-Z]/g, (ch) => ch.toLowerCase());
    let set = m.get(f.conceptId);
    if (!set) m.set(f.conceptId, (set = new Set()));
    set.add(key);
  }
  formsCache.set(engine, m);
  return m;
}

/** UTF-16 offset of an LSP position, with `\n`, `\r\n` and lone `\r` ending lines (as LSP says). */
function offsetOf(lineStarts: number[], text: string, pos: { line: number; character: number }): number {
  if (pos.line < 0 || pos.line >= lineStarts.length) return -1;
  return Math.min(lineStarts[pos.line] + pos.character, text.length);
}

/** Line starts with `\n`, `\r\n` and lone `\r` ending lines, as LSP counts them (an oracle of its own, not the core's LineIndex). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    } else if (c === 0x0a) starts.push(i + 1);
  }
  return starts;
}

const show = (s: string, max = 80) => JSON.stringify(s.length > max ? s.slice(0, max) + '…' : s);

/** The invariants of one annotated document; pushes what fails onto `problems`. */
export function checkAnnotated(engine: Engine, doc: ConceptDocument, problems: string[], time: (step: string, f: () => void) => void): void {
  const text = doc.text;
  const forms = formsOf(engine);
  const starts = lineStarts(text);
  let prevEnd = -1;
  let prevStart = -1;
  for (const o of doc.occurrences) {
    if (!(o.start >= 0 && o.start < o.end && o.end <= text.length)) {
      problems.push(`occurrence ${o.start}-${o.end} of ${o.concept.id} lies outside the text (length ${text.length})`);
      continue;
    }
    if (o.start < prevStart) problems.push(`occurrences out of order: ${o.start} after ${prevStart}`);
    if (o.start < prevEnd) problems.push(`occurrence ${o.start}-${o.end} overlaps the previous one (ending at ${prevEnd})`);
    prevStart = o.start;
    prevEnd = o.end;
    const raw = text.slice(o.start, o.end);
    if (!forms.get(o.concept.id)?.has(readAsMatched(raw))) problems.push(`occurrence ${o.start}-${o.end} reads ${show(raw)}, not a form of ${o.concept.id}`);
    const r = doc.rangeOf(o);
    const a = offsetOf(starts, text, r.start);
    const b = offsetOf(starts, text, r.end);
    if (a !== o.start || b !== o.end) problems.push(`range ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} of ${o.start}-${o.end} points at ${a}-${b}`);
  }
  if (problems.length > 8) return;
  const sorted = (name: string, list: readonly { start: number; end: number }[]) => {
    let prev = -1;
    for (const x of list) {
      if (x.start < prev || x.start > x.end || x.end > text.length || x.start < 0) {
        problems.push(`${name} ${x.start}-${x.end} out of order or outside the text (length ${text.length})`);
        return;
      }
      prev = x.start;
    }
  };
  sorted('block', doc.blocks);
  sorted('prose range', doc.prose);
  sorted('heading', doc.headings);
  time('sections', () => {
    let inSections = 0;
    for (const s of doc.sections) {
      if (s.start > s.end || s.end > text.length) problems.push(`section ${s.start}-${s.end} outside the text`);
      for (const o of s.occurrences) if (o.start < s.start || o.start >= s.end) problems.push(`section ${s.start}-${s.end} holds occurrence ${o.start}`);
      inSections += s.occurrences.length;
    }
    // Sections follow the outline (Markdown headings and 公文 numbering), so they start at its first heading.
    const first = doc.outline[0]?.start ?? text.length;
    const expected = doc.occurrences.filter((o) => o.start >= first).length;
    if (inSections !== expected) problems.push(`sections hold ${inSections} occurrences, ${expected} follow the first heading`);
  });
  time('sentences', () => {
    for (const o of doc.occurrences) {
      const s = doc.sentenceAt(o.start);
      if (s && (s.start > o.start || s.end <= o.start || s.start < 0 || s.end > text.length)) problems.push(`sentence ${s.start}-${s.end} does not hold occurrence ${o.start}`);
    }
  });
  time('json', () => {
    const json = toAnnotationJson('draft.md', doc);
    let longest = 0;
    for (const a of json.annotations) {
      if (a.text !== text.slice(a.start, a.end)) problems.push(`JSON annotation ${a.start}-${a.end} text ${show(a.text)} is not the file's text there`);
      longest = Math.max(longest, JSON.stringify(a).length);
    }
    const serial = JSON.stringify(json);
    if (JSON.stringify(JSON.parse(serial)) !== serial) problems.push('annotation JSON does not round-trip');
    const bound = JSON_PER_TEXT_CHAR * text.length + JSON_PER_ANNOTATION * json.annotations.length + 1_000;
    if (serial.length > bound) {
      problems.push(`the JSON export is ${serial.length} characters for a ${text.length}-character text with ${json.annotations.length} annotations (linear bound ${bound}; the longest annotation is ${longest}): it grows with the square of sentence length`);
    }
  });
}

/** A hostile piece typed into the text, besides the ordinary random edits. */
const HOSTILE_PIECES = ['\0', '\r', '\uD800', '\uDC00', '\uFEFF', '>'.repeat(50), '*'.repeat(40), '[['.repeat(30), '```', '---\n', '|'.repeat(100), '\u2028', '😀'];

/** One random edit: an ordinary one (editFuzz) or a hostile piece typed somewhere. */
export function hostileEdit(current: string, next: () => number): { text: string; start: number; removed: number } {
  if (next() < 0.3) {
    const piece = HOSTILE_PIECES[Math.floor(next() * HOSTILE_PIECES.length)];
    const at = Math.floor(next() * (current.length + 1));
    return { text: current.slice(0, at) + piece + current.slice(at), start: at, removed: 0 };
  }
  return randomEditAt(current, next);
}

/**
 * A byte-order mark before the text is no content: the occurrences of `'\uFEFF' + text` must be
 * those of `text`, one code unit later.
 */
export function checkBomShift(engine: Engine, text: string, doc: ConceptDocument, problems: string[]): void {
  const withBom = engine.annotate('\uFEFF' + text);
  const a = doc.occurrences.map((o) => `${o.start + 1}-${o.end + 1}:${o.concept.id}`);
  const b = withBom.occurrences.map((o) => `${o.start}-${o.end}:${o.concept.id}`);
  const k = a.findIndex((x, i) => x !== b[i]);
  if (k >= 0 || a.length !== b.length) {
    const at = k >= 0 ? k : Math.min(a.length, b.length);
    problems.push(`a BOM before the text changes its occurrences (${a.length} shifted by one, ${b.length} with the BOM): from #${at}, ${a.slice(at, at + 3).join(' ') || 'none'} become ${b.slice(at, at + 3).join(' ') || 'none'}`);
  }
}

/** Annotates `text`, checks it, then makes `edits` random edits through `update()` and compares each with a fresh annotation. */
export function checkDocument(engine: Engine, text: string, edits: number, next: () => number, options: { bomShift?: boolean; reference?: string } = {}): DocumentReport {
  const report: DocumentReport = { problems: [], slowestMs: 0, slowestStep: '', occurrences: 0 };
  const problems = report.problems;
  // Steps are timed in CPU time, so two helpers sharing the machine do not turn into a failure here;
  // the campaign's watchdog still bounds the wall-clock time of a document.
  const time = (step: string, f: () => void) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      f();
    } catch (e) {
      problems.push(`${step} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 300));
    }
    const cpu = process.cpuUsage(c0);
    const ms = (cpu.user + cpu.system) / 1000;
    if (ms > report.slowestMs) {
      report.slowestMs = ms;
      report.slowestStep = step;
    }
    if (ms > STEP_LIMIT_MS) problems.push(`${step} took ${Math.round(ms)} ms of CPU, ${Math.round(performance.now() - t0)} ms in all (limit ${STEP_LIMIT_MS} ms of CPU)`);
  };
  let doc: ConceptDocument | undefined;
  time('annotate', () => (doc = engine.annotate(text, 'file:///draft.md', 1)));
  if (!doc) return report;
  report.occurrences = doc.occurrences.length;
  checkAnnotated(engine, doc, problems, time);
  const first: ConceptDocument = doc;
  if (options.bomShift && !text.startsWith('\uFEFF')) time('annotate with a BOM', () => checkBomShift(engine, text, first, problems));
  const reference = options.reference;
  if (reference !== undefined) {
    time('annotate the reference', () => {
      const want = engine.annotate(reference).occurrences.map((o) => o.concept.id);
      const got = first.occurrences.map((o) => o.concept.id);
      if (want.join(' ') !== got.join(' ')) problems.push(`found ${got.join(', ') || 'nothing'}; the same text without its line breaks has ${want.join(', ') || 'nothing'}`);
    });
  }
  let current = text;
  for (let e = 0; e < edits && problems.length === 0; e++) {
    const edit = hostileEdit(current, next);
    // Half the edits pass the changed span as the language server does; the others let update() find it.
    const hint = e % 2 ? { prefix: edit.start, suffix: current.length - edit.start - edit.removed } : undefined;
    const before: ConceptDocument = doc;
    let updated: ConceptDocument | undefined;
    let fresh: ConceptDocument | undefined;
    time(`update #${e + 1}`, () => (updated = before.update(edit.text, before.version + 1, hint)));
    time(`fresh annotate after edit #${e + 1}`, () => (fresh = engine.annotate(edit.text, 'file:///draft.md', before.version + 1)));
    if (!updated || !fresh) break;
    const a = JSON.stringify(summary(updated));
    const b = JSON.stringify(summary(fresh));
    if (a !== b) {
      problems.push(`update() differs from a fresh annotation after edit #${e + 1} at ${edit.start} (removed ${edit.removed}, ${hint ? 'with' : 'without'} a hint); before ${show(current, 200)} after ${show(edit.text, 200)}`);
      break;
    }
    current = edit.text;
    doc = updated;
  }
  // The updated document, reused parts and all, must hold the same invariants as a fresh one.
  if (edits > 0 && problems.length === 0) checkAnnotated(engine, doc, problems, time);
  return report;
}
