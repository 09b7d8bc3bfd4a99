/**
 * A worker thread that annotates drafts for the workspace index (dist/indexWorker.js), so a cold index
 * of thousands of files never blocks requests about open documents on the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { sharedEngine } from '../core/engine';
import { indexedFileToJson, summarize, type IndexedFileJson } from '../core/workspaceIndex';

export interface IndexJob {
  id: number;
  files: { uri: string; key: string; text: string }[];
}
export interface IndexResult {
  id: number;
  files: IndexedFileJson[];
  error?: string;
}

const engine = sharedEngine();
parentPort?.on('message', (job: IndexJob) => {
  const out: IndexedFileJson[] = [];
  try {
    for (const f of job.files) out.push(indexedFileToJson(summarize(engine.annotate(f.text, f.uri), f.key)));
    parentPort!.postMessage({ id: job.id, files: out } satisfies IndexResult);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, files: out, error: e instanceof Error ? e.message : String(e) } satisfies IndexResult);
  }
});
