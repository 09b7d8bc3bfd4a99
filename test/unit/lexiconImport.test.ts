/**
 * `policy-lens import`: prh, Contextive and cntext dictionaries as policy-lens lexicons, on inline
 * inputs with the exact resulting text; the CLI on the sample files in test/fixtures/import/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDictionary, detectFormat } from '../../server/src/core/lexicon/import/index';
import { expandRegex } from '../../server/src/core/lexicon/import/prh';
import { slugOf, uniqueSlug } from '../../server/src/core/lexicon/import/slug';
import { userSchemaLine } from '../../server/src/core/lexicon/import/common';
import { main } from '../../server/src/cli/main';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('slugs: pinyin syllables for Chinese, words for English, unique', () => {
  assert.equal(slugOf('产业集群'), 'chan-ye-ji-qun');
  assert.equal(slugOf('5G应用'), '5g-ying-yong');
  assert.equal(slugOf('Low-Altitude  Economy'), 'low-altitude-economy');
  assert.equal(slugOf('绿色'), 'lv-se');
  assert.equal(slugOf('！？'), 'concept');
  assert.equal(uniqueSlug('中试', new Set(['zhong-shi', 'zhong-shi-2'])), 'zhong-shi-3');
  assert.equal(uniqueSlug('低空经济', new Set(), 'low-altitude-economy'), 'low-altitude-economy');
});

test('prh regular expressions: finite word lists are spelled out, anything else says why', () => {
  assert.deepEqual(expandRegex('中试(验证)?平台'), ['中试验证平台', '中试平台']);
  assert.deepEqual(expandRegex('(?:产业|企业)集群'), ['产业集群', '企业集群']);
  assert.deepEqual(expandRegex('新动能|新动力'), ['新动能', '新动力']);
  assert.deepEqual(expandRegex('概念\\.验证'), ['概念.验证']);
  assert.equal(expandRegex('概念[验检]证'), 'a character class');
  assert.equal(expandRegex('产业.*'), 'the wildcard .');
  assert.equal(expandRegex('集群+'), 'the quantifier +');
  assert.equal(expandRegex('(?<=发展)集群'), 'lookarounds and named groups');
  assert.equal(expandRegex('\\d+号'), 'the escape \\d');
  assert.equal(expandRegex('(甲)?'), 'it matches the empty string');
});

test('a prh dictionary: expected → term, patterns → synonyms, specs from both sides, regexes that are no word list reported', () => {
  const prh = [
    'version: 1',
    'rules:',
    '  - expected: 产业集群',
    '    pattern: 产业群',
    '    prh: 统一用“产业集群”',
    '    specs:',
    '      - from: 发展产业群',
    '        to: 发展产业集群',
    '  - expected: 中试',
    "    patterns: [中间试验, /中试(验证)?平台/, '/中[间]试/']",
    '  - expected: $1经济',
    '    pattern: /(低空|银发)经济/',
    '  - expected: jQuery',
    '',
  ].join('\n');
  const r = importDictionary('prh.yml', prh);
  assert.equal(r.format, 'prh');
  assert.equal(
    r.text,
    [
      userSchemaLine(),
      '# Imported by `policy-lens import` from prh.yml (a prh dictionary).',
      '# Ids are pinyin slugs of the terms: keep them once documents and settings refer to them.',
      'version: 1',
      'concepts:',
      '  # prh rule 1: 产业集群 ← 产业群',
      '  # prh: 统一用“产业集群”',
      '  - id: chan-ye-ji-qun',
      '    term: 产业集群',
      '    aliases:',
      '      synonym: [产业群]',
      '    specs:',
      '      - {text: 发展产业群, tags: [产业群]}',
      '      - {text: 发展产业集群, tags: [产业集群]}',
      '',
      '  # prh rule 2: 中试 ← 中间试验, /中试(验证)?平台/, /中[间]试/',
      '  - id: zhong-shi',
      '    term: 中试',
      '    aliases:',
      '      synonym: [中间试验, 中试验证平台, 中试平台]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(r.problems, [
    { line: 10, column: 15, message: 'rule “中试”: the pattern /中[间]试/ cannot be turned into a list of words (a character class): left out' },
    { line: 11, column: 5, message: 'rule “$1经济”: `expected` refers to a capture of its regular expression, which names no single term: left out' },
    { line: 13, column: 5, message: 'rule “jQuery”: the expected wording has no Chinese characters (a policy-lens term is Chinese): left out' },
  ]);
});

test('a Contextive glossary: names, aliases (never synonyms), definitions, examples naming the term as specs', () => {
  const glossary = [
    'contexts:',
    '  - name: 产业政策',
    '    domainVisionStatement: 起草产业政策时统一使用的术语。',
    '    paths: [drafts/**]',
    '    terms:',
    '      - name: 先进制造业',
    '        definition: 采用先进技术和工艺的制造业。',
    '        aliases: [高端制造业, advanced manufacturing]',
    '        examples: [加快发展先进制造业, 制造业提质增效]',
    '      - name: low-altitude economy',
    '        aliases: [低空经济]',
    '      - name: Bounded Context',
    '',
  ].join('\n');
  const r = importDictionary('team.glossary.yml', glossary);
  assert.equal(r.format, 'contextive');
  assert.equal(
    r.text,
    [
      userSchemaLine(),
      '# Imported by `policy-lens import` from team.glossary.yml (a Contextive glossary).',
      '# Contextive context “产业政策”: 起草产业政策时统一使用的术语。',
      '# (its paths drafts/** are not imported: a lexicon in .policy-lens/ applies to its folder and below)',
      '# Ids are pinyin slugs of the terms: keep them once documents and settings refer to them.',
      'version: 1',
      'concepts:',
      '  # Contextive: 产业政策 › 先进制造业',
      '  # example (names none of its forms): 制造业提质增效',
      '  - id: advanced-manufacturing',
      '    term: 先进制造业',
      '    en: advanced manufacturing',
      '    aliases:',
      '      alternative: [高端制造业]',
      '    definition:',
      '      zh: 采用先进技术和工艺的制造业。',
      '    specs:',
      '      - {text: 加快发展先进制造业, tags: [先进制造业]}',
      '',
      '  # Contextive: 产业政策 › low-altitude economy',
      '  - id: low-altitude-economy',
      '    term: 低空经济',
      '    en: low-altitude economy',
      '',
    ].join('\n'),
  );
  assert.deepEqual(r.problems, [{ line: 12, column: 9, message: 'the term “Bounded Context” of “产业政策” has no Chinese name or alias (a policy-lens term is Chinese): left out' }]);
});

test('a cntext dictionary: every Chinese word a concept, its category a comment; forms the shipped lexicon has are left out', () => {
  const dict = ['Name: 新兴产业词典', 'Desc: 测试用', 'Category: [产业]', 'Dictionary:', '  产业: [低空经济, 数据要素, 低空经济, AI]', ''].join('\n');
  const r = importDictionary('emerging.yaml', dict, { knownForm: (f) => (f === '数据要素' ? 'data-elements' : undefined), takenIds: new Set(['di-kong-jing-ji']) });
  assert.equal(r.format, 'cntext');
  assert.equal(
    r.text,
    [
      userSchemaLine(),
      '# Imported by `policy-lens import` from emerging.yaml (a cntext YAML dictionary).',
      '# cntext Name: 新兴产业词典',
      '# cntext Desc: 测试用',
      '# Ids are pinyin slugs of the terms: keep them once documents and settings refer to them.',
      'version: 1',
      'concepts:',
      '  # cntext category: 产业',
      '  - id: di-kong-jing-ji-2',
      '    term: 低空经济',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    r.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
    [
      '5:14 “数据要素” is left out: it is already a form of the concept data-elements',
      '5:20 “低空经济” is left out: it is already a form of the concept di-kong-jing-ji-2',
      '5:26 1 word(s) without Chinese characters left out (a policy-lens term is Chinese): AI',
    ],
  );
});

test('the format is told by the name, then by the keys; anything else is refused with a reason', () => {
  assert.equal(detectFormat('x/prh.yml', ''), 'prh');
  assert.equal(detectFormat('a.glossary.yml', ''), 'contextive');
  assert.equal(detectFormat('words.yaml', 'Dictionary: {a: [b]}'), 'cntext');
  assert.equal(detectFormat('words.yaml', 'rules: []'), 'prh');
  assert.equal(detectFormat('words.yaml', 'foo: 1'), undefined);
  assert.throws(() => importDictionary('words.yaml', 'foo: 1'), /is not a prh dictionary \(rules:\), a Contextive glossary/);
  assert.throws(() => importDictionary('prh.yml', 'rules: [\n'), /not valid YAML/);
});

test('CLI: import each sample file to standard output, problems on standard error with file:line:col', async () => {
  const prh = await run(['import', join(FIXTURES, 'prh.yml')]);
  assert.equal(prh.code, 0, prh.err);
  assert.match(prh.out, /^# yaml-language-server: \$schema=/);
  assert.match(prh.out, /  - id: chan-ye-ji-qun\n    term: 产业集群\n/);
  assert.match(prh.err, /prh\.yml:17:14: rule “概念验证”: the pattern \/概念\[验检\]证\/ cannot be turned into a list of words \(a character class\): left out\n/);
  // The shipped lexicon's forms stay its own.
  assert.match(prh.err, /prh\.yml:22:5: the form “新质生产力” of “新动能” is left out: it is already a form of the concept new-quality-productive-forces\n/);
  assert.match(prh.err, /policy-lens: 4 concept\(s\) imported from .*prh\.yml \(prh\); 5 thing\(s\) not imported as written, listed above\n$/);
  const ctx = await run(['import', join(FIXTURES, 'policy.glossary.yml')]);
  assert.equal(ctx.code, 0, ctx.err);
  assert.match(ctx.out, /  - id: advanced-manufacturing\n    term: 先进制造业\n/);
  const cn = await run(['import', '--from', 'cntext', join(FIXTURES, 'emerging.yml')]);
  assert.equal(cn.code, 0, cn.err);
  assert.match(cn.out, /  - id: sheng-wu-zhi-zao\n    term: 生物制造\n/);
  // The category once, above its first word.
  assert.equal(cn.out.split('# cntext category: 产业\n').length, 2);
  assert.match(cn.err, /emerging\.yml:12:7: “数据要素” is left out: it is already a form of the concept data-elements/);
});

test('CLI: -o never replaces an existing file without --force, nor an input even with it; the result passes check-lexicon', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-lens-import-'));
  const input = join(dir, 'prh.yml');
  writeFileSync(input, readFileSync(join(FIXTURES, 'prh.yml')));
  const out = join(dir, 'lexicon.yaml');
  const first = await run(['import', input, '-o', out]);
  assert.equal(first.code, 0, first.err);
  // Written to a file: the schema named relative to it.
  assert.equal(readFileSync(out, 'utf8').split('\n')[0], userSchemaLine(dir));
  assert.match(userSchemaLine(dir), /^# yaml-language-server: \$schema=(\.\.\/)+.*server\/data\/user-lexicon\.schema\.json$/);
  assert.match(first.err, /; wrote .*lexicon\.yaml\n$/);
  writeFileSync(out, '# mine\n');
  const again = await run(['import', input, '-o', out]);
  assert.equal(again.code, 2);
  assert.match(again.err, /lexicon\.yaml exists; pass --force to replace it/);
  assert.equal(readFileSync(out, 'utf8'), '# mine\n');
  const forced = await run(['import', input, '-o', out, '--force']);
  assert.equal(forced.code, 0, forced.err);
  const overInput = await run(['import', input, '-o', input, '--force']);
  assert.equal(overInput.code, 2);
  assert.match(overInput.err, /it is one of the input files/);
  assert.match(readFileSync(input, 'utf8'), /^# A small prh dictionary/);
  const checked = await run(['check-lexicon', out]);
  assert.equal(checked.code, 0, checked.out + checked.err);
  assert.equal(existsSync(join(dir, 'nothing.yml')), false);
  const missing = await run(['import', join(dir, 'nothing.yml')]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /nothing\.yml: no such file/);
  const usage = await run(['import']);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /import needs a FILE/);
  const notDict = await run(['import', join(ROOT, 'package.json')]);
  assert.equal(notDict.code, 1);
  assert.match(notDict.err, /is not a prh dictionary/);
});
