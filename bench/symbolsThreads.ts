/**
 * What the symbols group's cold runs cost on each thread: the group's sequence (a warm-up on the
 * 100 KB draft, then cold runs on the 1.6 MB draft, each after a forced collection), with each
 * thread's CPU read from /proc/self/task around each run (Linux only; 10 ms ticks). The README's
 * performance section reads it to say what bounds the document symbols row.
 *
 *   node --expose-gc --import tsx bench/symbolsThreads.ts [RUNS]
 *   node --expose-gc --no-concurrent-recompilation --import tsx bench/symbolsThreads.ts [RUNS]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sharedEngine } from '../server/src/core/engine';
import { keepDocumentShapes, type ConceptDocument } from '../server/src/core/document';
import { provideDocumentSymbols } from '../server/src/lsp/features/documentSymbols';
import { DEFAULT_SETTINGS } from '../server/src/lsp/settings';
import type { FeatureContext } from '../server/src/lsp/context';
import { draftPath, ensureCorpus } from './corpus';
import { createMdLanguageService } from './compare';

/** CPU ms per thread so far: the main thread, and the others summed. */
function threads(): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const t of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * 10;
      if (t === String(process.pid)) main += ms;
      else others += ms;
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return { main, others };
}

async function measure<T>(fn: () => Promise<T>): Promise<{ cpu: number; main: number; others: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const t = threads();
  const c = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(c);
  const u = threads();
  return { cpu: (d.user + d.system) / 1000, main: u.main - t.main, others: u.others - t.others };
}

async function main(): Promise<void> {
  ensureCorpus();
  const runs = Number(process.argv[2] ?? 4);
  const engine = sharedEngine();
  const text = readFileSync(draftPath('1.6m'), 'utf8');
  const warm = readFileSync(draftPath('100k'), 'utf8');
  const mdls = createMdLanguageService();
  const token = { isCancellationRequested: false };
  const params = { textDocument: { uri: 'file:///bench/draft-1.6m.md' } };
  const ours = (doc: ConceptDocument) =>
    provideDocumentSymbols({ engine, document: async () => doc, settings: async () => DEFAULT_SETTINGS } as unknown as FeatureContext, params);
  await ours(engine.annotate(warm));
  keepDocumentShapes(engine);
  await mdls.getDocumentSymbols(TextDocument.create('file:///bench/warm.md', 'markdown', 1, warm), {}, token);
  const row = (m: { cpu: number; main: number; others: number }) => `${m.cpu.toFixed(0)} ms CPU (main thread ${m.main}, other threads ${m.others})`;
  for (let run = 0; run < runs; run++) {
    const a = await measure(() => ours(engine.annotate(text, params.textDocument.uri, run)));
    const doc = TextDocument.create(`file:///bench/draft-1.6m-${run}.md`, 'markdown', 1, text);
    const b = await measure(() => mdls.getDocumentSymbols(doc, { includeLinkDefinitions: false }, token));
    process.stdout.write(`cold run ${run + 1}: policy-lens ${row(a)}; vscode-markdown-languageservice ${row(b)}\n`);
  }
}

void main();
