/**
 * The hostile suite's ledger of failures it found that are not fixed yet (test/hostile/known.json):
 * whole cases by name, and generated documents by family key and index. Each entry says why. A
 * listed failure is reported as KNOWN, never as passed. A listed whole case that passes is a FAIL (the
 * ledger must be trimmed); a listed generated document that passes is named on its family's line
 * but fails nothing, since some entries are CPU-time bounds that a quiet machine can meet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Ledger {
  /** Case name → why it still fails. */
  cases?: Record<string, string>;
  /** Family key → document index → why it still fails. */
  documents?: Record<string, Record<string, string>>;
}

let ledger: Ledger | undefined;
function load(): Ledger {
  return (ledger ??= JSON.parse(readFileSync(join(__dirname, '..', 'known.json'), 'utf8')) as Ledger);
}

/** Why a whole case is listed as failing, or undefined. */
export function knownCase(name: string): string | undefined {
  return load().cases?.[name];
}

/** The listed documents of a family: index → why. */
export function knownDocuments(familyKey: string): Map<number, string> {
  return new Map(Object.entries(load().documents?.[familyKey] ?? {}).map(([i, why]) => [Number(i), why]));
}
