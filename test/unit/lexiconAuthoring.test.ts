/** Authoring edits on inline lexicon texts: the exact text after each edit, comments and formatting kept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { addAliasEdit, addConceptEdit, AuthoringError, conceptEntryLine, conceptIdFor, conceptIdsIn, newLexiconText, type LexiconEdit } from '../../server/src/core/lexicon/authoring';
import { userSchemaLine } from '../../server/src/core/lexicon/import/common';

const apply = (text: string, e: LexiconEdit) => text.slice(0, e.start) + e.newText + text.slice(e.end);

const LEXICON = [
  '# yaml-language-server: $schema=./lexicon.schema.json',
  '# 团队词表：产业政策用语',
  'version: 1',
  'concepts:',
  '  # 来自 2026 年政府工作报告',
  '  - id: chan-ye-ji-qun',
  '    term: 产业集群   # 不要写成“产业群”',
  '    aliases:',
  '      synonym: [产业群]',
  '',
  '  - id: zhong-shi',
  "    term: '中试'",
  '    definition: { zh: 小批量试制。 }',
  '',
  '# 文件结束',
  '',
].join('\n');

test('a new concept goes after the last entry, indented and spaced like the others; comments stay', () => {
  const out = apply(LEXICON, addConceptEdit(LEXICON, { id: 'xin-ye-tai', term: '新业态' }));
  assert.equal(
    out,
    [
      '# yaml-language-server: $schema=./lexicon.schema.json',
      '# 团队词表：产业政策用语',
      'version: 1',
      'concepts:',
      '  # 来自 2026 年政府工作报告',
      '  - id: chan-ye-ji-qun',
      '    term: 产业集群   # 不要写成“产业群”',
      '    aliases:',
      '      synonym: [产业群]',
      '',
      '  - id: zhong-shi',
      "    term: '中试'",
      '    definition: { zh: 小批量试制。 }',
      '',
      '  - id: xin-ye-tai',
      '    term: 新业态',
      '',
      '# 文件结束',
      '',
    ].join('\n'),
  );
  assert.deepEqual(conceptIdsIn(out), ['chan-ye-ji-qun', 'zhong-shi', 'xin-ye-tai']);
});

test('a new concept in other shapes of file: no blank lines, no final newline, empty list, flow list, no list, empty file', () => {
  const add = (text: string) => apply(text, addConceptEdit(text, { id: 'zhong-shi', term: '中试' }));
  assert.equal(add('version: 1\nconcepts:\n- id: a\n  term: 甲\n- id: b\n  term: 乙'), 'version: 1\nconcepts:\n- id: a\n  term: 甲\n- id: b\n  term: 乙\n- id: zhong-shi\n  term: 中试\n');
  assert.equal(add('version: 1\nconcepts: []\n'), 'version: 1\nconcepts:\n  - id: zhong-shi\n    term: 中试\n');
  assert.equal(add('version: 1\nconcepts:\n# none yet\n'), 'version: 1\nconcepts:\n  - id: zhong-shi\n    term: 中试\n# none yet\n');
  assert.equal(add('version: 1\nconcepts: [{ id: a, term: 甲 }]\n'), 'version: 1\nconcepts: [{ id: a, term: 甲 }, { id: zhong-shi, term: 中试 }]\n');
  assert.equal(add('version: 1 # mine\n'), 'version: 1 # mine\nconcepts:\n  - id: zhong-shi\n    term: 中试\n');
  assert.equal(add('# only a comment\n'), '# only a comment\nversion: 1\nconcepts:\n  - id: zhong-shi\n    term: 中试\n');
  assert.equal(add(''), 'version: 1\nconcepts:\n  - id: zhong-shi\n    term: 中试\n');
});

test('terms that YAML would read otherwise are quoted', () => {
  const add = (term: string) => apply('concepts: []\n', addConceptEdit('concepts: []\n', { id: 'x', term }));
  assert.equal(add('“两新”'), 'concepts:\n  - id: x\n    term: “两新”\n');
  assert.equal(add('人工智能+'), 'concepts:\n  - id: x\n    term: 人工智能+\n');
  assert.equal(add('- 中试'), 'concepts:\n  - id: x\n    term: "- 中试"\n');
  assert.equal(add('5G: 应用'), 'concepts:\n  - id: x\n    term: "5G: 应用"\n');
  for (const term of ['“两新”', '人工智能+', '- 中试', '5G: 应用', 'null', '#标签']) {
    assert.equal((parse(add(term)) as { concepts: { term: string }[] }).concepts[0].term, term);
  }
});

test('a new file: the schema line, version and the one concept', () => {
  assert.equal(newLexiconText({ id: 'chan-ye-ji-qun', term: '产业集群' }), `${userSchemaLine()}\nversion: 1\nconcepts:\n  - id: chan-ye-ji-qun\n    term: 产业集群\n`);
});

test('an alias joins the list of its kind, in the style it is written in', () => {
  // A flow list: after its last form.
  assert.equal(
    apply(LEXICON, addAliasEdit(LEXICON, 'chan-ye-ji-qun', '产业集聚区')).split('\n')[8],
    '      synonym: [产业群, 产业集聚区]',
  );
  // A kind not yet there: a new line after the others.
  const official = apply(LEXICON, addAliasEdit(LEXICON, 'chan-ye-ji-qun', '先进制造业集群', 'official'));
  assert.equal(official.split('\n').slice(7, 11).join('\n'), '    aliases:\n      synonym: [产业群]\n      official: [先进制造业集群]\n');
  // No aliases yet: after the term, with the entry's indentation; the rest of the entry stays.
  const noAliases = apply(LEXICON, addAliasEdit(LEXICON, 'zhong-shi', '中间试验'));
  assert.equal(noAliases.split('\n').slice(10, 16).join('\n'), "  - id: zhong-shi\n    term: '中试'\n    aliases:\n      synonym: [中间试验]\n    definition: { zh: 小批量试制。 }\n");
  // Everything else in the file is unchanged.
  assert.equal(noAliases.replace('    aliases:\n      synonym: [中间试验]\n', ''), LEXICON);
});

test('aliases in other shapes: block lists, empty lists, flow maps, flow entries, an empty kind', () => {
  const add = (text: string, form = '产业群', kind?: 'official') => apply(text, addAliasEdit(text, 'a', form, kind));
  assert.equal(add('concepts:\n  - id: a\n    term: 甲\n    aliases:\n      synonym:\n        - 乙\n'), 'concepts:\n  - id: a\n    term: 甲\n    aliases:\n      synonym:\n        - 乙\n        - 产业群\n');
  assert.equal(add('concepts:\n  - id: a\n    term: 甲\n    aliases:\n      synonym: []\n'), 'concepts:\n  - id: a\n    term: 甲\n    aliases:\n      synonym: [产业群]\n');
  assert.equal(add('concepts:\n  - id: a\n    term: 甲\n    aliases: {}\n'), 'concepts:\n  - id: a\n    term: 甲\n    aliases: { synonym: [产业群] }\n');
  assert.equal(add('concepts:\n  - id: a\n    term: 甲\n    aliases: { official: [乙] }\n'), 'concepts:\n  - id: a\n    term: 甲\n    aliases: { official: [乙], synonym: [产业群] }\n');
  assert.equal(add('concepts:\n  - { id: a, term: 甲 }\n'), 'concepts:\n  - { id: a, term: 甲, aliases: { synonym: [产业群] } }\n');
  assert.equal(add('concepts:\n  - id: a\n    term: 甲\n    aliases:\n      synonym:\n'), 'concepts:\n  - id: a\n    term: 甲\n    aliases:\n      synonym: [产业群]\n');
  assert.equal(add('concepts:\n  - id: a\n    term: 甲\n    en: first\n    category: other\n'), 'concepts:\n  - id: a\n    term: 甲\n    en: first\n    aliases:\n      synonym: [产业群]\n    category: other\n');
  assert.equal(add('concepts:\n  - id: a\n    term: 甲\n    aliases: { synonym: [乙] }\n', 'a, b'), 'concepts:\n  - id: a\n    term: 甲\n    aliases: { synonym: [乙, "a, b"] }\n');
});

test('what can not be edited says why', () => {
  assert.throws(() => addAliasEdit(LEXICON, 'nope', '乙'), (e: unknown) => e instanceof AuthoringError && e.code === 'no-such-concept');
  assert.throws(() => addAliasEdit(LEXICON, 'chan-ye-ji-qun', '产业群'), (e: unknown) => e instanceof AuthoringError && e.code === 'already-there' && /“产业群” is already an alias \(synonym\) of chan-ye-ji-qun/.test(e.message));
  assert.throws(() => addConceptEdit('concepts: [\n', { id: 'a', term: '甲' }), (e: unknown) => e instanceof AuthoringError && e.code === 'yaml-errors');
  assert.throws(() => addConceptEdit('- a\n', { id: 'a', term: '甲' }), (e: unknown) => e instanceof AuthoringError && e.code === 'not-a-lexicon');
});

test('ids: pinyin slugs, unique; the line of an entry', () => {
  assert.equal(conceptIdFor('产业集群', (id) => id === 'chan-ye-ji-qun'), 'chan-ye-ji-qun-2');
  assert.equal(conceptIdFor('新业态', () => false), 'xin-ye-tai');
  assert.equal(conceptEntryLine(LEXICON, 'chan-ye-ji-qun'), 5);
  assert.equal(conceptEntryLine(LEXICON, 'zhong-shi'), 10);
  assert.equal(conceptEntryLine(LEXICON, 'nope'), undefined);
});

test('a file written with CRLF line breaks gets CRLF in what is added', () => {
  const crlf = 'version: 1\r\nconcepts:\r\n  - id: a\r\n    term: 甲\r\n';
  assert.equal(apply(crlf, addConceptEdit(crlf, { id: 'b', term: '乙' })), 'version: 1\r\nconcepts:\r\n  - id: a\r\n    term: 甲\r\n  - id: b\r\n    term: 乙\r\n');
  assert.equal(apply(crlf, addAliasEdit(crlf, 'a', '丙')), 'version: 1\r\nconcepts:\r\n  - id: a\r\n    term: 甲\r\n    aliases:\r\n      synonym: [丙]\r\n');
});
