/**
 * Hostile input for the consistency check and its fixes: quotation marks that never close, variants
 * packed back to back, huge numbers of variants, stale or forged diagnostics in a code action request.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import type { HostileCase } from '../types';
import { sharedEngine } from '../../../server/src/core/engine';
import { checkConsistency } from '../../../server/src/core/check/consistency';
import { consistencyCodeActions, consistencyDiagnostics } from '../../../server/src/lsp/features/consistency';
import { DEFAULT_SETTINGS } from '../../../server/src/lsp/settings';
import { main } from '../../../server/src/cli/main';

const annotate = (text: string) => sharedEngine().annotate(text, 'file:///x.md', 3);

export const cases: HostileCase[] = [
  {
    name: 'consistency: an opening quotation mark that never closes protects nothing, and stops at its paragraph',
    run() {
      const text = '“'.repeat(5000) + '颠覆性创新\n\n' + '颠覆性创新'.repeat(3) + '“颠覆性创新”';
      assert.equal(checkConsistency(annotate(text)).length, 4);
    },
  },
  {
    name: 'consistency: 20,000 back-to-back variants are checked in under 2 s of CPU and fixed in one pair action',
    timeoutMs: 30_000,
    run() {
      const doc = annotate('颠覆性创新，'.repeat(20_000));
      // CPU time, not wall time: the suite may share the machine.
      const t0 = process.cpuUsage();
      const diagnostics = consistencyDiagnostics(doc, DEFAULT_SETTINGS);
      assert.equal(diagnostics.length, 20_000);
      const { user, system } = process.cpuUsage(t0);
      assert.ok(user + system < 2_000_000, `took ${Math.round((user + system) / 1000)} ms of CPU`);
      const actions = consistencyCodeActions(doc, DEFAULT_SETTINGS, { diagnostics: [diagnostics[0]] }, true);
      assert.deepEqual(actions.map((a) => a.title), ['Replace “颠覆性创新” with “颠覆式创新”', 'Replace all 20000 “颠覆性创新” with “颠覆式创新”']);
    },
  },
  {
    name: 'consistency: forged or stale diagnostics in a code action request get no fix',
    run() {
      const doc = annotate('推动颠覆性创新。\n');
      const [real] = consistencyDiagnostics(doc, DEFAULT_SETTINGS);
      const forged: Diagnostic[] = [
        { ...real, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } } },
        { ...real, data: { term: '任意文本', variant: '颠覆性创新' }, range: { start: { line: 5, character: 0 }, end: { line: 9, character: 0 } } },
        { ...real, data: null, range: { start: { line: 0, character: 1 }, end: { line: 0, character: 6 } } },
        { ...real, data: { variant: '推动颠覆性创' } },
      ];
      for (const d of forged) assert.deepEqual(consistencyCodeActions(doc, DEFAULT_SETTINGS, { diagnostics: [d] }, false), [], JSON.stringify(d));
      // A client that drops `data` still gets the fix of the variant at that range.
      assert.equal(consistencyCodeActions(doc, DEFAULT_SETTINGS, { diagnostics: [{ ...real, data: undefined }] }, false).length, 1);
      // The real one still gets exactly its fix: the term comes from the lexicon, never from the request.
      const [fix] = consistencyCodeActions(doc, DEFAULT_SETTINGS, { diagnostics: [{ ...real, data: { term: '任意文本', variant: '颠覆性创新' } }] }, true);
      assert.deepEqual(fix.edit, { documentChanges: [{ textDocument: { uri: 'file:///x.md', version: 3 }, edits: [{ range: real.range, newText: '颠覆式创新' }] }] });
    },
  },
  {
    name: 'cli: check on a binary file, a folder and a missing file exits 2 and still checks the good file',
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'policy-lens-hostile-check-'));
      writeFileSync(join(dir, 'bin.md'), Buffer.from([0, 1, 2, 0, 0xff]));
      writeFileSync(join(dir, 'good.md'), '颠覆性创新\n');
      let out = '';
      let err = '';
      const code = await main(['check', join(dir, 'bin.md'), dir, join(dir, 'none.md'), join(dir, 'good.md')], { out: (t) => (out += t), err: (t) => (err += t) });
      assert.equal(code, 2);
      assert.equal(err.split('\n').filter((l) => l.startsWith('policy-lens: ') && !l.includes('variant')).length, 3, err);
      assert.match(out, /good\.md:1:1  /);
    },
  },
];
