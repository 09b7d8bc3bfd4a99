/**
 * The viewport's early answer (semanticTokens/range while a big draft's full parse runs) reads only a
 * window of the text: its occurrences must be exactly the full annotation's within that window, or
 * there must be no answer (then the server waits for the full parse).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConceptDocument, type AnnotationEngine, type Occurrence } from '../../server/src/core/document';
import { annotateWindow, scanLongRange } from '../../server/src/core/text/window';
import { frontMatterLength } from '../../server/src/core/text/prose';
import { sharedEngine } from '../../server/src/core/engine';
import { generateDraft } from '../../bench/corpus';
import { engine as testEngine } from './helpers';
import { randomDocument, rng } from '../support/editFuzz';

const key = (o: Occurrence) => `${o.start}-${o.end}:${o.concept.id}:${o.kind}`;

/** Random windows of `text`: every answered window's occurrences equal the full ones in it. Returns how many were answered. */
function checkWindows(text: string, engine: AnnotationEngine, next: () => number, windows: number, label: string): number {
  const full = new ConceptDocument(text, engine).occurrences;
  const scan = scanLongRange(text, frontMatterLength(text));
  let answered = 0;
  for (let i = 0; i < windows; i++) {
    const from = Math.floor(next() * text.length);
    const to = Math.min(text.length, from + Math.floor(next() * (text.length < 20_000 ? 200 : 6000)));
    const w = annotateWindow(text, engine, from, to, { scan });
    if (!w) continue;
    answered++;
    assert.ok(w.start <= from && w.end >= to, `${label}: the window [${w.start}, ${w.end}) holds [${from}, ${to})`);
    const expected = full.filter((o) => o.start >= w.start && o.start < w.end).map(key);
    assert.deepEqual(w.occurrences.map(key), expected, `${label}: window [${w.start}, ${w.end}) for [${from}, ${to})`);
  }
  return answered;
}

test('window annotation equals the full annotation on random windows of bench-like drafts', () => {
  const engine = sharedEngine();
  const next = rng(7);
  for (const [seed, fm] of [[3, false], [4, true]] as const) {
    const text = generateDraft(seed, 200_000, { frontMatter: fm });
    const answered = checkWindows(text, engine, next, 60, `draft ${seed}`);
    // The drafts hold fenced code but no HTML or definitions: nearly every window is answered.
    assert.ok(answered >= 50, `draft ${seed}: only ${answered} of 60 windows answered`);
  }
});

test('window annotation equals the full annotation on the fixtures, or gives no answer', () => {
  const engine = sharedEngine();
  const next = rng(8);
  const dirs = ['drafts', 'real'].map((d) => join(__dirname, '..', 'fixtures', d));
  let files = 0;
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
      checkWindows(readFileSync(join(dir, name), 'utf8'), engine, next, 20, name);
      files++;
    }
  }
  assert.ok(files > 5);
});

/** Blocks of every kind a window may start, end or lie in (the HTML and definition ones only make windows wait). */
const BLOCKS = [
  '# 一、总体要求\n', '## （一）发展新质生产力\n', '加快培育数据要素市场，推动产业数字化转型。\n', '推进颠覆性技术创新，\n突破关键核心技术。\n',
  '- 一是专精特新\n- 二是数据要\n  素流通\n', '- 列表\n\n  续段数据要素\n', '1. 数据要素\n\n2. 新质生产力\n', '> 引述：新质生产力是\n> 高质量发展的动力。\n', '> 引述\n懒续行数据要素\n',
  '```json\n{"数据要素": 1}\n```\n', '```\n未闭合\n\n数据要素\n', '~~~~\n```\n数据要素\n~~~~\n', '- ```\n  数据要素\n\n  新质生产力\n', '  ```\n  缩进围栏 数据要素\n  ```\n',
  '| 任务 | 单位 |\n| --- | --- |\n| 数据要素 | 省数据局 |\n', '    缩进代码 数据要素\n', '    缩进代码\n\n    数据要素\n', '标题\n===\n', '标题数据要素\n---\n', '***\n',
  'Data elements and 😀𠀀全要素生产率。\r\n', '见[数据要素方案](https://www.gov.cn/a)。\n', '- [ ] 推进数据要素登记\n- [x] 完成~~旧~~新质生产力评估\n',
  '<div>\n```\n</div>\n', '<!-- 数据要素\n\n新质生产力 -->\n', '\ufeff数据要素\n', '\t数据要素\n', '#数据要素\n', 'a\u2028```\n',
];

test('window annotation equals the full annotation on random documents with every kind of block', () => {
  const next = rng(9);
  let answered = 0;
  for (let d = 0; d < 70; d++) {
    const text = Array.from({ length: 3 }, () => randomDocument(next, BLOCKS)).join('\n');
    answered += checkWindows(text, testEngine, next, 10, `random document ${d}: ${JSON.stringify(text)}`);
  }
  assert.ok(answered > 180, `only ${answered} windows answered`);
});

test('window annotation: definitions, directives and an open fence give no answer; a fence closed before the window does not matter', () => {
  const para = '推动数据要素市场化配置。\n\n';
  const body = para.repeat(50);
  const at = body.length + 10;
  assert.equal(annotateWindow(body + '[数据]: https://x.cn\n\n' + body, testEngine, at, at + 20), undefined);
  assert.equal(annotateWindow(body + '<!-- policy-lens: disable -->\n\n' + body, testEngine, at, at + 20), undefined);
  // Inside an open fence the terms are code: a window that did not know would tag them.
  const fenced = '```\n\n' + body + '```\n\n' + body;
  const inFence = annotateWindow(fenced, testEngine, 300, 320);
  assert.ok(!inFence || inFence.occurrences.every((o) => o.start >= fenced.indexOf('```\n\n推动', 10)), 'no occurrence inside the fence');
  const after = fenced.lastIndexOf('推动');
  const w = annotateWindow(fenced, testEngine, after, after + 4);
  assert.ok(w && w.start > 0, 'after the closed fence a window starts at a paragraph');
  assert.deepEqual(w.occurrences.map((o) => [o.start, o.end]), [[after + 2, after + 6]]);
});
