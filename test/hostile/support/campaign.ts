/**
 * Runs one family of generated documents in a child process (coreWorker.ts) under a watchdog: a
 * document that gives no result in time is a hang, a child that dies (stack, out of memory) is a crash;
 * either way the child is replaced and the family goes on, up to a few such losses. The child's heap
 * is capped so a runaway document fails alone instead of eating the machine.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Family } from './generate';
import { SEED } from './generate';
import type { FromWorker, ToWorker } from './coreWorker';

/** A document with no result after this long is a hang (each step must take under 2 s anyway). */
export const DOCUMENT_WATCHDOG_MS = Number(process.env.HOSTILE_DOC_WATCHDOG_MS ?? 10_000);
/** Longest a child may take to start (compile the TypeScript, load the lexicon and the paper). */
const STARTUP_WATCHDOG_MS = 90_000;
/** After this many hangs or crashes a family's shard stops: the rest would only cost time. */
const MAX_LOSSES = 2;
/** Heap cap of the child, in MB. */
const CHILD_HEAP_MB = 2048;

export interface FamilyResult {
  ran: number;
  failed: { index: number; length: number; why: string }[];
  occurrences: number;
  slowest: { ms: number; index: number; step: string };
  peakRssMb: number;
  stoppedEarly?: string;
}

/**
 * Runs a family's documents [0, count), split over up to two child processes (the campaign's machine
 * has two cores), each stopping after {@link MAX_LOSSES} hangs or crashes or when the budget is spent.
 */
export async function runFamily(family: Family, count = family.count, budgetMs = 150_000): Promise<FamilyResult> {
  const result: FamilyResult = { ran: 0, failed: [], occurrences: 0, slowest: { ms: 0, index: -1, step: '' }, peakRssMb: 0 };
  const deadline = Date.now() + budgetMs;
  const shards = Math.max(1, Math.min(2, availableParallelism(), count));
  const stops: string[] = [];
  await Promise.all(
    Array.from({ length: shards }, async (_, k) => {
      const end = Math.round(((k + 1) * count) / shards);
      let index = Math.round((k * count) / shards);
      let losses = 0;
      while (index < end) {
        if (losses >= MAX_LOSSES) {
          stops.push(`stopped after ${losses} hangs or crashes with ${end - index} documents not run`);
          return;
        }
        if (Date.now() > deadline) {
          stops.push(`time budget of ${budgetMs / 1000} s spent with ${end - index} documents not run`);
          return;
        }
        const { lost, next } = await runChild(family, index, end, deadline, result);
        if (lost) {
          losses++;
          result.ran++;
          result.failed.push(lost);
        }
        index = next;
      }
    }),
  );
  result.failed.sort((a, b) => a.index - b.index);
  if (stops.length) result.stoppedEarly = stops.join('; ');
  return result;
}

/** Children still running: killed if the runner exits first (a case's time limit, Ctrl-C). */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const c of live) c.kill('SIGKILL');
    process.exit(130);
  });
}

/** Runs documents [from, to) in one child. Resolves to the document that hung or crashed it, or undefined when all ran. */
function runChild(family: Family, from: number, to: number, deadline: number, result: FamilyResult): Promise<{ lost?: FamilyResult['failed'][number]; next: number }> {
  return new Promise((resolve) => {
    const child: ChildProcess = fork(join(__dirname, 'coreWorker.ts'), [], {
      execArgv: [...process.execArgv, `--max-old-space-size=${CHILD_HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    let current: { index: number; length: number } | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    /** The first document not yet finished. */
    let next = from;
    const finish = (lost?: FamilyResult['failed'][number]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.removeAllListeners();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve({ lost, next: lost ? lost.index + 1 : next });
    };
    const arm = (ms = DOCUMENT_WATCHDOG_MS) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (current) finish({ ...current, why: `no result within ${ms} ms (a hang)` });
        else finish({ index: next, length: 0, why: `the worker did not ${next === from ? 'start' : 'go on'} within ${ms} ms\n${stderr}` });
      }, ms);
    };
    // Starting a child compiles the core and loads the lexicon: slow on a busy machine, and no document's fault.
    arm(STARTUP_WATCHDOG_MS);
    child.on('message', (m: FromWorker) => {
      if (m.type === 'ready') {
        arm();
        child.send({ family: family.key, from, to, seed: SEED } satisfies ToWorker);
      } else if (m.type === 'start') {
        // Out of time: stop before this document.
        if (Date.now() > deadline) return finish(undefined);
        current = { index: m.index, length: m.length };
        arm();
      } else if (m.type === 'result') {
        result.ran++;
        result.occurrences += m.occurrences;
        result.peakRssMb = Math.max(result.peakRssMb, Math.round(m.rss / 1e6));
        if (m.slowestMs > result.slowest.ms) result.slowest = { ms: m.slowestMs, index: m.index, step: m.slowestStep };
        if (m.problems.length) result.failed.push({ index: m.index, length: current?.length ?? 0, why: m.problems.slice(0, 3).join('; ') });
        current = undefined;
        next = m.index + 1;
      } else if (m.type === 'done') finish(undefined);
    });
    child.on('exit', (code, signal) => {
      const why = `the worker died (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').filter((l) => /Error|heap|stack/i.test(l)).slice(0, 2).join(' | ') || stderr.trim().slice(-300)}`;
      finish(current ? { ...current, why } : { index: next, length: 0, why });
    });
  });
}

/** The one-line summary of a family: `800 docs, 1,234 occurrences; slowest 120 ms (#412, annotate); peak RSS 180 MB`. */
export function describe(family: Family, r: FamilyResult): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(r.ran)} of ${n(family.count)} docs, ${n(r.failed.length)} failed, ${n(r.occurrences)} occurrences; slowest step ${Math.round(r.slowest.ms)} ms of CPU (#${r.slowest.index}, ${r.slowest.step}); peak RSS ${r.peakRssMb} MB`;
}
