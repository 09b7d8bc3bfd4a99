/** Hostile input for the 公文 outline and the CLI table. */
import assert from 'node:assert/strict';
import { sharedEngine } from '../../../server/src/core/engine';
import { toAnnotationJson } from '../../../server/src/core/annotationJson';
import { LEAD_MAX } from '../../../server/src/core/text/gongwen';
import { table } from '../../../server/src/cli/table';
import { displayWidth } from '../../../server/src/cli/width';
import { rng } from '../../support/editFuzz';
import type { HostileCase } from '../types';

/** The outline's time alone (the parse is measured elsewhere), and its sanity: ranges inside the text, names on one line. */
function checkOutline(text: string, maxMs: number): number {
  const doc = sharedEngine().annotate(text);
  const t0 = performance.now();
  const outline = doc.outline;
  const ms = performance.now() - t0;
  assert.ok(ms < maxMs, `outline took ${ms.toFixed(0)} ms (limit ${maxMs})`);
  for (const h of outline) {
    assert.ok(h.start >= 0 && h.start <= h.end && h.end <= text.length, `range ${h.start}-${h.end}`);
    assert.ok(h.depth >= 1, `depth ${h.depth}`);
    assert.ok(!/[\u0000-\u001f]/.test(h.text), `name ${JSON.stringify(h.text)}`);
  }
  return outline.length;
}

export const cases: HostileCase[] = [
  {
    name: 'outline: 20,000 numbered lines in one paragraph and 5,000 numbered list items take under a second',
    timeoutMs: 120_000,
    run() {
      checkOutline(Array.from({ length: 20_000 }, (_, i) => `${(i % 999) + 1}.数据`).join('\n'), 1000);
      checkOutline(`一、总则\n\n${Array.from({ length: 5_000 }, (_, i) => `${(i % 999) + 1}. 数据；`).join('\n')}`, 1000);
    },
  },
  {
    name: 'outline: 1,000,000 characters after 一、 without a sentence end give one heading with a short name',
    timeoutMs: 120_000,
    run() {
      const text = '一、' + '数据要素'.repeat(250_000);
      const doc = sharedEngine().annotate(text);
      assert.equal(doc.outline.length, 1);
      assert.ok(doc.outline[0].text.length <= LEAD_MAX + 4, doc.outline[0].text);
    },
  },
  {
    name: 'outline: 2,000 random documents of numbering, mixed line endings and control characters',
    timeoutMs: 120_000,
    run() {
      const next = rng(8);
      const parts = ['一、', '（一）', '1.', '1. ', '（1）', '①', '第一章 ', '第一条　', '附件1', '附件：', '一是', '。', '；', '：', '，', '数据要素', '\n', '\r\n', '\r', '\n\n', '> ', '- ', '**', '\u0000', '\t', '　', '```\n', '| a |\n| - |\n'];
      for (let i = 0; i < 2000; i++) {
        let text = '';
        const n = 5 + Math.floor(next() * 60);
        for (let k = 0; k < n; k++) text += parts[Math.floor(next() * parts.length)];
        checkOutline(text, 1000);
      }
    },
  },
  {
    name: 'table: lone CR, CRLF and control characters never reach a cell; every line fits 60 columns',
    run() {
      const engine = sharedEngine();
      const text = '一、总体\r要求\r\r（一）加快培育数据要\r素市场\u0007，发展新质\r\n生产力。\r\r\u001b[31m数据要素\u001b[0m\r';
      const out = table([toAnnotationJson('a\rb.md', engine.annotate(text))], engine, 60);
      assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f]/.test(out), JSON.stringify(out));
      for (const line of out.split('\n')) assert.ok(displayWidth(line) <= 60, line);
      assert.match(out, /数据要素 +新要素/);
    },
  },
];
