/**
 * The core consistency checker (a unified plugin over a ConceptDocument) and `policy-lens check`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { sharedEngine } from '../../server/src/core/engine';
import { checkConsistency, policyLensConsistency } from '../../server/src/core/check/consistency';
import { findQuotations } from '../../server/src/core/check/quotations';
import { main } from '../../server/src/cli/main';

/** Each message as `line:col-line:col actual→expected`. */
function report(text: string): string[] {
  return checkConsistency(sharedEngine().annotate(text)).map(
    (m) => `${m.place.start.line}:${m.place.start.column}-${m.place.end.line}:${m.place.end.column} ${m.actual}→${m.expected[0]}`,
  );
}

test('reports synonyms with place, ruleId, source, actual and expected, as retext-equality does', () => {
  const doc = sharedEngine().annotate('# 方案\n\n推动颠覆性创新。\n', 'draft.md');
  const [m] = checkConsistency(doc);
  assert.equal(m.ruleId, 'variant-term');
  assert.equal(m.source, 'policy-lens');
  assert.equal(m.actual, '颠覆性创新');
  assert.deepEqual(m.expected, ['颠覆式创新']);
  assert.deepEqual(m.place, { start: { line: 3, column: 3, offset: 8 }, end: { line: 3, column: 8, offset: 13 } });
  assert.equal(m.reason, '“颠覆性创新”是变体，论文的术语是“颠覆式创新” / “颠覆性创新” is a variant; the paper’s term is “颠覆式创新”');
  assert.equal(m.file, 'draft.md');
});

test('as a plugin in a unified pipeline, reading the document from file.data', () => {
  const doc = sharedEngine().annotate('颠覆性创新');
  const file = new VFile({ value: doc.text, data: { conceptDocument: doc } });
  unified().use(policyLensConsistency).runSync({ type: 'root' }, file);
  assert.deepEqual(file.messages.map((m) => `${m.ruleId} ${m.actual}`), ['variant-term 颠覆性创新']);
});

test('nothing inside quotation marks of any kind is reported', () => {
  assert.deepEqual(report('“颠覆性创新”‘颠覆性创新’「颠覆性创新」『颠覆性创新』《颠覆性创新》"颠覆性创新"，颠覆性创新。'), ['1:44-1:49 颠覆性创新→颠覆式创新']);
  // Nested: the inner quotation and the outer one both protect.
  assert.deepEqual(report('他说：“要抓‘颠覆性创新’，更要抓颠覆性创新。”'), []);
  // An unclosed mark quotes nothing past its paragraph.
  assert.deepEqual(report('“颠覆性\n\n颠覆性创新'), ['3:1-3:6 颠覆性创新→颠覆式创新']);
});

test('only synonyms: official wording, abbreviations, alternatives, translations, traditional forms and terms are not reported', () => {
  assert.deepEqual(
    report('颠覆性技术创新、新兴产业、核心技术、关键技术、新型基础设施、新基建、创新生态、数据产权登记、专精特新“小巨人”企业、“卡脖子”技术、聚焦产业“卡脖子”核心技术、量子科技、现代产业体系、新要素、优化经济结构、头部企业、TFP、disruptive technological innovation、顛覆性創新、颠覆式创新。'),
    [],
  );
  assert.deepEqual(report('创造性毁灭与战略新兴产业'), ['1:1-1:6 创造性毁灭→创造性破坏', '1:7-1:13 战略新兴产业→战略性新兴产业']);
});

test('a soft-wrapped synonym: actual keeps the line break and the block marker; the place spans both lines', () => {
  assert.deepEqual(report('> 推动颠覆性\n> 创新。'), ['1:5-2:5 颠覆性\n> 创新→颠覆式创新']);
});

test('findQuotations pairs each mark with its own closer and ignores a stray apostrophe', () => {
  assert.deepEqual(findQuotations('the paper’s “a‘b’c” 《d》'), [
    { start: 12, end: 19 },
    { start: 14, end: 17 },
    { start: 20, end: 23 },
  ]);
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('policy-lens check: file:line:col lines, exit 1 when something is reported, 0 when clean, 2 on usage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-lens-check-'));
  const bad = join(dir, 'bad.md');
  const good = join(dir, 'good.md');
  writeFileSync(bad, '# 方案\n\n推动颠覆性创新，“颠覆性创新”不算，颠覆性技术创新是官方表述。\n');
  writeFileSync(good, '坚持颠覆式创新，培育新兴产业。\n');
  assert.deepEqual(await run(['check', bad, good]), {
    code: 1,
    out: `${bad}:3:3  “颠覆性创新”是变体，论文的术语是“颠覆式创新” / “颠覆性创新” is a variant; the paper’s term is “颠覆式创新”\n`,
    err: 'policy-lens: 1 个文件中共 1 处变体 / 1 variant(s) in 1 file(s)\n',
  });
  assert.deepEqual(await run(['check', good]), { code: 0, out: '', err: '' });
  const json = await run(['check', '--format', 'json', bad]);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.out), {
    files: [
      {
        path: bad,
        messages: [
          {
            line: 3, column: 3, endLine: 3, endColumn: 8, start: 8, end: 13, ruleId: 'variant-term', source: 'policy-lens',
            message: '“颠覆性创新”是变体，论文的术语是“颠覆式创新” / “颠覆性创新” is a variant; the paper’s term is “颠覆式创新”',
            actual: '颠覆性创新', expected: ['颠覆式创新'], concept: { id: 'disruptive-innovation', term: '颠覆式创新' },
          },
        ],
      },
    ],
  });
  assert.equal((await run(['check'])).code, 2);
  assert.equal((await run(['check', '--format', 'table', good])).code, 2);
  assert.equal((await run(['check', '--fix', good])).code, 2);
  const missing = await run(['check', join(dir, 'missing.md')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /missing\.md: no such file/);
});

test('a variant of a user lexicon concept names the lexicon’s term, not the paper’s; the hover does the same for an official wording', async () => {
  const { buildEngine } = await import('../../server/src/core/lexicon/layers');
  const lexicon = [
    'version: 1',
    'concepts:',
    '  - id: industrial-clusters',
    '    term: 产业集群',
    '    en: industrial clusters',
    '    category: other',
    '    aliases: { synonym: [产业群], official: [先进制造业集群] }',
    '    definition: { zh: 企业在一定地域内的集中协作。 }',
    '',
  ].join('\n');
  const build = buildEngine({ lexicons: [{ uri: 'file:///ws/.policy-lens/lexicon.yaml', text: lexicon, kind: 'workspace' }], sources: [] });
  assert.deepEqual(build.problems, []);
  const doc = build.engine.annotate('培育产业群，推动颠覆性创新。\n', 'draft.md');
  assert.deepEqual(
    checkConsistency(doc).map((m) => m.reason),
    [
      '“产业群”是变体，术语表的术语是“产业集群” / “产业群” is a variant; the lexicon’s term is “产业集群”',
      '“颠覆性创新”是变体，论文的术语是“颠覆式创新” / “颠覆性创新” is a variant; the paper’s term is “颠覆式创新”',
    ],
  );
  const { createInMemoryContext } = await import('../../server/src/lsp/context');
  const { provideHover } = await import('../../server/src/lsp/features/hover');
  const uri = 'file:///ws/a.md';
  const ctx = createInMemoryContext({ engine: build.engine, documents: { [uri]: '建设先进制造业集群。\n' } });
  const hover = await provideHover(ctx, { textDocument: { uri }, position: { line: 0, character: 4 } });
  const value = (hover?.contents as { value: string }).value;
  assert.ok(value.includes('\n\n“先进制造业集群” is the official wording of 产业集群.\n'), value);
  assert.ok(!value.includes('the paper’s term'), value);
});
