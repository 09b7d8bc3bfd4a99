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

const SPACE = /\s/;
const LATIN = /[A-Za-z0-9\u00c0-\u024f]/;
const TERMINAL = /[。！？；!?…]/;
const CLOSING = /[”’」』）》】〕"')\]]/;

/** The sentences of a text for TSV: see the module comment. Offsets UTF-16, whitespace trimmed, never empty. */
export function tsvSentences(text: string, occurrences: readonly Span[]): Span[] {
  const cuts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') cuts.push(i);
    else if (TERMINAL.test(c)) {
      while (i + 1 < text.length && (TERMINAL.test(text[i + 1]) || CLOSING.test(text[i + 1]))) i++;
      cuts.push(i + 1);
    }
  }
  cuts.push(text.length);
  const out: Span[] = [];
  let from = 0;
  let k = 0;
  for (const cut of cuts) {
    // A cut inside an occurrence is no cut.
    while (k < occurrences.length && occurrences[k].end <= cut) k++;
    if (k < occurrences.length && occurrences[k].start < cut && cut < occurrences[k].end) continue;
    let s = from;
    let e = cut;
    while (s < e && SPACE.test(text[s])) s++;
    while (e > s && SPACE.test(text[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e });
    from = cut;
  }
  return out;
}

/** The tokens of one sentence (see the module comment); `bounds` are offsets where a token must start or end. */
export function tsvTokens(text: string, sentence: Span, bounds: ReadonlySet<number>): Span[] {
  const out: Span[] = [];
  let i = sentence.start;
  while (i < sentence.end) {
    const c = text.codePointAt(i)!;
    const w = c > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + w);
    if (SPACE.test(ch)) {
      i += w;
      continue;
    }
    let j = i + w;
    if (LATIN.test(ch)) while (j < sentence.end && LATIN.test(text[j]) && !bounds.has(j)) j++;
    out.push({ start: i, end: j });
    i = j;
  }
  return out;
}

/** The WebAnno TSV 3.3 file of one text and its occurrences (sorted, as a ConceptDocument gives them). */
export function webannoTsv(text: string, occurrences: readonly TsvOccurrence[]): string {
  const bounds = new Set<number>();
  for (const o of occurrences) bounds.add(o.start), bounds.add(o.end);
  const sentences = tsvSentences(text, occurrences);
  const tokenized = sentences.map((s) => tsvTokens(text, s, bounds));
  // Which tokens each occurrence covers, and how many occurrences each token carries.
  const all = tokenized.flat();
  const covered: number[][] = [];
  const perToken = new Map<number, number[]>();
  let lo = 0;
  occurrences.forEach((o, n) => {
    while (lo < all.length && all[lo].end <= o.start) lo++;
    const list: number[] = [];
    for (let t = lo; t < all.length && all[t].start < o.end; t++) {
      list.push(t);
      let on = perToken.get(t);
      if (!on) perToken.set(t, (on = []));
      on.push(n);
    }
    covered.push(list);
  });
  // Disambiguation ids for multi-token and stacked annotations, numbered in document order.
  const ids = new Map<number, number>();
  let next = 1;
  occurrences.forEach((_, n) => {
    const list = covered[n];
    if (list.length > 1 || list.some((t) => perToken.get(t)!.length > 1)) ids.set(n, next++);
  });
  const blocks: string[] = [];
  let t = 0;
  sentences.forEach((s, si) => {
    const lines = text.slice(s.start, s.end).split(/\n/).map((l) => `#Text=${escapeTsvText(l)}`);
    tokenized[si].forEach((tok, ti) => {
      const on = perToken.get(t++) ?? [];
      const col = (f: (o: TsvOccurrence) => string) => (on.length ? on.map((n) => escapeTsvValue(f(occurrences[n])) + (ids.has(n) ? `[${ids.get(n)}]` : '')).join('|') : '_');
      lines.push(`${si + 1}-${ti + 1}\t${tok.start}-${tok.end}\t${escapeTsvValue(text.slice(tok.start, tok.end))}\t${col((o) => o.concept.id)}\t${col((o) => o.concept.category)}\t`);
    });
    blocks.push(lines.join('\n') + '\n');
  });
  return WEBANNO_HEADER + blocks.join('\n');
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
