/**
 * One Aho–Corasick automaton over every surface form of the lexicon, searched with leftmost-longest
 * semantics: among overlapping candidates the one that starts first wins, and for equal starts the
 * longest; tags never overlap.
 *
 * Chinese has no spaces, so Chinese forms match anywhere. Latin forms (English names and aliases)
 * match ASCII-case-insensitively and only on word boundaries.
 *
 * Soft line breaks: a text range may contain line breaks from hard-wrapped prose (`数据要` at the end
 * of one line, `素` at the start of the next, possibly behind a block quote's `>` or a list's indent).
 * The scanner feeds no character for such a break between Han characters, and one space between two
 * Latin characters (a word and its punctuation included), so `data\nelements` still matches `data elements`. Offsets are UTF-16 code units
 * of the scanned string; a match's range spans the break.
 */

/** One surface form to look for. */
export interface SurfaceForm {
  readonly text: string;
  /** Opaque payload carried to matches (the concept id, for the lexicon). */
  readonly conceptId: string;
  /** How this form relates to the concept: its canonical term or a variant. */
  readonly kind: FormKind;
  /** Longer words that contain this form but mean something else: a match inside one is rejected. */
  readonly notWithin?: readonly string[];
}

/**
 * How a form relates to its concept: the canonical term; a Chinese alias of one of the lexicon's kinds
 * (only a `synonym` is something to correct); a traditional-Chinese form derived at build time; or a
 * Latin-script form (the English name, a translation, a Latin abbreviation such as TFP).
 */
export type FormKind = 'term' | 'synonym' | 'abbreviation' | 'official' | 'alternative' | 'traditional' | 'english';

/** A match in scanned-text offsets (UTF-16 code units, end exclusive). */
export interface RawMatch {
  start: number;
  end: number;
  form: SurfaceForm;
}

const DEAD = -1;

/** ASCII letters and digits: Latin forms must not touch one of these on either side. */
function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/**
 * Whether a soft line break between these two code units reads as a space: in Latin text, next to a
 * word character on at least one side and printable ASCII on both (`refined,⏎distinctive` reads
 * `refined, distinctive`). Between Han characters, or next to CJK punctuation, it reads as nothing.
 */
function breakReadsAsSpace(prev: number, next: number): boolean {
  const printable = (c: number) => c > 0x20 && c < 0x7f;
  return printable(prev) && printable(next) && (isWordChar(prev) || isWordChar(next));
}

/** Lower-cases ASCII only; every other code unit passes unchanged. */
function fold(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

function isLatinForm(text: string): boolean {
  return !/[\u2E80-\u9FFF\uF900-\uFAFF\u3000-\u303F\uFF00-\uFFEF]/.test(text);
}

/**
 * Cells of the dense transition table (4 bytes each) a matcher may use: 4 Mi cells, 16 MB. A lexicon
 * whose full table fits (the shipped one: a few thousand states) gets it whole; a larger one (10,000
 * user terms: tens of thousands of states over thousands of characters, gigabytes if dense) gets dense
 * rows for its shallowest states, where a scan spends nearly all its time, and sorted sparse edges with
 * failure links for the rest. Results are the same either way (test/unit/matcher.test.ts).
 */
export const DENSE_BUDGET_CELLS = 1 << 22;

export interface MatcherOptions {
  /** Override {@link DENSE_BUDGET_CELLS} (tests compare a tiny budget with an unbounded one). At least one row, the root's, is always dense. */
  readonly denseBudgetCells?: number;
}

export class ConceptMatcher {
  private readonly fail: Int32Array;
  private readonly depth: Int32Array;
  /** The form ending exactly at this state, or undefined. */
  private readonly output: (SurfaceForm | undefined)[] = [];
  /** Nearest proper suffix state that has an output (or DEAD). */
  private readonly outLink: Int32Array;
  /**
   * The automaton as a DFA over a compact alphabet: `alphabet[codeUnit]` is the class of a code unit
   * (0 for every unit no form uses). A state `s < denseStates` has a dense row: `delta[s * classes +
   * class]` is the next state, failure links already folded in (one lookup per code unit). States are
   * numbered breadth-first, so the dense ones are the shallowest. Any other state has its own edges,
   * sorted by class, in `edgeClass`/`edgeTarget[edgeStart[s]…edgeStart[s + 1])`, and falls back along
   * its failure links to a dense state (the root at worst).
   */
  private readonly alphabet: Uint16Array;
  private readonly classes: number;
  private readonly delta: Uint32Array | Uint16Array;
  private readonly denseStates: number;
  private readonly edgeStart: Int32Array;
  private readonly edgeClass: Uint16Array;
  private readonly edgeTarget: Int32Array;
  /** The nearest state with an output on the suffix chain, itself included, or DEAD. */
  private readonly firstOut: Int32Array;
  /**
   * Bit `c & 31` of word `c >>> 5` is set for every code unit `c` that some form starts with (either
   * case for ASCII letters). A bit set (8 KB), not a byte per code unit: the scan tests it for every
   * code unit of the text, and between parses the tables must come back into a cache other work evicted.
   */
  private readonly starts: Uint32Array;
  /** `findAll`'s ring of source offsets, kept between calls. */
  private ring?: Int32Array;
  /** 1 for an output state whose form is accepted wherever it ends (not Latin, no `notWithin` words): most Chinese forms. */
  private readonly plainOut: Uint8Array;
  /** Longest form, in code units: bounds the ring buffer of scanned offsets. */
  readonly maxLength: number;
  readonly forms: readonly SurfaceForm[];
  /** Forms made of Latin text, which match only on word boundaries. */
  private readonly latin = new Set<SurfaceForm>();
  /** Per form, the words it must not stand inside, with where the form sits in each. */
  private readonly exclusions = new Map<SurfaceForm, { word: string; at: number }[]>();

  constructor(forms: readonly SurfaceForm[], options: MatcherOptions = {}) {
    this.forms = forms;
    /** Transitions per state while building: code unit → next state (dropped after construction). */
    let next: Map<number, number>[] = [];
    for (const f of forms) {
      if (isLatinForm(f.text)) this.latin.add(f);
      const list: { word: string; at: number }[] = [];
      for (const word of f.notWithin ?? []) {
        for (let at = word.indexOf(f.text); at >= 0; at = word.indexOf(f.text, at + 1)) list.push({ word, at });
      }
      if (list.length) this.exclusions.set(f, list);
    }
    const depth: number[] = [0];
    next.push(new Map());
    this.output.push(undefined);
    let maxLength = 1;
    for (const form of forms) {
      if (form.text.length === 0) continue;
      const text = normalizeForm(form.text);
      maxLength = Math.max(maxLength, text.length);
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        const c = fold(text.charCodeAt(i));
        let t = next[s].get(c);
        if (t === undefined) {
          t = next.length;
          next.push(new Map());
          this.output.push(undefined);
          depth.push(depth[s] + 1);
          next[s].set(c, t);
        }
        s = t;
      }
      const existing = this.output[s];
      if (existing && existing.conceptId !== form.conceptId) {
        throw new Error(`surface form "${form.text}" belongs to two concepts: ${existing.conceptId} and ${form.conceptId}`);
      }
      // The canonical term wins over a variant that normalises to the same text.
      if (!existing || form.kind === 'term') this.output[s] = form;
    }
    this.maxLength = maxLength;
    // Renumber the states breadth-first (children in code-unit order), so the dense rows are the shallowest states.
    {
      const order: number[] = [0];
      for (let qi = 0; qi < order.length; qi++) {
        const kids = [...next[order[qi]].entries()].sort((a, b) => a[0] - b[0]);
        for (const [, t] of kids) order.push(t);
      }
      const newId = new Int32Array(order.length);
      order.forEach((old, i) => (newId[old] = i));
      const renumbered: Map<number, number>[] = order.map((old) => new Map([...next[old]].sort((a, b) => a[0] - b[0]).map(([c, t]) => [c, newId[t]])));
      this.output = order.map((old) => this.output[old]);
      const d = order.map((old) => depth[old]);
      depth.length = 0;
      depth.push(...d);
      next = renumbered;
    }
    const n = next.length;
    this.depth = Int32Array.from(depth);
    this.fail = new Int32Array(n);
    this.outLink = new Int32Array(n).fill(DEAD);
    // Breadth-first failure links.
    const queue: number[] = [];
    for (const t of next[0].values()) {
      this.fail[t] = 0;
      queue.push(t);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      for (const [c, t] of next[s]) {
        let f = this.fail[s];
        while (f !== 0 && !next[f].has(c)) f = this.fail[f];
        const g = next[f].get(c);
        this.fail[t] = g !== undefined && g !== t ? g : 0;
        const ft = this.fail[t];
        this.outLink[t] = this.output[ft] ? ft : this.outLink[ft];
        queue.push(t);
      }
    }
    this.alphabet = new Uint16Array(0x10000);
    let classes = 1;
    for (const m of next) for (const c of m.keys()) if (this.alphabet[c] === 0) this.alphabet[c] = classes++;
    // Upper-case ASCII reads as its lower case (forms are folded when stored).
    for (let c = 0x41; c <= 0x5a; c++) this.alphabet[c] = this.alphabet[c + 32];
    this.classes = classes;
    // Sparse edges of every state, sorted by class.
    this.edgeStart = new Int32Array(n + 1);
    let edges = 0;
    for (let s = 0; s < n; s++) {
      this.edgeStart[s] = edges;
      edges += next[s].size;
    }
    this.edgeStart[n] = edges;
    this.edgeClass = new Uint16Array(edges);
    this.edgeTarget = new Int32Array(edges);
    for (let s = 0; s < n; s++) {
      const list = [...next[s]].map(([c, t]) => [this.alphabet[c], t]).sort((a, b) => a[0] - b[0]);
      list.forEach(([k, t], j) => {
        this.edgeClass[this.edgeStart[s] + j] = k;
        this.edgeTarget[this.edgeStart[s] + j] = t;
      });
    }
    next = [];
    // Dense rows for the shallowest states, within the budget. States are numbered breadth-first and a
    // failure target is always shallower, so its row (or its sparse fallback) is ready before the state's.
    const budget = options.denseBudgetCells ?? DENSE_BUDGET_CELLS;
    this.denseStates = Math.max(1, Math.min(n, Math.floor(budget / classes)));
    // States fit 16 bits in any real lexicon: half the table, so more of it stays in the cache.
    this.delta = n <= 0xffff ? new Uint16Array(this.denseStates * classes) : new Uint32Array(this.denseStates * classes);
    for (let s = 0; s < this.denseStates; s++) {
      const row = s * classes;
      if (s !== 0) {
        const f = this.fail[s];
        if (f < this.denseStates) this.delta.copyWithin(row, f * classes, f * classes + classes);
        else for (let k = 0; k < classes; k++) this.delta[row + k] = this.step(f, k);
      }
      for (let e = this.edgeStart[s]; e < this.edgeStart[s + 1]; e++) this.delta[row + this.edgeClass[e]] = this.edgeTarget[e];
    }
    this.starts = new Uint32Array(0x10000 >>> 5);
    for (let c = 0; c < 0x10000; c++) if (this.delta[this.alphabet[c]] !== 0) this.starts[c >>> 5] |= 1 << (c & 31);
    this.plainOut = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      const f = this.output[s];
      if (f && !this.latin.has(f) && !this.exclusions.has(f)) this.plainOut[s] = 1;
    }
    this.firstOut = new Int32Array(n);
    for (let s = 0; s < n; s++) this.firstOut[s] = this.output[s] ? s : this.outLink[s];
  }

  /** The next state from `s` on class `k`: a dense row, else the state's sorted edges, else its failure link. */
  private step(s: number, k: number): number {
    const { denseStates, delta, classes, edgeStart, edgeClass, edgeTarget, fail } = this;
    for (;;) {
      if (s < denseStates) return delta[s * classes + k];
      let lo = edgeStart[s];
      let hi = edgeStart[s + 1] - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const c = edgeClass[mid];
        if (c === k) return edgeTarget[mid];
        if (c < k) lo = mid + 1;
        else hi = mid - 1;
      }
      s = fail[s];
    }
  }

  /** Bytes held by the automaton's typed arrays (the bench reports it). */
  get tableBytes(): number {
    return this.delta.byteLength + this.alphabet.byteLength + this.starts.byteLength + this.edgeStart.byteLength + this.edgeClass.byteLength + this.edgeTarget.byteLength + this.fail.byteLength * 4 + this.firstOut.byteLength + this.plainOut.byteLength;
  }

  /**
   * Finds non-overlapping leftmost-longest matches in `text[from, to)`, appending them to `out`.
   * Line breaks (`\r`, `\n` and the indentation or `>` markers after them) are soft breaks, see above.
   */
  findAll(text: string, from = 0, to = text.length, out: RawMatch[] = []): RawMatch[] {
    // Locals, not property loads, in the hot loop.
    const { delta, classes, alphabet, firstOut, depth, output, outLink, starts, denseStates, plainOut } = this;
    // A power of two above the longest form: ring[k & ringMask] = source offset of the k-th fed code unit.
    const ringMask = (1 << Math.ceil(Math.log2(this.maxLength + 1))) - 1;
    const ringSize = ringMask + 1;
    // One buffer for every call (findAll
    // never re-enters): a draft's thousands of prose ranges need no allocation each. Entries are
    // always written before they are read within a call.
    const ring = (this.ring ??= new Int32Array(ringSize));
    let pos = from;
    restart: while (pos < to) {
      let s = 0;
      let fed = 0;
      let bestStart = -1;
      let bestEnd = -1;
      let bestForm: SurfaceForm | undefined;
      let prevUnit = pos > 0 ? text.charCodeAt(pos - 1) : 0;
      let i = pos;
      while (i < to) {
        if (s === 0) {
          // In the root, skip in one tight loop every code unit that starts no form (line breaks too:
          // none starts a form). This is where almost all of a draft's text goes.
          while (i < to) {
            const u = text.charCodeAt(i);
            if ((starts[u >>> 5] >>> (u & 31)) & 1) break;
            i++;
          }
          if (i >= to) break;
          prevUnit = i > 0 ? text.charCodeAt(i - 1) : 0;
        }
        let c = text.charCodeAt(i);
        let srcStart = i;
        let srcNext = i + 1;
        if (c === 0x0a || c === 0x0d) {
          // A soft line break: skip it with what follows (indentation, block-quote markers).
          let j = i;
          while (j < to) {
            const d = text.charCodeAt(j);
            if (d === 0x0a || d === 0x0d || d === 0x20 || d === 0x09 || d === 0x3e /* > */) j++;
            else break;
          }
          if (j >= to) break;
          const nextUnit = text.charCodeAt(j);
          if (breakReadsAsSpace(prevUnit, nextUnit)) {
            c = 0x20; // Between Latin words (or a word and its comma) a line break reads as a space.
            srcStart = i;
            srcNext = j;
          } else {
            i = j;
            continue;
          }
        }
        const t = s < denseStates ? delta[s * classes + alphabet[c]] : this.step(s, alphabet[c]);
        // Fast path: in the root, most code units start nothing.
        if (s === 0 && t === 0) {
          prevUnit = c;
          i = srcNext;
          continue;
        }
        s = t;
        ring[fed & ringMask] = srcStart;
        fed++;
        prevUnit = c;
        i = srcNext;
        const spanStart = s === 0 ? Number.MAX_SAFE_INTEGER : ring[(fed - depth[s]) & ringMask];
        if (bestForm && bestStart < spanStart) {
          // No later candidate can start at or before bestStart: commit it.
          out.push({ start: bestStart, end: bestEnd, form: bestForm });
          pos = bestEnd;
          continue restart;
        }
        // The earliest-starting valid form ending here.
        let o = firstOut[s];
        while (o !== DEAD) {
          const form = output[o]!;
          const start = ring[(fed - depth[o]) & ringMask];
          if (plainOut[o] === 1 || this.acceptable(text, form, start, i)) {
            if (!bestForm || start < bestStart || (start === bestStart && i > bestEnd)) {
              bestStart = start;
              bestEnd = i;
              bestForm = form;
            }
            break;
          }
          o = outLink[o];
        }
      }
      if (bestForm) {
        out.push({ start: bestStart, end: bestEnd, form: bestForm });
        pos = bestEnd;
        continue;
      }
      break;
    }
    return out;
  }

  /** Latin forms need word boundaries; no form may stand inside one of its `notWithin` words. */
  private acceptable(text: string, form: SurfaceForm, start: number, end: number): boolean {
    const exclusions = this.exclusions.get(form);
    if (exclusions) {
      for (const { word, at } of exclusions) if (start >= at && text.startsWith(word, start - at)) return false;
    }
    if (!this.latin.has(form)) return true;
    if (start > 0 && isWordChar(text.charCodeAt(start - 1)) && isWordChar(text.charCodeAt(start))) return false;
    if (end < text.length && isWordChar(text.charCodeAt(end)) && isWordChar(text.charCodeAt(end - 1))) return false;
    return true;
  }
}

/** Forms are stored with single spaces; the scanner feeds one space per soft break between words. */
function normalizeForm(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/**
 * The key under which the matcher stores a form: two forms with the same key are one state of the
 * automaton, so they must not belong to two concepts (the constructor throws; the engine's layer
 * merge drops the later claim and reports it first).
 */
export function matcherKey(text: string): string {
  const t = normalizeForm(text);
  let out = '';
  for (let i = 0; i < t.length; i++) out += String.fromCharCode(fold(t.charCodeAt(i)));
  return out;
}
