/**
 * The bench's edits group (serverBench.ts `edits`, run 1) replayed in process, for tracing: the same
 * 1 MB draft and the same 200 one-character edits, each through what the server does for a keystroke
 * (TextDocument update, ConceptDocument.update with the edit's hint, semantic tokens delta, JSON) and
 * then, after 50 ms, its debounced checks. Prints each edit's time with `--list`, and a line
 * `@@@ edit N` before each edit with `--mark`, so that `node --trace-deopt` output can be read edit by edit.
 *
 *   node --import tsx bench/editReplay.ts [--list] [--mark]
 *   node --trace-deopt --import tsx bench/editReplay.ts --mark > trace.txt
 */
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sharedEngine } from '../server/src/core/engine';
import { annotateAsync, keepDocumentShapes, type ConceptDocument } from '../server/src/core/document';
import { SemanticTokensProvider } from '../server/src/lsp/features/semanticTokens';
import { DEFAULT_SETTINGS } from '../server/src/lsp/settings';
import { consistencyDiagnostics } from '../server/src/lsp/features/consistency';
import { directiveDiagnostics } from '../server/src/lsp/features/suppress';
import { quotationDiagnostics } from '../server/src/lsp/features/quotations';
import { visibleOccurrences, type FeatureContext } from '../server/src/lsp/context';
import { draftPath, ensureCorpus, rng } from './corpus';
import { randomEdit } from './serverBench';

async function main(): Promise<void> {
  const mark = process.argv.includes('--mark');
  const list = process.argv.includes('--list');
  ensureCorpus();
  const engine = sharedEngine();
  const uri = 'file:///bench/draft-1m.md';
  let td = TextDocument.create(uri, 'markdown', 1, readFileSync(draftPath('1m'), 'utf8'));
  // As the server's document store opens a big draft: in pieces, then its shapes kept.
  let doc: ConceptDocument = await annotateAsync(td.getText(), engine, { uri, version: 1, pause: () => new Promise((r) => setImmediate(r)) });
  keepDocumentShapes(engine);
  const ctx = { engine, document: async () => doc, settings: async () => DEFAULT_SETTINGS } as unknown as FeatureContext;
  const tokens = new SemanticTokensProvider();
  let resultId: string = (await tokens.full(ctx, { textDocument: { uri } })).resultId ?? "";
  const next = rng(7919);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const text = td.getText();
    const { offset, insert, ch } = randomEdit(next, text.length);
    const start = td.positionAt(offset);
    const range = { start, end: insert ? start : td.positionAt(offset + 1) };
    if (mark) console.log(`@@@ edit ${i}`);
    const t0 = performance.now();
    const hint = { prefix: offset, suffix: text.length - offset - (insert ? 0 : 1) };
    td = TextDocument.update(td, [{ range, text: insert ? ch : '' }], td.version + 1);
    doc = doc.update(td.getText(), td.version, hint);
    const answer = await tokens.delta(ctx, { textDocument: { uri }, previousResultId: resultId });
    JSON.stringify(answer);
    resultId = answer.resultId ?? "";
    times.push(performance.now() - t0);
    // The server's debounce, then the checks it publishes.
    await new Promise((r) => setTimeout(r, 50));
    consistencyDiagnostics(doc, DEFAULT_SETTINGS);
    directiveDiagnostics(doc);
    await new Promise((r) => setImmediate(r));
    quotationDiagnostics(doc, engine);
    visibleOccurrences(doc, DEFAULT_SETTINGS);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const slowest = times.map((ms, i) => [ms, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 12);
  console.log(`median ${sorted[100].toFixed(2)} ms, p95 ${sorted[190].toFixed(2)} ms; slowest (edit: ms) ${slowest.map(([ms, i]) => `${i}: ${ms.toFixed(1)}`).join(', ')}`);
  if (list) times.forEach((ms, i) => console.log(`edit ${i} ${ms.toFixed(2)}`));
}

void main();
