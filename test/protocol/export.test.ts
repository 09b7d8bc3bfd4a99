/**
 * The export requests: `policyLens/exportFormats` lists the core's registry, `policyLens/export`
 * returns an open draft in each format, with the settings that hide concepts applied.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer } from './client';
import { EXPORTERS } from '../../server/src/core/export/registry';

const DRAFT = '# 一、总体要求\r\n\r\n𠮷发展新质生产力，培育数据要\r\n素市场。\r\n';

type Formats = { formats: { id: string; label: { zh: string; en: string }; extensions: string[]; mediaType: string; offsetUnit: string; multiFile: boolean }[] };
type Exported = { format: string; files: { name: string; content: string }[]; annotations: number } | null;

test('exportFormats lists the registry; export returns the draft in every format, named for the draft', () =>
  withServer({ files: {} }, async (c) => {
    const { formats } = await c.request<Formats>('policyLens/exportFormats', {});
    assert.deepEqual(formats.map((f) => f.id), EXPORTERS.map((e) => e.id));
    assert.deepEqual(formats.find((f) => f.id === 'webanno'), { id: 'webanno', label: { zh: 'WebAnno TSV 3.3（INCEpTION）', en: 'WebAnno TSV 3.3 (INCEpTION)' }, description: EXPORTERS[4].description, extensions: ['tsv'], mediaType: 'text/tab-separated-values', offsetUnit: 'utf-16', multiFile: true });
    const uri = await c.open('方案.md', DRAFT);
    const names: Record<string, string[]> = {};
    for (const f of formats) {
      const r = await c.request<Exported>('policyLens/export', { uri, format: f.id });
      assert.ok(r, f.id);
      assert.equal(r.format, f.id);
      assert.equal(r.annotations, 2);
      names[f.id] = r.files.map((x) => x.name);
      assert.ok(r.files.every((x) => x.content.length > 0), f.id);
    }
    assert.deepEqual(names, {
      json: ['方案.json'],
      jsonl: ['方案.jsonl'],
      w3c: ['方案.jsonld'],
      brat: ['annotation.conf', 'visual.conf', '方案.txt', '方案.ann'],
      webanno: ['方案.tsv'],
      csv: ['方案.matrix.csv', '方案.occurrences.csv'],
      kwic: ['方案.kwic.csv'],
      'kwic-tsv': ['方案.kwic.tsv'],
      cooccurrence: ['方案.cooccurrence.csv', '方案.nodes.csv', '方案.gexf'],
    });
    const brat = (await c.request<Exported>('policyLens/export', { uri, format: 'brat' }))!;
    assert.equal(brat.files[2].content, DRAFT);
    assert.equal(brat.files[3].content, 'T1\tfoundation 15 20\t新质生产力\n#1\tAnnotatorNotes T1\tnew-quality-productive-forces\nT2\tfactors 23 26;28 29\t数据要 素\n#2\tAnnotatorNotes T2\tdata-elements\n');
    // The old annotations request and the json export agree byte for byte.
    const json = (await c.request<Exported>('policyLens/export', { uri, format: 'json' }))!;
    const old = await c.request<unknown>('policyLens/annotations', { uri });
    assert.equal(json.files[0].content, JSON.stringify(old, null, 2) + '\n');
    const w3c = JSON.parse((await c.request<Exported>('policyLens/export', { uri, format: 'w3c' }))!.files[0].content);
    assert.equal(w3c.first.items[0].target.source, uri);
    assert.deepEqual(w3c.first.items[0].target.selector[1], { type: 'TextPositionSelector', start: 15, end: 20 });
  }));

test('export applies the settings that hide concepts; an unknown format is an InvalidParams error; a closed document is null', () =>
  withServer({ files: {}, settings: { categories: ['factors'] } }, async (c) => {
    const uri = await c.open('a.md', DRAFT);
    const r = (await c.request<Exported>('policyLens/export', { uri, format: 'jsonl' }))!;
    assert.equal(r.annotations, 1);
    assert.equal(JSON.parse(r.files[0].content).concept.id, 'data-elements');
    await assert.rejects(c.request('policyLens/export', { uri, format: 'xml' }), (e: { code: number; message: string }) => e.code === -32602 && e.message === 'Unknown export format "xml".');
    assert.equal(await c.request('policyLens/export', { uri: uri.replace('a.md', 'closed.md'), format: 'json' }), null);
  }));
