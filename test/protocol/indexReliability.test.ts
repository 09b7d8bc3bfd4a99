/**
 * Indexing that fails in part still ends, tells the truth and says so: workers that crash or run out
 * of memory (POLICY_LENS_FAULT, test-only fault injection), a file whose annotation throws, the file
 * limits (policyLens.limits.*), a home folder as workspace, URIs outside the workspace, and the
 * `policyLens/status` notification that reports all of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drafts, filesWithConcept, lastStatus, OPEN, statuses, summary, withEnv } from './indexSupport';

const all40 = Object.keys(drafts()).map((f) => `ws/${f}`);

test('a worker that runs out of memory on one file: indexing ends, the other 39 files are indexed, the file is reported failed', () =>
  withEnv({ POLICY_LENS_FAULT: 'worker-oom:13.md' }, { files: drafts() }, async (c) => {
    const progress = await c.waitForIndexing();
    assert.deepEqual(progress.at(-1)?.value, { kind: 'end' });
    assert.match(await summary(c), /^indexed 39 file\(s\) in \d+ ms \(0 from the persisted index, 39 parsed in [1-4] worker threads\); 0 skipped, 1 failed, of 40 found$/);
    const uri = await c.open('open.md', OPEN);
    await c.waitForAnalysis(uri);
    assert.deepEqual(await filesWithConcept(c, uri), all40.filter((f) => f !== 'ws/13.md'));
    const status = await lastStatus(c);
    assert.deepEqual([status.state, status.indexed, status.skipped, status.failed], ['partial', 39, 0, 1]);
    assert.equal(status.message, 'Policy Lens: 39 file(s) indexed, 0 skipped, 1 failed.');
    assert.ok(status.details.some((d) => /^An index worker failed \d+ time\(s\) \(.*out of memory.*\); its files were retried\.$/i.test(d)), status.details.join('\n'));
    assert.ok(status.details.some((d) => d.startsWith(`${c.path('13.md')}: indexing failed (the index worker failed on it twice`)), status.details.join('\n'));
    // Every client sees the same in its log (window/logMessage).
    assert.match(c.log, /\[log 2\] policy-lens: status partial: Policy Lens: 39 file\(s\) indexed, 0 skipped, 1 failed\./);
  }));

test('every worker crashing: the files are indexed on the main thread instead, and the status says so', () =>
  withEnv({ POLICY_LENS_FAULT: 'worker-crash' }, { files: drafts() }, async (c) => {
    await c.waitForIndexing();
    assert.match(await summary(c), /^indexed 40 file\(s\) in \d+ ms \(0 from the persisted index, 40 parsed in [1-4] worker threads\); 0 skipped, 0 failed, of 40 found$/);
    const uri = await c.open('open.md', OPEN);
    await c.waitForAnalysis(uri);
    assert.deepEqual(await filesWithConcept(c, uri), all40);
    const status = await lastStatus(c);
    assert.deepEqual([status.state, status.indexed, status.failed], ['ok', 40, 0]);
    assert.ok(status.details.some((d) => /^An index worker failed \d+ time\(s\) \(exited with code 70\); its files were retried\.$/.test(d)), status.details.join('\n'));
    assert.ok(status.details.includes('40 file(s) were indexed on the main thread after the index workers failed.'), status.details.join('\n'));
  }));

test('a file whose annotation throws fails alone, in a worker and on the main thread: never the batch', async () => {
  // 40 files go to workers; 3 files are parsed on the main thread.
  for (const files of [drafts(40), drafts(3)]) {
    await withEnv({ POLICY_LENS_FAULT: 'throw-on:01.md' }, { files }, async (c) => {
      const n = Object.keys(files).length;
      await c.waitForIndexing();
      assert.match(await summary(c), new RegExp(`^indexed ${n - 1} file\\(s\\) in \\d+ ms \\([^)]*\\); 0 skipped, 1 failed, of ${n} found$`));
      const uri = await c.open('open.md', OPEN);
      await c.waitForAnalysis(uri);
      assert.deepEqual(await filesWithConcept(c, uri), Object.keys(files).map((f) => `ws/${f}`).filter((f) => f !== 'ws/01.md'));
      const status = await lastStatus(c);
      assert.deepEqual([status.state, status.indexed, status.failed], ['partial', n - 1, 1]);
      assert.ok(status.details.includes(`${c.path('01.md')}: indexing failed (Error: injected fault: throw-on file://${c.path('01.md')}).`), status.details.join('\n'));
    });
  }
});

test('policyLens.limits: a folder is indexed up to maxFiles, a file over indexMaxFileSize bytes is skipped, each with a status line', () =>
  withEnv({}, { files: { ...drafts(5), 'big.md': `数据要素${'。'.repeat(100)}\n` }, settings: { limits: { maxFiles: 4, indexMaxFileSize: 200 } } }, async (c) => {
    await c.waitForIndexing();
    // Name order: 00–03.md are the first four; big.md is the fifth and is never reached.
    assert.match(await summary(c), /^indexed 4 file\(s\) in \d+ ms \([^)]*\); 0 skipped, 0 failed, of 4 found$/);
    let status = await lastStatus(c);
    assert.deepEqual([status.state, status.indexed, status.skipped, status.failed], ['partial', 4, 0, 0]);
    assert.deepEqual(status.details, [`${c.folders[0].path}: only the first 4 Markdown files are indexed (policyLens.limits.maxFiles).`]);
    const uri = await c.open('open.md', OPEN);
    await c.waitForAnalysis(uri);
    assert.deepEqual(await filesWithConcept(c, uri), ['ws/00.md', 'ws/01.md', 'ws/02.md', 'ws/03.md']);

    // big.md (301 bytes in UTF-8) changed on disk: over indexMaxFileSize, so skipped, and said so.
    const mark = statuses(c).length;
    await c.fileEvents([{ uri: c.uri('big.md'), type: 2 }]);
    status = await c.waitFor('a status after the change', () => statuses(c)[mark]);
    assert.deepEqual([status.state, status.skipped], ['partial', 1]);
    assert.ok(status.details.includes(`${c.path('big.md')}: larger than policyLens.limits.indexMaxFileSize, not indexed.`), status.details.join('\n'));

    // big.md deleted: nothing is skipped any more, but the folder is still indexed only in part.
    const before = statuses(c).length;
    c.deleteFile('big.md');
    await c.fileEvents([{ uri: c.uri('big.md'), type: 3 }]);
    status = await c.waitFor('a status after the deletion', () => statuses(c)[before]);
    assert.deepEqual([status.state, status.indexed, status.skipped, status.failed], ['partial', 4, 0, 0]);
    assert.deepEqual(status.details, [`${c.folders[0].path}: only the first 4 Markdown files are indexed (policyLens.limits.maxFiles).`]);
  }));

test('a workspace folder that is the home folder is indexed only up to the limit, with a message', async () => {
  const files = drafts(6);
  // The home folder is faked: HOME is a temporary folder, which is also the workspace folder.
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'policy-lens-home-')));
  try {
    for (const [rel, text] of Object.entries(files)) writeFileSync(join(home, rel), text);
    mkdirSync(join(home, '.config'));
    writeFileSync(join(home, '.config', 'hidden.md'), '数据要素\n');
    await withEnv({ HOME: home }, { folders: {}, existingFolders: [home], settings: { limits: { maxFiles: 3 } } }, async (c) => {
      await c.waitForIndexing();
      assert.match(await summary(c), /^indexed 3 file\(s\) in \d+ ms \([^)]*\); 0 skipped, 0 failed, of 3 found$/);
      const status = await lastStatus(c);
      assert.equal(status.state, 'partial');
      assert.deepEqual(status.details, [
        `${home} is your home folder: at most 3 Markdown files of it are indexed (policyLens.limits.maxFiles).`,
        `${home}: only the first 3 Markdown files are indexed (policyLens.limits.maxFiles).`,
      ]);
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a URI outside every workspace folder (ws/../outside/x.md) is never read: not on didClose, not in a file-change event', () =>
  withEnv({}, { files: { 'a.md': '数据要素\n' } }, async (c) => {
    await c.waitForIndexing();
    // A folder beside the workspace folder, not in the workspace.
    mkdirSync(join(c.root, 'outside'));
    writeFileSync(join(c.root, 'outside', 'x.md'), '数据要素。数据要素。\n');
    writeFileSync(join(c.root, 'outside', 'y.md'), '数据要素。\n');
    const sneaky = (name: string) => `${c.folders[0].uri}/../outside/${name}`;
    const uri = await c.open('open.md', OPEN);
    await c.waitForAnalysis(uri);
    // Opened and closed under the sneaky name: the server must not hand its place to "the disk copy".
    const opened = await c.open(sneaky('x.md'), '新质生产力\n');
    await c.waitForAnalysis(opened);
    await c.close(opened);
    await c.fileEvents([{ uri: sneaky('y.md'), type: 1 }]);
    // A file announced inside the workspace, after the others: once it shows, they have been handled.
    const created = c.writeFile('created.md', '数据要素\n');
    await c.fileEvents([{ uri: created, type: 1 }]);
    const files = await c.until('created.md in references', () => filesWithConcept(c, uri), (x) => x.includes('ws/created.md'));
    assert.deepEqual(files, ['ws/a.md', 'ws/created.md']);
  }));

test('a didChange that repeats the version number with new text is not answered from the old text', () =>
  withEnv({}, { files: {} }, async (c) => {
    const uri = await c.open('doc.md', '数据要素\n');
    await c.waitForAnalysis(uri);
    const concepts = async () => ((await c.request<{ concepts: { id: string }[] } | null>('policyLens/documentConcepts', { uri }))?.concepts ?? []).map((k) => k.id);
    assert.deepEqual(await concepts(), ['data-elements']);
    // Version 1 again, whole new text (a misbehaving client).
    await c.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ text: '新质生产力\n' }] });
    assert.deepEqual(await concepts(), ['new-quality-productive-forces']);
  }));
