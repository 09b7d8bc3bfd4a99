/**
 * Hostile input for the quotation check and its fix: one enormous quotation, thousands of attributed
 * quotations, quotations of nothing but ellipses and marks, astral and lone-surrogate characters,
 * quotations across soft line breaks, and forged or stale diagnostics in a code action request.
 */
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import type { HostileCase } from '../types';
import { sharedEngine } from '../../../server/src/core/engine';
import { checkQuotations } from '../../../server/src/core/check/quotationCheck';
import { quotationCodeActions, quotationDiagnostics } from '../../../server/src/lsp/features/quotations';

const engine = () => sharedEngine();
const annotate = (text: string) => engine().annotate(text, 'file:///q.md', 5);
const S1 = '数据要素的有效利用和融合渗透能够显著提升传统生产要素的增值空间，同时为经济社会带来多维度和深层次的高质量发展。';

function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const { user, system } = process.cpuUsage(t0);
  return Math.round((user + system) / 1000);
}

export const cases: HostileCase[] = [
  {
    name: 'quotations: one attributed quotation of 200,000 characters is checked in under 2 s of CPU (longer than the alignment bound: exact lookup only)',
    timeoutMs: 30_000,
    run() {
      const doc = annotate(`朱浩然认为，“${S1.repeat(2000)}”`);
      let n = 0;
      const ms = cpuMs(() => (n = checkQuotations(doc, engine().sources).length));
      assert.ok(ms < 2000, `took ${ms} ms of CPU`);
      return `${n} result(s), ${ms} ms`;
    },
  },
  {
    name: 'quotations: 10,000 attributed quotations of the paper, half misquoted, in under 5 s of CPU (20 times the bench’s count)',
    timeoutMs: 60_000,
    run() {
      const line = (i: number) => `朱浩然认为，“${i % 2 ? S1.replace('显著', '大幅') : S1}”`;
      const doc = annotate(Array.from({ length: 10_000 }, (_, i) => line(i)).join('\n\n'));
      let diagnostics: Diagnostic[] = [];
      const ms = cpuMs(() => (diagnostics = quotationDiagnostics(doc, engine())));
      assert.equal(diagnostics.length, 5_000);
      assert.ok(ms < 5000, `took ${ms} ms of CPU`);
      return `${ms} ms`;
    },
  },
  {
    name: 'quotations: quotations of only ellipses, marks or white space, unclosed ones and nested same-kind marks report nothing and throw nothing',
    run() {
      const text = ['朱浩然认为，“……”', '朱浩然认为，“。。。，，，”', '朱浩然认为，“   \t  ”', '朱浩然认为，“' + '“'.repeat(3000), '朱浩然认为，「「「」」」', '朱浩然认为，“…………………………………………………………”'].join('\n\n');
      assert.deepEqual(checkQuotations(annotate(text), engine().sources), []);
    },
  },
  {
    name: 'quotations: astral characters, lone surrogates and combining marks inside a quotation do not break offsets or the fix',
    run() {
      const quoted = S1.replace('显著', '\u{20000}\ud800\u0301');
      const text = `朱浩然认为，“${quoted}”`;
      const doc = annotate(text);
      const [r] = checkQuotations(doc, engine().sources);
      assert.equal(r.verdict, 'changed');
      let fixed = text;
      for (const e of [...r.edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(e.end);
      assert.equal(fixed, `朱浩然认为，“${S1}”`);
    },
  },
  {
    name: 'quotations: a quotation hard-wrapped across lines (Markdown soft breaks) is exact, and its fix keeps the marks',
    run() {
      const text = `朱浩然认为，“数据要素的有效利用和融合渗透能够显著提升\n传统生产要素的增值空间，同时为经济社会带来\n多维度和深层次的高质量发展。”`;
      const [r] = checkQuotations(annotate(text), engine().sources);
      assert.equal(r.verdict, 'exact');
      const changed = text.replace('显著', '大幅');
      const [c] = checkQuotations(annotate(changed), engine().sources);
      assert.equal(c.verdict, 'changed');
      assert.ok(c.edits.every((e) => e.start > c.open && e.end <= c.close), 'edits stay inside the marks');
    },
  },
  {
    name: 'quotations: a forged or stale diagnostic in a code action request gets no fix',
    run() {
      const doc = annotate(`朱浩然认为，“${S1.replace('显著', '大幅')}”`);
      const [real] = quotationDiagnostics(doc, engine());
      const forged: Diagnostic[] = [
        { ...real, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } },
        { ...real, range: { start: { line: 99, character: 0 }, end: { line: 99, character: 1 } } },
        { ...real, code: 'misquotation', source: 'someone-else' },
      ];
      assert.deepEqual(quotationCodeActions(doc, engine(), { context: { diagnostics: forged } }, true), []);
      // After an edit that fixed it, the old diagnostic is stale.
      const fixedDoc = annotate(`朱浩然认为，“${S1}”`);
      assert.deepEqual(quotationCodeActions(fixedDoc, engine(), { context: { diagnostics: [real] } }, true), []);
      assert.equal(quotationCodeActions(doc, engine(), { context: { diagnostics: [real] } }, true).length, 1);
    },
  },
];
