/**
 * The `annotate` table, for people: one row per occurrence that fits the terminal, grouped under the
 * outline section it sits in, with the occurrence's sentence trimmed around the term.
 *
 *   § 一、总体要求 › （二）主要目标
 *   draft.md:12:5  数据要素                    新要素 New factors      …加快培育数据要素市场，推动产业…
 *   draft.md:14:3  颠覆性技术创新 → 颠覆式创新  新技术 New technology   推进颠覆性技术创新。
 *
 * Widths are display columns (a Han character takes two). No cell prints a control character: line
 * breaks (CRLF, LF or a lone CR) inside a soft-wrapped term or sentence are read as the matcher reads
 * them, so `数据要⏎素` shows as 数据要素 and, being the canonical term, is not shown as a variant.
 */
import type { Engine } from '../core/engine';
import { CATEGORY_LABELS } from '../core/lexicon/categories';
import type { CategoryId } from '../core/lexicon/types';
import { SENTENCE_WINDOW, sentenceWindow, type AnnotationFileJson } from '../core/annotationJson';
import { tally } from '../core/coverage';
import { displayWidth, padEnd } from './width';

/** The width used when standard output is not a terminal. */
export const DEFAULT_WIDTH = 100;
/** The narrowest sentence column; below it the sentence goes on a line of its own. */
const MIN_SENTENCE = 16;
const GAP = '  ';

/** Standard output's width in columns: the terminal's, or DEFAULT_WIDTH when output is piped or redirected. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : DEFAULT_WIDTH;
}

/**
 * A cell's text on one line: a line break (and the indentation or `>` after it) is dropped, or read as
 * a space between two Latin letters or digits, as the matcher reads a soft-wrapped term; any other
 * control character becomes a space.
 */
export function oneLine(text: string): string {
  return text
    .replace(/([A-Za-z0-9])[ \t]*(?:\r\n|\r|\n)[\s>]*(?=[A-Za-z0-9])/g, '$1 ')
    .replace(/[ \t]*(?:\r\n|\r|\n)[\s>]*/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** Cuts `text` to at most `width` columns, marking the cut with …: at the end, or at the start (`from: 'start'`). */
export function truncate(text: string, width: number, from: 'end' | 'start' = 'end'): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  const chars = [...text];
  if (from === 'start') chars.reverse();
  let out = '';
  let w = 1; // the ellipsis
  for (const ch of chars) {
    const cw = displayWidth(ch);
    if (w + cw > width) break;
    out = from === 'start' ? ch + out : out + ch;
    w += cw;
  }
  return from === 'start' ? `…${out}` : `${out}…`;
}

/**
 * The sentence cut to `width` columns around the term at `at` (UTF-16 index, `length` long): the term
 * whole where it fits, about a third of the room before it and the rest after, … where text is cut.
 */
export function snippet(sentence: string, at: number, length: number, width: number): string {
  if (displayWidth(sentence) <= width) return sentence;
  if (at < 0) return truncate(sentence, width);
  const term = sentence.slice(at, at + length);
  const termWidth = displayWidth(term);
  if (termWidth + 2 >= width) return truncate(term, width);
  const before = sentence.slice(0, at);
  const after = sentence.slice(at + length);
  const beforeWidth = displayWidth(before);
  const afterWidth = displayWidth(after);
  const budget = width - termWidth;
  let leftBudget = Math.floor(budget / 3);
  if (beforeWidth <= leftBudget) leftBudget = beforeWidth;
  else if (afterWidth <= budget - leftBudget) leftBudget = budget - afterWidth;
  const left = beforeWidth > leftBudget ? truncate(before, leftBudget, 'start') : before;
  // What the left side could not use (a wide character that did not fit) goes to the right.
  const rightBudget = budget - displayWidth(left);
  const right = afterWidth > rightBudget ? truncate(after, rightBudget) : after;
  return left + term + right;
}

interface Row {
  readonly section: string;
  /** Location, form (`数据要素`, or `颠覆性技术创新 → 颠覆式创新` for a variant), [English name,] category. */
  readonly cells: string[];
  /** A variant's written form and term, so a cut keeps the term: `new quality produ… → 新质生产力`. */
  readonly variant?: { readonly shown: string; readonly term: string };
  readonly sentence: string;
  readonly at: number;
  readonly length: number;
}

/**
 * Where in its quoted sentence an annotation's text starts: of the places the text stands in the
 * quote, the one nearest to where the annotation's offsets put it (a sentence may hold the text twice,
 * or inside a longer form tagged on its own: `“卡脖子”技术 … 破解“卡脖子”难题`). The quote drops soft line
 * breaks, which can move the term by a few code units; -1 when the text is not in the quote.
 */
function termInSentence(a: AnnotationFileJson['annotations'][number], sentence: string, shown: string): number {
  const whole = a.sentenceEnd - a.sentenceStart <= SENTENCE_WINDOW;
  const window = whole ? { from: a.sentenceStart } : sentenceWindow(a.start, a.end, a.sentenceStart, a.sentenceEnd);
  const expected = a.start - window.from + (!whole && window.from > a.sentenceStart ? 1 : 0);
  let best = -1;
  for (let k = sentence.indexOf(shown); k >= 0; k = sentence.indexOf(shown, k + 1)) if (best < 0 || Math.abs(k - expected) < Math.abs(best - expected)) best = k;
  return best;
}

/** The table for a set of annotated files, at most `width` columns wide, with a summary by category. */
export function table(files: readonly AnnotationFileJson[], engine: Engine, width = terminalWidth()): string {
  const lines: string[] = [];
  const withEnglish = width >= 140;
  const fullCategory = width >= 110;
  for (const f of files) {
    if (files.length > 1 || f.annotations.length === 0) lines.push(truncate(oneLine(`${f.path}: ${f.annotations.length} occurrence(s)`), width, 'start'));
    const rows: Row[] = f.annotations.map((a) => {
      const c = engine.lexicon.byId(a.concept.id)!;
      const cat = c.category;
      const shown = oneLine(a.text);
      const sentence = oneLine(a.sentence);
      const at = termInSentence(a, sentence, shown);
      const label = CATEGORY_LABELS[cat];
      const cells = [
        `${oneLine(f.path)}:${a.range.start.line + 1}:${a.range.start.character + 1}`,
        // A soft-wrapped canonical term reads as the term: only a different form is a variant.
        shown === c.term ? c.term : `${shown} → ${c.term}`,
        ...(withEnglish ? [c.en] : []),
        fullCategory ? `${label.zh} ${label.en}` : label.zh,
      ];
      const variant = shown === c.term ? undefined : { shown, term: c.term };
      return { section: (a.section ?? []).map(oneLine).join(' › '), cells, variant, sentence, at, length: shown.length };
    });
    lines.push(...layout(rows, width));
  }
  lines.push('');
  lines.push('按类别汇总 / Summary by category:');
  // The lexicon's category, not the exported one: the table shows the current frame.
  const counts = tally(files.flatMap((f) => f.annotations.map((a) => ({ concept: engine.lexicon.byId(a.concept.id)! }))));
  const perCategory = counts.categories;
  const total = counts.total;
  // A summary line takes 62 columns; a narrower terminal gets the counts on a line of their own.
  const summary = (label: string, counts: string) => (width >= 62 ? [`  ${padEnd(label, 26)} ${counts}`] : [`  ${label}`, `    ${counts.trim()}`]);
  for (const cat of Object.keys(CATEGORY_LABELS) as CategoryId[]) {
    const e = perCategory.get(cat);
    lines.push(...summary(`${CATEGORY_LABELS[cat].zh} ${CATEGORY_LABELS[cat].en}`, `${String(e?.occurrences ?? 0).padStart(5)} occurrence(s), ${e?.concepts.size ?? 0} concept(s)`));
  }
  lines.push(...summary('合计 Total', `${String(total).padStart(5)} occurrence(s) in ${files.length} file(s)`));
  return lines.join('\n') + '\n';
}

/** A cell cut to its column: a location from its start (the line and column stay), a variant before its arrow. */
function fit(cell: string, column: number, width: number, row: Row): string {
  if (displayWidth(cell) <= width) return cell;
  if (column === 0) return truncate(cell, width, 'start');
  if (column === 1 && row.variant) {
    const arrow = ` → ${row.variant.term}`;
    const room = width - displayWidth(arrow);
    if (room >= 4) return truncate(row.variant.shown, room) + arrow;
  }
  return truncate(cell, width);
}

/**
 * One file's rows: a `§ section` line where the section changes, then aligned columns and the sentence
 * in what room is left; when less than MIN_SENTENCE columns are left, the sentence goes on its own
 * indented line. Every line fits `width`.
 */
function layout(rows: readonly Row[], width: number): string[] {
  if (!rows.length) return [];
  const n = rows[0].cells.length;
  // Natural widths; the location may take up to 40 % of the width (a long path is cut at its start).
  const widths = rows[0].cells.map((_, i) => Math.max(...rows.map((r) => displayWidth(r.cells[i]))));
  widths[0] = Math.min(widths[0], Math.max(12, Math.floor(width * 0.4)));
  const longestSentence = Math.max(...rows.map((r) => displayWidth(r.sentence)));
  if (widths.reduce((s, w) => s + w, 0) + GAP.length * n + longestSentence > width) {
    // Not everything fits: cap the form, English and category columns so the sentence keeps its room.
    const caps = n === 4 ? [widths[0], 26, 20, 22] : [widths[0], 26, 22];
    for (let i = 1; i < n; i++) widths[i] = Math.min(widths[i], caps[i]);
  }
  const fixed = widths.reduce((s, w) => s + w, 0) + GAP.length * n;
  let sentenceWidth = width - fixed;
  const ownLine = sentenceWidth < MIN_SENTENCE;
  if (ownLine) {
    // Narrow terminal: shrink the columns to fit, the sentence below.
    let over = fixed - GAP.length - width;
    for (let i = n - 1; i >= 0 && over > 0; i--) {
      const cut = Math.min(over, Math.max(0, widths[i] - 4));
      widths[i] -= cut;
      over -= cut;
    }
    sentenceWidth = width - 4;
  }
  const out: string[] = [];
  let section: string | undefined;
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      if (section) out.push(truncate(`§ ${section}`, width, 'start'));
    }
    const cells = r.cells.map((cell, i) => padEnd(fit(cell, i, widths[i], r), widths[i]));
    const sentence = snippet(r.sentence, r.at, r.length, sentenceWidth);
    if (ownLine) {
      out.push(truncate(cells.join(GAP).trimEnd(), width));
      out.push(`    ${sentence}`);
    } else {
      out.push(`${cells.join(GAP)}${GAP}${sentence}`.trimEnd());
    }
  }
  return out;
}
