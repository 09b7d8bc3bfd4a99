/**
 * Child process of the generated-document campaign: builds documents of one family from the seed and
 * checks each through the core (see invariants.ts), reporting to the parent over IPC before and after
 * every document, so the parent knows which document hung or killed the process.
 */
import { sharedEngine } from '../../../server/src/core/engine';
import { checkDocument } from './invariants';
import { familyByKey, hostileDocument, vocabularyOf } from './generate';

export type ToWorker = { family: string; from: number; to: number; seed: number };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'start'; index: number; length: number }
  | { type: 'result'; index: number; ms: number; slowestMs: number; slowestStep: string; problems: string[]; occurrences: number; rss: number }
  | { type: 'done' };

const send = (m: FromWorker) => process.send!(m);

process.on('message', (m: ToWorker) => {
  const engine = sharedEngine();
  const vocab = vocabularyOf(engine);
  const family = familyByKey(m.family);
  for (let index = m.from; index < m.to; index++) {
    const { text, reference, next } = hostileDocument(family, index, vocab, m.seed);
    send({ type: 'start', index, length: text.length });
    const t0 = performance.now();
    const r = checkDocument(engine, text, family.edits, next, { bomShift: family.bomShift, reference });
    send({ type: 'result', index, ms: performance.now() - t0, ...r, rss: process.memoryUsage().rss });
  }
  send({ type: 'done' });
});
// The parent gone (killed, or its run ended): stop, rather than annotate for no one.
process.on('disconnect', () => process.exit(0));
sharedEngine();
send({ type: 'ready' });
