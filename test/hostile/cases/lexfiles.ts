/**
 * Hostile cases for lexicon files: `policy-lens import` and `check-lexicon` on inputs built to hurt
 * (YAML alias bombs, nesting deep enough to overflow a recursive parser, regular expressions that
 * spell an exponential word list, binary files), and the authoring edits on a lexicon with
 * 10,000 entries. Each says no more than one line and never hangs or crashes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { HostileCase } from '../types';
import { importDictionary, ImportError } from '../../../server/src/core/lexicon/import/index';
import { addAliasEdit, addConceptEdit, AuthoringError } from '../../../server/src/core/lexicon/authoring';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'policy-lens.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, POLICY_LENS_DEBUG: '' } });
  if (r.error) throw r.error;
  if (r.signal) throw new Error(`killed by ${r.signal} (a hang?)`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace');
  return r;
}

function temp(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'policy-lens-hostile-lexfiles-')), name);
  writeFileSync(path, content);
  return path;
}

/** A YAML alias bomb: nine levels of nine references, 387 million strings if expanded. */
const BOMB = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(9).fill('*' + 'abcdefgh'[i]).join(', ')}]`), 'rules: *i', ''].join('\n');

export const cases: HostileCase[] = [
  {
    name: 'lexfiles: import of a YAML alias bomb is refused, not expanded',
    run() {
      assert.throws(() => importDictionary('prh.yml', BOMB), (e: unknown) => e instanceof ImportError && /resource exhaustion/.test(e.message));
      const r = cli(['import', temp('prh.yml', BOMB)]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^policy-lens: .*prh\.yml:1:1: cannot be read: .*\n$/);
    },
  },
  {
    name: 'lexfiles: import of 20,000 nested brackets is one line, no stack overflow',
    run() {
      const r = cli(['import', temp('prh.yml', `rules: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`)]);
      assert.equal(r.status, 1);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    },
  },
  {
    name: 'lexfiles: a prh pattern spelling 2^40 words is reported, not expanded',
    run() {
      const t = Date.now();
      const r = importDictionary('prh.yml', `rules:\n  - expected: 中试\n    pattern: "/${'(甲|乙)'.repeat(40)}/"\n`);
      assert.match(r.problems.map((p) => p.message).join('\n'), /cannot be turned into a list of words \(more than 32 words\)/);
      return `${Date.now() - t} ms`;
    },
  },
  {
    name: 'lexfiles: import and check-lexicon of a binary file say so in one line',
    run() {
      const bin = temp('prh.yml', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0]));
      const r = cli(['import', bin]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /is a binary file, not Markdown text|is not valid UTF-8/);
      const c = cli(['check-lexicon', bin]);
      assert.equal(c.status, 2);
    },
  },
  {
    name: 'lexfiles: check-lexicon of an alias bomb is a problem line, not a hang',
    run() {
      const r = cli(['check-lexicon', temp('lexicon.yaml', BOMB.replace('rules: *i', 'version: 1\nconcepts: *i'))]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /lexicon\.yaml:\d+:\d+: error: /);
    },
  },
  {
    name: 'lexfiles: authoring edits on a lexicon of 10,000 entries',
    timeoutMs: 60_000,
    run() {
      const text = 'version: 1\nconcepts:\n' + Array.from({ length: 10_000 }, (_, i) => `  - id: c${i}\n    term: 词${i}\n`).join('');
      const t = Date.now();
      const add = addConceptEdit(text, { id: 'x', term: '新' });
      assert.deepEqual(add, { start: text.length, end: text.length, newText: '  - id: x\n    term: 新\n' });
      const alias = addAliasEdit(text, 'c9999', '新');
      assert.equal(alias.newText, '    aliases:\n      synonym: [新]\n');
      assert.throws(() => addConceptEdit(text + '  - id: [\n', { id: 'x', term: '新' }), AuthoringError);
      return `${Date.now() - t} ms for three edits`;
    },
  },
  {
    name: 'lexfiles: import -o never writes through to an input named by another path',
    run() {
      const input = temp('prh.yml', readFileSync(join(ROOT, 'test', 'fixtures', 'import', 'prh.yml')));
      const r = cli(['import', input, '-o', join(input, '..', '.', 'prh.yml'), '--force']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /it is one of the input files/);
      assert.equal(readFileSync(input, 'utf8'), readFileSync(join(ROOT, 'test', 'fixtures', 'import', 'prh.yml'), 'utf8'));
    },
  },
];
