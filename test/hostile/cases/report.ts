/**
 * Hostile cases for `policy-lens report` (server/src/cli/report.ts): -o onto an input by any name, a
 * FIFO and a binary file among the inputs, a document the parser chokes on, markup injected through
 * front matter and headings. Each spawns the launcher and checks what a user sees and that inputs keep
 * their bytes.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { HostileCase } from '../types';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'policy-lens.js');
const DRAFT = '# 标题\n\n推动颠覆性技术创新，用好数据要素，发展新质生产力。\n';

function cli(args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20, env: { ...process.env, POLICY_LENS_DEBUG: '' } });
  if (r.error) throw r.error;
  if (r.signal) throw new Error(`killed by ${r.signal} (a hang?) stderr: ${r.stderr.slice(0, 300)}`);
  return r;
}

export const cases: HostileCase[] = [
  {
    name: 'report: -o onto an input (same name, ./name, symlink, hard link, with --force) is refused, bytes unchanged',
    run() {
      const dir = mkdtempSync(join(tmpdir(), 'policy-lens-hostile-report-'));
      writeFileSync(join(dir, 'draft.md'), DRAFT);
      symlinkSync(join(dir, 'draft.md'), join(dir, 'sym.md'));
      linkSync(join(dir, 'draft.md'), join(dir, 'hard.md'));
      for (const out of ['draft.md', './draft.md', 'sym.md', 'hard.md']) {
        const r = cli(['report', 'draft.md', '-o', out, '--force'], dir);
        assert.equal(r.status, 2, `${out}: ${r.stderr}`);
        assert.match(r.stderr, /^policy-lens: refusing to write .*: it is one of the input files/);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
      }
      // A folder input: its files are inputs too.
      const r = cli(['report', '.', '-o', 'draft.md', '--force'], dir);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(readFileSync(join(dir, 'draft.md'), 'utf8'), DRAFT);
    },
  },
  {
    name: 'report: a FIFO, a binary file and a missing file among the inputs are listed, the rest is reported',
    run() {
      const dir = mkdtempSync(join(tmpdir(), 'policy-lens-hostile-report-'));
      writeFileSync(join(dir, 'good.md'), DRAFT);
      writeFileSync(join(dir, 'bin.md'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0]));
      spawnSync('mkfifo', [join(dir, 'pipe.md')]);
      const r = cli(['report', 'good.md', 'bin.md', 'pipe.md', 'gone.md', '-o', 'out.html'], dir);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /bin\.md: is a binary file/);
      if (existsSync(join(dir, 'pipe.md'))) assert.match(r.stderr, /pipe\.md: is a named pipe/);
      assert.match(r.stderr, /gone\.md: no such file/);
      assert.match(r.stderr, /wrote out\.html \(1 document\(s\), 3 occurrence\(s\)\)/);
      return `${r.stderr.split('\n').filter(Boolean).length} lines on stderr`;
    },
  },
  {
    name: 'report: markup in front matter, headings and file names is escaped; the embedded data cannot close its script',
    run() {
      const dir = mkdtempSync(join(tmpdir(), 'policy-lens-hostile-report-'));
      const evil = '</script><script>alert(1)</script><img src=x onerror=alert(1)>';
      writeFileSync(join(dir, '<b>x.md'), `---\ntitle: "${evil}"\nregion: "${evil}"\nyear: 2025\n---\n\n# ${evil}\n\n一、${evil}\n\n发展新质生产力。\n`);
      const r = cli(['report', '.', '-o', 'out.html', '--lang', 'en'], dir);
      assert.equal(r.status, 0, r.stderr);
      const html = readFileSync(join(dir, 'out.html'), 'utf8');
      assert.equal(html.split('<script>alert(1)').length, 1, 'no injected script element');
      assert.doesNotMatch(html, /<img src=x/);
      assert.match(html, /&lt;\/script&gt;&lt;script&gt;alert\(1\)/);
      const data = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1];
      assert.equal(JSON.parse(data).picture.heatmap.rows[0], evil);
    },
  },
];
