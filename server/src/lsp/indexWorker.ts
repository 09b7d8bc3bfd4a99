/**
 * A worker thread that annotates drafts for the workspace index (dist/indexWorker.js), so a cold index
 * of thousands of files never blocks requests about open documents on the main thread.
 *
 * Each file is annotated inside its own try/catch: a file whose parse throws (a stack overflow on deep
 * nesting, say) is reported as failed and never costs the rest of the batch. A worker that dies (a
 * crash, out of memory under its `resourceLimits`) is handled by the pool in indexer.ts.
 */
import { parentPort } from 'node:worker_threads';
import { sharedEngine } from '../core/engine';
import { indexedFileToJson, summarize, type IndexedFileJson } from '../core/workspaceIndex';
import { faultFor, faults } from './fault';

export interface IndexJob {
  id: number;
  files: { uri: string; key: string; text: string }[];
}
export interface IndexResult {
  id: number;
  files: IndexedFileJson[];
  /** Files whose annotation threw, with the error message. */
  failed: { uri: string; error: string }[];
}

const injected = faults();
const engine = sharedEngine();
const hog: string[][] = [];

parentPort?.on('message', (job: IndexJob) => {
  const out: IndexedFileJson[] = [];
  const failed: IndexResult['failed'] = [];
  for (const f of job.files) {
    // Test-only faults (POLICY_LENS_FAULT, see fault.ts): die the way a real worker can.
    if (faultFor(injected, 'worker-crash', f.uri)) process.exit(70);
    if (faultFor(injected, 'worker-oom', f.uri)) for (;;) hog.push(new Array(1 << 16).fill(f.uri + hog.length));
    try {
      if (faultFor(injected, 'throw-on', f.uri)) throw new Error(`injected fault: throw-on ${f.uri}`);
      out.push(indexedFileToJson(summarize(engine.annotate(f.text, f.uri), f.key)));
    } catch (e) {
      failed.push({ uri: f.uri, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  parentPort!.postMessage({ id: job.id, files: out, failed } satisfies IndexResult);
});
