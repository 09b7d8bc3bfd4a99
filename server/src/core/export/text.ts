/** Small text helpers the exporters share: offset units, file names, quoting. */
import { URI } from 'vscode-uri';

/**
 * Converts UTF-16 offsets of one text to Unicode code point offsets. Offsets asked in increasing order
 * cost one pass over the text in all; a smaller offset restarts from the start.
 */
export class CodePoints {
  private unit = 0;
  private point = 0;

  constructor(private readonly text: string) {}

  /** The code point offset of UTF-16 offset `offset` (an offset inside a surrogate pair counts the whole pair). */
  at(offset: number): number {
    if (offset < this.unit) this.unit = this.point = 0;
    const text = this.text;
    while (this.unit < offset) {
      const c = text.charCodeAt(this.unit);
      this.unit += isHigh(c) && isLow(text.charCodeAt(this.unit + 1)) ? 2 : 1;
      this.point++;
    }
    return this.point;
  }
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The number of code points in a string. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

/** Up to `n` code points of `text` before UTF-16 offset `end`, never splitting a surrogate pair. */
export function codePointsBefore(text: string, end: number, n: number, floor = 0): string {
  let i = end;
  for (let k = 0; k < n && i > floor; k++) i -= i - 2 >= floor && isLow(text.charCodeAt(i - 1)) && isHigh(text.charCodeAt(i - 2)) ? 2 : 1;
  return text.slice(i, end);
}

/** Up to `n` code points of `text` from UTF-16 offset `start`. */
export function codePointsAfter(text: string, start: number, n: number, ceiling = text.length): string {
  let i = start;
  for (let k = 0; k < n && i < ceiling; k++) i += i + 1 < ceiling && isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  return text.slice(start, i);
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** The pieces of `[start, end)` between line breaks (`\r\n`, `\n`, `\r`): a term the matcher read across a soft break. */
export function lineFragments(text: string, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    if (i > from) out.push({ start: from, end: i });
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
    from = i + 1;
  }
  if (end > from) out.push({ start: from, end });
  return out;
}

/** Text on one line: line breaks (and the spaces around them) out, as a reader sees a soft-wrapped line. */
export function oneLine(s: string): string {
  return s.replace(/[ \t]*(?:\r\n|\n|\r)[ \t]*/g, '');
}

/**
 * A file name (no folders) for a document's own output files, unique within one export: the path's
 * folders joined by `__`, its extension dropped, characters no file system takes replaced by `_`.
 * `政策/一号文件.md` → `政策__一号文件`.
 */
export function documentStem(path: string, used: Set<string>): string {
  const parts = path
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
    .split(/[\\/]+/)
    .filter((p) => p && p !== '.' && p !== '..')
    .map((p) => p.replace(/^([A-Za-z]):$/, '$1'));
  if (parts.length) parts[parts.length - 1] = parts[parts.length - 1].replace(/\.[^.]*$/, '') || parts[parts.length - 1];
  // eslint-disable-next-line no-control-regex
  let stem = parts.join('__').replace(/[\u0000-\u001f<>:"|?*\u007f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').replace(/\s+/g, '_') || 'document';
  if (stem.length > 120) stem = stem.slice(stem.length - 120);
  let unique = stem;
  for (let n = 2; used.has(unique.toLowerCase()); n++) unique = `${stem}-${n}`;
  used.add(unique.toLowerCase());
  return unique;
}

/** A URI for a document path: the URI itself when it is one, else a `file:` URI of the path. */
export function documentUri(path: string, uri?: string): string {
  if (uri && /^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri)) return uri;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return path;
  return URI.file(path).toString();
}

/** The UTF-8 byte-order mark Excel needs to read a CSV file as UTF-8 (without it, Chinese turns to mojibake). */
export const BOM = '\ufeff';

/** One CSV record by RFC 4180: fields quoted when they hold a comma, a quote or a line break; CRLF at the end. */
export function csvRow(fields: readonly (string | number)[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One TSV record: tabs and line breaks inside a field become spaces (TSV has no quoting). */
export function tsvRow(fields: readonly (string | number)[]): string {
  return fields.map((f) => String(f).replace(/[\t\r\n]+/g, ' ')).join('\t') + '\n';
}

/** Escapes text for XML character data and attribute values; characters XML 1.0 forbids are dropped. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
