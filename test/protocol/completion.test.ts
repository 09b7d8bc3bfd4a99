/** Completion of concept terms from pinyin initials, full pinyin and English. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, Hover } from 'vscode-languageserver-protocol';
import { lexiconEntry, r, sharedServer, type TestClient } from './client';

/** One server for the tests below that only open documents (see sharedServer in ./client). */
const shared = sharedServer();

const TEXT = [
  '推动zjtx', // 0: cursor at 0:6
  '',
  '```',
  'zjtx', // 3: fenced code
  '```',
  '',
  '见 `zjtx', // 6: inside an inline code span being typed
  '',
  '发展shujuyaosu', // 8: full pinyin, cursor at 8:12
  '',
  '推动digital', // 10: English, cursor at 10:9
  '',
].join('\n');

async function complete(c: TestClient, uri: string, line: number, character: number): Promise<CompletionItem[] | null> {
  const answer = await c.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
  if (!answer) return null;
  const items = Array.isArray(answer) ? answer : answer.items;
  return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
}

test('completion: zjtx → 专精特新, with a textEdit replacing the typed letters', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const items = await complete(c, uri, 0, 6);
    assert.ok(items?.length);
    const def = lexiconEntry('srdi').definition;
    assert.deepEqual(items[0], {
      label: '专精特新',
      kind: 21, // Constant
      detail: 'specialized, refined, distinctive and innovative · zhuanjingtexin · 新产业',
      documentation: { kind: 'markdown', value: `${def.zh}\n\n*${def.en}*` },
      filterText: 'zjtx',
      sortText: '0-zjtx',
      textEdit: { range: { start: { line: 0, character: 2 }, end: { line: 0, character: 6 } }, newText: '专精特新' },
    });
    // Every item replaces the same four letters.
    for (const item of items) assert.equal(r((item.textEdit as { range: Parameters<typeof r>[0] }).range), '0:2-0:6');

    // Accepting it: the editor applies the textEdit; the inserted term is then tagged.
    await c.change(uri, [{ range: items[0].textEdit!.range as Parameters<typeof r>[0], text: '专精特新' }]);
    assert.equal(c.text(uri).split('\n')[0], '推动专精特新');
    const hover = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.equal(r(hover.range!), '0:2-0:6');
    assert.match((hover.contents as { value: string }).value, /^### 专精特新 · specialized, refined, distinctive and innovative\n/);
  }));

test('completion from full pinyin and from English', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', TEXT);
    const pinyin = await complete(c, uri, 8, 12);
    assert.equal(pinyin?.[0].label, '数据要素');
    assert.deepEqual(pinyin?.[0].textEdit, { range: { start: { line: 8, character: 2 }, end: { line: 8, character: 12 } }, newText: '数据要素' });
    const english = await complete(c, uri, 10, 9);
    assert.ok(english?.some((i) => i.label === '数字经济'), JSON.stringify(english?.map((i) => i.label)));
    assert.deepEqual(english?.find((i) => i.label === '数字经济')?.textEdit, { range: { start: { line: 10, character: 2 }, end: { line: 10, character: 9 } }, newText: '数字经济' });
  }));

test('no completion in code, in an inline code span, or without typed letters', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', TEXT);
    assert.equal(await complete(c, uri, 3, 4), null, 'fenced code');
    assert.equal(await complete(c, uri, 6, 7), null, 'inline code');
    assert.equal(await complete(c, uri, 0, 2), null, 'after Chinese text, no letters typed');
  }));

const NESTED = [
  '- 列表项', // 0
  '',
  '  ```', // 2: a fenced code block inside the list item
  '  zjtx', // 3: cursor at 3:6
  '  ```',
  '',
  '见 `code` 然后zjtx', // 6: after a closed inline code span, cursor at 6:15
  '',
].join('\n');

test('no completion in a fenced code block nested in a list item', () =>
  shared(async (c) => {
    const uri = await c.open('nested.md', NESTED);
    const items = await complete(c, uri, 3, 6);
    assert.equal(items, null, `completion inside nested code offered ${items?.map((i) => i.label).join(', ')}`);
  }));

test('completion after a closed inline code span on the same line', () =>
  shared(async (c) => {
    const uri = await c.open('nested.md', NESTED);
    const items = await complete(c, uri, 6, 15);
    assert.deepEqual(items?.[0]?.textEdit, { range: { start: { line: 6, character: 11 }, end: { line: 6, character: 15 } }, newText: '专精特新' }, 'the span `code` is closed: 然后zjtx is prose');
  }));
