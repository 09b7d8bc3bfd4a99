/** Code lenses on headings: the concepts each section uses, most frequent first. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { sharedServer } from './client';

/** One server for the tests below that only open documents (see sharedServer in ./client). */
const shared = sharedServer();

const TEXT = [
  '# 方案', // 0: no concept in its own section → no lens
  '',
  '## 一、数据', // 2
  '',
  '数据要素和数据要素，产业数字化。',
  '',
  '## 二、空白', // 6: no concept → no lens
  '',
  '没有概念。',
  '',
  '## 三、创新', // 10
  '',
  '颠覆性技术创新。', // a variant counts for its canonical term
  '',
  '## 四、综合', // 14: seven concepts, six are named
  '',
  '新质生产力、高质量发展、新型要素、新产业、全要素生产率、创造性破坏、专精特新。',
  '',
].join('\n');

test('code lens on each heading whose section uses concepts: `数据要素 ×2 · 产业数字化 ×1`', () =>
  shared(async (c) => {
    const uri = await c.open('plan.md', TEXT);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const lens = (line: number, title: string): CodeLens => ({
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      command: { title, command: 'policyLens.revealSectionConcepts', arguments: [uri, line] },
    });
    assert.deepEqual(lenses, [
      lens(2, '数据要素 ×2 · 产业数字化 ×1'),
      lens(10, '颠覆式创新 ×1'),
      lens(14, '新质生产力 ×1 · 高质量发展 ×1 · 新型要素 ×1 · 新产业 ×1 · 全要素生产率 ×1 · 创造性破坏 ×1 · +1'),
    ]);
  }));

test('code lenses follow an edit: a concept added to an empty section gets that heading a lens', () =>
  shared(async (c) => {
    const uri = await c.open('plan.md', TEXT);
    await c.change(uri, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 4 } }, text: '发展数字经济' }]);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => `${l.range.start.line}: ${l.command?.title}`),
      ['2: 数据要素 ×2 · 产业数字化 ×1', '6: 数字经济 ×1', '10: 颠覆式创新 ×1', '14: 新质生产力 ×1 · 高质量发展 ×1 · 新型要素 ×1 · 新产业 ×1 · 全要素生产率 ×1 · 创造性破坏 ×1 · +1'],
    );
  }));

test('code lenses on 公文 numbered headings (一、（一）1.), on the line of the number; none on list items', () =>
  shared(async (c) => {
    const text = [
      '一、总体要求', // 0: its own section uses no concept
      '',
      '（一）指导思想。坚持以数据要素为牵引，发展数据要素市场。', // 2
      '',
      '（二）主要任务', // 4
      '',
      '1.加快颠覆性技术创新。', // 6
      '',
      '2.培育专精特新企业；', // 8: a list item: its concept counts for 1.
      '',
    ].join('\n');
    const uri = await c.open('gongwen.md', text);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => `${l.range.start.line}:${l.range.start.character} ${l.command?.title} ${JSON.stringify(l.command?.arguments)}`),
      [`2:0 数据要素 ×2 ${JSON.stringify([uri, 2])}`, `6:0 颠覆式创新 ×1 · 专精特新 ×1 ${JSON.stringify([uri, 6])}`],
    );
  }));
