/**
 * Bad input for the noise controls: directive comments that are unclosed, nested, enormous or very
 * many, and settings of the wrong shape. Each case runs on the core (no server) and must neither
 * throw nor hang, and must keep the documented meaning.
 */
import assert from 'node:assert/strict';
import type { HostileCase } from '../types';
import { sharedEngine } from '../../../server/src/core/engine';
import { normalizeSettings } from '../../../server/src/lsp/settings';

const engine = sharedEngine();
const tags = (text: string) => engine.annotate(text).occurrences.map((o) => text.slice(o.start, o.end));

export const cases: HostileCase[] = [
  {
    name: 'noise: an unclosed directive comment turns nothing on or off and does not throw',
    run() {
      // An unclosed comment is raw HTML to the end: nothing after it is prose anyway.
      assert.deepEqual(tags('数据要素\n\n<!-- policy-lens: disable\n\n数据要素\n'), ['数据要素']);
      assert.deepEqual(engine.annotate('<!-- policy-lens: ignore').directives.problems, []);
    },
  },
  {
    name: 'noise: a comment inside a comment, a comment in an HTML attribute, empty and junk directives',
    run() {
      for (const text of [
        '<!-- <!-- policy-lens: disable --> -->\n\n数据要素\n',
        '<div title="<!-- policy-lens: ignore 数据要素 -->">\n\n数据要素\n',
        '<!--policy-lens:-->\n\n<!-- policy-lens: \u0000\u200b -->\n\n<!-- policy-lens: ignore ，，、 -->\n\n数据要素\n',
        '<!-- policy-lens: ignore ' + '😀'.repeat(1000) + ' -->\n数据要素\n',
      ]) {
        const doc = engine.annotate(text);
        assert.ok(Array.isArray(doc.occurrences), text);
        for (const p of doc.directives.problems) assert.ok(p.start >= 0 && p.end <= text.length && p.start <= p.end, JSON.stringify(p));
      }
    },
  },
  {
    name: 'noise: 20,000 directive comments in one draft are read in bounded time',
    timeoutMs: 60_000,
    run() {
      const parts: string[] = [];
      for (let i = 0; i < 5000; i++) parts.push('<!-- policy-lens: disable-next-line -->\n数据要素\n\n推动新质生产力<!-- policy-lens: ignore 不存在 -->发展\n\n<!-- policy-lens: disable -->\n专精特新\n<!-- policy-lens: enable -->\n');
      const text = parts.join('\n');
      const t0 = Date.now();
      const doc = engine.annotate(text);
      assert.equal(doc.directives.directives.length, 20_000);
      assert.deepEqual([...new Set(doc.occurrences.map((o) => o.concept.term))], ['新质生产力']);
      assert.equal(doc.directives.problems.length, 5000, 'each unknown name is reported');
      assert.equal(doc.occurrences.length, 5000);
      // Typing into the first comment unmakes it: the line after it is tagged again.
      const edited = doc.update(text.slice(0, 10) + '数据' + text.slice(10));
      assert.equal(edited.occurrences.length, 5001);
      assert.ok(Date.now() - t0 < 30_000, `${Date.now() - t0} ms`);
    },
  },
  {
    name: 'noise: an ignore with 10,000 names, and a directive in a 1 MB paragraph',
    timeoutMs: 60_000,
    run() {
      const names = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? '数据要素' : `x${i}`)).join(' ');
      const doc = engine.annotate(`<!-- policy-lens: ignore ${names} -->\n\n数据要素与新质生产力\n`);
      assert.deepEqual(doc.occurrences.map((o) => o.concept.term), ['新质生产力']);
      assert.equal(doc.directives.problems.length, 5000);
      const big = '推动新质生产力发展，'.repeat(100_000) + '<!-- policy-lens: disable-next-line -->\n数据要素\n';
      const t0 = Date.now();
      const bigDoc = engine.annotate(big);
      assert.equal(bigDoc.occurrences.length, 100_000, 'only the line after the comment is off');
      // An edit far from the paragraph reads its directive again without parsing it again.
      const t1 = Date.now();
      bigDoc.update(big + '\n数据要素\n').occurrences;
      assert.ok(Date.now() - t1 < Math.max(2000, (t1 - t0) * 2), `update took ${Date.now() - t1} ms, annotate ${t1 - t0} ms`);
    },
  },
  {
    name: 'noise: policyLens.concepts.exclude of the wrong shape falls back to nothing excluded',
    run() {
      for (const concepts of [null, 1, 'x', { exclude: '数据要素' }, { exclude: null }, []]) {
        assert.deepEqual(normalizeSettings({ concepts }).concepts, { exclude: [] }, JSON.stringify(concepts));
      }
      assert.deepEqual(normalizeSettings({ concepts: { exclude: ['数据要素', 3, null, '', '  ', { a: 1 }, 'infrastructure'] } }).concepts, { exclude: ['数据要素', 'infrastructure'] });
    },
  },
];
