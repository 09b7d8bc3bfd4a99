/**
 * Going from a concept to where it is defined and used: definition (the defining paragraph of the
 * paper), references (every file of the workspace, open or not, every root, and the paper),
 * document highlights.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentHighlight, Location } from 'vscode-languageserver-protocol';
import { PAPER_PATH, PAPER_URI, paperLines, r, sharedServer, withServer, type TestClient } from './client';
import { dirname } from 'node:path';

/** One server for the tests below that only open documents (see sharedServer in ./client). */
const shared = sharedServer();

const PLAN = [
  '# 数据要素市场建设方案', // 0: 数据要素 0:2-0:6
  '',
  '## 一、总体要求',
  '',
  '加快培育数据要素市场，推动颠覆性技术创新。', // 4: 数据要素 4:4-4:8, 颠覆性技术创新 4:13-4:20
  '',
  '## 二、重点任务',
  '',
  '发挥数据要素作用。', // 8: 数据要素 8:2-8:6
  '',
].join('\n');
const OTHER = '数据要素和数据要素。\n'; // 0:0-0:4, 0:5-0:9
const DEEP = '# 附件\n\n完善数据要素制度。\n'; // 2:2-2:6

/** Occurrences of 数据要素 (and its variant 新型数据要素) in server/data/source/paper.md. */
const PAPER_DATA_ELEMENTS = [
  '28:211-28:215', // 摘要
  '50:114-50:118',
  '50:119-50:123',
  '74:9-74:15', // heading （二）加速新型数据要素…
  '76:9-76:13',
  '76:68-76:72',
  '76:130-76:134',
  '78:4-78:10',
  '80:3-80:7',
  '80:37-80:41',
  '80:80-80:84',
  '80:124-80:128',
  // 82:14 is 数据要素制度体系, a concept of its own (leftmost-longest match).
  '82:28-82:32',
  '82:114-82:118',
  '94:120-94:124', // 三、结束语
];

/** `file range` strings, sorted: the protocol does not order references. Paper entries are named `paper.md`. */
function places(c: TestClient, locations: Location[] | null): string[] {
  assert.ok(locations, 'expected locations');
  return locations.map((l) => `${c.short(l.uri)} ${r(l.range)}`).sort(byFileThenPosition);
}

function byFileThenPosition(a: string, b: string): number {
  const [fa, ra] = a.split(' ');
  const [fb, rb] = b.split(' ');
  if (fa !== fb) return fa < fb ? -1 : 1;
  const [la, ca] = ra.split('-')[0].split(':').map(Number);
  const [lb, cb] = rb.split('-')[0].split(':').map(Number);
  return la - lb || ca - cb;
}

const paperPlaces = (ranges: string[]) => ranges.map((x) => `paper.md ${x}`);

test('definition: the defining paragraph of the paper, whole, for a term, a variant, and from inside the paper', () =>
  shared(async (c) => {
    const lines = paperLines();
    // Check the expected ranges against the file itself: 数据要素 is defined by 二（二）'s first paragraph,
    // 颠覆式创新 by 一（一）'s.
    assert.equal(lines[74], '### （二）加速新型数据要素融合渗透形成新质生产力，激活经济高质量发展新动能');
    assert.equal(lines[76].length, 192);
    assert.equal(lines[40], '### （一）新质生产力中的颠覆式创新为经济高质量发展提供革新动力');
    assert.equal(lines[42].length, 179);

    const uri = await c.open('plan.md', PLAN);
    const definition = (u: string, line: number, character: number) =>
      c.request<Location | null>('textDocument/definition', { textDocument: { uri: u }, position: { line, character } });
    assert.deepEqual(await definition(uri, 4, 5), { uri: PAPER_URI, range: { start: { line: 76, character: 0 }, end: { line: 76, character: 192 } } });
    assert.deepEqual(await definition(uri, 0, 2), { uri: PAPER_URI, range: { start: { line: 76, character: 0 }, end: { line: 76, character: 192 } } });
    assert.deepEqual(await definition(uri, 4, 13), { uri: PAPER_URI, range: { start: { line: 42, character: 0 }, end: { line: 42, character: 179 } } });
    // From the paper (never opened by the client) to the same paragraph.
    assert.deepEqual(await definition(PAPER_URI, 80, 4), { uri: PAPER_URI, range: { start: { line: 76, character: 0 }, end: { line: 76, character: 192 } } });
    assert.equal(await definition(uri, 4, 1), null, 'no definition outside a term');
  }));

test('references: every occurrence in open files, files never opened, nested folders, and the paper', () =>
  withServer({ files: { 'plan.md': PLAN, 'other.md': OTHER, 'sub/deep.md': DEEP } }, async (c) => {
    await c.waitForIndexing();
    const uri = await c.open('plan.md', PLAN);
    await c.waitForAnalysis(uri);
    const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 8, character: 3 }, context: { includeDeclaration: true } });
    assert.deepEqual(places(c, refs), [
      ...paperPlaces(PAPER_DATA_ELEMENTS),
      'ws/other.md 0:0-0:4',
      'ws/other.md 0:5-0:9',
      'ws/plan.md 0:2-0:6',
      'ws/plan.md 4:4-4:8',
      'ws/plan.md 8:2-8:6',
      'ws/sub/deep.md 2:2-2:6',
    ]);
    // Asked from inside the paper, the answer is the same.
    const fromPaper = await c.request<Location[]>('textDocument/references', { textDocument: { uri: PAPER_URI }, position: { line: 80, character: 4 }, context: { includeDeclaration: true } });
    assert.deepEqual(places(c, fromPaper), places(c, refs));
    // A variant finds the concept's occurrences in every spelling.
    const variant = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 4, character: 15 }, context: { includeDeclaration: true } });
    assert.deepEqual(
      places(c, variant).filter((p) => !p.startsWith('paper.md')),
      ['ws/plan.md 4:13-4:20'],
    );
    assert.equal(places(c, variant).filter((p) => p.startsWith('paper.md')).length, 5, '颠覆式创新 once and 颠覆性技术创新 four times in the paper');
    assert.equal(await c.request('textDocument/references', { textDocument: { uri }, position: { line: 4, character: 1 }, context: { includeDeclaration: true } }), null);
  }));

test('references use the live text of an open document, not its disk copy', () =>
  withServer({ files: { 'plan.md': PLAN, 'other.md': OTHER } }, async (c) => {
    await c.waitForIndexing();
    const live = PLAN + '数据要素。\n'; // one more, on line 9
    const uri = await c.open('plan.md', live);
    await c.waitForAnalysis(uri);
    const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri: c.uri('other.md') }, position: { line: 0, character: 0 }, context: { includeDeclaration: true } });
    // other.md is not open: references from it answer null (the server only reads open documents and the paper).
    assert.equal(refs, null);
    const fromPlan = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 9, character: 0 }, context: { includeDeclaration: true } });
    assert.deepEqual(
      places(c, fromPlan).filter((p) => p.startsWith('ws/plan.md')),
      ['ws/plan.md 0:2-0:6', 'ws/plan.md 4:4-4:8', 'ws/plan.md 8:2-8:6', 'ws/plan.md 9:0-9:4'],
    );
  }));

test('references in a multi-root workspace come from both folders', () =>
  withServer({ folders: { alpha: { 'a.md': '推动数据要素流通。\n' }, beta: { 'notes/b.md': '# 数据要素\n' } } }, async (c) => {
    await c.waitForIndexing();
    const uri = await c.open(c.uri('a.md', 'alpha'), '推动数据要素流通。\n');
    await c.waitForAnalysis(uri);
    const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 0, character: 2 }, context: { includeDeclaration: true } });
    assert.deepEqual(
      places(c, refs).filter((p) => !p.startsWith('paper.md')),
      ['alpha/a.md 0:2-0:6', 'beta/notes/b.md 0:2-0:6'],
    );
    const hover = await c.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.match(hover.contents.value, /In this document: 1 · In the workspace: 2 in 2 file\(s\)$/);
  }));

test('document highlights: the occurrences of the concept under the cursor in this document', () =>
  shared(async (c) => {
    const uri = await c.open('plan.md', PLAN);
    const highlights = (line: number, character: number) =>
      c.request<DocumentHighlight[] | null>('textDocument/documentHighlight', { textDocument: { uri }, position: { line, character } });
    assert.deepEqual(await highlights(8, 3), [
      { range: { start: { line: 0, character: 2 }, end: { line: 0, character: 6 } }, kind: 1 },
      { range: { start: { line: 4, character: 4 }, end: { line: 4, character: 8 } }, kind: 1 },
      { range: { start: { line: 8, character: 2 }, end: { line: 8, character: 6 } }, kind: 1 },
    ]);
    assert.deepEqual(await highlights(4, 15), [{ range: { start: { line: 4, character: 13 }, end: { line: 4, character: 20 } }, kind: 1 }]);
    assert.equal(await highlights(4, 10), null, 'on the comma between two terms');
  }));

test('a workspace that contains the paper itself: its occurrences are listed once and not counted as a draft', () =>
  withServer({ files: { 'a.md': '数据要素\n' }, existingFolders: [dirname(PAPER_PATH)] }, async (c) => {
    await c.waitForIndexing();
    const uri = await c.open('a.md', '数据要素\n');
    await c.waitForAnalysis(uri);
    const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 0, character: 1 }, context: { includeDeclaration: true } });
    assert.deepEqual(places(c, refs), [...paperPlaces(PAPER_DATA_ELEMENTS), 'ws/a.md 0:0-0:4']);
    const hover = await c.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.equal(hover.contents.value.split('\n').pop(), 'In this document: 1 · In the workspace: 1 in 1 file(s)', 'the paper is not a draft of the workspace');
  }));

test('the paper opened in the editor is not counted as a workspace draft', () =>
  withServer({ files: { 'a.md': '数据要素\n' } }, async (c) => {
    await c.waitForIndexing();
    const uri = await c.open('a.md', '数据要素\n');
    await c.waitForAnalysis(uri);
    await c.open(PAPER_URI, paperLines().join('\n'));
    await c.waitForAnalysis(PAPER_URI);
    const hover = await c.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.equal(hover.contents.value.split('\n').pop(), 'In this document: 1 · In the workspace: 1 in 1 file(s)');
    const refs = await c.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 0, character: 1 }, context: { includeDeclaration: true } });
    assert.deepEqual(places(c, refs), [...paperPlaces(PAPER_DATA_ELEMENTS), 'ws/a.md 0:0-0:4']);
  }));
