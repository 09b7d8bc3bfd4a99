/**
 * Helpers for the indexing tests (test/protocol/indexReliability.test.ts and the hostile cases in
 * test/hostile/cases/index.ts): a server started with test-only environment variables
 * (POLICY_LENS_FAULT, HOME), the `policyLens/status` notifications it sends, its indexing summary.
 */
import type { Location } from 'vscode-languageserver-protocol';
import { withServer, type StartOptions, type TestClient } from './client';
import type { StatusParams } from '../../server/src/lsp/protocol';

export const OPEN = '推动数据要素流通。\n'; // 数据要素 at 0:2-0:6

export type Status = StatusParams;

/**
 * Every `policyLens/status` the server sends, in order, from when this is first called ({@link withEnv}
 * calls it as soon as the server is up; a status comes only after indexing, which takes longer).
 */
export function statuses(c: TestClient): Status[] {
  const list = (c as unknown as { statusList?: Status[] }).statusList;
  if (list) return list;
  const fresh: Status[] = [];
  (c as unknown as { statusList: Status[] }).statusList = fresh;
  c.connection.onNotification('policyLens/status', (s: Status) => {
    // Waiters wake on the window/logMessage the server sends with every status.
    fresh.push(s);
  });
  return fresh;
}

/** Starts a server with `POLICY_LENS_FAULT` (and other variables) set for it only. */
export async function withEnv(env: Record<string, string>, options: StartOptions, body: (c: TestClient) => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    await withServer(options, async (c) => {
      // The environment is read when the server process starts: restore ours at once.
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      statuses(c);
      await body(c);
    });
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/** 40 drafts (enough for worker threads): `NN.md` mentions 数据要素 once, on line 2. */
export function drafts(n = 40): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`${String(i).padStart(2, '0')}.md`] = `# 第${i}号\n\n推进数据要素市场化。\n`;
  return files;
}

/** The final indexing summary the server logs. */
export function summary(c: TestClient): Promise<string> {
  return c.waitFor('the indexing summary in the log', () => /indexed \d+ file\(s\) in \d+ ms \([^)]*\)[^\n]*/.exec(c.log)?.[0]);
}

export async function lastStatus(c: TestClient): Promise<Status> {
  return c.waitFor('a policyLens/status notification', () => statuses(c).at(-1));
}

/** Workspace files with 数据要素 (the paper and the open document left out), sorted. */
export async function filesWithConcept(c: TestClient, uri: string): Promise<string[]> {
  const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 0, character: 3 }, context: { includeDeclaration: true } });
  return [...new Set(refs.map((l) => c.short(l.uri)).filter((f) => f !== 'paper.md' && !f.endsWith('open.md')))].sort();
}

