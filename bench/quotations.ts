/**
 * The `quotations` group: the quotation check on a 1 MB draft holding 500 quotations of the paper
 * (exact, one word changed, with an ellipsis, punctuation changed, and quotations of nothing in the
 * paper), in process. The draft is the corpus generator's (same seed every run) with the quotations
 * inserted as paragraphs at evenly spaced paragraph breaks.
 */
import { sharedEngine } from '../server/src/core/engine';
import { checkQuotations } from '../server/src/core/check/quotationCheck';
import { SourceIndex } from '../server/src/core/check/quotationSource';
import type { ConceptDocument } from '../server/src/core/document';
import { generateDraft } from './corpus';
import { measurement, timeCpu, type Measurement } from './stats';

export const QUOTATIONS = 500;

/** The paper's sentences of 15 to 120 characters, in order. */
function paperSentences(): string[] {
  const out: string[] = [];
  for (const p of sharedEngine().paper.paragraphs) {
    for (const s of p.text.split(/(?<=。)/)) {
      const t = s.replace(/\s*\[\d+\]/g, '').trim();
      if (t.length >= 15 && t.length <= 120 && /\p{Script=Han}/u.test(t)) out.push(t);
    }
  }
  return out;
}

/** The draft and what it holds. */
export function quotationDraft(): { text: string; kinds: Record<string, number> } {
  const sentences = paperSentences();
  const base = generateDraft(20260, 1_000_000, { frontMatter: false });
  const breaks: number[] = [];
  for (let i = base.indexOf('\n\n'); i >= 0; i = base.indexOf('\n\n', i + 2)) breaks.push(i);
  const kinds: Record<string, number> = { exact: 0, changed: 0, ellipsis: 0, punctuation: 0, unrelated: 0 };
  const pieces: string[] = [];
  let last = 0;
  for (let k = 0; k < QUOTATIONS; k++) {
    const at = breaks[Math.floor(((k + 0.5) * breaks.length) / QUOTATIONS)];
    // A sentence that quotes (“创造性破坏”) is quoted with its inner marks as ‘…’, as a writer nests them.
    const s = sentences[(k * 7) % sentences.length].replace(/“/g, '‘').replace(/”/g, '’');
    let q: string;
    switch (k % 10) {
      case 0: case 1: case 2: case 3:
        kinds.exact++;
        q = `朱浩然指出，“${s}”`;
        break;
      case 4: case 5:
        kinds.changed++;
        q = `《新质生产力发展的理论逻辑与路径分析》认为，“${s.slice(0, 6)}进一步${s.slice(6)}”`;
        break;
      case 6:
        kinds.ellipsis++;
        q = `有研究指出：“${s.slice(0, Math.floor(s.length / 3))}……${s.slice(Math.floor((2 * s.length) / 3))}”`;
        break;
      case 7:
        kinds.punctuation++;
        q = `文件写道“${s.replace(/，/g, '、')}”`;
        break;
      default:
        kinds.unrelated++;
        q = `报告提出“${[...s].reverse().join('')}”`;
    }
    pieces.push(base.slice(last, at), '\n\n', q);
    last = at;
  }
  pieces.push(base.slice(last));
  return { text: pieces.join(''), kinds };
}

export async function quotationsGroup(runs: number, settle: () => void): Promise<{ measurements: Measurement[]; info: Record<string, unknown> }> {
  const engine = sharedEngine();
  const sources = engine.sources;
  const { text, kinds } = quotationDraft();
  const doc: ConceptDocument = engine.annotate(text, 'file:///bench/quotations-1m.md');
  const index: number[] = [];
  for (let r = 0; r < runs; r++) {
    settle();
    index.push((await timeCpu(() => new SourceIndex(sources))).cpu);
  }
  checkQuotations(doc, sources); // warm-up: the shared index, the JIT, opencc-js on first need
  const check: number[] = [];
  const wall: number[] = [];
  let verdicts: Record<string, number> = {};
  for (let r = 0; r < runs; r++) {
    settle();
    const t = await timeCpu(() => {
      verdicts = {};
      for (const q of checkQuotations(doc, sources)) verdicts[q.verdict] = (verdicts[q.verdict] ?? 0) + 1;
    });
    check.push(t.cpu);
    wall.push(t.wall);
  }
  const bytes = Buffer.byteLength(text);
  const note = `CPU time; ${(bytes / 1e6).toFixed(2)} MB draft with ${QUOTATIONS} quotations (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}); found: ${Object.entries(verdicts).map(([k, n]) => `${n} ${k}`).join(', ')}; wall median ${Math.round(wall.sort((a, b) => a - b)[wall.length >> 1])} ms; the document is parsed before timing`;
  return {
    measurements: [
      measurement(`quotation check, 1 MB draft, ${QUOTATIONS} quotations`, check, 'ms', { op: '<=', limit: 500 }, note),
      measurement('  source sentence index (built once per engine)', index, 'ms', null),
    ],
    info: { bytes, kinds, verdicts },
  };
}
