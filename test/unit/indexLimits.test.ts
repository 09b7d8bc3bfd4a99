/**
 * A workspace folder that is the file-system root is walked only up to policyLens.limits.maxFiles
 * (and a bounded number of directory entries), with the limit reported: never the whole disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedEngine } from '../../server/src/core/engine';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { WorkspaceIndexer } from '../../server/src/lsp/indexer';

test('a workspace folder at / is indexed only up to maxFiles, quickly, and reported as the root', async () => {
  const indexer = new WorkspaceIndexer(new WorkspaceIndex(), sharedEngine(), undefined, () => undefined, {
    limits: () => Promise.resolve({ maxFiles: 5, indexMaxFileSize: 100_000 }),
  });
  const started = Date.now();
  const stats = await indexer.indexFolders(['file:///']);
  assert.ok(stats.files <= 5, `${stats.files} files found`);
  assert.deepEqual(stats.limited.map((l) => [l.folder, l.maxFiles, l.broad]), [['file:///', 5, 'root']]);
  assert.ok(Date.now() - started < 20_000, `walking / took ${Date.now() - started} ms`);
});
