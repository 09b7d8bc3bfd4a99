/**
 * The workspace index: scanned at `initialized` with progress, kept current by
 * workspace/didChangeWatchedFiles and workspace/didChangeWorkspaceFolders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Location, WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { r, withServer, type TestClient } from './client';

const OPEN = '推动数据要素流通。\n'; // 0:2-0:6

/** Workspace occurrences (the paper left out), as sorted `file range` strings. */
async function workspaceRefs(c: TestClient, uri: string): Promise<string[]> {
  const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 0, character: 3 }, context: { includeDeclaration: true } });
  return refs
    .map((l) => `${c.short(l.uri)} ${r(l.range)}`)
    .filter((p) => !p.startsWith('paper.md'))
    .sort();
}

test('indexing at initialized: work-done progress begin, report, end over every Markdown file (node_modules and dot folders skipped)', () =>
  withServer(
    {
      files: {
        'a.md': '数据要素\n',
        'b.markdown': '数据要素\n',
        'docs/c.md': '数据要素\n',
        'notes.txt': '数据要素\n',
        'node_modules/pkg/readme.md': '数据要素\n',
        '.hidden/d.md': '数据要素\n',
      },
    },
    async (c) => {
      const progress = await c.waitForIndexing();
      assert.deepEqual(progress[0].value, { kind: 'begin', title: 'Policy Lens: indexing drafts', percentage: 0, message: '0/3', cancellable: false });
      // Reports in between (throttled, so maybe none for three small files) count files done.
      const reports = progress.slice(1, -1).map((p) => p.value as WorkDoneProgressReport);
      for (const [i, report] of reports.entries()) {
        assert.equal(report.kind, 'report');
        assert.match(String(report.message), /^[0-3]\/3$/);
        if (i > 0) assert.ok((report.percentage ?? 0) >= (reports[i - 1].percentage ?? 0), 'percentages do not go back');
      }
      assert.deepEqual(progress[progress.length - 1].value, { kind: 'end' });
      const uri = await c.open('open.md', OPEN);
      await c.waitForAnalysis(uri);
      assert.deepEqual(await workspaceRefs(c, uri), ['ws/a.md 0:0-0:4', 'ws/b.markdown 0:0-0:4', 'ws/docs/c.md 0:0-0:4', 'ws/open.md 0:2-0:6']);
    },
  ));

test('a file created on disk and announced by didChangeWatchedFiles is in references; deleted, it is gone', () =>
  withServer({ files: { 'a.md': '数据要素\n' } }, async (c) => {
    const registration = await c.waitForRegistration('workspace/didChangeWatchedFiles');
    assert.deepEqual(registration.registerOptions, { watchers: [{ globPattern: '**/*.{md,markdown,mdown,mkd}' }] });
    await c.waitForIndexing();
    const uri = await c.open('open.md', OPEN);
    await c.waitForAnalysis(uri);
    assert.deepEqual(await workspaceRefs(c, uri), ['ws/a.md 0:0-0:4', 'ws/open.md 0:2-0:6']);

    const created = c.writeFile('new/created.md', '# 新文件\n\n数据要素和数据要素。\n');
    await c.fileEvents([{ uri: created, type: 1 }]);
    // The server reads the file without telling the client when it is done: ask until it shows.
    const withCreated = ['ws/a.md 0:0-0:4', 'ws/new/created.md 2:0-2:4', 'ws/new/created.md 2:5-2:9', 'ws/open.md 0:2-0:6'];
    assert.deepEqual(await c.until('the created file in references', () => workspaceRefs(c, uri), (x) => x.length === 4), withCreated);

    c.writeFile('new/created.md', '数据要素。\n');
    await c.fileEvents([{ uri: created, type: 2 }]);
    assert.deepEqual(
      await c.until('the changed file in references', () => workspaceRefs(c, uri), (x) => x.length === 3),
      ['ws/a.md 0:0-0:4', 'ws/new/created.md 0:0-0:4', 'ws/open.md 0:2-0:6'],
    );

    c.deleteFile('new/created.md');
    await c.fileEvents([{ uri: created, type: 3 }]);
    assert.deepEqual(await c.until('the deleted file gone from references', () => workspaceRefs(c, uri), (x) => x.length === 2), ['ws/a.md 0:0-0:4', 'ws/open.md 0:2-0:6']);
  }));

test('a request sent right after didChangeWatchedFiles sees the change (messages are handled in order)', () =>
  withServer({ files: { 'a.md': '数据要素\n' } }, async (c) => {
    await c.waitForIndexing();
    const uri = await c.open('open.md', OPEN);
    await c.waitForAnalysis(uri);
    const created = c.writeFile('created.md', '数据要素\n');
    let refs!: Promise<Location[]>;
    // The notification and the request leave in one write, as an editor may send them.
    c.batch(() => {
      void c.fileEvents([{ uri: created, type: 1 }]);
      refs = c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 0, character: 3 }, context: { includeDeclaration: true } });
    });
    const files = (await refs).map((l) => c.short(l.uri)).filter((f) => f !== 'paper.md');
    assert.ok(files.includes('ws/created.md'), `references answered after didChangeWatchedFiles miss the created file: ${files.join(', ')}`);
  }));

test('a workspace folder added at run time is indexed; removed, its files are gone', () =>
  withServer({ folders: { alpha: { 'a.md': '数据要素\n' }, beta: { 'b.md': '# 数据要素\n' } } }, async (c) => {
    await c.waitForIndexing();
    const uri = await c.open(c.uri('open.md', 'alpha'), OPEN);
    await c.waitForAnalysis(uri);
    assert.deepEqual(await workspaceRefs(c, uri), ['alpha/a.md 0:0-0:4', 'alpha/open.md 0:2-0:6', 'beta/b.md 0:2-0:6']);

    // A third folder, created on disk and added to the workspace.
    const gamma = c.addFolder('gamma', { 'deep/g.md': '数据要素。数据要素。\n' });
    const mark = c.mark();
    await c.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: gamma.uri, name: 'gamma' }], removed: [] } });
    await c.waitForIndexing(mark);
    assert.deepEqual(await workspaceRefs(c, uri), ['alpha/a.md 0:0-0:4', 'alpha/open.md 0:2-0:6', 'beta/b.md 0:2-0:6', 'gamma/deep/g.md 0:0-0:4', 'gamma/deep/g.md 0:5-0:9']);

    await c.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: c.folders[1].uri, name: 'beta' }] } });
    assert.deepEqual(
      await c.until('beta gone from references', () => workspaceRefs(c, uri), (x) => !x.some((p) => p.startsWith('beta/'))),
      ['alpha/a.md 0:0-0:4', 'alpha/open.md 0:2-0:6', 'gamma/deep/g.md 0:0-0:4', 'gamma/deep/g.md 0:5-0:9'],
    );
  }));

test('a client that sends only rootUri and no workspaceFolders support still gets its folder indexed', () =>
  withServer(
    { files: { 'a.md': '数据要素\n' }, rootUriOnly: true, capabilities: (caps) => void (caps.workspace!.workspaceFolders = false) },
    async (c) => {
      // Either the index is built, or the server says why not: no need to wait for a timeout.
      const outcome = await c.waitFor('indexing to end, or the initialized handler to fail', () =>
        c.indexingProgress() ? 'indexed' : /handler 'initialized' failed.*/.exec(c.log)?.[0],
      );
      assert.equal(outcome, 'indexed');
      const uri = await c.open('open.md', OPEN);
      await c.waitForAnalysis(uri);
      assert.deepEqual(await workspaceRefs(c, uri), ['ws/a.md 0:0-0:4', 'ws/open.md 0:2-0:6']);
    },
  ));

test('closing a document hands its place in the index back to the file on disk', () =>
  withServer({ files: { 'a.md': '数据要素\n' } }, async (c) => {
    await c.waitForIndexing();
    const uri = await c.open('open.md', OPEN);
    // Edited in the editor but not saved: two occurrences live, none on disk.
    const edited = await c.open('a.md', '数据要素，数据要素。\n');
    await c.waitForAnalysis(edited);
    assert.deepEqual(await workspaceRefs(c, uri), ['ws/a.md 0:0-0:4', 'ws/a.md 0:5-0:9', 'ws/open.md 0:2-0:6']);
    await c.close(edited);
    assert.deepEqual(await c.waitForDiagnostics(edited, 0, (d) => d.length === 0), [], 'diagnostics cleared on close');
    assert.deepEqual(
      await c.until('the disk copy of a.md in references', () => workspaceRefs(c, uri), (x) => x.length === 2),
      ['ws/a.md 0:0-0:4', 'ws/open.md 0:2-0:6'],
    );
  }));

test('a large workspace is parsed in worker threads, persisted, and after a restart read back without parsing', async () => {
  // Enough drafts to start worker threads (more than 24 to parse); file i mentions 数据要素 (i % 3) + 1 times.
  // The folder and the cache outlive the first server, so they are made here, not by withServer.
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'policy-lens-workers-')));
  const folder = join(root, 'ws');
  const cacheDir = join(root, 'cache');
  let expected = 0;
  for (let i = 0; i < 60; i++) {
    const n = (i % 3) + 1;
    expected += n;
    mkdirSync(join(folder, '草稿'), { recursive: true });
    writeFileSync(join(folder, '草稿', `${String(i).padStart(2, '0')}.md`), `# 第${i}号\n\n${'推进数据要素市场化。'.repeat(n)}\n\n| 任务 | 单位 |\n| --- | --- |\n| 新质生产力 | 省科技厅 |\n`);
  }
  const summary = (c: TestClient) => c.waitFor('the indexing summary in the log', () => /indexed \d+ file\(s\) in \d+ ms \([^)]*\)/.exec(c.log)?.[0]);
  try {
    await withServer({ folders: {}, existingFolders: [folder], cacheDir }, async (c) => {
      await c.waitForIndexing();
      assert.match(await summary(c), /^indexed 60 file\(s\) in \d+ ms \(0 from the persisted index, 60 parsed in [1-4] worker threads\)$/);
      const uri = await c.open('open.md', OPEN);
      await c.waitForAnalysis(uri);
      const refs = (await workspaceRefs(c, uri)).map(decodeURIComponent);
      assert.equal(refs.length, expected + 1, 'every draft occurrence plus the open one');
      assert.ok(refs.some((x) => x.endsWith('/ws/草稿/59.md 2:2-2:6')), refs.slice(0, 5).join(', '));
      // Written right after the index is built; nothing tells the client, so look at the disk.
      for (let i = 0; i < 100 && !(existsSync(cacheDir) && readdirSync(cacheDir).some((f) => f.endsWith('.json'))); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(readdirSync(cacheDir).some((f) => f.endsWith('.json')), 'the index is persisted');
    });
    await withServer({ folders: {}, existingFolders: [folder], cacheDir }, async (c) => {
      await c.waitForIndexing();
      assert.match(await summary(c), /^indexed 60 file\(s\) in \d+ ms \(60 from the persisted index, 0 parsed\)$/);
      const uri = await c.open('open.md', OPEN);
      await c.waitForAnalysis(uri);
      assert.equal((await workspaceRefs(c, uri)).length, expected + 1);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
