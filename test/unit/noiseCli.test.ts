/**
 * `policy-lens annotate --exclude` and the directives in the files it reads: the JSON export holds
 * what an editor would show.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli/main';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const TEXT = '推动高质量发展，建设基础设施，发展新质生产力。\n\n<!-- policy-lens: ignore 新质生产力 -->\n\n新质生产力与数据要素。\n';

function draft(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'policy-lens-noise-')), 'draft.md');
  writeFileSync(file, TEXT);
  return file;
}

const texts = (out: string) => (JSON.parse(out).files[0].annotations as { text: string; start: number }[]).map((a) => `${a.text}@${a.start}`);

test('annotate honours the directives in the file', async () => {
  const { code, out, err } = await run(['annotate', draft(), '--format', 'json']);
  assert.equal(code, 0, err);
  assert.deepEqual(texts(out), ['高质量发展@2', '基础设施@10', '新质生产力@17', '数据要素@67']);
});

test('annotate --exclude: by term and by id, comma-separated or repeated, Chinese comma too', async () => {
  for (const args of [['--exclude', '基础设施,high-quality-development'], ['--exclude=基础设施', '--exclude', '高质量发展'], ['--exclude', '基础设施，高质量发展']]) {
    const { code, out, err } = await run(['annotate', draft(), '--format', 'json', ...args]);
    assert.equal(code, 0, err);
    assert.deepEqual(texts(out), ['新质生产力@17', '数据要素@67'], args.join(' '));
  }
  const table = await run(['annotate', draft(), '--exclude', '基础设施']);
  // No row tags 基础设施 (the word still shows inside other rows' sentences).
  assert.ok(!/^\S+:\d+:\d+ +基础设施 /m.test(table.out), table.out);
  assert.match(table.out, /^\S+:1:3 +高质量发展 /m);
});

test('annotate --exclude with a name that is no concept is a usage error (exit 2), not a silent no-op', async () => {
  const { code, out, err } = await run(['annotate', draft(), '--exclude', '基础设施,公共厕所']);
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.equal(err, 'policy-lens: --exclude: "公共厕所" names no concept (give an id, a term or any form; "policy-lens concepts" lists them)\n');
});
