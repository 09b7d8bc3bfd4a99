/**
 * `webanno`: WebAnno TSV 3.3, as INCEpTION imports it ("WebAnno TSV 3.3 File format" in INCEpTION's
 * user guide), one `.tsv` per document. Offsets are UTF-16 code units, as the format defines them
 * (INCEpTION is Java). One custom span layer, `webanno.custom.Concept`, with two string features:
 * `concept` (the concept id) and `category` (its category id); create it in the project before
 * importing (the guide: "the specified headers should be first created").
 *
 * Sentences: each line of the text, cut after sentence-final punctuation (。！？；!?…), so that every
 * character of the text lies in a sentence at its own offset; a cut never falls inside a concept
 * occurrence (a term the matcher read across a soft line break keeps its two lines in one sentence,
 * written as two `#Text=` lines, as the format does for a sentence with a line feed).
 *
 * Tokens: one token per character for Chinese (and any character outside Latin letters and digits),
 * a run of Latin letters and digits as one token, white space between tokens. Chinese has no spaces and
 * word segmentation would need a dictionary (jieba) that may cut through a concept's term; one token per
 * character is exact, needs no dictionary, and lets every occurrence start and end on a token boundary.
 * Token boundaries are also forced at every occurrence's start and end. An occurrence over more than one
 * token, or stacked with another on a token, carries a disambiguation id `[n]` in both feature columns.
 * Reserved characters in token text and feature values are escaped with a backslash; `#Text=` lines
 * escape control characters, `\`, TAB, CR (`\r`), as the format describes.
 */
import { documentStem } from './text';
import type { Exporter, ExportInput, ExportSink, ExportOptions } from './types';

export const WEBANNO_LAYER = 'webanno.custom.Concept';
export const WEBANNO_HEADER = `#FORMAT=WebAnno TSV 3.3\n#T_SP=${WEBANNO_LAYER}|concept|category\n\n\n`;

const VALUE_RESERVED = /\\|\[|\]|\||_|->|;|\t|\n|\*/g;
const VALUE_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n' };

/** Escapes a token's text or a feature value (the format's reserved characters: \ [ ] | _ -> ; TAB LF *). */
export function escapeTsvValue(s: string): string {
  return s.replace(VALUE_RESERVED, (m) => VALUE_ESCAPES[m] ?? '\\' + m);
}

/** Escapes a `#Text=` line: control characters other than TAB…CR prefixed by `\`; TAB, LF, FF, CR, BS as `\t \n \f \r \b`; `\` as `\\`. */
export function escapeTsvText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\\]/g, (c) => {
    switch (c) {
      case '\t':
        return '\\t';
      case '\n':
        return '\\n';
      case '\f':
        return '\\f';
      case '\r':
        return '\\r';
      case '\b':
        return '\\b';
      case '\\':
        return '\\\\';
      case '\u000b':
        return c;
      default:
        return '\\' + c;
    }
  });
}

interface Span {
  readonly start: number;
  readonly end: number;
}

interface TsvOccurrence extends Span {
  readonly concept: { readonly id: string; readonly category: string };
}

/** JavaScript's `\s`, by code unit (the export runs over whole corpora: no RegExp per character). */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f;
}
/** Latin letters and digits: a run of them is one token. */
function isLatin(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}
/** 。！？；!?… end a sentence. */
function isTerminal(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0x21 || c === 0x3f || c === 0x2026;
}
/** Closing quotes and brackets stay with the sentence they end. */
function isClosing(c: number): boolean {
  return c === 0x201d || c === 0x2019 || c === 0x300d || c === 0x300f || c === 0xff09 || c === 0x300b || c === 0x3011 || c === 0x3015 || c === 0x22 || c === 0x27 || c === 0x29 || c === 0x5d;
}

/** The sentences of a text for TSV: see the module comment. Offsets UTF-16, whitespace trimmed, never empty. */
export function tsvSentences(text: string, occurrences: readonly Span[]): Span[] {
  const out: Span[] = [];
  let from = 0;
  let k = 0;
  const cut = (at: number) => {
    // A cut inside an occurrence is no cut.
    while (k < occurrences.length && occurrences[k].end <= at) k++;
    if (k < occurrences.length && occurrences[k].start < at && at < occurrences[k].end) return;
    let s = from;
    let e = at;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push({ start: s, end: e });
    from = at;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) cut(i);
    else if (isTerminal(c)) {
      while (i + 1 < text.length && (isTerminal(text.charCodeAt(i + 1)) || isClosing(text.charCodeAt(i + 1)))) i++;
      cut(i + 1);
    }
  }
  cut(text.length);
  return out;
}

/** The tokens of one sentence (see the module comment); `bounds` are offsets where a token must start or end. */
export function tsvTokens(text: string, sentence: Span, bounds: ReadonlySet<number>): Span[] {
  const out: Span[] = [];
  let i = sentence.start;
  while (i < sentence.end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    let j = i + (c >= 0xd800 && c <= 0xdbff && i + 1 < sentence.end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1);
    if (isLatin(c)) while (j < sentence.end && isLatin(text.charCodeAt(j)) && !bounds.has(j)) j++;
    out.push({ start: i, end: j });
    i = j;
  }
  return out;
}

/** A token's text escaped: most tokens are one character that needs nothing. */
function tokenText(text: string, start: number, end: number): string {
  const t = text.slice(start, end);
  return end - start === 1 && !RESERVED_CHAR.has(text.charCodeAt(start)) ? t : escapeTsvValue(t);
}
const RESERVED_CHAR = new Set([...'\\[]|_;\t\n*-'].map((c) => c.charCodeAt(0)));

/** The WebAnno TSV 3.3 file of one text and its occurrences (sorted, as a ConceptDocument gives them). */
export function webannoTsv(text: string, occurrences: readonly TsvOccurrence[]): string {
  const bounds = new Set<number>();
  for (const o of occurrences) bounds.add(o.start), bounds.add(o.end);
  const sentences = tsvSentences(text, occurrences);
  const tokenized = sentences.map((s) => tsvTokens(text, s, bounds));
  // Pass 1: which occurrences cover each token (nearly always none or one), how many tokens each covers.
  const single: number[] = [];
  const stacked = new Map<number, number[]>();
  const tokenCount = new Array<number>(occurrences.length).fill(0);
  const needsId = new Array<boolean>(occurrences.length).fill(false);
  let k = 0;
  let t = 0;
  for (const tokens of tokenized) {
    for (const tok of tokens) {
      while (k < occurrences.length && occurrences[k].end <= tok.start) k++;
      let first = -1;
      for (let j = k; j < occurrences.length && occurrences[j].start < tok.end; j++) {
        if (occurrences[j].start > tok.start || occurrences[j].end < tok.end) continue;
        tokenCount[j]++;
        if (first < 0) first = j;
        else {
          let list = stacked.get(t);
          if (!list) stacked.set(t, (list = [first]));
          list.push(j);
        }
      }
      single.push(first);
      t++;
    }
  }
  for (const list of stacked.values()) for (const n of list) needsId[n] = true;
  // Disambiguation ids for multi-token and stacked annotations, numbered in document order.
  const ids = new Array<number>(occurrences.length).fill(0);
  let next = 1;
  for (let n = 0; n < occurrences.length; n++) if (tokenCount[n] > 1 || needsId[n]) ids[n] = next++;
  const value = (n: number, v: string) => (ids[n] ? `${escapeTsvValue(v)}[${ids[n]}]` : escapeTsvValue(v));
  // Pass 2: the lines.
  const out: string[] = [WEBANNO_HEADER];
  t = 0;
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    if (si > 0) out.push('\n');
    for (const line of text.slice(s.start, s.end).split('\n')) out.push(`#Text=${escapeTsvText(line)}\n`);
    const tokens = tokenized[si];
    for (let ti = 0; ti < tokens.length; ti++, t++) {
      const tok = tokens[ti];
      const on = stacked.get(t) ?? (single[t] >= 0 ? [single[t]] : undefined);
      const cols = on ? `${on.map((n) => value(n, occurrences[n].concept.id)).join('|')}\t${on.map((n) => value(n, occurrences[n].concept.category)).join('|')}` : '_\t_';
      out.push(`${si + 1}-${ti + 1}\t${tok.start}-${tok.end}\t${tokenText(text, tok.start, tok.end)}\t${cols}\t\n`);
    }
  }
  return out.join('');
}

export const webannoExporter: Exporter = {
  id: 'webanno',
  label: { zh: 'WebAnno TSV 3.3（INCEpTION）', en: 'WebAnno TSV 3.3 (INCEpTION)' },
  description: { zh: '每个文件一个 .tsv，UTF-16 偏移；导入 INCEpTION', en: 'a .tsv per file, UTF-16 offsets; imports into INCEpTION' },
  extensions: ['tsv'],
  mediaType: 'text/tab-separated-values',
  offsetUnit: 'utf-16',
  multiFile: true,
  async write(docs: ExportInput, sink: ExportSink, _options: ExportOptions): Promise<string[]> {
    const names: string[] = [];
    const used = new Set<string>();
    for await (const d of docs) {
      const name = `${documentStem(d.stem ?? d.path, used)}.tsv`;
      const w = await sink.open(name, this.mediaType);
      await w.write(webannoTsv(d.doc.text, d.doc.occurrences));
      await w.close();
      names.push(name);
    }
    return names;
  },
};
