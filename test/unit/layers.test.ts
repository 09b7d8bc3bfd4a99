/**
 * Lexicon layers (core/lexicon/layers.ts): precedence, disabling, conflicts that are reported and never
 * crash, broken files that keep their last good version, sources with their own frames, and forms
 * derived at load time. Inputs are inline; problems are asserted with their exact ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEngine, type EngineBuild, type LexiconInput, type SourceInput } from '../../server/src/core/lexicon/layers';
import { sharedEngine } from '../../server/src/core/engine';

const ROOT = join(__dirname, '..', '..');
const NOTES: SourceInput = { uri: 'file:///w/notes.md', text: readFileSync(join(ROOT, 'test', 'fixtures', 'sources', 'cluster-notes.md'), 'utf8') };

const USER = 'file:///home/u/policy-lens.yaml';
const WS = 'file:///w/.policy-lens/terms.yaml';
const lex = (uri: string, kind: LexiconInput['kind'], text: string): LexiconInput => ({ uri, kind, text });
const build = (lexicons: LexiconInput[], sources: SourceInput[] = [], previous?: EngineBuild) => buildEngine({ lexicons, sources }, previous);
const shown = (b: EngineBuild) =>
  b.problems.map((p) => `${p.uri.replace(/^.*\//, '')} ${p.range.start.line}:${p.range.start.character}-${p.range.end.line}:${p.range.end.character} ${p.severity} ${p.code}: ${p.message}`);
const tags = (b: EngineBuild, text: string) => b.engine.annotate(text).occurrences.map((o) => `${text.slice(o.start, o.end)}=${o.concept.id}`);

const CLUSTERS = `version: 1
concepts:
  - id: industrial-clusters
    term: 产业集群
    en: industrial clusters
    aliases: { synonym: [产业群] }
    category: industries
    source: zhu#s2-3-p1
`;

test('no inputs: the shipped lexicon and paper, the same matcher as the shared engine', () => {
  const b = build([]);
  assert.deepEqual(b.problems, []);
  assert.equal(b.engine.matcher, sharedEngine().matcher);
  assert.equal(b.engine.signature, sharedEngine().signature);
  assert.equal(b.engine.lexicon.concepts.length, sharedEngine().lexicon.concepts.length);
  assert.deepEqual(b.loaded.map((l) => [l.uri.replace(/^.*\//, ''), l.kind]), [['lexicon.yaml', 'shipped'], ['paper.md', 'source']]);
  const c = b.engine.concept('data-elements')!;
  assert.equal(c.source?.id, 'zhu');
  assert.equal(c.origin?.kind, 'shipped');
  assert.equal(readFileSync(join(ROOT, 'server/data/lexicon.yaml'), 'utf8').split('\n')[c.origin!.line].trim(), '- id: data-elements');
  assert.deepEqual(b.engine.categoryLabel(c), { zh: '新要素', en: 'New factors' });
});

test('a user term is tagged, with traditional forms and pinyin derived at load', () => {
  const b = build([lex(WS, 'workspace', CLUSTERS)]);
  assert.deepEqual(shown(b), []);
  assert.deepEqual(tags(b, '推动产业集群、產業集群和产业群发展'), ['产业集群=industrial-clusters', '產業集群=industrial-clusters', '产业群=industrial-clusters']);
  const f = b.engine.lexicon.forms('industrial-clusters')!;
  assert.ok(f.traditional.includes('產業集群'));
  assert.equal(f.pinyin, 'chanyejiqun');
  assert.equal(f.initials, 'cyjq');
  const c = b.engine.concept('industrial-clusters')!;
  assert.deepEqual(c.origin, { uri: WS, kind: 'workspace', line: 2 });
  assert.deepEqual(c.source, { id: 'zhu', defines: 's2-3-p1', discusses: [] });
  assert.equal(b.engine.definingParagraph(c)?.paragraph.anchor, 's2-3-p1');
  assert.deepEqual(b.loaded.map((l) => [l.kind, l.concepts]), [['shipped', 69], ['workspace', 1], ['source', 70]]);
});

test('precedence: workspace > user > shipped for the same id; disabled turns a concept off', () => {
  const user = lex(USER, 'user', 'version: 1\nconcepts:\n  - id: data-elements\n    term: 数据要素\n    en: data as a factor\n    category: factors\n');
  const ws = lex(WS, 'workspace', 'version: 1\nconcepts:\n  - id: data-elements\n    term: 数据要素\n    en: data elements (workspace)\n  - id: new-factors\n    disabled: true\n');
  // Given in any order: the layer decides.
  const b = build([ws, user]);
  assert.deepEqual(shown(b), []);
  assert.equal(b.engine.concept('data-elements')?.en, 'data elements (workspace)');
  assert.equal(b.engine.concept('data-elements')?.origin?.kind, 'workspace');
  assert.equal(b.engine.concept('new-factors'), undefined);
  assert.deepEqual(tags(b, '新型要素和数据要素'), ['数据要素=data-elements']);
  const onlyUser = build([user]);
  assert.equal(onlyUser.engine.concept('data-elements')?.en, 'data as a factor');
  assert.deepEqual(tags(onlyUser, '新型要素'), ['新型要素=new-factors']);
});

test('a form claimed by two concepts is a problem at the later form, never a crash', () => {
  const user = lex(USER, 'user', 'version: 1\nconcepts:\n  - id: my-data\n    term: 数据要素\n    aliases: { synonym: [数据资源] }\n');
  const ws = lex(WS, 'workspace', 'version: 1\nconcepts:\n  - id: resources\n    term: 资源要素\n    aliases:\n      synonym: [数据资源, 要素资源]\n  - id: again\n    term: 要素资源\n');
  const b = build([user, ws]);
  assert.deepEqual(shown(b), [
    'policy-lens.yaml 3:10-3:14 error form-conflict: "数据要素" is already a surface form of concept "data-elements" (the shipped lexicon); it is not tagged as "my-data"',
    'terms.yaml 5:16-5:20 error form-conflict: "数据资源" is already a surface form of concept "my-data" (file:///home/u/policy-lens.yaml); it is not tagged as "resources"',
    'terms.yaml 7:10-7:14 error form-conflict: "要素资源" is already a surface form of concept "resources" (file:///w/.policy-lens/terms.yaml); it is not tagged as "again"',
  ]);
  assert.equal(b.problems[0].messageZh, '“数据要素”已是概念“data-elements”（内置词表）的词形，不会标注为“my-data”');
  assert.deepEqual(tags(b, '数据要素、数据资源、资源要素、要素资源'), ['数据要素=data-elements', '数据资源=my-data', '资源要素=resources', '要素资源=resources']);
});

test('broken YAML and schema errors: problems with ranges; the file keeps its last good version', () => {
  const good = build([lex(WS, 'workspace', CLUSTERS)]);
  const brokenYaml = build([lex(WS, 'workspace', CLUSTERS.replace('    en: industrial clusters\n', '    en: [industrial clusters\n'))], [], good);
  assert.deepEqual(shown(brokenYaml).map((s) => s.replace(/: .*$/, '')), ['terms.yaml 0:0-0:0 warning kept-last-good', 'terms.yaml 5:4-5:5 error yaml-syntax']);
  assert.deepEqual(tags(brokenYaml, '产业集群'), ['产业集群=industrial-clusters']);
  const badSchema = build([lex(WS, 'workspace', CLUSTERS.replace('category: industries', 'category: [industries]').replace('    term: 产业集群\n', '    term: 产业集群\n    colour: red\n'))], [], brokenYaml);
  assert.deepEqual(shown(badSchema), [
    'terms.yaml 0:0-0:0 warning kept-last-good: this file has errors: the last version that loaded stays in force until they are fixed',
    'terms.yaml 4:4-4:10 error schema: concepts[0]: unknown field "colour"',
    'terms.yaml 7:14-7:26 error schema: concepts[0].category: must be string',
  ]);
  assert.deepEqual(tags(badSchema, '产业集群'), ['产业集群=industrial-clusters'], 'still the version of two builds ago');
  // Without a previous good version, the file contributes nothing, and the shipped lexicon still works.
  const fresh = build([lex(WS, 'workspace', 'version: 1\nconcepts: [\n')]);
  assert.equal(fresh.problems[0].code, 'yaml-syntax');
  assert.deepEqual(tags(fresh, '数据要素'), ['数据要素=data-elements']);
});

test('source references, categories and paths are checked against the cited source and its frame', () => {
  const text = `version: 1
concepts:
  - id: chain-leaders
    term: 链长制
    category: chain
    paths: [clustering, tech-breakthrough]
    source: cluster-notes#s2-1-p1
  - id: pilot-bases
    term: 中试基地
    category: industries
    source: { id: cluster-notes, defines: s2-1-2-p1, discusses: [s9-p1] }
  - id: lost
    term: 无源概念
    source: nowhere#p1
  - id: plain
    term: 空间规划
`;
  const b = build([lex(WS, 'workspace', text)], [NOTES]);
  assert.deepEqual(shown(b), [
    'terms.yaml 5:24-5:41 error unknown-path: path "tech-breakthrough" is not in the frame of source "cluster-notes" (clustering); ignored',
    'terms.yaml 9:14-9:24 error unknown-category: category "industries" is not in the frame of source "cluster-notes" (chain, space, other); shown as "other"',
    'terms.yaml 10:65-10:70 error unknown-anchor: "s9-p1" is not a paragraph anchor of source "cluster-notes"',
    'terms.yaml 13:12-13:22 error unknown-source: unknown source "nowhere" (loaded sources: zhu, cluster-notes); the concept is kept without a source',
  ]);
  const e = b.engine;
  const leaders = e.concept('chain-leaders')!;
  assert.deepEqual(e.categoryLabel(leaders), { zh: '产业链', en: 'Industrial chains' });
  assert.deepEqual(leaders.paths, ['clustering']);
  assert.deepEqual(e.pathLabel(leaders, 'clustering'), { zh: '集群化发展', en: 'Cluster development' });
  assert.equal(e.definingParagraph(leaders)?.paragraph.text, '由龙头企业带动上下游配套企业就近布局。');
  assert.equal(e.sourceOf(leaders)?.meta.title, '产业集群工作笔记');
  assert.deepEqual(e.concept('pilot-bases')?.source, { id: 'cluster-notes', defines: 's2-1-2-p1', discusses: [] });
  assert.equal(e.concept('pilot-bases')?.category, 'other');
  assert.equal(e.concept('lost')?.source, undefined);
  assert.equal(e.concept('plain')?.category, 'other');
  assert.deepEqual(e.categoryLabel(e.concept('plain')!), { zh: '其他', en: 'Other' });
  assert.deepEqual(e.sources.map((s) => s.id), ['zhu', 'cluster-notes']);
  assert.equal(e.source('cluster-notes')?.uri, NOTES.uri);
});

test('a source file that is broken keeps its last good version; a duplicate source id is reported', () => {
  const cite = lex(WS, 'workspace', 'version: 1\nconcepts:\n  - id: chain-leaders\n    term: 链长制\n    source: cluster-notes#s2-1-p1\n');
  const good = build([cite], [NOTES]);
  assert.deepEqual(shown(good), []);
  const broken = build([cite], [{ uri: NOTES.uri, text: NOTES.text.replace('id: cluster-notes', 'id: [') }], good);
  assert.deepEqual(shown(broken).map((s) => s.replace(/: .*$/, '')), ['notes.md 0:0-0:0 warning kept-last-good', 'notes.md 2:0-2:1 error yaml-syntax']);
  assert.equal(broken.engine.definingParagraph(broken.engine.concept('chain-leaders')!)?.paragraph.anchor, 's2-1-p1');
  const twice = build([], [NOTES, { uri: 'file:///w/copy.md', text: NOTES.text }, { uri: 'file:///w/zhu.md', text: '---\nid: zhu\ntitle: T\n---\n' }]);
  assert.deepEqual(shown(twice), [
    'copy.md 1:0-1:17 error duplicate-source: source id "cluster-notes" is already used by file:///w/notes.md; this source is ignored',
    'zhu.md 1:0-1:7 error duplicate-source: source id "zhu" is already used by the shipped paper; this source is ignored',
  ]);
});

test('rebuilding with unchanged files reuses the parse and the matcher', () => {
  const a = build([lex(WS, 'workspace', CLUSTERS)]);
  const b = build([lex(WS, 'workspace', CLUSTERS)], [], a);
  assert.equal(b.engine.matcher, a.engine.matcher);
  const c = build([lex(WS, 'workspace', CLUSTERS.replace('产业群', '产业圈'))], [], b);
  assert.notEqual(c.engine.matcher, b.engine.matcher);
  assert.notEqual(c.engine.signature, b.engine.signature);
  assert.deepEqual(tags(c, '产业群产业圈'), ['产业圈=industrial-clusters']);
});

test('disabling an id no lexicon has is a warning at the id; unknown broader ids are dropped', () => {
  const b = build([lex(WS, 'workspace', 'version: 1\nconcepts:\n  - id: no-such-concept\n    disabled: true\n  - id: a\n    term: 甲乙丙\n    broader: [data-elements, nope]\n')]);
  assert.deepEqual(shown(b), [
    'terms.yaml 2:8-2:23 warning disable-unknown: "no-such-concept" turns off no loaded concept (no earlier lexicon has this id)',
    'terms.yaml 6:29-6:33 warning unknown-concept: broader: "nope" is no loaded concept (or is this one); ignored',
  ]);
  assert.deepEqual(b.engine.concept('a')?.broader, ['data-elements']);
});

test('the user-lexicon schema: valid draft-07, accepts the shipped lexicon and a minimal entry, and is contributed to yamlValidation', async () => {
  const { default: Ajv } = await import('ajv');
  const { parse } = await import('yaml');
  const schema = JSON.parse(readFileSync(join(ROOT, 'server/data/user-lexicon.schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  const validate = ajv.compile(schema);
  assert.equal(validate(parse(readFileSync(join(ROOT, 'server/data/lexicon.yaml'), 'utf8'))), true, JSON.stringify(validate.errors));
  const minimal = { version: 1, concepts: [{ id: 'industrial-clusters', term: '产业集群', source: 'zhu#s2-3-p1', definition: '同一领域企业的集聚。', specs: [{ text: '推动产业集群发展', tags: ['产业集群'] }, { text: '集群化', tags: [] }] }, { id: 'data-elements', disabled: true }] };
  assert.equal(validate(minimal), true, JSON.stringify(validate.errors));
  assert.equal(validate({ version: 1, concepts: [{ id: 'x' }] }), false, 'a concept that is not disabled needs a term');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { yamlValidation: { fileMatch: string[]; url: string }[] } };
  assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: ['**/.policy-lens/*.yaml', '**/*.policy-lens.yaml'], url: './server/data/user-lexicon.schema.json' }]);
});
