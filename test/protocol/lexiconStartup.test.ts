/**
 * How soon a workspace's own concepts appear after the server starts (issue 9's fixture,
 * test/fixtures/workspace-lexicon): the time from spawning the server to the first hover that shows
 * the workspace concept, with a fresh cache folder (the terms derived at startup) and again with the
 * cache folder the first run filled (derived forms read from disk). Printed, not asserted: timings on
 * a shared machine vary; the assertion is that the hover comes, and is the workspace concept's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { ROOT, withServer } from './client';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'workspace-lexicon');
const REL = ['.policy-lens/lexicon.yaml', '.policy-lens/sources/cluster-notes.md', 'drafts/report.md'];
const files = (): Record<string, string> => Object.fromEntries(REL.map((rel) => [rel, readFileSync(join(FIXTURE, rel), 'utf8')]));

async function firstWorkspaceHover(cacheDir: string): Promise<number> {
  const t0 = performance.now();
  let ms = -1;
  await withServer({ files: files(), cacheDir }, async (c) => {
    const uri = await c.open('drafts/report.md', files()['drafts/report.md']);
    for (;;) {
      const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 5 } });
      const value = h ? (h.contents as { value: string }).value : '';
      if (value.startsWith('### 产业集群 · industrial clusters')) break;
      assert.ok(performance.now() - t0 < 60_000, 'the workspace concept never showed in a hover');
      await new Promise((r) => setTimeout(r, 20));
    }
    ms = performance.now() - t0;
  });
  return ms;
}

test('the first hover shows the workspace concept (time from spawn printed, cold and with the derived-forms cache)', async () => {
  const cacheDir = join(mkdtempSync(join(tmpdir(), 'pl-startup-')), 'cache');
  const cold = await firstWorkspaceHover(cacheDir);
  assert.ok(existsSync(join(cacheDir, 'derived-forms.json')), 'the first run cached the derived forms');
  const warm = await firstWorkspaceHover(cacheDir);
  console.log(`lexicon startup: spawn → first workspace hover ${cold.toFixed(0)} ms cold, ${warm.toFixed(0)} ms with the derived-forms cache`);
});
