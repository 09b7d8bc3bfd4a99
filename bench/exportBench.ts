/**
 * The `export` group: the 2,000-file workspace of the bench corpus (20 MB) exported to every format
 * of the core's registry. The drafts are annotated once, then every format runs over the same
 * documents into a sink that only counts bytes (the exporter's work, not the disk's). A first json
 * pass before the timed runs computes every document's sentences (cached per document, as in the
 * editor), so each format is timed on the same warm documents. Rows: CPU ms per format (wall time in
 * the note) and MB/s of input text per CPU second; the output size goes into the note.
 *
 *   node --expose-gc --import tsx bench/exportBench.ts export [--runs N] [--quick]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sharedEngine } from '../server/src/core/engine';
import { EXPORTERS } from '../server/src/core/export/registry';
import type { ExportDocument, ExportSink } from '../server/src/core/export/types';
import { ensureCorpus, WORKSPACE_DIR } from './corpus';
import { measurement, median, round, timeCpu, type Measurement } from './stats';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (name.endsWith('.md')) out.push(p);
  }
  return out;
}

/** A sink that counts UTF-8 bytes and keeps nothing. */
function countingSink(): ExportSink & { bytes: number; files: number } {
  const sink = {
    bytes: 0,
    files: 0,
    open: () => {
      sink.files++;
      return { write: (chunk: string) => void (sink.bytes += Buffer.byteLength(chunk)), close: () => undefined };
    },
  };
  return sink;
}

async function exportGroup(runs: number): Promise<{ measurements: Measurement[]; info: Record<string, unknown> }> {
  const engine = sharedEngine();
  const paths = files(WORKSPACE_DIR);
  let inputBytes = 0;
  const t0 = process.cpuUsage();
  const docs: ExportDocument[] = paths.map((p) => {
    const text = readFileSync(p, 'utf8');
    inputBytes += Buffer.byteLength(text);
    return { path: p.slice(WORKSPACE_DIR.length + 1), doc: engine.annotate(text, p) };
  });
  const t1 = process.cpuUsage(t0);
  const annotateMs = (t1.user + t1.system) / 1000;
  const occurrences = docs.reduce((n, d) => n + d.doc.occurrences.length, 0);
  const options = { concepts: engine.lexicon.concepts, created: '2026-01-01T00:00:00.000Z' };
  // Warm-up: sentences and outlines computed once per document, as an editor session has them.
  await EXPORTERS[0].write(docs, countingSink(), options);
  const mb = inputBytes / 1e6;
  const measurements: Measurement[] = [];
  const info: Record<string, unknown> = { files: docs.length, inputBytes, occurrences, annotateCpuMs: round(annotateMs), formats: {} };
  process.stderr.write(`export: ${docs.length} files, ${round(mb)} MB, ${occurrences} occurrences, annotated in ${round(annotateMs)} ms CPU\n`);
  for (const exporter of EXPORTERS) {
    const cpu: number[] = [];
    const wall: number[] = [];
    let sink = countingSink();
    for (let r = 0; r < runs; r++) {
      (globalThis as { gc?: () => void }).gc?.();
      sink = countingSink();
      const t = await timeCpu(() => exporter.write(docs, sink, options));
      cpu.push(t.cpu);
      wall.push(t.wall);
    }
    const outMb = round(sink.bytes / 1e6);
    (info.formats as Record<string, unknown>)[exporter.id] = { cpuMs: cpu.map(round), wallMs: wall.map(round), outputBytes: sink.bytes, outputFiles: sink.files };
    process.stderr.write(`  ${exporter.id}: ${round(median(cpu))} ms CPU, ${outMb} MB in ${sink.files} file(s)\n`);
    measurements.push(measurement(`export ${docs.length} files (${round(mb)} MB) to ${exporter.id}`, cpu, 'ms', null, `wall median ${round(median(wall))} ms; ${outMb} MB written in ${sink.files} file(s)`));
    measurements.push(measurement(`  ${exporter.id}: input text per CPU second`, cpu.map((ms) => mb / (ms / 1000)), 'MB/s', null));
  }
  return { measurements, info };
}

async function main(argv: string[]): Promise<void> {
  const group = argv[0];
  if (group !== 'export') throw new Error(`unknown group ${group}; this script runs "export"`);
  const runsArg = argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : argv.includes('--quick') ? 1 : 3;
  ensureCorpus(false, (s) => process.stderr.write(s + '\n'));
  const result = await exportGroup(runs);
  for (const m of result.measurements) m.group = group;
  process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
      process.exit(1);
    },
  );
}
