/**
 * A worker thread of `policy-lens report` (dist/reportWorker.js): reads and annotates one file at a time
 * and sends back only its coverage aggregate (a few hundred bytes), never its text, so the main thread's
 * memory stays bounded however large the corpus. The same `analyseFile` runs in-process for `--jobs 1`
 * and under tsx (tests), where there is no bundled worker.
 */
import { parentPort } from 'node:worker_threads';
import { sharedEngine } from '../core/engine';
import { documentCoverage, type DocumentCoverage } from '../core/coverage';
import { documentMeta } from '../core/meta';
import { readInput } from './io';

export interface ReportJob {
  id: number;
  path: string;
  maxChars: number;
  /** Concept ids left out (`--exclude`). */
  exclude: string[];
}

export type ReportResult = { id: number; coverage: DocumentCoverage } | { id: number; error: string };

/** One file's coverage aggregate, or why it could not be read or annotated (one line). */
export async function analyseFile(job: ReportJob): Promise<ReportResult> {
  const read = await readInput(job.path, { maxChars: job.maxChars });
  if ('error' in read) return { id: job.id, error: read.error };
  try {
    const doc = sharedEngine().annotate(read.text, job.path);
    const excluded = new Set(job.exclude);
    const occurrences = excluded.size ? doc.occurrences.filter((o) => !excluded.has(o.concept.id)) : doc.occurrences;
    return { id: job.id, coverage: documentCoverage(doc, { path: job.path, occurrences, meta: documentMeta(read.text) }) };
  } catch (e) {
    return { id: job.id, error: `${job.path}: could not be annotated (${String((e as Error)?.message ?? e).split('\n')[0]})` };
  }
}

parentPort?.on('message', (job: ReportJob) => {
  void analyseFile(job).then((r) => parentPort!.postMessage(r));
});
