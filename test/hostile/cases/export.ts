/**
 * Bad input for the exporters (issue 10): a huge line, control characters and lone surrogates, hostile
 * document names, empty drafts. Each case exports in process to every format and reads the output
 * back with the test parsers (test/unit/exportFormats.ts).
 */
import assert from 'node:assert/strict';
import { sharedEngine } from '../../../server/src/core/engine';
import { EXPORTERS, exporterById, exportToFiles } from '../../../server/src/core/export/registry';
import { documentStem } from '../../../server/src/core/export/text';
import type { ExportDocument } from '../../../server/src/core/export/types';
import { checkXml, csvObjects, parseAnn, parseTsv } from '../../unit/exportFormats';
import type { HostileCase } from '../types';

const engine = sharedEngine();
const options = { concepts: engine.lexicon.concepts, created: '2026-01-01T00:00:00.000Z' };
const doc = (path: string, text: string): ExportDocument => ({ path, doc: engine.annotate(text, path) });

/** Reads every format's output back and checks each occurrence's span against the text. */
async function roundTrip(d: ExportDocument): Promise<string> {
  const text = d.doc.text;
  const want = d.doc.occurrences.map((o) => text.slice(o.start, o.end));
  const sizes: string[] = [];
  // Code points once: a slice of [...text] per occurrence would be quadratic on a long text.
  const points = [...text];
  const cpSlice = (_: string, start: number, end: number) => points.slice(start, end).join('');
  for (const e of EXPORTERS) {
    const t0 = Date.now();
    const files = await exportToFiles(e, [d], options);
    const get = (suffix: string) => String(files.find((f) => f.name.endsWith(suffix))!.content);
    switch (e.id) {
      case 'json':
        assert.deepEqual(JSON.parse(get('.json')).files[0].annotations.map((a: { start: number; end: number }) => text.slice(a.start, a.end)), want);
        break;
      case 'jsonl':
        assert.deepEqual(get('.jsonl').split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((a) => text.slice(a.start, a.end)), want);
        break;
      case 'w3c':
        assert.deepEqual(JSON.parse(get('.jsonld')).first.items.map((a: { target: { selector: { start: number; end: number }[] } }) => cpSlice(text, a.target.selector[1].start, a.target.selector[1].end)), want);
        break;
      case 'brat':
        assert.equal(get('.txt'), text);
        assert.deepEqual(parseAnn(get('.ann')).map((a) => cpSlice(text, a.spans[0][0], a.spans[a.spans.length - 1][1])), want);
        break;
      case 'webanno': {
        const tsv = parseTsv(get('.tsv'));
        for (const s of tsv.sentences) for (const t of s.tokens) assert.equal(text.slice(t.begin, t.end), t.text);
        break;
      }
      case 'csv':
        assert.deepEqual(csvObjects(get('.occurrences.csv')).map((r) => cpSlice(text, +r['start (code points)'], +r['end (code points)'])), want);
        assert.equal(csvObjects(get('.matrix.csv')).length, 1);
        break;
      case 'kwic':
        assert.deepEqual(csvObjects(get('.kwic.csv')).map((r) => cpSlice(text, +r['start (code points)'], +r['end (code points)'])), want);
        break;
      case 'cooccurrence':
        checkXml(get('.gexf'));
        csvObjects(get('.cooccurrence.csv'));
        break;
    }
    const bytes = files.reduce((n, f) => n + Buffer.byteLength(String(f.content)), 0);
    sizes.push(`${e.id} ${Date.now() - t0} ms`);
    // Linear: a few dozen bytes per character (WebAnno writes a line per character) and at most 2 KB per occurrence (pretty-printed JSON).
    assert.ok(bytes < text.length * 60 + want.length * 2_000 + 20_000, `${e.id}: ${bytes} bytes for ${text.length} characters and ${want.length} occurrences`);
  }
  return sizes.join(', ');
}

export const cases: HostileCase[] = [
  {
    name: 'export: a 500,000-character line without 。 exports to every format in bounded time and linear size',
    timeoutMs: 180_000,
    run: async () => {
      const unit = '我们要发展新质生产力，推动数据要素市场化配置，';
      return roundTrip(doc('huge.md', unit.repeat(Math.ceil(500_000 / unit.length)) + '\n'));
    },
  },
  {
    name: 'export: control characters, tabs, lone surrogates, backslashes and TSV reserved characters read back in every format',
    run: async () => {
      const text = '\ufeff# 标题\u0001\r\n\r\n\ud800数据要素\t\\_[1]|*->;\u000b新质生产力\udc00，𠮷数据要素。\r\n| 数据要素 | a,"b" |\n| --- | --- |\n| 新质生产力 | \u0007 |\n';
      await roundTrip(doc('ctrl.md', text));
    },
  },
  {
    name: 'export: an empty draft and a draft without concepts write well-formed output in every format',
    run: async () => {
      await roundTrip(doc('empty.md', ''));
      await roundTrip(doc('none.md', '# 标题\n\n没有概念的段落。\n'));
      const none = await exportToFiles(exporterById('webanno')!, [doc('e.md', '')], options);
      assert.equal(none[0].content, '#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Concept|concept|category\n\n\n');
    },
  },
  {
    name: 'export: hostile document names become safe, unique file names (no folders, no .., no reserved characters)',
    run: () => {
      const used = new Set<string>();
      const names = ['../../etc/passwd', '/abs/一号.md', 'C:\\Users\\x\\草案.md', 'a<>:"|?*\u0001.md', 'A.md', 'a.md', '.hidden', '...', 'x'.repeat(300) + '.md', 'file:///w/草 案.md'].map((p) => documentStem(p, used));
      for (const n of names) {
        assert.ok(n.length > 0 && n.length <= 130, n);
        assert.doesNotMatch(n, /[\\/<>:"|?*\u0000-\u001f\s]|^\.|^\.\.$/, n);
      }
      assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length, names.join(' '));
      assert.deepEqual(names.slice(0, 3), ['etc__passwd', 'abs__一号', 'C__Users__x__草案']);
    },
  },
];
