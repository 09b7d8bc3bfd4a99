/** The outline's symbols (server/src/lsp/features/documentSymbols.ts), in process on inline documents. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { sharedEngine, type Engine } from '../../server/src/core/engine';
import type { ConceptDocument, Occurrence } from '../../server/src/core/document';
import { provideDocumentSymbols } from '../../server/src/lsp/features/documentSymbols';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/lsp/settings';
import type { FeatureContext } from '../../server/src/lsp/context';
import { sectionSummary } from '../../server/src/lsp/summary';
import { GONGWEN_PARTS, randomDocument, randomEdit, rng } from '../support/editFuzz';

const engine = sharedEngine();
const params = { textDocument: { uri: 'file:///t/draft.md' } };
function symbols(doc: ConceptDocument, settings: Settings = DEFAULT_SETTINGS): Promise<DocumentSymbol[] | null> {
  const ctx = { engine, document: async () => doc, settings: async () => settings } as unknown as FeatureContext;
  return provideDocumentSymbols(ctx, params);
}

/** The heading tree as it was built before the single-pass section ends and the label cache: the oracle. */
function reference(e: Engine, doc: ConceptDocument, occurrences: readonly Occurrence[]): DocumentSymbol[] {
  const group = (list: readonly Occurrence[]) => {
    const m = new Map<string, Occurrence[]>();
    for (const o of list) (m.get(o.concept.id) ?? m.set(o.concept.id, []).get(o.concept.id)!).push(o);
    return [...m.values()];
  };
  const conceptSymbol = (list: Occurrence[]): DocumentSymbol => {
    const cat = e.categoryLabel(list[0].concept);
    return { name: list[0].concept.term, detail: `×${list.length} · ${cat.zh} ${cat.en}`, kind: SymbolKind.Constant, range: doc.rangeOf({ start: list[0].start, end: list[list.length - 1].end }), selectionRange: doc.rangeOf(list[0]) };
  };
  const roots: DocumentSymbol[] = [];
  const stack: { depth: number; symbol: DocumentSymbol }[] = [];
  const headings = doc.outline;
  let k = 0;
  const before: Occurrence[] = [];
  while (k < occurrences.length && occurrences[k].start < (headings.length ? headings[0].start : doc.text.length)) before.push(occurrences[k++]);
  roots.push(...group(before).map(conceptSymbol));
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i];
    let end = doc.text.length;
    for (let j = i + 1; j < headings.length; j++) if (headings[j].depth <= h.depth) { end = headings[j].start; break; }
    while (end > h.start && /\s/.test(doc.text[end - 1])) end--;
    const ownEnd = i + 1 < headings.length ? headings[i + 1].start : doc.text.length;
    const own: Occurrence[] = [];
    while (k < occurrences.length && occurrences[k].start < ownEnd) own.push(occurrences[k++]);
    const symbol: DocumentSymbol = { name: h.text || '#', detail: sectionSummary(own), kind: SymbolKind.String, range: doc.rangeOf({ start: h.start, end }), selectionRange: doc.rangeOf(h), children: group(own).map(conceptSymbol) };
    while (stack.length && stack[stack.length - 1].depth >= h.depth) stack.pop();
    (stack.length ? stack[stack.length - 1].symbol.children! : roots).push(symbol);
    stack.push({ depth: h.depth, symbol });
  }
  return roots;
}

const OUTLINE_BLOCKS = ['# 总体要求\n', '## 数据要素市场\n', '### 新质生产力\n', '#### 细则\n', '加快培育数据要素市场，发展新质生产力。\n', '推进颠覆性技术创新和产业数字化。\n', ...GONGWEN_PARTS];

test('the heading tree equals the reference construction on random outline documents (fixed seed)', async () => {
  const next = rng(20261201);
  for (let i = 0; i < 150; i++) {
    let text = randomDocument(next, OUTLINE_BLOCKS);
    for (let e = 0; e < 3; e++) text = randomEdit(text, next);
    const doc = engine.annotate(text, params.textDocument.uri, i);
    assert.deepEqual(await symbols(doc), reference(engine, doc, doc.occurrences), `document ${JSON.stringify(text)}`);
  }
});

test('a nested outline: sections end at the next heading of the same or a higher level, before blank lines', async () => {
  const text = '# 一、总体要求\n\n数据要素\n\n## （一）目标\n\n新质生产力\n\n### 1. 细则\n\n数据要素\n\n## （二）任务\n\n数据要素\n\n# 二、保障\n\n新质生产力\n\n';
  const doc = engine.annotate(text, params.textDocument.uri, 1);
  const brief = (list: DocumentSymbol[] | null | undefined): unknown[] =>
    (list ?? []).filter((s) => s.kind === SymbolKind.String).map((s) => [s.name, `${s.range.start.line}-${s.range.end.line}:${s.range.end.character}`, brief(s.children)]);
  assert.deepEqual(brief(await symbols(doc)), [
    ['一、总体要求', '0-14:4', [['（一）目标', '4-10:4', [['1. 细则', '8-10:4', []]]], ['（二）任务', '12-14:4', []]]],
    ['二、保障', '16-18:5', []],
  ]);
});

test('the same version with the same settings gets the same answer; new settings get a new one', async () => {
  const doc = engine.annotate('# 总体要求\n\n数据要素和新质生产力。\n', params.textDocument.uri, 1);
  const first = await symbols(doc);
  assert.equal(await symbols(doc), first);
  const concepts: Settings = { ...DEFAULT_SETTINGS, outline: { mode: 'concepts' } };
  const other = await symbols(doc, concepts);
  assert.notEqual(other, first);
  assert.deepEqual(other?.map((s) => s.name), ['数据要素', '新质生产力']);
  assert.deepEqual(await symbols(doc), first);
});

test('a section with more than six concepts and tied counts: summary as the section summary gives it', async () => {
  const terms = ['新质生产力', '高质量发展', '新型要素', '新兴产业', '全要素生产率', '颠覆式创新', '创造性破坏', '关键核心技术'];
  // Counts 1, 2, 1, 2, 1, 3, 1, 2: ties broken by first use.
  const counts = [1, 2, 1, 2, 1, 3, 1, 2];
  const body = terms.flatMap((t, i) => Array.from({ length: counts[i] }, () => `推进${t}。`)).join('');
  const doc = engine.annotate(`# 一、总体要求\n\n${body}\n`, params.textDocument.uri, 1);
  const [heading] = (await symbols(doc)) ?? [];
  assert.equal(heading.detail, sectionSummary(doc.occurrences));
  assert.equal(heading.detail, '颠覆式创新 ×3 · 高质量发展 ×2 · 新兴产业 ×2 · 关键核心技术 ×2 · 新质生产力 ×1 · 新型要素 ×1 · +2');
});
