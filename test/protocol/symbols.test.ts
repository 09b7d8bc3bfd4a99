/**
 * The outline (textDocument/documentSymbol in its three modes) and concept search
 * (workspace/symbol by simplified, traditional, English and pinyin spellings).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver-protocol';
import { PAPER_URI, r, sharedServer, withServer } from './client';

/** One server for the tests below that only open documents (see sharedServer in ./client). */
const shared = sharedServer();

const DRAFT = [
  '前言提到数据要素。', // 0: 数据要素 0:4-0:8, before any heading
  '',
  '# 方案', // 2
  '',
  '## 一、总体要求', // 4
  '',
  '推动数据要素与颠覆性技术创新。', // 6: 数据要素 6:2-6:6, 颠覆性技术创新 6:7-6:14
  '',
  '### （一）目标', // 8
  '',
  '培育专精特新企业。', // 10: 专精特新 10:2-10:6
  '',
  '## 二、任务', // 12
  '',
  '数据要素，数据要素。', // 14: 14:0-14:4, 14:5-14:9
  '',
].join('\n');

/** A symbol tree as indented lines: `name | detail | kind | range | selectionRange`. */
function outline(symbols: DocumentSymbol[] | null, depth = 0): string[] {
  assert.ok(symbols, 'expected document symbols');
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name} | ${s.detail} | ${s.kind} | ${r(s.range)} | ${r(s.selectionRange)}`,
    ...outline(s.children ?? [], depth + 1),
  ]);
}

const symbols = (c: { request<T>(m: string, p: unknown): Promise<T> }, uri: string) =>
  c.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri } });

// SymbolKind: 14 Constant (a concept), 15 String (a heading).
test('document symbols, full mode (the default): the heading tree, each heading with the concepts of its own section', () =>
  shared(async (c) => {
    const uri = await c.open('draft.md', DRAFT);
    assert.deepEqual(outline(await symbols(c, uri)), [
      '数据要素 | ×1 · 新要素 New factors | 14 | 0:4-0:8 | 0:4-0:8',
      '方案 |  | 15 | 2:0-14:10 | 2:0-2:4',
      '  一、总体要求 | 数据要素 ×1 · 颠覆式创新 ×1 | 15 | 4:0-10:9 | 4:0-4:9',
      '    数据要素 | ×1 · 新要素 New factors | 14 | 6:2-6:6 | 6:2-6:6',
      '    颠覆式创新 | ×1 · 新技术 New technology | 14 | 6:7-6:14 | 6:7-6:14',
      '    （一）目标 | 专精特新 ×1 | 15 | 8:0-10:9 | 8:0-8:9',
      '      专精特新 | ×1 · 新产业 New industries | 14 | 10:2-10:6 | 10:2-10:6',
      '  二、任务 | 数据要素 ×2 | 15 | 12:0-14:10 | 12:0-12:7',
      '    数据要素 | ×2 · 新要素 New factors | 14 | 14:0-14:9 | 14:0-14:4',
    ]);
  }));

test('document symbols, concepts mode: one symbol per concept, from its first to its last occurrence', () =>
  withServer({ files: {}, settings: { outline: { mode: 'concepts' } } }, async (c) => {
    const uri = await c.open('draft.md', DRAFT);
    assert.deepEqual(outline(await symbols(c, uri)), [
      '数据要素 | ×4 · 新要素 New factors | 14 | 0:4-14:9 | 0:4-0:8',
      '颠覆式创新 | ×1 · 新技术 New technology | 14 | 6:7-6:14 | 6:7-6:14',
      '专精特新 | ×1 · 新产业 New industries | 14 | 10:2-10:6 | 10:2-10:6',
    ]);
  }));

test('document symbols, off mode set through didChangeConfiguration: nothing, and the client is asked to refresh', () =>
  withServer({ files: {}, settings: { outline: { mode: 'full' } } }, async (c) => {
    const uri = await c.open('draft.md', DRAFT);
    assert.equal((await symbols(c, uri))?.length, 2);
    const mark = c.mark();
    await c.changeConfiguration({ outline: { mode: 'off' } });
    // The server re-reads settings and asks the editor to refresh what depends on them.
    await c.waitForRefresh('workspace/semanticTokens/refresh', mark);
    await c.waitForRefresh('workspace/codeLens/refresh', mark);
    assert.deepEqual(await symbols(c, uri), []);
  }));

const search = (c: { request<T>(m: string, p: unknown): Promise<T> }, query: string) =>
  c.request<SymbolInformation[]>('workspace/symbol', { query });

const DATA_ELEMENTS_SYMBOL: SymbolInformation = {
  name: '数据要素 data elements',
  kind: 14,
  location: { uri: PAPER_URI, range: { start: { line: 76, character: 0 }, end: { line: 76, character: 192 } } },
  containerName: '新要素 New factors',
};
const SRDI_SYMBOL: SymbolInformation = {
  name: '专精特新 specialized, refined, distinctive and innovative',
  kind: 14,
  // Defined by 二（三）第2段.
  location: { uri: PAPER_URI, range: { start: { line: 88, character: 0 }, end: { line: 88, character: 258 } } },
  containerName: '新产业 New industries',
};

/** The terms of the symbols found, in order. */
const terms = (found: SymbolInformation[]) => found.map((s) => s.name.split(' ')[0]);

test('workspace symbols find a concept by simplified, traditional and English spellings, pointing at its defining paragraph', () =>
  shared(async (c) => {
    for (const query of ['数据要素', '數據要素', 'data elements', 'Data Elements']) {
      const found = await search(c, query);
      assert.deepEqual(found[0], DATA_ELEMENTS_SYMBOL, query);
      // Anything else found is a longer concept built on the same words (数据要素制度体系).
      assert.deepEqual(terms(found).filter((t) => !t.startsWith('数据要素')), [], query);
    }
    assert.deepEqual(await search(c, '專精特新'), [SRDI_SYMBOL]);
    assert.deepEqual(await search(c, 'no such concept at all'), []);
  }));

test('workspace symbols find a concept by full pinyin and by pinyin initials (sjys → 数据要素, zjtx → 专精特新)', () =>
  shared(async (c) => {
    for (const query of ['sjys', 'shujuyaosu']) {
      const found = await search(c, query);
      assert.deepEqual(found[0], DATA_ELEMENTS_SYMBOL, query);
      assert.deepEqual(terms(found).filter((t) => !t.startsWith('数据要素')), [], query);
    }
    // A pinyin prefix finds every concept whose reading starts so: 数据要素, 数据产权制度, 数据交易市场…
    const shuju = terms(await search(c, 'shuju'));
    assert.ok(shuju.includes('数据要素') && shuju.includes('数据交易市场'), shuju.join());
    assert.deepEqual(shuju.filter((t) => !t.startsWith('数据')), []);
    assert.deepEqual(await search(c, 'zjtx'), [SRDI_SYMBOL]);
    assert.deepEqual(await search(c, 'zhuanjingtexin'), [SRDI_SYMBOL]);
    assert.deepEqual(await search(c, 'ZJTX'), [SRDI_SYMBOL], 'initials are case-insensitive');
  }));

/** An official document without `#`: its structure is 公文 numbering in plain paragraphs. */
const GONGWEN = [
  '××省关于加快发展新质生产力的实施意见', // 0: a title paragraph, not numbered; 新质生产力 0:9-0:14
  '',
  '一、总体要求', // 2
  '',
  '（一）指导思想。坚持以数据要素为牵引。', // 4: 数据要素 4:11-4:15
  '',
  '（二）主要目标。到2027年，具体目标如下：', // 6
  '',
  '1. 研发投入强度达到3%；', // 8: a list item, not a heading
  '2. 培育专精特新企业100家。', // 9: 专精特新 9:5-9:9
  '',
  '二、重点任务', // 11
  '',
  '一是推动颠覆性技术创新，二是发展新质生产力。', // 13: 颠覆性技术创新 13:4-13:11, 新质生产力 13:16-13:21
  '',
].join('\n');

test('document symbols on a 公文-numbered document: 一、 and （一） headings, named by their lead sentence; list items and 一是 are not headings', () =>
  shared(async (c) => {
    const uri = await c.open('opinions.md', GONGWEN);
    assert.deepEqual(outline(await symbols(c, uri)), [
      // The title paragraph is not numbered: its concept stands before the first heading.
      '新质生产力 | ×1 · 理论基础 Foundations | 14 | 0:9-0:14 | 0:9-0:14',
      // A heading's detail counts its own section only (up to the next heading of any level).
      '一、总体要求 |  | 15 | 2:0-9:16 | 2:0-2:6',
      '  （一）指导思想 | 数据要素 ×1 | 15 | 4:0-4:19 | 4:0-4:8',
      '    数据要素 | ×1 · 新要素 New factors | 14 | 4:11-4:15 | 4:11-4:15',
      '  （二）主要目标 | 专精特新 ×1 | 15 | 6:0-9:16 | 6:0-6:8',
      '    专精特新 | ×1 · 新产业 New industries | 14 | 9:5-9:9 | 9:5-9:9',
      '二、重点任务 | 颠覆式创新 ×1 · 新质生产力 ×1 | 15 | 11:0-13:22 | 11:0-11:6',
      '  颠覆式创新 | ×1 · 新技术 New technology | 14 | 13:4-13:11 | 13:4-13:11',
      '  新质生产力 | ×1 · 理论基础 Foundations | 14 | 13:16-13:21 | 13:16-13:21',
    ]);
  }));
