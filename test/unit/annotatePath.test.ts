import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { engine } from './helpers';
import { ConceptDocument } from '../../server/src/core/document';
import { sharedEngine } from '../../server/src/core/engine';
import { exporterById, exportToFiles } from '../../server/src/core/export/registry';
import { fileJson } from '../../server/src/core/export/json';
import type { ExportDocument } from '../../server/src/core/export/types';

/**
 * The json exporter formats each annotation itself (no objects, no stringify of a whole file): its
 * text must stay byte for byte `JSON.stringify({ files }, null, 2)` of `fileJson`, on real drafts and
 * on whatever a string or a heading may hold.
 */
async function same(list: ExportDocument[]): Promise<void> {
  const [out] = await exportToFiles(exporterById('json')!, list, { concepts: [] });
  assert.equal(String(out.content), JSON.stringify({ files: list.map(fileJson) }, null, 2) + '\n');
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p));
    else if (name.endsWith('.md')) out.push(p);
  }
  return out;
}

test('json export: byte for byte JSON.stringify of fileJson on the examples and every Markdown fixture', async () => {
  const paths = [...markdownFiles('examples'), ...markdownFiles('test/fixtures')];
  assert.ok(paths.length >= 10, `${paths.length} files`);
  const list = paths.map((p) => ({ path: p, doc: sharedEngine().annotate(readFileSync(p, 'utf8'), p) }));
  assert.ok(list.reduce((n, d) => n + d.doc.occurrences.length, 0) > 1000);
  for (const d of list) await same([d]);
  await same(list);
});

test('json export: escapes, control characters, lone surrogates, cut sentences, headings, a Word text source, an empty file between two', async () => {
  const long = '推动高质量发展'.repeat(40);
  const texts = [
    '# 一、"总体"\\要求\u0001\n\n## （一）主要\t目标\n\n发展"新质生产力"，\\培育数据要素市场。\n\n### 1.细则\n\n数据要素\ud800和新质生产力\udc00。\n',
    `${long}，数据要素，${long}，新质生产力，${long}。\n\n数据要素。数据要素！\n`,
    '',
    '没有概念的一段话。\n',
    '第一章 总则\n\n第一条　为了发展新质生产力，制定本条例。\n\n附件1\n\n数据要素\r\n市场\r\n',
  ];
  const list: ExportDocument[] = texts.map((t, i) => ({ path: `drafts/"${i}"\\\u0007.md`, doc: new ConceptDocument(t, engine), ...(i === 4 ? { textSource: 'docx-extracted' as const } : {}) }));
  assert.ok(list[0].doc.occurrences.length >= 3 && list[1].doc.occurrences.length >= 4);
  await same(list);
  await same([list[2]]);
  await same([{ ...list[0], doc: list[0].doc.filtered((o) => o.concept.id !== 'npf') }]);
});

test('the shared engine annotates without reading the source paper, and reads it (anchors checked) on first need', async () => {
  const { lazyPaperEngine, createEngine } = await import('../../server/src/core/engine');
  const { loadLexicon } = await import('../../server/src/core/lexicon/load');
  const { loadSourcePaper } = await import('../../server/src/core/source/paper');
  let reads = 0;
  const lazy = lazyPaperEngine(loadLexicon(), () => (reads++, loadSourcePaper()));
  const text = '# 一、总体要求\n\n发展新质生产力，培育数据要素市场。\n';
  const doc = lazy.annotate(text, 'x.md');
  await same([{ path: 'x.md', doc }]);
  assert.equal(reads, 0);
  const eager = createEngine();
  assert.equal(lazy.signature, eager.signature);
  assert.equal(reads, 0);
  const c = lazy.lexicon.concepts.find((x) => x.source?.defines)!;
  assert.equal(reads, 0);
  assert.deepEqual(lazy.categoryLabel(c), eager.categoryLabel(c));
  assert.equal(lazy.definingParagraph(c)?.paragraph.anchor, eager.definingParagraph(c)?.paragraph.anchor);
  assert.equal(lazy.paper.byAnchor(eager.paper.paragraphs[0].anchor)?.anchor, eager.paper.paragraphs[0].anchor);
  assert.equal(lazy.sources.length, 1);
  assert.equal(reads, 1);
});
