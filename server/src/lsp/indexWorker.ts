/**
 * A worker thread that annotates drafts for the workspace index (dist/indexWorker.js), so a cold index
 * of thousands of files never blocks requests about open documents on the main thread.
 *
 * Each file is annotated inside its own try/catch: a file whose parse throws (a stack overflow on deep
 * nesting, say) is reported as failed and never costs the rest of the batch. A worker that dies (a
 * crash, out of memory under its `resourceLimits`) is handled by the pool in indexer.ts.
 */
import { parentPort } from 'node:worker_threads';
import { sharedEngine, type Engine } from '../core/engine';
import { buildEngine } from '../core/lexicon/layers';
import type { BuildInput } from './services/engineHost';
import { indexedFileToJson, summarize, type IndexedFileJson } from '../core/workspaceIndex';
import { faultFor, faults } from './fault';

export interface IndexJob {
  id: number;
  /** `engine`: the key of the inputs the file's engine is built from (absent: the shipped engine). */
  files: { uri: string; key: string; text: string; engine?: string }[];
  /** Engine inputs this worker has not been sent before, by key (a workspace's lexicons and sources). */
  engines?: Record<string, BuildInput>;
}
export interface IndexResult {
  id: number;
  files: IndexedFileJson[];
  /** Files whose annotation threw, with the error message. */
  failed: { uri: string; error: string }[];
}

const injected = faults();
const shipped = sharedEngine();
/** Engines built from a workspace's lexicons, by inputs key: built once per worker. */
const built = new Map<string, Engine>();
const inputs = new Map<string, BuildInput>();
function engineFor(key: string | undefined): Engine {
  if (!key) return shipped;
  let e = built.get(key);
  if (!e) {
    const input = inputs.get(key);
    if (!input) throw new Error(`no engine inputs for ${key}`);
    built.set(key, (e = buildEngine(input).engine));
  }
  return e;
}
const hog: string[][] = [];

parentPort?.on('message', (job: IndexJob) => {
  for (const [key, input] of Object.entries(job.engines ?? {})) inputs.set(key, input);
  const out: IndexedFileJson[] = [];
  const failed: IndexResult['failed'] = [];
  for (const f of job.files) {
    // Test-only faults (POLICY_LENS_FAULT, see fault.ts): die the way a real worker can.
    if (faultFor(injected, 'worker-crash', f.uri)) process.exit(70);
    if (faultFor(injected, 'worker-oom', f.uri)) for (;;) hog.push(new Array(1 << 16).fill(f.uri + hog.length));
    try {
      if (faultFor(injected, 'throw-on', f.uri)) throw new Error(`injected fault: throw-on ${f.uri}`);
      out.push(indexedFileToJson(summarize(engineFor(f.engine).annotate(f.text, f.uri), f.key)));
    } catch (e) {
      failed.push({ uri: f.uri, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  parentPort!.postMessage({ id: job.id, files: out, failed } satisfies IndexResult);
});
