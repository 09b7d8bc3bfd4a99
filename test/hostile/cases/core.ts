/**
 * Bad input for the core (issue 8): deep nesting, huge lines, byte-order marks and UTF-16, lone CR.
 * Each case annotates in process and checks what a user would see: every occurrence's text at its
 * offsets, no exception, bounded time.
 */
import assert from 'node:assert/strict';
import { sharedEngine } from '../../../server/src/core/engine';
import { toAnnotationJson } from '../../../server/src/core/annotationJson';
import { decodeDraft } from '../../../server/src/core/text/decode';
import { checkLimits } from '../../../server/src/core/limits';
import type { HostileCase } from '../types';

const N = 10_000;

/** Annotates and exports `text`; every annotation's text must be the text at its offsets. */
function annotateOk(text: string, maxMs: number): ReturnType<typeof toAnnotationJson> {
  const t0 = Date.now();
  const doc = sharedEngine().annotate(text);
  const json = toAnnotationJson('case.md', doc);
  for (const a of json.annotations) assert.equal(text.slice(a.start, a.end), a.text);
  const ms = Date.now() - t0;
  assert.ok(ms < maxMs, `${ms} ms`);
  return json;
}

const deep: [string, string][] = [
  ['10,000 nested block quotes', '>'.repeat(N) + ' 发展新质生产力\n'],
  ['10,000 nested list items', '- '.repeat(N) + '发展新质生产力\n'],
  ['10,000 nested ordered list items', '1. '.repeat(N) + '发展新质生产力\n'],
  ['10,000 emphasis marks each side', '*'.repeat(N) + '发展新质生产力' + '*'.repeat(N) + '\n'],
  ['10,000 nested emphasis runs', '*a '.repeat(N) + '新质生产力' + ' a*'.repeat(N) + '\n'],
  ['10,000 nested brackets', '['.repeat(N) + '发展新质生产力' + ']'.repeat(N) + '\n'],
  ['10,000 nested quotes and lists mixed', '> - '.repeat(N / 2) + '发展新质生产力\n'],
];

export const cases: HostileCase[] = [
  ...deep.map(([name, text]): HostileCase => ({
    name: `core: ${name} (about 20 KB): tagged, no stack overflow`,
    run: () => {
      const json = annotateOk(text, 30_000);
      assert.equal(json.annotations.length, 1);
    },
  })),
  {
    name: 'core: a 1,000,000-character line without 。: annotated and exported in bounded time and size',
    timeoutMs: 120_000,
    run: () => {
      const unit = '我们要发展新质生产力，推动数据要素市场化配置，';
      const text = unit.repeat(Math.ceil(1_000_000 / unit.length)) + '\n';
      const json = annotateOk(text, 60_000);
      const size = JSON.stringify(json).length;
      assert.ok(size < json.annotations.length * 700, `${size} characters of JSON`);
    },
  },
  {
    name: 'core: a text over maxFileSize is refused by checkLimits with a message',
    run: () => {
      const r = checkLimits({ length: 50_000_000 });
      assert.equal(r?.code, 'too-large');
      assert.match(r!.message, /50000000 characters is more than the limit of 10000000/);
    },
  },
  {
    name: 'core: UTF-8 with a byte-order mark: offsets index the file as read (BOM kept)',
    run: () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# 标题\n\n发展新质生产力\n')]);
      const d = decodeDraft(bytes, { bom: 'keep' });
      assert.ok('text' in d);
      const asRead = bytes.toString('utf8');
      const [a] = annotateOk(d.text, 5000).annotations;
      assert.equal(asRead.slice(a.start, a.end), '新质生产力');
    },
  },
  {
    name: 'core: UTF-16 LE and BE with a byte-order mark are decoded',
    run: () => {
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('发展新质生产力\n', 'utf16le')]);
      const be = Buffer.from(le);
      for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
      for (const bytes of [le, be]) {
        const d = decodeDraft(bytes);
        assert.ok('text' in d, 'decoded');
        assert.equal(annotateOk(d.text, 5000).annotations[0].text, '新质生产力');
      }
    },
  },
  {
    name: 'core: lone CR line endings: ranges on the right lines',
    run: () => {
      const json = annotateOk('# 标题\r\r发展新质生产力。\r', 5000);
      assert.deepEqual(json.annotations[0].range, { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } });
    },
  },
  {
    name: 'core: 100,000 link definitions: annotated, memory bounded',
    timeoutMs: 120_000,
    run: () => {
      const defs = Array.from({ length: 100_000 }, (_, i) => `[ref${i}]: https://example.com/${i}`).join('\n');
      const text = `发展新质生产力[ref1]。\n\n${defs}\n`;
      const before = process.memoryUsage().rss;
      const json = annotateOk(text, 90_000);
      const grew = (process.memoryUsage().rss - before) >> 20;
      assert.equal(json.annotations.length, 1);
      assert.ok(grew < 1024, `rss grew ${grew} MB`);
    },
  },
];
