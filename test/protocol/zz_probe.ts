import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withServer, ROOT } from './client';
const F = join(ROOT, 'test/fixtures/workspace-lexicon');
const files: Record<string, string> = {};
for (const rel of ['.policy-lens/lexicon.yaml', '.policy-lens/sources/cluster-notes.md', 'drafts/report.md']) files[rel] = readFileSync(join(F, rel), 'utf8');
(async () => {
  await withServer({ files, noConfiguration: true, capabilities: (c) => { c.workspace!.didChangeWatchedFiles = undefined; } }, async (c) => {
    const uri = await c.open('drafts/report.md', files['drafts/report.md']);
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 5 } });
    console.log(JSON.stringify(h)?.slice(0, 200));
    console.log(c.log.slice(-1500));
  });
})();
