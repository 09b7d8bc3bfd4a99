/**
 * Fault cases for the workspace index (server/src/lsp/indexer.ts): workers that die, files that throw
 * or vanish, a damaged or booby-trapped cache folder, client-supplied URIs outside the workspace, a
 * storm of file events, a client that repeats versions, and mis-framed messages. Worker faults are
 * injected with POLICY_LENS_FAULT (test-only, see server/src/lsp/fault.ts). Cases that start the
 * server use dist/ (`npm run test:hostile` builds first).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Hover } from 'vscode-languageserver-protocol';
import type { HostileCase } from '../types';
import { ROOT } from '../../protocol/client';
import { drafts, filesWithConcept, lastStatus, OPEN, summary, withEnv } from '../../protocol/indexSupport';
import { sharedEngine } from '../../../server/src/core/engine';
import { contentKey } from '../../../server/src/core/contentKey';
import { WorkspaceIndex } from '../../../server/src/core/workspaceIndex';
import { WorkspaceIndexer } from '../../../server/src/lsp/indexer';

const all = (n: number) => Object.keys(drafts(n)).map((f) => `ws/${f}`);

function tempRoot(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'policy-lens-hostile-index-')));
}

/** An in-process indexer over `folder` persisting to `cache`. */
function indexer(folder: string, cache: string) {
  const index = new WorkspaceIndex();
  const ix = new WorkspaceIndexer(index, sharedEngine(), cache, () => undefined);
  const uri = URI.file(folder).toString();
  ix.setFolders([uri]);
  return { index, uri, run: async () => (await ix.indexFolders([uri]).finally(() => ix.flushPersist())) };
}

function writeDrafts(folder: string, n: number): void {
  mkdirSync(folder, { recursive: true });
  for (const [rel, text] of Object.entries(drafts(n))) writeFileSync(join(folder, rel), text);
}

export const cases: HostileCase[] = [
  {
    name: 'index: a worker out of memory on one file: indexing ends, 39 of 40 indexed, 1 failed, status partial',
    timeoutMs: 60_000,
    run: () =>
      withEnv({ POLICY_LENS_FAULT: 'worker-oom:13.md' }, { files: drafts(40) }, async (c) => {
        assert.deepEqual((await c.waitForIndexing()).at(-1)?.value, { kind: 'end' });
        assert.match(await summary(c), /^indexed 39 file\(s\) .*; 0 skipped, 1 failed, of 40 found$/);
        const uri = await c.open('open.md', OPEN);
        await c.waitForAnalysis(uri);
        assert.deepEqual(await filesWithConcept(c, uri), all(40).filter((f) => f !== 'ws/13.md'));
        const s = await lastStatus(c);
        assert.deepEqual([s.state, s.indexed, s.failed], ['partial', 39, 1]);
      }),
  },
  {
    name: 'index: a worker crashing on one file: that file fails alone, the rest of its batch is retried',
    timeoutMs: 60_000,
    run: () =>
      withEnv({ POLICY_LENS_FAULT: 'worker-crash:05.md' }, { files: drafts(40) }, async (c) => {
        await c.waitForIndexing();
        assert.match(await summary(c), /^indexed 39 file\(s\) .*; 0 skipped, 1 failed, of 40 found$/);
        const s = await lastStatus(c);
        assert.ok(s.details.some((d) => d.includes('05.md: indexing failed (the index worker failed on it twice (exited with code 70))')), s.details.join('\n'));
      }),
  },
  {
    name: 'index: every worker crashing: all 40 files indexed on the main thread, and said so',
    timeoutMs: 60_000,
    run: () =>
      withEnv({ POLICY_LENS_FAULT: 'worker-crash' }, { files: drafts(40) }, async (c) => {
        await c.waitForIndexing();
        assert.match(await summary(c), /^indexed 40 file\(s\) .*; 0 skipped, 0 failed, of 40 found$/);
        const s = await lastStatus(c);
        assert.ok(s.details.includes('40 file(s) were indexed on the main thread after the index workers failed.'), s.details.join('\n'));
      }),
  },
  {
    name: 'index: a file whose annotation throws (in a worker, and on the main thread) fails alone, never its batch',
    timeoutMs: 60_000,
    run: async () => {
      for (const n of [40, 3]) {
        await withEnv({ POLICY_LENS_FAULT: 'throw-on:01.md' }, { files: drafts(n) }, async (c) => {
          await c.waitForIndexing();
          assert.match(await summary(c), new RegExp(`^indexed ${n - 1} file\\(s\\) .*; 0 skipped, 1 failed, of ${n} found$`));
        });
      }
    },
  },
  {
    name: 'index: symlinks planted at every predictable name in the cache folder never redirect a write',
    run: async () => {
      const root = tempRoot();
      try {
        const folder = join(root, 'ws');
        writeDrafts(folder, 3);
        const cache = join(root, 'cache');
        mkdirSync(cache, { mode: 0o700 });
        const victim = join(root, 'victim');
        writeFileSync(victim, 'precious\n');
        const final = join(cache, `index-${contentKey(URI.file(folder).toString()).replace(':', '-')}.json`);
        for (const p of [final, `${final}.tmp`, `${final}.${process.pid}.tmp`]) symlinkSync(victim, p);
        const ix = indexer(folder, cache);
        assert.equal((await ix.run()).indexed, 3);
        assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
        assert.ok(lstatSync(final).isFile());
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'index: a cache folder that is a symlink is refused, one writable by others is made 0700',
    run: async () => {
      const root = tempRoot();
      try {
        const folder = join(root, 'ws');
        writeDrafts(folder, 2);
        const target = join(root, 'target');
        mkdirSync(target);
        symlinkSync(target, join(root, 'cache-link'));
        const linked = await indexer(folder, join(root, 'cache-link')).run();
        assert.match(String(linked.cacheProblem), /symbolic link/);
        assert.deepEqual(readdirSync(target), []);
        const open = join(root, 'open-cache');
        mkdirSync(open, { mode: 0o777 });
        // mkdir's mode is filtered by the umask: make it group- and world-writable for real.
        (await import('node:fs')).chmodSync(open, 0o777);
        await indexer(folder, open).run();
        assert.equal(lstatSync(open).mode & 0o777, 0o700);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'index: two corrupt cache entries (wrong field type, flipped range digit) are dropped and re-indexed, the rest reused',
    run: async () => {
      const root = tempRoot();
      try {
        const folder = join(root, 'ws');
        writeDrafts(folder, 6);
        const cache = join(root, 'cache');
        const first = indexer(folder, cache);
        await first.run();
        const expected = first.index.locationsOf('data-elements').map((l) => JSON.stringify(l)).sort();
        const file = join(cache, readdirSync(cache).find((f) => f.endsWith('.json'))!);
        const text = readFileSync(file, 'utf8')
          .replace(/("uri":"[^"]*\/01\.md","key":"[^"]*","total":)(\d+)/, '$1"$2"')
          .replace(/("uri":"[^"]*\/02\.md","key":"[^"]*","total":\d+,"concepts":\[\["data-elements",\[\d+,)(\d+)/, (_, a: string, d: string) => `${a}${Number(d) + 1}`);
        writeFileSync(file, text);
        const again = indexer(folder, cache);
        const stats = await again.run();
        assert.deepEqual([stats.fromCache, stats.parsed, stats.cacheDropped], [4, 2, 2]);
        assert.deepEqual(again.index.locationsOf('data-elements').map((l) => JSON.stringify(l)).sort(), expected);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'index: files vanishing mid-index: indexing ends and every file found is counted once (indexed, vanished, skipped or failed)',
    run: async () => {
      const root = tempRoot();
      try {
        const folder = join(root, 'ws');
        writeDrafts(folder, 300);
        const ix = indexer(folder, join(root, 'cache'));
        const running = ix.run();
        // Delete every other file while the indexer reads.
        for (let i = 0; i < 300; i += 2) {
          unlinkSync(join(folder, `${String(i).padStart(2, '0')}.md`));
          if (i % 20 === 0) await new Promise((r) => setImmediate(r));
        }
        const stats = await running;
        assert.equal(stats.indexed + stats.vanished + stats.skipped.length + stats.failed.length, stats.files);
        assert.ok(stats.indexed >= 150, `${stats.indexed} indexed`);
        assert.equal(ix.index.diskFileCount(), stats.indexed, 'the index holds exactly the files counted as indexed');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'index: a URI outside every workspace folder (ws/../outside/x.md) in didClose or a file event is never read',
    run: () =>
      withEnv({}, { files: { 'a.md': '数据要素\n' } }, async (c) => {
        await c.waitForIndexing();
        mkdirSync(join(c.root, 'outside'));
        writeFileSync(join(c.root, 'outside', 'x.md'), '数据要素\n');
        writeFileSync(join(c.root, 'outside', 'y.md'), '数据要素\n');
        const uri = await c.open('open.md', OPEN);
        await c.waitForAnalysis(uri);
        const sneaky = await c.open(`${c.folders[0].uri}/../outside/x.md`, '无\n');
        await c.close(sneaky);
        await c.fileEvents([{ uri: `${c.folders[0].uri}/../outside/y.md`, type: 1 }]);
        await c.fileEvents([{ uri: c.writeFile('b.md', '数据要素\n'), type: 1 }]);
        assert.deepEqual(await c.until('b.md indexed', () => filesWithConcept(c, uri), (x) => x.includes('ws/b.md')), ['ws/a.md', 'ws/b.md']);
      }),
  },
  {
    name: 'index: a didChange repeating its version number with new text is answered from the new text',
    run: () =>
      withEnv({}, { files: {} }, async (c) => {
        const uri = await c.open('doc.md', '数据要素\n');
        await c.waitForAnalysis(uri);
        await c.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ text: '新质生产力\n' }] });
        const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
        assert.match(JSON.stringify(h?.contents), /新质生产力/);
      }),
  },
  {
    name: 'index: 2,000 didChangeWatchedFiles events (a checkout) never hold a hover for a second',
    timeoutMs: 180_000,
    run: () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 2000; i++) files[`d${i % 20}/f${i}.md`] = `推进数据要素市场化${i}。\n`;
      return withEnv({}, { files }, async (c) => {
        const uri = await c.open('open.md', OPEN);
        await c.waitForAnalysis(uri);
        await c.waitForIndexing();
        for (const rel of Object.keys(files)) writeFileSync(c.path(rel), '数据要素。数据要素。\n');
        const changes = Object.keys(files).map((rel) => ({ uri: c.uri(rel), type: 2 as const }));
        for (let i = 0; i < changes.length; i += 100) void c.fileEvents(changes.slice(i, i + 100));
        let worst = 0;
        for (let i = 0; i < 30; i++) {
          const t = performance.now();
          await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
          worst = Math.max(worst, performance.now() - t);
        }
        assert.ok(worst < 1000, `a hover waited ${worst.toFixed(0)} ms`);
      });
    },
  },
  {
    name: 'index: a Content-Length off by a few bytes costs that message only: the next requests are answered, and the server exits when the pipe closes',
    run: async () => {
      for (const delta of [-3, 3]) {
        const p = spawn(process.execPath, [join(ROOT, 'bin', 'policy-lens.js'), 'lsp', '--stdio'], { stdio: 'pipe', env: { ...process.env, POLICY_LENS_CACHE_DIR: join(tmpdir(), 'policy-lens-hostile-cl') } });
        let out = '';
        p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
        const frame = (o: unknown, off = 0) => {
          const b = Buffer.from(JSON.stringify(o));
          return Buffer.concat([Buffer.from(`Content-Length: ${b.length + off}\r\n\r\n`), b]);
        };
        const answered = (id: number) => out.includes(`"id":${id},`) || out.includes(`"id":${id}}`);
        const until = async (ok: () => boolean, ms: number) => {
          for (const end = Date.now() + ms; Date.now() < end && !ok(); ) await new Promise((r) => setTimeout(r, 20));
          return ok();
        };
        p.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
        assert.ok(await until(() => answered(1), 10_000), 'initialize answered');
        p.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }, delta));
        p.stdin.write(frame({ jsonrpc: '2.0', id: 3, method: 'shutdown' }));
        p.stdin.write(frame({ jsonrpc: '2.0', id: 4, method: 'shutdown' }));
        // The frame guard drops the mis-framed message and finds the next one: 3 and 4 are answered.
        assert.ok(await until(() => answered(3) && answered(4), 10_000), `not answered after a frame off by ${delta}: ${out.slice(-200)}`);
        assert.equal(answered(2), false, 'the mis-framed request is not guessed at');
        assert.equal(p.exitCode, null, 'the server is still running');
        p.stdin.end();
        const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running'), 10_000))]);
        assert.notEqual(code, 'still running', 'the server exits when the editor closes its end of the pipe');
      }
    },
  },
];
