/** prh-style specs ({ text, tags }) run through an engine, and `policy-lens check-lexicon`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSpecs, checkSpecs, specProblems } from '../../server/src/core/lexicon/specs';
import { testEngine } from './helpers';
import { main } from '../../server/src/cli/main';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const LEXICON = [
  'version: 1',
  'concepts:',
  '  - id: zhong-shi',
  '    term: 中试',
  '    specs:',
  '      - { text: 建设中试平台, tags: [中试] }',
  '      - { text: 中试验证, tags: [] }',
  '      - text: 推进中试和中试熟化',
  '        tags: [中试, 中试]',
  '      - { tags: [中试] }',
  '  - id: industrial-clusters',
  '    term: 产业集群',
  '    specs: [{ text: 先进制造业集群, tags: [产业集群] }, { text: 数据要素市场, tags: [数据要素] }]',
  '',
].join('\n');

const engine = testEngine({
  'zhong-shi': { term: '中试' },
  'industrial-clusters': { term: '产业集群' },
  'data-elements': { term: '数据要素' },
});

test('specs are read with their positions; one without text is a problem', () => {
  const { specs, problems } = readSpecs('file:///l.yaml', LEXICON);
  assert.deepEqual(
    specs.map((s) => [s.conceptId, s.text, s.tags, s.range]),
    [
      ['zhong-shi', '建设中试平台', ['中试'], { start: { line: 5, character: 8 }, end: { line: 5, character: 36 } }],
      ['zhong-shi', '中试验证', [], { start: { line: 6, character: 8 }, end: { line: 6, character: 32 } }],
      ['zhong-shi', '推进中试和中试熟化', ['中试', '中试'], { start: { line: 7, character: 8 }, end: { line: 8, character: 22 } }],
      ['industrial-clusters', '先进制造业集群', ['产业集群'], { start: { line: 12, character: 12 }, end: { line: 12, character: 43 } }],
      ['industrial-clusters', '数据要素市场', ['数据要素'], { start: { line: 12, character: 45 }, end: { line: 12, character: 75 } }],
    ],
  );
  assert.deepEqual(problems, [
    {
      uri: 'file:///l.yaml',
      range: { start: { line: 9, character: 8 }, end: { line: 9, character: 22 } },
      severity: 'error',
      code: 'spec-invalid',
      conceptId: 'zhong-shi',
      message: 'a spec of zhong-shi needs a text: { text: 推动产业集群发展, tags: [产业集群] }',
      messageZh: 'zhong-shi 的 spec 缺少 text，例如 { text: 推动产业集群发展, tags: [产业集群] }',
    },
  ]);
});

test('a spec fails when the concept tags other forms than listed, and names the concept that took a listed form', () => {
  const { specs } = readSpecs('file:///l.yaml', LEXICON);
  const problems = checkSpecs('file:///l.yaml', specs, engine);
  assert.deepEqual(
    problems.map((p) => [p.range.start.line, p.code, p.message, p.messageZh]),
    [
      [6, 'spec-failed', 'spec of 中试 (zhong-shi) fails on “中试验证”: expected —, tagged 「中试」', '「中试」（zhong-shi）的 spec 未通过：“中试验证”应标注 —，实际标注 「中试」'],
      [12, 'spec-failed', 'spec of 产业集群 (industrial-clusters) fails on “先进制造业集群”: expected 「产业集群」, tagged —', '「产业集群」（industrial-clusters）的 spec 未通过：“先进制造业集群”应标注 「产业集群」，实际标注 —'],
      [
        12,
        'spec-failed',
        'spec of 产业集群 (industrial-clusters) fails on “数据要素市场”: expected 「数据要素」, tagged —; 「数据要素」 is tagged as 数据要素 (data-elements)',
        '「产业集群」（industrial-clusters）的 spec 未通过：“数据要素市场”应标注 「数据要素」，实际标注 —；「数据要素」被标注为「数据要素」（data-elements）',
      ],
    ],
  );
  // Specs of a concept the engine does not have (turned off) are not run.
  assert.deepEqual(checkSpecs('u', specs, testEngine({ 'data-elements': { term: '数据要素' } })), []);
  assert.equal(specProblems('u', LEXICON, engine).length, 4);
});

test('check-lexicon: text lines file:line:col, JSON, exit 1 on a problem and 0 when clean', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-lens-check-lexicon-'));
  const good = join(dir, 'good.yaml');
  writeFileSync(good, 'version: 1\nconcepts:\n  - id: zhong-shi\n    term: 中试\n    specs:\n      - { text: 建设中试平台, tags: [中试] }\n      - { text: 数据要素市场, tags: [] }\n');
  const clean = await run(['check-lexicon', good]);
  assert.equal(clean.code, 0, clean.out + clean.err);
  assert.equal(clean.out, '');
  assert.match(clean.err, /1 lexicon file\(s\), no problems/);

  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'version: 1\nconcepts:\n  - id: zhong-shi\n    term: 中试\n    specs:\n      - { text: 中试验证, tags: [] }\n  - id: mine\n    term: 数据要素\n');
  const text = await run(['check-lexicon', good, bad]);
  assert.equal(text.code, 1);
  assert.equal(
    text.out,
    `${bad}:6:9: error: spec of 中试 (zhong-shi) fails on “中试验证”: expected —, tagged 「中试」 / 「中试」（zhong-shi）的 spec 未通过：“中试验证”应标注 —，实际标注 「中试」\n` +
      `${bad}:8:11: error: "数据要素" is already a surface form of concept "data-elements" (the shipped lexicon); it is not tagged as "mine" / “数据要素”已是概念“data-elements”（内置词表）的词形，不会标注为“mine”\n`,
  );
  assert.match(text.err, /2 problem\(s\) in 1 lexicon file\(s\)/);

  const specFails = join(dir, 'spec.yaml');
  writeFileSync(specFails, 'version: 1\nconcepts:\n  - id: zhong-shi\n    term: 中试\n    specs:\n      - { text: 中试验证, tags: [] }\n');
  const json = await run(['check-lexicon', '--format', 'json', specFails]);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.out), {
    files: [
      {
        path: specFails,
        problems: [
          {
            line: 6,
            column: 9,
            endLine: 6,
            endColumn: 33,
            severity: 'error',
            code: 'spec-failed',
            message: 'spec of 中试 (zhong-shi) fails on “中试验证”: expected —, tagged 「中试」',
            messageZh: '「中试」（zhong-shi）的 spec 未通过：“中试验证”应标注 —，实际标注 「中试」',
          },
        ],
      },
    ],
  });

  const broken = join(dir, 'broken.yaml');
  writeFileSync(broken, 'version: 1\nconcepts:\n  - id: [\n');
  const syntax = await run(['check-lexicon', broken]);
  assert.equal(syntax.code, 1);
  assert.match(syntax.out, /broken\.yaml:4:1: error: YAML syntax: .* \/ YAML 语法错误：/);

  assert.equal((await run(['check-lexicon'])).code, 2);
  assert.equal((await run(['check-lexicon', join(dir, 'missing.yaml')])).code, 2);
});

test('buildEngine reports failed specs among the load problems, at the spec', async () => {
  const { buildEngine } = await import('../../server/src/core/lexicon/layers');
  const uri = 'file:///ws/.policy-lens/lexicon.yaml';
  const text = 'version: 1\nconcepts:\n  - id: zhong-shi\n    term: 中试\n    notWithin: [集中试点]\n    specs:\n      - { text: 建设中试平台, tags: [中试] }\n      - { text: 开展集中试点, tags: [] }\n      - { text: 中试验证, tags: [] }\n';
  const build = buildEngine({ lexicons: [{ uri, text, kind: 'workspace' }], sources: [] });
  assert.deepEqual(build.problems, [
    {
      uri,
      range: { start: { line: 8, character: 8 }, end: { line: 8, character: 32 } },
      severity: 'error',
      code: 'spec-failed',
      message: 'spec of 中试 (zhong-shi) fails on “中试验证”: expected —, tagged 「中试」',
      messageZh: '「中试」（zhong-shi）的 spec 未通过：“中试验证”应标注 —，实际标注 「中试」',
    },
  ]);
  // Fixed, the next build has no problem.
  const fixed = buildEngine({ lexicons: [{ uri, text: text.replace('{ text: 中试验证, tags: [] }', '{ text: 中试验证, tags: [中试] }'), kind: 'workspace' }], sources: [] }, build);
  assert.deepEqual(fixed.problems, []);
  // Broken, the last good version stays in force, and its specs (whose ranges are of the old text) are not reported again.
  const broken = buildEngine({ lexicons: [{ uri, text: 'concepts: [\n', kind: 'workspace' }], sources: [] }, build);
  assert.deepEqual(broken.problems.map((p) => p.code).sort(), ['kept-last-good', 'yaml-syntax']);
});
