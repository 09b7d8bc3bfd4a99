/**
 * Runs many test files in one Node process: `npm run test:unit` and `npm run test:protocol` start two
 * of these (test/support/run-*.ts) instead of one process per file, because each process spent
 * ≈1.3 s of CPU starting tsx and loading the same modules again (≈50 s of the unit tests' 130 s).
 *
 * Every file of the directory becomes one `describe` named by its path, so the reporter still shows
 * every test by name under its file, a file's hooks stay its own, and a file that throws on import
 * fails as that file. A file still runs alone with `node --import tsx --test test/unit/X.test.ts`.
 *
 * Files go to the shards by their weight below, longest first onto the lighter shard; a file not
 * listed counts as a typical one. The weights are the per-file durations the spec reporter printed
 * (`✔ test/unit/X.test.ts (…ms)`) in one run on the shared development machine, about three times the
 * idle figures; only their ratios matter. They only balance the shards: a wrong one costs time, never
 * a test.
 */
import { describe } from 'node:test';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..');

/** Seconds per file (path relative to the repository root), from the reporter's durations. */
const WEIGHTS: Record<string, number> = {
  // test/unit
  'test/unit/chunkedParse.test.ts': 30.4,
  'test/unit/pack.test.ts': 28.6,
  'test/unit/cli.test.ts': 10.5,
  'test/unit/derive.test.ts': 10.4,
  'test/unit/gongwen.test.ts': 9.9,
  'test/unit/directives.test.ts': 9.7,
  'test/unit/incremental.test.ts': 9.4,
  'test/unit/fastPath.test.ts': 6.9,
  'test/unit/coverageReport.test.ts': 6.4,
  'test/unit/layers.test.ts': 3.6,
  'test/unit/sentences.test.ts': 3.2,
  'test/unit/lexicon.test.ts': 2.9,
  'test/unit/limits.test.ts': 2.8,
  'test/unit/exampleLexicon.test.ts': 2.2,
  'test/unit/fixProperty.test.ts': 1.9,
  'test/unit/lexiconSpecs.test.ts': 1.7,
  'test/unit/lexiconAuthoringFeature.test.ts': 1.7,
  'test/unit/generated.test.ts': 1.6,
  'test/unit/encoding.test.ts': 1.1,
  'test/unit/matcherMemory.test.ts': 0.9,
  'test/unit/exampleLexiconCorpus.test.ts': 0.8,
  'test/unit/export.test.ts': 0.8,
  'test/unit/derivedFormsCache.test.ts': 0.7,
  'test/unit/indexPersistence.test.ts': 0.7,
  'test/unit/exportCli.test.ts': 0.6,
  'test/unit/realCorpus.test.ts': 0.5,
  'test/unit/features.test.ts': 0.5,
  'test/unit/annotationJson.test.ts': 0.5,
  'test/unit/cite.test.ts': 0.4,
  'test/unit/trust.test.ts': 0.4,
  'test/unit/quotationCheck.test.ts': 0.4,
  'test/unit/coverage.test.ts': 0.3,
  'test/unit/consistencyCheck.test.ts': 0.3,
  'test/unit/indexLimits.test.ts': 0.3,
  'test/unit/realOutline.test.ts': 0.2,
  'test/unit/grammar.test.ts': 0.2,
  'test/unit/lexiconImport.test.ts': 0.2,
  'test/unit/englishBoundaries.test.ts': 0.1,
  'test/unit/matcher.test.ts': 0.1,
  'test/unit/sources.test.ts': 0.1,
  'test/unit/midBom.test.ts': 0.1,
  'test/unit/table.test.ts': 0.1,
  'test/unit/l10n.test.ts': 0.1,
  'test/unit/lexiconAuthoring.test.ts': 0.1,
  'test/unit/noiseCli.test.ts': 0.1,
  'test/unit/frameGuard.test.ts': 0.1,
  'test/unit/paper.test.ts': 0.1,
  'test/unit/clientNotifications.test.ts': 0.1,
  'test/unit/prose.test.ts': 0.1,
  'test/unit/groundTruth.test.ts': 0.1,
  'test/unit/vocabulary.test.ts': 0.1,
  // test/protocol
  'test/protocol/userLexicon.test.ts': 29.6,
  'test/protocol/bigDocument.test.ts': 26.2,
  'test/protocol/indexReliability.test.ts': 23.6,
  'test/protocol/workspace.test.ts': 20.1,
  'test/protocol/consistency.test.ts': 18.7,
  'test/protocol/hover.test.ts': 14.2,
  'test/protocol/lexiconAuthoring.test.ts': 13.8,
  'test/protocol/edits.test.ts': 12,
  'test/protocol/completion.test.ts': 10.9,
  'test/protocol/navigation.test.ts': 8.5,
  'test/protocol/responsiveness.test.ts': 7.9,
  'test/protocol/robustness.test.ts': 7.4,
  'test/protocol/symbols.test.ts': 6.8,
  'test/protocol/noise.test.ts': 6.6,
  'test/protocol/settings.test.ts': 6.5,
  'test/protocol/quotations.test.ts': 5.9,
  'test/protocol/semanticTokens.test.ts': 5.5,
  'test/protocol/codeLens.test.ts': 4.7,
  'test/protocol/coverage.test.ts': 4.7,
  'test/protocol/lexiconStartup.test.ts': 3.8,
  'test/protocol/export.test.ts': 2.7,
};

const TYPICAL = 1;

/** The files of `dir` (relative to the root) ending in `.test.ts`, split into `count` shards. */
export function shardFiles(dir: string, count: number): string[][] {
  const files = readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => `${dir}/${f}`);
  const weight = (f: string) => WEIGHTS[f] ?? TYPICAL;
  const shards = Array.from({ length: count }, () => ({ files: [] as string[], total: 0 }));
  for (const f of [...files].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : 1))) {
    const lightest = shards.reduce((min, s) => (s.total < min.total ? s : min));
    lightest.files.push(f);
    lightest.total += weight(f);
  }
  // Within a shard, files run in the order of their names, as they did one process each.
  return shards.map((s) => s.files.sort());
}

/** Registers shard `index` (1-based) of `count` of the test files in `dir`. */
export function registerShard(dir: string, index: number, count: number): void {
  for (const file of shardFiles(dir, count)[index - 1]) {
    describe(file, async () => {
      await import(pathToFileURL(join(ROOT, file)).href);
    });
  }
}
