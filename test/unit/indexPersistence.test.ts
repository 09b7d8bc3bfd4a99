/**
 * The persisted workspace index, in process (server/src/lsp/indexer.ts on a temporary folder): the
 * cache folder is the user's alone, a symlink planted at any predictable name never redirects a write,
 * and damaged entries are dropped and their files re-indexed while the rest of the cache stays used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { sharedEngine } from '../../server/src/core/engine';
import { contentKey } from '../../server/src/core/contentKey';
import { WorkspaceIndex, invalidIndexedFileJson } from '../../server/src/core/workspaceIndex';
import { WorkspaceIndexer, type IndexerOptions, type IndexStats } from '../../server/src/lsp/indexer';

const engine = sharedEngine();

function tempRoot(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'policy-lens-persist-')));
}

/** A folder of drafts: file i mentions 数据要素 i + 1 times on line 2. */
function drafts(folder: string, n: number): void {
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(folder, `${i}.md`), `# 第${i}号\n\n${'推进数据要素流通。'.repeat(i + 1)}\n`);
}

/** Indexes `folder` with a fresh index and indexer over `cacheDir`, waits for the persist, returns both. */
async function run(folder: string, cacheDir: string, options: IndexerOptions = {}): Promise<{ stats: IndexStats; index: WorkspaceIndex; logs: string[] }> {
  const index = new WorkspaceIndex();
  const logs: string[] = [];
  const indexer = new WorkspaceIndexer(index, engine, cacheDir, (m) => logs.push(m), options);
  const uri = URI.file(folder).toString();
  indexer.setFolders([uri]);
  const stats = await indexer.indexFolders([uri]);
  await indexer.flushPersist();
  return { stats, index, logs };
}

/** `file range` strings of 数据要素 across the index, sorted. */
function refs(index: WorkspaceIndex, folder: string): string[] {
  const base = URI.file(folder).toString() + '/';
  return index
    .locationsOf('data-elements')
    .map((l) => `${l.uri.slice(base.length)} ${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`)
    .sort();
}

test('the cache folder is created with mode 0700; one writable by others is repaired; a symlinked one is refused', async () => {
  const root = tempRoot();
  try {
    const folder = join(root, 'ws');
    drafts(folder, 2);
    const cache = join(root, 'cache', 'nested');
    await run(folder, cache);
    assert.equal(statSync(cache).mode & 0o777, 0o700);
    assert.equal(readdirSync(cache).filter((f) => f.endsWith('.json')).length, 1, 'the index is persisted');
    for (const f of readdirSync(cache)) assert.equal(statSync(join(cache, f)).mode & 0o077, 0, `${f} is readable by others`);

    chmodSync(cache, 0o777);
    await run(folder, cache);
    assert.equal(statSync(cache).mode & 0o777, 0o700, 'a world-writable cache folder is made private again');

    // A cache folder that is a symlink (to somewhere another user could have chosen) is not used.
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    const linked = join(root, 'linked-cache');
    symlinkSync(elsewhere, linked);
    const { stats, logs } = await run(folder, linked);
    assert.equal(stats.indexed, 2, 'indexing still works without a cache');
    assert.match(String(stats.cacheProblem), /is a symbolic link/);
    assert.deepEqual(readdirSync(elsewhere), [], 'nothing was written through the symlink');
    assert.ok(logs.some((l) => /not persisted: .*symbolic link/.test(l)), logs.join('\n'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a symlink planted at any predictable name in the cache folder never redirects the write', async () => {
  const root = tempRoot();
  try {
    const folder = join(root, 'ws');
    drafts(folder, 3);
    const cache = join(root, 'cache');
    mkdirSync(cache, { mode: 0o700 });
    const victim = join(root, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const final = join(cache, `index-${contentKey(URI.file(folder).toString()).replace(':', '-')}.json`);
    // The names an attacker can predict: the index itself, and temporary names built from it and the pid.
    const planted = [final, `${final}.tmp`, `${final}.${process.pid}.tmp`, `${final}.${process.pid}`, join(cache, 'index.json.tmp')];
    for (const p of planted) symlinkSync(victim, p);
    const { stats } = await run(folder, cache);
    assert.equal(stats.indexed, 3);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n', 'the file the symlinks point to is untouched');
    assert.ok(!lstatSync(final).isSymbolicLink() && lstatSync(final).isFile(), 'the index replaced the symlink at its own name');
    for (const p of planted.slice(1)) assert.ok(lstatSync(p).isSymbolicLink(), `${p} was written through or replaced`);
    // And the index written is read back on the next start.
    const again = await run(folder, cache);
    assert.deepEqual([again.stats.fromCache, again.stats.parsed], [3, 0]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('two damaged entries (a field of the wrong type, a flipped digit in a range) are dropped and re-indexed; the rest of the cache is used', async () => {
  const root = tempRoot();
  try {
    const folder = join(root, 'ws');
    drafts(folder, 6);
    const cache = join(root, 'cache');
    const first = await run(folder, cache);
    const expected = refs(first.index, folder);
    assert.equal(expected.length, 21, expected.join(', '));
    assert.ok(expected.includes('2.md 2:2-2:6'));
    const file = join(cache, readdirSync(cache).find((f) => f.endsWith('.json'))!);
    let text = readFileSync(file, 'utf8');
    const entry = (name: string) => new RegExp(`("uri":"[^"]*/${name}","key":"[^"]*","total":)(\\d+)(,"concepts":\\[\\["data-elements",\\[)(\\d+),(\\d+)`);
    assert.match(text, entry('1\\.md'));
    assert.match(text, entry('2\\.md'));
    // 1.md: total becomes a string; 2.md: the first range's start character 2 becomes 3.
    text = text.replace(entry('1\\.md'), (_, a, n, b, l, ch) => `${a}"${n}"${b}${l},${ch}`);
    text = text.replace(entry('2\\.md'), (_, a, n, b, l, ch) => `${a}${n}${b}${l},${Number(ch) + 1}`);
    writeFileSync(file, text);

    const second = await run(folder, cache);
    assert.deepEqual([second.stats.fromCache, second.stats.parsed, second.stats.cacheDropped], [4, 2, 2]);
    assert.deepEqual(refs(second.index, folder), expected, 'no wrong ranges and no missing file');
    // Rewritten sound: the third start uses the whole cache again.
    const third = await run(folder, cache);
    assert.deepEqual([third.stats.fromCache, third.stats.parsed, third.stats.cacheDropped], [6, 0, 0]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an entry whose ranges reach past the end of its file is dropped, even with a valid checksum', async () => {
  const root = tempRoot();
  try {
    const folder = join(root, 'ws');
    drafts(folder, 2);
    const cache = join(root, 'cache');
    await run(folder, cache);
    const file = join(cache, readdirSync(cache).find((f) => f.endsWith('.json'))!);
    const { createHash } = await import('node:crypto');
    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('/0.md"'));
    const json = lines[i].slice(41).replace(/\[\["data-elements",\[2,2,2,6\]\]\]/, '[["data-elements",[40,2,40,6]]]');
    assert.notEqual(json, lines[i].slice(41));
    lines[i] = `${createHash('sha1').update(json).digest('hex')} ${json}`;
    writeFileSync(file, lines.join('\n'));
    const again = await run(folder, cache);
    assert.deepEqual([again.stats.fromCache, again.stats.parsed, again.stats.cacheDropped], [1, 1, 1]);
    assert.deepEqual(refs(again.index, folder), ['0.md 2:2-2:6', '1.md 2:11-2:15', '1.md 2:2-2:6']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a restart that finds every file unchanged leaves the persisted index as it is; a changed file has it rewritten', async () => {
  const root = tempRoot();
  try {
    const folder = join(root, 'ws');
    drafts(folder, 3);
    const cache = join(root, 'cache');
    await run(folder, cache);
    const file = join(cache, readdirSync(cache).find((f) => f.endsWith('.json'))!);
    const before = { ino: statSync(file).ino, text: readFileSync(file, 'utf8') };
    const again = await run(folder, cache);
    assert.deepEqual([again.stats.fromCache, again.stats.parsed, again.stats.cacheDropped], [3, 0, 0]);
    assert.deepEqual({ ino: statSync(file).ino, text: readFileSync(file, 'utf8') }, before, 'not written again');
    writeFileSync(join(folder, '1.md'), '# 第1号\n\n数据要素。\n');
    const changed = await run(folder, cache);
    assert.deepEqual([changed.stats.fromCache, changed.stats.parsed], [2, 1]);
    assert.notEqual(statSync(file).ino, before.ino, 'rewritten');
    const third = await run(folder, cache);
    assert.deepEqual([third.stats.fromCache, third.stats.parsed], [3, 0]);
    assert.deepEqual(refs(third.index, folder), ['0.md 2:2-2:6', '1.md 2:0-2:4', '2.md 2:11-2:15', '2.md 2:2-2:6', '2.md 2:20-2:24']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('files read through the thread pool (syncReads: false) give the same index and counts as synchronous reads', async () => {
  const root = tempRoot();
  try {
    const folder = join(root, 'ws');
    drafts(folder, 5);
    writeFileSync(join(folder, 'big.md'), `${'数据要素'.repeat(20)}\n`);
    writeFileSync(join(folder, 'bad.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]));
    const limits = async () => ({ maxFiles: 100, indexMaxFileSize: 200 });
    const sync = await run(folder, join(root, 'cache-sync'), { limits });
    const pooled = await run(folder, join(root, 'cache-pool'), { limits, syncReads: false });
    for (const r of [sync, pooled]) {
      assert.deepEqual([r.stats.files, r.stats.parsed, r.stats.skipped.map((s) => `${s.uri.split('/').pop()} ${s.reason}`).sort()], [7, 5, ['bad.md not-utf8', 'big.md too-large']]);
    }
    assert.deepEqual(refs(pooled.index, folder), refs(sync.index, folder));
    assert.equal(refs(sync.index, folder).length, 15);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the files indexed under maxFiles are the first in depth-first name order across nested folders, skipped folders left out', async () => {
  const root = tempRoot();
  try {
    const folder = join(root, 'ws');
    for (const [dir, names] of [['', ['z.md', 'a.md']], ['b', ['2.md', '1.md']], ['b/c', ['x.md']], ['a', ['y.md']], ['node_modules', ['n.md']], ['.hidden', ['h.md']], ['d', ['note.txt', 'q.md']]] as const) {
      mkdirSync(join(folder, dir), { recursive: true });
      for (const n of names) writeFileSync(join(folder, dir, n), '数据要素\n');
    }
    const order = ['a/y.md', 'a.md', 'b/1.md', 'b/2.md', 'b/c/x.md', 'd/q.md', 'z.md'];
    const indexed = (r: { index: WorkspaceIndex }) => [...r.index.entries()].map((f) => f.uri.slice(URI.file(folder).toString().length + 1)).sort();
    const all = await run(folder, join(root, 'cache-all'));
    assert.deepEqual([all.stats.files, indexed(all)], [7, [...order].sort()]);
    for (const maxFiles of [1, 4, 6]) {
      const some = await run(folder, join(root, `cache-${maxFiles}`), { limits: async () => ({ maxFiles, indexMaxFileSize: 1000 }) });
      assert.deepEqual([some.stats.files, indexed(some), some.stats.limited.map((l) => l.reached)], [maxFiles, order.slice(0, maxFiles).sort(), [true]], `maxFiles ${maxFiles}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('invalidIndexedFileJson names what is wrong with an entry', () => {
  const known = (id: string) => engine.lexicon.byId(id) !== undefined;
  const good = { uri: 'file:///ws/a.md', key: 'b12:abc_-', total: 2, concepts: [['data-elements', [0, 0, 0, 4, 1, 2, 1, 6]]] };
  assert.equal(invalidIndexedFileJson(good, known), undefined);
  const cases: [unknown, string][] = [
    [null, 'not an object'],
    [{ ...good, uri: 'untitled:1' }, 'uri is not a file: URI'],
    [{ ...good, key: 7 }, 'key is not a content key'],
    [{ ...good, total: '2' }, 'total is not a count'],
    [{ ...good, concepts: {} }, 'concepts is not a list'],
    [{ ...good, concepts: [['no-such-concept', [0, 0, 0, 4]]], total: 1 }, 'unknown concept id "no-such-concept"'],
    [{ ...good, concepts: [['data-elements', [0, 0, 0]]] }, 'ranges of data-elements are not groups of four numbers'],
    [{ ...good, concepts: [['data-elements', [0, 0, 0, -4, 1, 2, 1, 6]]] }, 'a range of data-elements is not made of non-negative integers'],
    [{ ...good, concepts: [['data-elements', [0, 0, 0, 1.5, 1, 2, 1, 6]]] }, 'a range of data-elements is not made of non-negative integers'],
    [{ ...good, concepts: [['data-elements', [0, 4, 0, 0, 1, 2, 1, 6]]] }, 'a range of data-elements ends before it starts'],
    [{ ...good, concepts: [['data-elements', [1, 2, 1, 6, 0, 0, 0, 4]]] }, 'ranges of data-elements are out of order'],
    [{ ...good, total: 3 }, 'total 3 is not the 2 ranges listed'],
  ];
  for (const [entry, why] of cases) assert.equal(invalidIndexedFileJson(entry, known), why, JSON.stringify(entry));
});
