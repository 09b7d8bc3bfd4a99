/**
 * Fault injection FOR TESTS ONLY (test/hostile/cases/index.ts, test/protocol/indexFaults.test.ts):
 * `POLICY_LENS_FAULT` makes the indexer fail on purpose, so the tests can show that a failure is caught,
 * retried, skipped and reported instead of hanging indexing. Never set it in normal use.
 *
 *   worker-crash          every index worker exits abruptly on its first job
 *   worker-crash:<name>   a worker exits abruptly when it reaches a file whose name is <name>
 *   worker-oom:<name>     a worker allocates until it runs out of memory at file <name>
 *   throw-on:<name>       annotating file <name> throws (in a worker or on the main thread)
 *
 * Several faults may be given, separated by commas.
 */
export interface Fault {
  kind: 'worker-crash' | 'worker-oom' | 'throw-on';
  /** The file name (last path segment of the URI, decoded) it applies to; undefined: every file. */
  name?: string;
}

export function faults(env: NodeJS.ProcessEnv = process.env): Fault[] {
  const raw = env.POLICY_LENS_FAULT;
  if (!raw) return [];
  const out: Fault[] = [];
  for (const part of raw.split(',')) {
    const [kind, ...rest] = part.trim().split(':');
    if (kind === 'worker-crash' || kind === 'worker-oom' || kind === 'throw-on') out.push({ kind, name: rest.length ? rest.join(':') : undefined });
  }
  return out;
}

/** Whether a fault of this kind applies to the file at `uri`. */
export function faultFor(list: readonly Fault[], kind: Fault['kind'], uri: string): boolean {
  if (!list.length) return false;
  const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  return list.some((f) => f.kind === kind && (f.name === undefined || f.name === name));
}
