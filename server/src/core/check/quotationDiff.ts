/**
 * Comparing a quotation with a source's text: a character alignment (edit distance with free ends on
 * the source side, so a quotation of part of a sentence costs nothing for the rest of it), and the
 * differences it finds, classified so that a reader is told what kind of difference it is:
 * - `traditional`: the quotation writes a traditional form of the source's simplified character
 *   (數據 for 数据; opencc-js, character by character);
 * - `punctuation`: only punctuation differs (，for 、, a missing 。);
 * - `changed`: words differ, were added or were left out — a misquotation.
 * White space is not compared (the paper writes "区块链和 5G 等"). Punctuation differences at the very
 * start or end of a quotation are the writer's own sentence punctuation and are not differences.
 */
// opencc-js's t2cn tables are required on first need, not at import: a server whose drafts quote
// nothing in traditional characters never evaluates them (esbuild keeps a lazy `require` lazy).
type OpenCCModule = typeof import('opencc-js/t2cn');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const opencc = (): OpenCCModule => require('opencc-js/t2cn') as OpenCCModule;
import { isPunctuation, type Normalized } from './quotationSource';

export type RunKind = 'traditional' | 'punctuation' | 'changed';

/** One stretch of the comparison: the same in both, or a difference of one kind. */
export type DiffPart = { readonly kind: 'equal'; readonly text: string } | { readonly kind: RunKind; readonly quoted: string; readonly source: string };

/** How a quotation segment lines up with a stretch of a source paragraph. */
export interface Alignment {
  readonly parts: readonly DiffPart[];
  /** Content characters (not punctuation) changed, added or left out. */
  readonly changedCharacters: number;
  /** Kept quotation characters: `[qFrom, qTo)` in the quotation's normalized text. */
  readonly qFrom: number;
  readonly qTo: number;
  /** The source stretch they line up with: `[sFrom, sTo)` in the paragraph's normalized text. */
  readonly sFrom: number;
  readonly sTo: number;
}

let toSimplified: ((s: string) => string) | undefined;
const simplifiedCache = new Map<string, string>();

/** The simplified form of one character (itself when opencc-js gives none, or more than one). */
export function simplifiedChar(c: string): string {
  let s = simplifiedCache.get(c);
  if (s === undefined) {
    // Built on first need (about 25 ms): a draft that quotes the source exactly never pays for it.
    toSimplified ??= opencc().Converter({ from: 't', to: 'cn' });
    const converted = toSimplified(c);
    s = converted.length === c.length ? converted : c;
    simplifiedCache.set(c, s);
  }
  return s;
}

type PairKind = 'eq' | 'trad' | 'punct' | 'word';

const enum Step {
  Diagonal = 1,
  Up = 2, // a quotation character with no source counterpart (added)
  Left = 3, // a source character the quotation left out
}

/** Longest quotation segment aligned (code units); a longer one is only looked up exactly. */
export const MAX_ALIGNED = 1000;

/** Costs in hundredths: a word 100, punctuation 50, a traditional form 1 (integers are faster than doubles here). */
let costBuffer = new Int32Array(0);
let stepBuffer = new Uint8Array(0);

/**
 * Quotation marks inside a quotation: a writer quoting a sentence that itself quotes (“创造性破坏”)
 * nests the inner marks as ‘…’ (or 『…』 inside 「…」), so these count as the source's own marks.
 */
const MARK_EQUIVALENT: Record<string, string> = { '‘': '“', '’': '”', '『': '“', '』': '”', '「': '“', '」': '”', '“': '“', '”': '”' };

function sameMark(q: string, s: string): boolean {
  const a = MARK_EQUIVALENT[q];
  return a !== undefined && a === MARK_EQUIVALENT[s];
}

function compare(q: string, s: string, simple: string): PairKind {
  if (q === s || sameMark(q, s)) return 'eq';
  if (simple === s) return 'trad';
  return isPunctuation(q) && isPunctuation(s) ? 'punct' : 'word';
}

/**
 * Aligns a quotation segment (`quote`, normalized) with `source.text[from, to)` (a normalized source
 * paragraph). Every quotation character is aligned; source characters before and after the stretch
 * it matches are free. Undefined when nothing of the quotation lines up.
 */
export function align(quote: Normalized, source: Normalized, from: number, to: number, known?: ReadonlySet<string>): Alignment | undefined {
  const q = quote.text;
  const m = q.length;
  const n = to - from;
  if (m === 0 || n <= 0 || m > MAX_ALIGNED) return undefined;
  const w = source.text;
  const width = n + 1;
  const cells = (m + 1) * width;
  // One matrix reused from call to call (hundreds of quotations per document): no garbage per quotation.
  if (costBuffer.length < cells) (costBuffer = new Int32Array(cells * 2)), (stepBuffer = new Uint8Array(cells * 2));
  const cost = costBuffer;
  const step = stepBuffer;
  // Per character, once: punctuation (a gap costs half) and, for the quotation, the simplified form.
  const qGap = new Int32Array(m);
  const qSimple: string[] = [];
  for (let i = 0; i < m; i++) {
    qGap[i] = isPunctuation(q[i]) ? 50 : 100;
    // A character the sources use is simplified already: opencc-js is loaded only for the others.
    qSimple.push(known?.has(q[i]) ? q[i] : simplifiedChar(q[i]));
  }
  const sGap = new Int32Array(n);
  for (let j = 0; j < n; j++) sGap[j] = isPunctuation(w[from + j]) ? 50 : 100;
  cost.fill(0, 0, width); // free start on the source side
  for (let i = 1; i <= m; i++) {
    cost[i * width] = cost[(i - 1) * width] + qGap[i - 1];
    step[i * width] = Step.Up;
  }
  for (let i = 1; i <= m; i++) {
    const qc = q[i - 1];
    const qs = qSimple[i - 1];
    const qg = qGap[i - 1];
    const row = i * width;
    const prev = row - width;
    for (let j = 1; j <= n; j++) {
      const sc = w[from + j - 1];
      // eq 0, traditional form 1, punctuation for punctuation 50, anything else 100.
      const sub = qc === sc ? 0 : qs === sc ? 1 : qg === 50 && sGap[j - 1] === 50 ? (sameMark(qc, sc) ? 0 : 50) : 100;
      let best = cost[prev + j - 1] + sub;
      let how = Step.Diagonal;
      const up = cost[prev + j] + qg;
      if (up < best) (best = up), (how = Step.Up);
      const left = cost[row + j - 1] + sGap[j - 1];
      if (left < best) (best = left), (how = Step.Left);
      cost[row + j] = best;
      step[row + j] = how;
    }
  }
  // Free end on the source side: the cheapest place to stop.
  let end = 0;
  for (let j = 1; j <= n; j++) if (cost[m * width + j] < cost[m * width + end]) end = j;
  const pairs: { q: number; s: number; kind: PairKind }[] = [];
  for (let i = m, j = end; i > 0; ) {
    const how = j === 0 ? Step.Up : step[i * width + j];
    if (how === Step.Diagonal) {
      pairs.push({ q: i - 1, s: from + j - 1, kind: compare(q[i - 1], w[from + j - 1], qSimple[i - 1]) });
      i--, j--;
    } else if (how === Step.Up) {
      pairs.push({ q: i - 1, s: -1, kind: isPunctuation(q[i - 1]) ? 'punct' : 'word' });
      i--;
    } else {
      pairs.push({ q: -1, s: from + j - 1, kind: isPunctuation(w[from + j - 1]) ? 'punct' : 'word' });
      j--;
    }
  }
  pairs.reverse();
  // The writer's own punctuation at either end is not a difference.
  let a = 0;
  let b = pairs.length;
  while (a < b && pairs[a].kind === 'punct') a++;
  while (b > a && pairs[b - 1].kind === 'punct') b--;
  const kept = pairs.slice(a, b);
  const firstS = kept.find((p) => p.s >= 0);
  const lastS = [...kept].reverse().find((p) => p.s >= 0);
  const firstQ = kept.find((p) => p.q >= 0);
  const lastQ = [...kept].reverse().find((p) => p.q >= 0);
  if (!firstS || !lastS || !firstQ || !lastQ || !kept.some((p) => p.kind === 'eq' || p.kind === 'trad')) return undefined;
  const parts: DiffPart[] = [];
  let changedCharacters = 0;
  for (let i = 0; i < kept.length; ) {
    if (kept[i].kind === 'eq') {
      let text = '';
      while (i < kept.length && kept[i].kind === 'eq') text += w[kept[i++].s];
      parts.push({ kind: 'equal', text });
      continue;
    }
    let quoted = '';
    let src = '';
    const kinds = new Set<PairKind>();
    while (i < kept.length && kept[i].kind !== 'eq') {
      const p = kept[i++];
      kinds.add(p.kind);
      if (p.q >= 0) quoted += q[p.q];
      if (p.s >= 0) src += w[p.s];
      if (p.kind === 'word') changedCharacters += 1;
    }
    const kind: RunKind = kinds.has('word') ? 'changed' : kinds.has('punct') ? 'punctuation' : 'traditional';
    parts.push({ kind, quoted, source: src });
  }
  return { parts, changedCharacters, qFrom: firstQ.q, qTo: lastQ.q + 1, sFrom: firstS.s, sTo: lastS.s + 1 };
}

/** An equal stretch longer than this is shown by its ends in a message. */
const SHOWN_WHOLE = 30;
const SHOWN_ENDS = 12;

/**
 * The source's wording with the differences marked, as the diagnostic shows it:
 * `［引文→原文］` where the quotation has other characters, `〔增：…〕` for what it added,
 * `〔删：…〕` for what it left out. A long unchanged stretch in the middle is shortened to its ends.
 */
export function markedWording(parts: readonly DiffPart[]): string {
  const last = parts.length - 1;
  return parts
    .map((p, i) => {
      if (p.kind === 'equal') {
        const t = p.text;
        if (t.length <= SHOWN_WHOLE || (i > 0 && i < last && t.length <= 2 * SHOWN_ENDS + 1)) return t;
        if (i === 0 && i === last) return t;
        if (i === 0) return '…' + t.slice(-SHOWN_ENDS);
        if (i === last) return t.slice(0, SHOWN_ENDS) + '…';
        return t.slice(0, SHOWN_ENDS) + '…' + t.slice(-SHOWN_ENDS);
      }
      if (p.quoted && p.source) return `［${p.quoted}→${p.source}］`;
      if (p.quoted) return `〔增：${p.quoted}〕`;
      return `〔删：${p.source}〕`;
    })
    .join('');
}
