/**
 * The viewport's early answer (core/text/window.ts) on hostile documents: for every generated family,
 * windows of each document are either refused or hold exactly the full annotation's occurrences.
 */
import { isDeepStrictEqual } from 'node:util';
import type { HostileCase } from '../types';
import { FAMILIES, hostileDocument, vocabularyOf } from '../support/generate';
import { sharedEngine } from '../../../server/src/core/engine';
import { ConceptDocument } from '../../../server/src/core/document';
import { annotateWindow } from '../../../server/src/core/text/window';

const PER_FAMILY = Math.max(1, Math.round(12 * Number(process.env.HOSTILE_SCALE ?? 1)));

export const cases: HostileCase[] = [
  {
    name: 'viewport: windows of generated hostile documents equal their full annotation or are refused',
    timeoutMs: 200_000,
    run() {
      const engine = sharedEngine();
      const vocab = vocabularyOf(engine);
      let answered = 0;
      let asked = 0;
      for (const family of FAMILIES) {
        for (let i = 0; i < PER_FAMILY; i++) {
          const { text, next } = hostileDocument(family, i, vocab);
          if (text.length > 2_000_000) continue;
          const full = new ConceptDocument(text, engine).occurrences;
          for (let k = 0; k < 6; k++) {
            asked++;
            const from = Math.floor(next() * text.length);
            const w = annotateWindow(text, engine, from, Math.min(text.length, from + Math.floor(next() * 400)));
            if (!w) continue;
            answered++;
            const key = (o: { start: number; end: number; concept: { id: string } }) => `${o.start}-${o.end}:${o.concept.id}`;
            const expected = full.filter((o) => o.start >= w.start && o.start < w.end).map(key);
            const got = w.occurrences.map(key);
            if (!isDeepStrictEqual(got, expected)) throw new Error(`${family.key} #${i}: window [${w.start}, ${w.end}) gave ${got.slice(0, 5).join(', ')}…, the full annotation ${expected.slice(0, 5).join(', ')}…`);
          }
        }
      }
      return `${answered} of ${asked} windows answered, all equal to the full annotation`;
    },
  },
];
