import type { Position } from 'vscode-languageserver-types';

/**
 * Converts between UTF-16 offsets and LSP line/character positions. Lines end at `\n`, `\r\n` or a
 * lone `\r`, as in LSP; characters are UTF-16 code units, so astral characters count two.
 */
export class LineIndex {
  private readonly starts: Int32Array;
  constructor(
    private readonly text: string,
    starts?: Int32Array,
  ) {
    if (starts) {
      this.starts = starts;
      return;
    }
    const found = [0];
    scanLineStarts(text, 0, text.length, found);
    this.starts = Int32Array.from(found);
  }

  /**
   * The index of `text`, made from this one (of the text before an edit) by re-scanning only the edit:
   * the old text's `[prefix, oldChangeEnd)` became `text`'s `[prefix, oldChangeEnd + delta)`. A line start
   * depends on the two characters before it and its own (`\r\n` is one break), so starts before
   * `prefix` are kept, starts from two characters past the edit are shifted, and the rest re-scanned.
   */
  edited(text: string, prefix: number, oldChangeEnd: number, delta: number): LineIndex {
    const old = this.starts;
    const newChangeEnd = oldChangeEnd + delta;
    // Line 0 always starts at 0, whatever the edit.
    const keepBelow = Math.max(prefix, 1);
    const head = firstAtLeast(old, keepBelow, 0);
    const tail = firstAtLeast(old, oldChangeEnd + 2, head);
    const middle: number[] = [];
    const from = Math.max(0, prefix - 2);
    scanLineStarts(text, from, Math.min(text.length, newChangeEnd + 2), middle);
    const kept = middle.filter((s) => s >= keepBelow && s < newChangeEnd + 2);
    const starts = new Int32Array(head + kept.length + (old.length - tail));
    starts.set(old.subarray(0, head));
    starts.set(kept, head);
    let k = head + kept.length;
    for (let i = tail; i < old.length; i++) starts[k++] = old[i] + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The 0-based line containing `offset`. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(o);
    return { line, character: o - this.starts[line] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const end = this.lineEnd(position.line);
    return Math.min(start + Math.max(0, position.character), end);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset of the end of a line's content, before its line break. */
  lineEnd(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 0x0a) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return end;
  }
}

/** The first index at or after `from` whose entry is `value` or more (`starts` is sorted): a binary search, not a walk over every line before an edit. */
export function firstAtLeast(starts: Int32Array, value: number, from = 0): number {
  let lo = from;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Pushes the start of every line that begins after a break found in `text[from, to)`. */
function scanLineStarts(text: string, from: number, to: number, out: number[]): void {
  if (to - from >= 4096) {
    // (Searched in the range only: in a text with no CR a search from `from` would read to its end on every edit.)
    if (!text.slice(from, to).includes('\r')) {
      // No carriage return in the range: each start follows a line feed, found by the native search.
      // (The loop below visits every code unit, and on a big document's first read it runs before
      // the optimizing compiler has got to it: about 5 % of a cold 1.6 MB annotate + outline.)
      for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) out.push(i + 1);
      return;
    }
  }
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) out.push(i + 1);
    else if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      out.push(i + 1);
    }
  }
}
