/**
 * Hostile cases for the command line's input and output (server/src/cli/io.ts, bin/policy-lens.js):
 * each spawns the installed launcher, `node bin/policy-lens.js …`, on temporary files, and checks what a
 * user would see — the exit status, one line on standard error — and that the draft's bytes are unchanged.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, existsSync, linkSync, lstatSync, mkdtempSync, openSync, readFileSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { HostileCase } from '../types';
import { makeDocx } from '../../support/docx';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'policy-lens.js');
const DRAFT = '# 标题\n\n推动颠覆性技术创新，用好数据要素，发展新质生产力。\n';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'policy-lens-hostile-cli-'));
}

function cli(args: string[], opts: { cwd?: string; stdin?: number | 'ignore'; timeout?: number } = {}): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    encoding: 'utf8',
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
    timeout: opts.timeout ?? 20_000,
    maxBuffer: 64 << 20,
    env: { ...process.env, POLICY_LENS_DEBUG: '' },
  });
  if (r.error) throw r.error;
  if (r.signal) throw new Error(`killed by ${r.signal} (a hang?) stderr: ${r.stderr.slice(0, 300)}`);
  return r;
}

/** Exactly one line on standard error, no stack trace. */
function oneLine(r: SpawnSyncReturns<string>, pattern: RegExp): void {
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, `expected one line, got: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.match(r.stderr, pattern);
}

function draftIn(dir: string, name = 'draft.md'): string {
  const path = join(dir, name);
  writeFileSync(path, DRAFT);
  return path;
}

export const cases: HostileCase[] = [
  {
    name: 'cli: -o onto the draft itself (draft.md, ./draft.md, a symlink, a hard link, --force) is refused, bytes unchanged',
    run() {
      const dir = tempDir();
      draftIn(dir);
      symlinkSync(join(dir, 'draft.md'), join(dir, 'sym.md'));
      linkSync(join(dir, 'draft.md'), join(dir, 'hard.md'));
      for (const out of ['draft.md', './draft.md', 'sym.md', 'hard.md', join(dir, 'draft.md'), `${dir}/./draft.md`]) {
        for (const force of [[], ['--force']]) {
          const r = cli(['annotate', 'draft.md', '-o', out, ...force], { cwd: dir });
          assert.equal(r.status, 2, `-o ${out}: exit ${r.status}`);
          oneLine(r, /it is one of the input files/);
        }
      }
      assert.equal(readFileSync(join(dir, 'draft.md'), 'utf8'), DRAFT);
      assert.deepEqual(readdirSync(dir).sort(), ['draft.md', 'hard.md', 'sym.md']);
    },
  },
  {
    name: 'cli: annotate - -o draft.md < draft.md (standard input redirected from the output) is refused',
    run() {
      const dir = tempDir();
      const draft = draftIn(dir);
      const fd = openSync(draft, 'r');
      try {
        const r = cli(['annotate', '-', '-o', 'draft.md', '--force'], { cwd: dir, stdin: fd });
        assert.equal(r.status, 2);
        oneLine(r, /it is one of the input files/);
      } finally {
        closeSync(fd);
      }
      assert.equal(readFileSync(draft, 'utf8'), DRAFT);
    },
  },
  {
    name: 'cli: -o onto an existing file needs --force ("exists; pass --force to replace it")',
    run() {
      const dir = tempDir();
      draftIn(dir);
      writeFileSync(join(dir, 'notes.md'), 'mine\n');
      const r = cli(['annotate', 'draft.md', '-o', 'notes.md'], { cwd: dir });
      assert.equal(r.status, 2);
      oneLine(r, /^policy-lens: notes\.md exists; pass --force to replace it$/m);
      assert.equal(readFileSync(join(dir, 'notes.md'), 'utf8'), 'mine\n');
      const forced = cli(['annotate', 'draft.md', '-o', 'notes.md', '--force'], { cwd: dir });
      assert.equal(forced.status, 0, forced.stderr);
      assert.match(readFileSync(join(dir, 'notes.md'), 'utf8'), /Summary by category/);
      assert.deepEqual(readdirSync(dir).sort(), ['draft.md', 'notes.md'], 'a temporary file was left behind');
    },
  },
  {
    name: 'cli: -o into a missing folder is one line, exit 2',
    run() {
      const dir = tempDir();
      draftIn(dir);
      const r = cli(['annotate', 'draft.md', '-o', 'missing/out.json'], { cwd: dir });
      assert.equal(r.status, 2);
      oneLine(r, /cannot write missing\/out\.json: the folder .*missing does not exist/);
    },
  },
  {
    name: 'cli: a FIFO is refused at once, without waiting for a writer',
    timeoutMs: 15_000,
    run() {
      const dir = tempDir();
      assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.md')]).status, 0, 'mkfifo failed');
      const r = cli(['annotate', 'pipe.md'], { cwd: dir, timeout: 10_000 });
      assert.equal(r.status, 1);
      oneLine(r, /pipe\.md: is a named pipe \(FIFO\), not a regular file/);
      assert.equal(r.stdout, '', 'a failed run printed a summary');
    },
  },
  {
    name: 'cli: /dev/zero as a file is refused; as standard input it is read only up to the limit',
    timeoutMs: 30_000,
    run() {
      const r = cli(['annotate', '/dev/zero'], { timeout: 10_000 });
      assert.equal(r.status, 1);
      oneLine(r, /\/dev\/zero: is a device, not a regular file/);
      const fd = openSync('/dev/zero', 'r');
      try {
        const s = cli(['annotate', '-'], { stdin: fd, timeout: 20_000 });
        assert.equal(s.status, 1);
        oneLine(s, /<stdin>: is larger than the limit of 10,000,000 characters/);
        const small = cli(['annotate', '-', '--max-file-size', '1000'], { stdin: fd, timeout: 10_000 });
        oneLine(small, /<stdin>: is larger than the limit of 1,000 characters/);
      } finally {
        closeSync(fd);
      }
    },
  },
  {
    name: 'cli: a Unix socket is refused',
    async run() {
      const dir = tempDir();
      const sock = join(dir, 'draft.md');
      const server = createServer();
      await new Promise<void>((res) => server.listen(sock, res));
      try {
        const r = cli(['annotate', sock], { timeout: 10_000 });
        assert.equal(r.status, 1);
        oneLine(r, /draft\.md: is a socket, not a regular file/);
      } finally {
        server.close();
      }
    },
  },
  {
    name: 'cli: a 50 MB file is refused by its size without being read',
    timeoutMs: 15_000,
    run() {
      const dir = tempDir();
      const big = join(dir, 'big.md');
      writeFileSync(big, '');
      truncateSync(big, 50_000_000); // sparse: no disk used
      const t0 = Date.now();
      const r = cli(['annotate', big], { timeout: 10_000 });
      assert.equal(r.status, 1);
      oneLine(r, /big\.md: is larger than the limit of 10,000,000 characters/);
      assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    },
  },
  {
    name: 'cli: closing standard output early (| head -1) ends the run quietly, no EPIPE',
    timeoutMs: 60_000,
    async run() {
      const dir = tempDir();
      writeFileSync(join(dir, 'big.md'), '推动颠覆性技术创新，用好数据要素，发展新质生产力。\n\n'.repeat(4000));
      const child = spawn(process.execPath, [BIN, 'annotate', 'big.md'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
      let first = '';
      await new Promise<void>((res) => {
        child.stdout.once('data', (chunk: Buffer) => {
          first = chunk.toString('utf8').split('\n')[0];
          child.stdout.destroy(); // what `head -1` does after its line
          res();
        });
      });
      const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
      assert.match(first, /^big\.md:1:|^big\.md:3:/);
      assert.equal(stderr, '', 'something was printed on standard error');
      assert.equal(code, 0);
    },
  },
  {
    name: 'cli: every file failing prints no all-zero summary (exit 1)',
    run() {
      const dir = tempDir();
      const r = cli(['annotate', 'missing.md', 'also-missing.md'], { cwd: dir });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.deepEqual(r.stderr.trim().split('\n'), ['policy-lens: missing.md: no such file', 'policy-lens: also-missing.md: no such file']);
      const json = cli(['annotate', 'missing.md', '--format', 'json'], { cwd: dir });
      assert.equal(json.status, 1);
      assert.equal(json.stdout, '');
    },
  },
  {
    name: 'cli: lsp without a transport is one usage line, exit 2',
    run() {
      const r = cli(['lsp'], { timeout: 10_000 });
      assert.equal(r.status, 2);
      oneLine(r, /^policy-lens: lsp needs a transport: policy-lens lsp --stdio \| --node-ipc \| --socket=PORT$/m);
    },
  },
  {
    name: 'cli: annotate - reads standard input as <stdin>',
    run() {
      const dir = tempDir();
      const draft = draftIn(dir);
      const fd = openSync(draft, 'r');
      try {
        const r = cli(['annotate', '-', '--format', 'json'], { stdin: fd });
        assert.equal(r.status, 0, r.stderr);
        const file = JSON.parse(r.stdout).files[0];
        assert.equal(file.path, '<stdin>');
        assert.deepEqual(file.annotations.map((a: { text: string }) => a.text), ['颠覆性技术创新', '数据要素', '新质生产力']);
      } finally {
        closeSync(fd);
      }
    },
  },
  {
    name: 'cli: .docx is annotated (textSource docx-extracted); corrupt and fake .docx files get one line each',
    run() {
      const dir = tempDir();
      writeFileSync(join(dir, 'ok.docx'), makeDocx(['一、总体要求', '发展新质生产力。']));
      writeFileSync(join(dir, 'cut.docx'), makeDocx(['发展新质生产力。']).subarray(0, 200));
      writeFileSync(join(dir, 'garbage.docx'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(5000, 0xff)]));
      const r = cli(['annotate', 'ok.docx', 'cut.docx', 'garbage.docx', '--format', 'json'], { cwd: dir });
      assert.equal(r.status, 1);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0], /^policy-lens: cut\.docx: is not a readable Word document \(/);
      assert.match(lines[1], /^policy-lens: garbage\.docx: is not a readable Word document \(/);
      const file = JSON.parse(r.stdout).files[0];
      assert.deepEqual([file.path, file.textSource, file.annotations.map((a: { text: string; start: number }) => [a.text, a.start])], ['ok.docx', 'docx-extracted', [['新质生产力', 10]]]);
    },
  },
  {
    name: 'cli: a draft that breaks the parser (10,000 nested quotes) costs only itself: the good file is annotated, no stack trace',
    run() {
      const dir = tempDir();
      writeFileSync(join(dir, 'deep.md'), `${'>'.repeat(10_000)} 新质生产力\n`);
      draftIn(dir);
      const r = cli(['annotate', 'deep.md', 'draft.md', '--format', 'json'], { cwd: dir });
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.ok(r.stderr.split('\n').filter(Boolean).length <= 1, r.stderr);
      const files = JSON.parse(r.stdout).files.map((f: { path: string }) => f.path);
      assert.ok(files.includes('draft.md'), files.join(', '));
    },
  },
  {
    name: 'cli: -o /dev/stdout into a pipe writes through it; /dev/stdout is left a symlink',
    run() {
      const dir = tempDir();
      draftIn(dir);
      // A shell pipe (a FIFO); Node's own child-process pipes are sockets, which /dev/stdout cannot open.
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" annotate draft.md -o /dev/stdout --force | cat`], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Summary by category/);
      assert.equal(r.stderr, 'policy-lens: wrote /dev/stdout\n');
      // Standard output redirected to a file: written through, no --force needed, the link untouched.
      const f = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" annotate draft.md -o /dev/stdout > table.txt`], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      assert.equal(f.status, 0, f.stderr);
      assert.match(readFileSync(join(dir, 'table.txt'), 'utf8'), /Summary by category/);
      assert.ok(lstatSync('/dev/stdout').isSymbolicLink());
    },
  },
  {
    name: 'cli: a .docx zip bomb (20 MB of XML in a few KB, sizes lied about) is refused in bounded time and memory',
    timeoutMs: 30_000,
    run() {
      const dir = tempDir();
      writeFileSync(join(dir, 'bomb.docx'), makeDocx(['发展新质生产力。'], { deflate: true, padding: 20_000_000, declaredSize: 1000 }));
      // GNU time gives the peak memory when it is installed; without it, only time and the message are checked.
      const timed = existsSync('/usr/bin/time');
      const argv = [process.execPath, BIN, 'annotate', 'bomb.docx', '--max-file-size', '1000000'];
      const r = timed
        ? spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { cwd: dir, encoding: 'utf8', timeout: 20_000 })
        : spawnSync(argv[0], argv.slice(1), { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 1, r.stderr);
      const lines = r.stderr.trim().split('\n');
      assert.match(lines[0], /^policy-lens: bomb\.docx: unpacks to more than 8,000,000 bytes of XML, too large for the limit of 1,000,000 characters/);
      if (!timed) return;
      const peakKb = lines[lines.length - 1];
      assert.ok(Number(peakKb) < 300_000, `peak ${peakKb} KB`);
    },
  },
];
