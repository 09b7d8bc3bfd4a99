/**
 * A sample of the generated documents through the real server (bin/policy-lens.js lsp --stdio, via the
 * protocol tests' client): each is opened, asked for hovers, symbols, semantic tokens and code actions,
 * edited, asked again and closed. Every request must answer within a few seconds with a result (not an
 * internal error), semantic tokens must lie inside the text, and at the end the server must still
 * answer correctly and exit cleanly. A server that stops answering is replaced, and a family that
 * loses two documents is skipped for the rest of the sample, so the case stays bounded in time.
 */
import { ResponseError, type SemanticTokens } from 'vscode-languageserver-protocol';
import { sharedEngine } from '../../../server/src/core/engine';
import { rng } from '../../support/editFuzz';
import { r, startServer, type TestClient } from '../../protocol/client';
import { FAMILIES, hostileDocument, vocabularyOf, type Family } from './generate';
import { lineStarts } from './invariants';

/** A request with no answer after this long counts as a hang (the bar for an open document is 200 ms). */
const REQUEST_TIMEOUT_MS = 5_000;
const MAX_LOSSES_PER_FAMILY = 2;

function positionOf(starts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

const isEol = (c: number) => c === 0x0a || c === 0x0d;

/** The offset of a position as the server's text documents read it: clamped to its line, before the line break. */
function offsetOf(text: string, starts: number[], p: { line: number; character: number }): number {
  if (p.line >= starts.length) return text.length;
  const lineStart = starts[p.line];
  let offset = Math.min(lineStart + p.character, p.line + 1 < starts.length ? starts[p.line + 1] : text.length);
  while (offset > lineStart && isEol(text.charCodeAt(offset - 1))) offset--;
  return offset;
}

/** Length of a line without its line break. */
function lineLength(text: string, starts: number[], line: number): number {
  const end = line + 1 < starts.length ? starts[line + 1] : text.length;
  let e = end;
  while (e > starts[line] && (text.charCodeAt(e - 1) === 0x0a || text.charCodeAt(e - 1) === 0x0d)) e--;
  return e - starts[line];
}

class Lost extends Error {}

async function ask<T>(c: TestClient, method: string, params: unknown, what: string): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      c.request<T>(method, params),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Lost(`${what}: no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS))),
    ]);
  } catch (e) {
    if (e instanceof Lost) throw e;
    // Cancelled or outdated by a newer version: honest answers to a request about a changing document.
    if (e instanceof ResponseError && (e.code === -32800 || e.code === -32801)) return undefined;
    throw new Lost(`${what}: ${e instanceof ResponseError ? `error ${e.code} ${e.message}` : String(e)}`.slice(0, 300));
  } finally {
    clearTimeout(timer);
  }
}

/** Every token of a semantic-tokens answer must lie on a line of the text and inside it. */
function checkTokens(tokens: SemanticTokens | null | undefined, text: string, what: string): void {
  if (!tokens) return;
  const data = tokens.data;
  if (data.length % 5) throw new Lost(`${what}: ${data.length} integers, not a multiple of 5`);
  const starts = lineStarts(text);
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    if (line >= starts.length || char + data[i + 2] > lineLength(text, starts, line)) {
      throw new Lost(`${what}: token ${line}:${char}+${data[i + 2]} lies outside the text (${starts.length} lines)`);
    }
  }
}

async function exercise(c: TestClient, family: Family, index: number, text: string, next: () => number): Promise<void> {
  const label = `${family.key} #${index}`;
  const uri = await c.open(`gen/${family.key}-${index}.md`, text);
  const starts = lineStarts(text);
  const somewhere = () => positionOf(starts, Math.floor(next() * (text.length + 1)));
  for (let k = 0; k < 2; k++) await ask(c, 'textDocument/hover', { textDocument: { uri }, position: somewhere() }, `${label} hover`);
  await ask(c, 'textDocument/documentSymbol', { textDocument: { uri } }, `${label} documentSymbol`);
  checkTokens(await ask<SemanticTokens>(c, 'textDocument/semanticTokens/full', { textDocument: { uri } }, `${label} semanticTokens`), text, `${label} semanticTokens`);
  const whole = { start: { line: 0, character: 0 }, end: positionOf(starts, text.length) };
  await ask(c, 'textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [] } }, `${label} codeAction`);
  // One edit: a term typed at a random place, as an incremental change.
  const at = somewhere();
  const typed = next() < 0.5 ? '数据要素' : '\n> 新质\n生产力';
  await c.change(uri, [{ range: { start: at, end: at }, text: typed }]);
  // The text after the edit, with LSP's line breaks (the test client's own copy knows only LF).
  const offset = offsetOf(text, starts, at);
  const after = text.slice(0, offset) + typed + text.slice(offset);
  await ask(c, 'textDocument/hover', { textDocument: { uri }, position: at }, `${label} hover after an edit`);
  checkTokens(await ask<SemanticTokens>(c, 'textDocument/semanticTokens/full', { textDocument: { uri } }, `${label} semanticTokens after an edit`), after, `${label} semanticTokens after an edit`);
  await c.close(uri);
}

/** Sends `count` documents, drawn evenly from every family, through one server (replaced if it stops answering). */
export async function serverSample(count: number): Promise<string> {
  const vocab = vocabularyOf(sharedEngine());
  const pickRng = rng(4242);
  const perFamily = Math.ceil(count / FAMILIES.length);
  // Round-robin over the families, each at random indices, so any prefix of the sample covers them all.
  const sample: { family: Family; index: number }[] = [];
  for (let k = 0; k < perFamily; k++) for (const family of FAMILIES) if (sample.length < count) sample.push({ family, index: Math.floor(pickRng() * family.count) });
  const losses = new Map<string, string[]>();
  let requests = 0;
  let sent = 0;
  let client = await startServer({ files: {} });
  try {
    for (const { family, index } of sample) {
      const lost = losses.get(family.key) ?? [];
      if (lost.length >= MAX_LOSSES_PER_FAMILY) continue;
      const { text, next } = hostileDocument(family, index, vocab);
      try {
        sent++;
        await exercise(client, family, index, text, next);
        requests += 7;
      } catch (e) {
        if (!(e instanceof Lost)) throw e;
        lost.push(e.message);
        losses.set(family.key, lost);
        // A server that stopped answering may stay blocked: start a fresh one for the rest.
        await client.kill();
        client = await startServer({ files: {} });
      }
    }
    // Still alive and still right.
    const uri = await client.open('alive.md', '# 数据要素\n\n推动颠覆性技术创新。\n');
    const h = await ask<{ range: Parameters<typeof r>[0] }>(client, 'textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } }, 'the final hover');
    if (!h || r(h.range) !== '0:2-0:6') throw new Error(`after the sample the server answers a hover on 数据要素 with ${JSON.stringify(h)}`);
  } catch (e) {
    await client.kill();
    throw e;
  }
  await client.stop();
  const failures = [...losses.entries()].flatMap(([key, list]) => list.map((m) => `[${key}] ${m}`));
  const line = `${sent} of ${sample.length} documents sent, ${requests} requests answered, ${failures.length} documents failed`;
  if (failures.length) {
    const skipped = [...losses.entries()].filter(([, l]) => l.length >= MAX_LOSSES_PER_FAMILY).map(([k]) => k);
    throw new Error([`${line}${skipped.length ? `; skipped the rest of: ${skipped.join(', ')}` : ''}`, ...failures.slice(0, 5)].join('\n'));
  }
  return line;
}
