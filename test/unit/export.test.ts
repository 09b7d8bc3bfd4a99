import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import Ajv from 'ajv';
import { engine } from './helpers';
import { ConceptDocument } from '../../server/src/core/document';
import { toAnnotationJson } from '../../server/src/core/annotationJson';
import { EXPORTERS, exporterById, exportToFiles, exportFormats } from '../../server/src/core/export/registry';
import type { ExportDocument, ExportFile } from '../../server/src/core/export/types';
import type { Concept } from '../../server/src/core/lexicon/types';
import { checkXml, cpSlice, csvObjects, parseAnn, parseCsv, parseTsv } from './exportFormats';

const concepts: Concept[] = ['data-elements', 'npf', 'disruptive', 'industrial-digitalization'].map((id) => engine.concept(id)!);
const OPTIONS = { concepts, created: '2026-01-01T00:00:00.000Z' };

/** 𠮷 (U+20BB7, two UTF-16 code units, one code point) right before a concept. */
const ASTRAL = '# 标题\n\n𠮷新质生产力，培育数据要素市场。\n';
/** CRLF line ends, an astral character, a term the matcher reads across a CRLF soft break, a variant and a heading path. */
const CRLF = '# 一、总体要求\r\n\r\n## （一）主要目标\r\n\r\n𠮷加快培育数据要\r\n素市场，发展新质生产力。\r\n\r\n推动颠覆性技术创新和数据要素。\r\n';
const TEXTS = { astral: ASTRAL, crlf: CRLF };

function docs(): ExportDocument[] {
  return Object.entries(TEXTS).map(([name, text]) => ({ path: `drafts/${name}.md`, doc: new ConceptDocument(text, engine, `file:///work/drafts/${name}.md`) }));
}

/** What every format must point back at: each occurrence's text in the original and its concept. */
function expected(text: string): { text: string; id: string; category: string }[] {
  return new ConceptDocument(text, engine).occurrences.map((o) => ({ text: text.slice(o.start, o.end), id: o.concept.id, category: o.concept.category }));
}

async function files(format: string): Promise<ExportFile[]> {
  return exportToFiles(exporterById(format)!, docs(), OPTIONS);
}

function file(list: ExportFile[], name: string): string {
  const f = list.find((x) => x.name === name);
  assert.ok(f, `${name} among ${list.map((x) => x.name).join(', ')}`);
  return String(f.content);
}

test('the texts hold what the round trips are about: 𠮷 before a concept, CRLF, a term across a CRLF break', () => {
  assert.deepEqual(expected(ASTRAL).map((e) => e.text), ['新质生产力', '数据要素']);
  assert.equal(ASTRAL.indexOf('新质生产力'), ASTRAL.indexOf('𠮷') + 2);
  assert.deepEqual(expected(CRLF).map((e) => e.text), ['数据要\r\n素', '新质生产力', '颠覆性技术创新', '数据要素']);
});

test('the registry lists every format once, with extensions, a media type and an offset unit', () => {
  assert.deepEqual(EXPORTERS.map((e) => e.id), ['json', 'jsonl', 'w3c', 'brat', 'webanno', 'csv', 'kwic', 'kwic-tsv', 'cooccurrence']);
  for (const f of exportFormats()) {
    assert.ok(f.label.zh && f.label.en && f.description.zh && f.description.en, f.id);
    assert.ok(f.extensions.length > 0 && f.mediaType.includes('/'), f.id);
  }
  assert.deepEqual(Object.fromEntries(exportFormats().map((f) => [f.id, f.offsetUnit])), {
    json: 'utf-16', jsonl: 'utf-16', w3c: 'code-point', brat: 'code-point', webanno: 'utf-16', csv: 'code-point', kwic: 'code-point', 'kwic-tsv': 'code-point', cooccurrence: 'none',
  });
});

test('json: byte for byte what JSON.stringify({ files }) of annotationJson gives, for two files and for none', async () => {
  const out = file(await files('json'), 'annotations.json');
  assert.equal(out, JSON.stringify({ files: docs().map((d) => toAnnotationJson(d.path, d.doc)) }, null, 2) + '\n');
  const none = await exportToFiles(exporterById('json')!, [], OPTIONS);
  assert.equal(none[0].content, JSON.stringify({ files: [] }, null, 2) + '\n');
  for (const f of JSON.parse(out).files) {
    const text = TEXTS[f.path.match(/(\w+)\.md$/)[1] as keyof typeof TEXTS];
    assert.deepEqual(f.annotations.map((a: { start: number; end: number; concept: { id: string } }) => ({ text: text.slice(a.start, a.end), id: a.concept.id })), expected(text).map(({ text, id }) => ({ text, id })));
  }
});

test('jsonl: one occurrence a line, UTF-16 offsets named in every line, pointing at the concept in the original', async () => {
  const lines = file(await files('jsonl'), 'annotations.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, expected(ASTRAL).length + expected(CRLF).length);
  for (const [name, text] of Object.entries(TEXTS)) {
    const mine = lines.filter((l) => l.file === `drafts/${name}.md`);
    assert.ok(mine.every((l) => l.offsetUnit === 'utf-16'));
    assert.deepEqual(mine.map((l) => ({ text: text.slice(l.start, l.end), id: l.concept.id })), expected(text).map(({ text, id }) => ({ text, id })));
  }
  assert.deepEqual([lines[0].start, lines[0].end], [ASTRAL.indexOf('新质生产力'), ASTRAL.indexOf('新质生产力') + 5]);
});

test('jsonl streams: a document\'s lines are written before the next document is read', async () => {
  const events: string[] = [];
  async function* input(): AsyncGenerator<ExportDocument> {
    for (let i = 0; i < 3; i++) {
      events.push(`read ${i}`);
      yield { path: `d${i}.md`, doc: new ConceptDocument('数据要素\n', engine) };
    }
  }
  await exporterById('jsonl')!.write(input(), { open: () => ({ write: (c: string) => void events.push(`write ${JSON.parse(c).file}`), close: () => undefined }) }, OPTIONS);
  assert.deepEqual(events, ['read 0', 'write d0.md', 'read 1', 'write d1.md', 'read 2', 'write d2.md']);
});

/** Every term of http://www.w3.org/ns/anno.jsonld the export may use as a key (term names of the W3C vocabulary's context). */
const ANNO_KEYS = new Set(['@context', 'id', 'type', 'body', 'target', 'source', 'selector', 'state', 'generator', 'motivation', 'purpose', 'created', 'generated', 'value', 'language', 'format', 'label', 'name', 'exact', 'prefix', 'suffix', 'start', 'end', 'first', 'items', 'startIndex', 'total']);
/** Class terms of the same context. `HttpState` is the context's term for oa:HttpRequestState. */
const ANNO_TYPES = new Set(['Annotation', 'AnnotationCollection', 'AnnotationPage', 'TextualBody', 'SpecificResource', 'TextQuoteSelector', 'TextPositionSelector', 'HttpState', 'TimeState', 'Software']);
const MOTIVATIONS = new Set(['assessing', 'bookmarking', 'classifying', 'commenting', 'describing', 'editing', 'highlighting', 'identifying', 'linking', 'moderating', 'questioning', 'replying', 'reviewing', 'tagging']);

/** A JSON Schema of the part of the Web Annotation Data Model the export uses (sections 3.1–4.3 of the Recommendation). */
const ANNOTATION_SCHEMA = {
  type: 'object',
  required: ['@context', 'type', 'total', 'first'],
  properties: {
    '@context': { const: 'http://www.w3.org/ns/anno.jsonld' },
    type: { const: 'AnnotationCollection' },
    total: { type: 'integer', minimum: 0 },
    first: {
      type: 'object',
      required: ['type', 'items'],
      properties: {
        type: { const: 'AnnotationPage' },
        startIndex: { type: 'integer', minimum: 0 },
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'type', 'body', 'target'],
            properties: {
              id: { type: 'string', pattern: '^[a-z][a-z0-9+.-]*:' },
              type: { const: 'Annotation' },
              motivation: { type: 'string' },
              created: { type: 'string', format: 'date-time' },
              body: {
                type: 'array',
                minItems: 1,
                items: {
                  oneOf: [
                    { type: 'object', required: ['type', 'value'], properties: { type: { const: 'TextualBody' }, value: { type: 'string', minLength: 1 }, purpose: { type: 'string' }, language: { type: 'string' }, format: { type: 'string' } }, additionalProperties: false },
                    { type: 'object', required: ['type', 'source'], properties: { type: { const: 'SpecificResource' }, source: { type: 'string', pattern: '^[a-z][a-z0-9+.-]*:' }, purpose: { type: 'string' } }, additionalProperties: false },
                  ],
                },
              },
              target: {
                type: 'object',
                required: ['type', 'source', 'selector'],
                properties: {
                  type: { const: 'SpecificResource' },
                  source: { type: 'string', pattern: '^[a-z][a-z0-9+.-]*:' },
                  state: { type: 'object', required: ['type', 'value'], properties: { type: { const: 'HttpState' }, value: { type: 'string', pattern: '^[A-Za-z-]+: ' } }, additionalProperties: false },
                  selector: {
                    type: 'array',
                    minItems: 2,
                    prefixItems: [
                      { type: 'object', required: ['type', 'exact'], properties: { type: { const: 'TextQuoteSelector' }, exact: { type: 'string', minLength: 1 }, prefix: { type: 'string' }, suffix: { type: 'string' } }, additionalProperties: false },
                      { type: 'object', required: ['type', 'start', 'end'], properties: { type: { const: 'TextPositionSelector' }, start: { type: 'integer', minimum: 0 }, end: { type: 'integer', minimum: 0 } }, additionalProperties: false },
                    ],
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

function walkTerms(value: unknown, where = '$'): void {
  if (Array.isArray(value)) return value.forEach((v, i) => walkTerms(v, `${where}[${i}]`));
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    assert.ok(ANNO_KEYS.has(k), `${where}.${k} is not a term of anno.jsonld`);
    if (k === 'type') assert.ok(ANNO_TYPES.has(v as string), `${where}.type ${v} is not a class of anno.jsonld`);
    if (k === 'motivation' || k === 'purpose') assert.ok(MOTIVATIONS.has(v as string), `${where}.${k} ${v} is not a motivation`);
    walkTerms(v, `${where}.${k}`);
  }
}

test('w3c: valid against the model (a JSON Schema, anno.jsonld terms only); TextPositionSelector in code points; quote and state match the text', async () => {
  const out = JSON.parse(file(await files('w3c'), 'annotations.jsonld'));
  // ajv's 2020 draft for prefixItems; formats checked by hand below (no ajv-formats dependency).
  const Ajv2020 = (await import('ajv/dist/2020')).default;
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  assert.ok(ajv.validate(ANNOTATION_SCHEMA, out), ajv.errorsText(ajv.errors));
  walkTerms(out);
  const items = out.first.items;
  assert.equal(out.total, items.length);
  for (const [name, text] of Object.entries(TEXTS)) {
    const mine = items.filter((a: { target: { source: string } }) => a.target.source === `file:///work/drafts/${name}.md`);
    const want = expected(text);
    assert.equal(mine.length, want.length);
    mine.forEach((a: { body: { value?: string; source?: string; purpose: string }[]; target: { state: { value: string }; selector: [{ exact: string; prefix: string; suffix: string }, { start: number; end: number }] } }, i: number) => {
      const [quote, pos] = a.target.selector;
      assert.equal(cpSlice(text, pos.start, pos.end), want[i].text, 'code point offsets');
      assert.equal(quote.exact, want[i].text);
      const cps = [...text];
      assert.equal(cps.slice(0, pos.start).join('').endsWith(quote.prefix), true);
      assert.equal(cps.slice(pos.end).join('').startsWith(quote.suffix), true);
      assert.equal(a.target.state.value, `Repr-Digest: sha-256=:${createHash('sha256').update(text, 'utf8').digest('base64')}:`);
      assert.equal(a.body.find((b) => b.purpose === 'identifying')?.source, `tag:policy-lens.github.io,2026:concept/${want[i].id}`);
      assert.equal(a.body.find((b) => b.purpose === 'classifying')?.value, want[i].category);
    });
  }
  // 𠮷 is one code point: 新质生产力 starts at code point 6 of ASTRAL ("# 标题\n\n" is 6, then 𠮷), UTF-16 offset 8.
  const first = items[0].target.selector[1];
  assert.deepEqual([first.start, first.end], [7, 12]);
  assert.equal(ASTRAL.indexOf('新质生产力'), 8);
  assert.ok(Date.parse(items[0].created) > 0);
  assert.ok(new Ajv().compile({ type: 'object' }), 'ajv loads');
});

test('brat: .txt is the original text; .ann spans in code points (a term across CRLF as two fragments), type = category, note = concept id', async () => {
  const out = await files('brat');
  assert.deepEqual(out.map((f) => f.name), ['annotation.conf', 'visual.conf', 'drafts__astral.txt', 'drafts__astral.ann', 'drafts__crlf.txt', 'drafts__crlf.ann']);
  assert.match(file(out, 'annotation.conf'), /\[entities\]\nfoundation\ntechnology\nfactors\nindustries\n/);
  assert.match(file(out, 'annotation.conf'), /^# .*\n# offsets in the \.ann files count Unicode code points/);
  for (const [name, text] of Object.entries(TEXTS)) {
    const txt = file(out, `drafts__${name}.txt`);
    assert.equal(txt, text);
    const entities = parseAnn(file(out, `drafts__${name}.ann`));
    const want = expected(text);
    assert.deepEqual(entities.map((e) => e.type), want.map((w) => w.category));
    assert.deepEqual(entities.map((e) => e.note), want.map((w) => w.id));
    entities.forEach((e, i) => {
      assert.equal(e.text, e.spans.map(([s, t]) => cpSlice(txt, s, t)).join(' '), 'the text field is the fragments joined by a space');
      const whole = cpSlice(txt, e.spans[0][0], e.spans[e.spans.length - 1][1]);
      assert.equal(whole, want[i].text);
    });
  }
  const crlf = parseAnn(file(out, 'drafts__crlf.ann'));
  assert.equal(crlf[0].spans.length, 2);
  assert.equal(crlf[0].text, '数据要 素');
  assert.deepEqual(parseAnn(file(out, 'drafts__astral.ann'))[0].spans, [[7, 12]]);
});

test('webanno: parses by the TSV 3.3 rules; tokens are the text at their UTF-16 offsets; every sentence\'s #Text is its text; spans point at each concept', async () => {
  const out = await files('webanno');
  assert.deepEqual(out.map((f) => f.name), ['drafts__astral.tsv', 'drafts__crlf.tsv']);
  for (const [name, text] of Object.entries(TEXTS)) {
    const tsv = parseTsv(file(out, `drafts__${name}.tsv`));
    assert.deepEqual(tsv.layers, ['#T_SP=webanno.custom.Concept|concept|category']);
    const spans = new Map<string, { begin: number; end: number; concept: string; category: string }>();
    let single = 0;
    tsv.sentences.forEach((s, si) => {
      assert.ok(s.tokens.length > 0);
      assert.equal(s.text, text.slice(s.tokens[0].begin, s.tokens[s.tokens.length - 1].end), 'the #Text lines are the sentence as it is in the text');
      s.tokens.forEach((t, ti) => {
        assert.deepEqual([t.sentence, t.token], [si + 1, ti + 1]);
        assert.equal(text.slice(t.begin, t.end), t.text, 'UTF-16 offsets');
        assert.equal(t.columns.length, 2);
        if (t.columns[0] === '_') return assert.equal(t.columns[1], '_');
        const concepts = t.columns[0].split('|');
        const categories = t.columns[1].split('|');
        concepts.forEach((c, k) => {
          const m = /^(.*?)(?:\[(\d+)\])?$/.exec(c)!;
          const key = m[2] ?? `single-${single++}`;
          assert.equal(categories[k].replace(/\[\d+\]$/, ''), engine.concept(m[1])!.category);
          const span = spans.get(key);
          if (span) span.end = t.end;
          else spans.set(key, { begin: t.begin, end: t.end, concept: m[1], category: categories[k] });
        });
      });
    });
    const want = expected(text);
    assert.deepEqual([...spans.values()].map((s) => ({ text: text.slice(s.begin, s.end), id: s.concept })), want.map(({ text, id }) => ({ text, id })));
  }
  const crlf = file(out, 'drafts__crlf.tsv');
  // The term across the CRLF break keeps both lines in one sentence: two #Text lines, the CR escaped.
  assert.match(crlf, /\n#Text=𠮷加快培育数据要\\r\n#Text=素市场，发展新质生产力。\n/);
  const astral = parseTsv(file(out, 'drafts__astral.tsv'));
  const jiTok = astral.sentences[1].tokens[0];
  assert.deepEqual([jiTok.text, jiTok.begin, jiTok.end], ['𠮷', 6, 8]);
});

test('webanno: reserved characters are escaped in tokens and #Text lines as the format says', async () => {
  const text = '推动_数据要素*[x]|a->b;c\\d，\t新质生产力。\n';
  const [f] = await exportToFiles(exporterById('webanno')!, [{ path: 'e.md', doc: new ConceptDocument(text, engine) }], OPTIONS);
  const raw = String(f.content);
  assert.match(raw, /\n#Text=推动_数据要素\*\[x\]\|a->b;c\\\\d，\\t新质生产力。\n/);
  assert.match(raw, /\n1-3\t2-3\t\\_\t_\t_\t\n/);
  assert.match(raw, /\t\\\*\t_\t_\t\n/);
  // `->` is escaped as one unit in a value (here it is two one-character tokens, - and >).
  const { escapeTsvValue } = await import('../../server/src/core/export/webanno');
  assert.equal(escapeTsvValue('a->b_[1]|c;d*\\e\tf\ng'), 'a\\->b\\_\\[1\\]\\|c\\;d\\*\\\\e\\tf\\ng');
  const tsv = parseTsv(raw);
  assert.equal(tsv.sentences[0].text, text.slice(0, -1));
  for (const t of tsv.sentences[0].tokens) assert.equal(text.slice(t.begin, t.end), t.text);
});

test('csv: BOM, RFC 4180; the matrix has a row per document with front matter metadata and counts; the long form points at each concept in code points', async () => {
  const withMeta = '---\ntitle: "关于加快发展新质生产力的意见, 试行"\n发文机关: 某省人民政府\n地区: 某省\nlevel: 省级\ndate: 2024-03-05\n文号: 某政发〔2024〕1号\n---\n\n数据要素和"数据要素"。\n';
  const list = [...docs(), { path: 'meta.md', doc: new ConceptDocument(withMeta, engine) }];
  const out = await exportToFiles(exporterById('csv')!, list, OPTIONS);
  assert.deepEqual(out.map((f) => f.name), ['annotations.matrix.csv', 'annotations.occurrences.csv']);
  const matrixText = file(out, 'annotations.matrix.csv');
  assert.ok(matrixText.includes('\r\n') && !/[^\r]\n/.test(matrixText), 'CRLF records');
  const matrix = csvObjects(matrixText);
  assert.deepEqual(Object.keys(matrix[0]).slice(0, 8), ['file', 'title', 'issuer', 'region', 'level', 'year', 'docNumber', 'total']);
  assert.deepEqual(matrix.map((r) => [r.file, r.total, r['数据要素 [data-elements]'], r['新质生产力 [npf]']]), [
    ['drafts/astral.md', '2', '1', '1'],
    ['drafts/crlf.md', '4', '2', '1'],
    ['meta.md', '2', '2', '0'],
  ]);
  assert.deepEqual([matrix[2].title, matrix[2].issuer, matrix[2].region, matrix[2].level, matrix[2].year, matrix[2].docNumber], ['关于加快发展新质生产力的意见, 试行', '某省人民政府', '某省', '省级', '2024', '某政发〔2024〕1号']);
  assert.equal(matrix[0].title, '');
  assert.equal(matrix[1]['类别·新要素 [factors]'], '2');
  const long = csvObjects(file(out, 'annotations.occurrences.csv'));
  for (const [name, text] of [...Object.entries(TEXTS), ['meta', withMeta]]) {
    const mine = long.filter((r) => r.file.endsWith(`${name}.md`));
    assert.deepEqual(mine.map((r) => ({ text: cpSlice(text, +r['start (code points)'], +r['end (code points)']), id: r.concept_id })), expected(text).map(({ text, id }) => ({ text, id })));
  }
  const across = long.find((r) => r.file === 'drafts/crlf.md')!;
  assert.deepEqual([across.text, across.form, across.section, across.sentence], ['数据要素', 'term', '一、总体要求 > （一）主要目标', '𠮷加快培育数据要素市场，发展新质生产力。']);
  const quoted = long.filter((r) => r.file === 'meta.md');
  assert.equal(quoted[1].sentence, '数据要素和"数据要素"。', 'a quote in a field is doubled and read back');
  assert.ok(file(out, 'annotations.occurrences.csv').includes('"数据要素和""数据要素""。"'));
});

test('kwic: left context, term, right context around each concept, code point offsets; the TSV variant reads the same', async () => {
  for (const format of ['kwic', 'kwic-tsv']) {
    const [f] = await files(format);
    const content = String(f.content);
    const rows = format === 'kwic' ? csvObjects(content) : ((([h, ...r]) => r.map((x) => Object.fromEntries(h.map((k, i) => [k, x[i]]))))(content.trimEnd().split('\n').map((l) => l.split('\t'))));
    assert.equal(f.name, format === 'kwic' ? 'annotations.kwic.csv' : 'annotations.kwic.tsv');
    for (const [name, text] of Object.entries(TEXTS)) {
      const mine = rows.filter((r) => r.file === `drafts/${name}.md`);
      assert.deepEqual(mine.map((r) => ({ text: cpSlice(text, +r['start (code points)'], +r['end (code points)']), id: r.concept_id })), expected(text).map(({ text, id }) => ({ text, id })));
      for (const r of mine) {
        const flat = text.replace(/\r?\n/g, '');
        assert.ok(flat.includes(r.left + r.term + r.right), `${r.left}|${r.term}|${r.right}`);
      }
    }
    const astral = rows.find((r) => r.file === 'drafts/astral.md')!;
    assert.deepEqual([astral.left, astral.term, astral.right.slice(0, 3), astral.section], ['𠮷', '新质生产力', '，培育', '标题']);
  }
});

test('cooccurrence: pairs within a sentence and a paragraph with weights, as CSV edges, a node table and well-formed GEXF 1.3', async () => {
  const out = await files('cooccurrence');
  assert.deepEqual(out.map((f) => f.name), ['annotations.cooccurrence.csv', 'annotations.nodes.csv', 'annotations.gexf']);
  const edges = csvObjects(file(out, 'annotations.cooccurrence.csv'));
  const key = (r: Record<string, string>) => `${r.scope}:${r.Source}-${r.Target}=${r.Weight}`;
  // Sentences holding two concepts: ASTRAL's one (npf, data), CRLF's first (data, npf) and last (disruptive, data).
  assert.deepEqual(edges.map(key).sort(), ['paragraph:data-elements-disruptive=1', 'paragraph:data-elements-npf=2', 'sentence:data-elements-disruptive=1', 'sentence:data-elements-npf=2'].sort());
  assert.ok(edges.every((r) => r.Type === 'Undirected'));
  const nodes = csvObjects(file(out, 'annotations.nodes.csv'));
  assert.deepEqual(nodes.map((n) => [n.Id, n.Label, n.occurrences, n.documents]), [['data-elements', '数据要素', '3', '2'], ['npf', '新质生产力', '2', '2'], ['disruptive', '颠覆式创新', '1', '1']]);
  const xml = file(out, 'annotations.gexf');
  const root = checkXml(xml);
  assert.deepEqual([root.root, root.attributes.xmlns, root.attributes.version], ['gexf', 'http://gexf.net/1.3', '1.3']);
  const ids = [...xml.matchAll(/<node id="([^"]+)" label="([^"]+)"/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(ids, [['data-elements', '数据要素'], ['npf', '新质生产力'], ['disruptive', '颠覆式创新']]);
  const gexfEdges = [...xml.matchAll(/<edge id="\d+" source="([^"]+)" target="([^"]+)" weight="(\d+)"><attvalues><attvalue for="sentence" value="(\d+)"\/>/g)].map((m) => m.slice(1).join(' '));
  assert.deepEqual(gexfEdges, ['data-elements npf 2 2', 'data-elements disruptive 1 1']);
  assert.match(xml, /<graph defaultedgetype="undirected" mode="static">/);
  assert.match(xml, /No text offsets/);
});

test('CSV and GEXF escape what would break them: commas, quotes, line breaks, &, <', async () => {
  assert.deepEqual(parseCsv('\ufeffa,"b,""c""\r\nd"\r\n'), [['a', 'b,"c"\r\nd']]);
  const { csvRow, xmlEscape } = await import('../../server/src/core/export/text');
  assert.deepEqual(parseCsv('\ufeff' + csvRow(['x,y', 'say "hi"', 'two\r\nlines', 3])), [['x,y', 'say "hi"', 'two\r\nlines', '3']]);
  assert.equal(xmlEscape('a&b<c>"d"\u0001'), 'a&amp;b&lt;c&gt;&quot;d&quot;');
  checkXml(`<r a="${xmlEscape('&<"')}">${xmlEscape('x & y < z')}</r>`);
});
