/**
 * The hostile suite's one interface: a case is a name and a function that throws (or rejects) when
 * policy-lens misbehaves on bad input or a fault. Each file in `cases/` exports `cases: HostileCase[]`;
 * `run.ts` runs them all, one at a time, each under its own time limit.
 */
export interface HostileCase {
  /** What the case does, as the PASS/FAIL line shows it: `cli: -o onto an input is refused`. */
  readonly name: string;
  /** Longest the case may take before it counts as a hang (default 60 s). */
  readonly timeoutMs?: number;
  /** Throws (or rejects) on misbehaviour. A string it returns is shown on the PASS line (counts, timings). */
  run(): Promise<void | string> | void | string;
}

/**
 * Thrown by a case whose only failures are listed in test/hostile/known.json: bugs the suite found
 * that are not fixed yet. The runner prints `KNOWN name: why` and counts them apart, never as passed;
 * a listed failure that no longer happens is a FAIL, so the list stays true.
 */
export class KnownFailure extends Error {}
