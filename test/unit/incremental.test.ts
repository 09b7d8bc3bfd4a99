import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConceptDocument } from '../../server/src/core/document';
import { engine } from './helpers';
import { checkIncremental, summary } from '../support/editFuzz';

test('incremental updates equal a full annotation: targeted cases', () => {
  const cases: [string, string][] = [
    ['段落一\n\n加快数据要素流通\n\n段落三\n', '段落一\n\n加快数据要流通\n\n段落三\n'],
    ['段落一\n\n加快数据要流通\n\n段落三\n', '段落一\n\n加快数据要素流通\n\n段落三\n'],
    ['# 标题\n\n数据要素\n\n```\n代码\n```\n\n新质生产力\n', '# 标题\n\n```\n数据要素\n\n```\n代码\n```\n\n新质生产力\n'],
    ['- 一\n\n段落\n\n- 二 数据要素\n', '- 一\n\n\n\n- 二 数据要素\n'],
    ['数据要素\n\n新质生产力\n', '数据要素\n\n新质生产力\n\n产业数字化'],
    // Inside a fenced code block: content edits, and edits that make, unmake or swallow a fence line.
    ['```\n代码\n```\n\n数据要素\n', '```\n代码数据\n```\n\n数据要素\n'],
    ['```\n代码\n```\n\n数据要素\n', '```\n代码```\n\n数据要素\n'],
    ['```\n代码\n```\n\n数据要素\n', '```\n```\n代码\n```\n\n数据要素\n'],
    ['```\n代码\n\n```\n\n数据要素\n', '```\n代码\n~~~\n```\n\n数据要素\n'],
    ['~~~\n代码\n```\n~~~\n\n数据要素\n', '~~~\n代码\n``\n~~~\n\n数据要素\n'],
    ['```\n代码 数据要素\n', '```\n代码 数据要素\n\n新质生产力\n'],
    // A definition whose label runs over two lines: renaming it unlinks the reference above.
    ['引注[^注1]，数据要素。\n\n[\n^注1]: 注释\n', '引注[^注1]，数据要素。\n\n[\n^注颠覆1]: 注释\n'],
    ['见[数据要素]。\n\n[数据\\]要素]: https://x.cn\n', '见[数据要素]。\n\n[数据\\]要素x]: https://x.cn\n'],
    // A line break typed before backticks inside an open fence makes them a closing fence line.
    ['```\n代码\n加快培育数据```\n要素市场\n\n新质生产力\n', '```\n代码\n加快培育数据\n\n```\n要素市场\n\n新质生产力\n'],
    // …and deleting the break before a closing fence line unmakes it.
    ['```\n代码\n数据\n```\n要素市场\n\n新质生产力\n', '```\n代码\n数据```\n要素市场\n\n新质生产力\n'],
  ];
  for (const [before, after] of cases) {
    const incremental = new ConceptDocument(before, engine).update(after);
    assert.deepEqual(summary(incremental), summary(new ConceptDocument(after, engine)), JSON.stringify({ before, after }));
  }
});

test('incremental updates equal a full annotation: random edit sequences (fixed seed)', () => {
  // The benchmark runs the full 5,000 sequences; npm test runs a smaller, fixed sample.
  const failure = checkIncremental(engine, 20261127, 60, 8);
  assert.equal(failure, undefined, failure && `replay: ${JSON.stringify(failure)}`);
});

test('incremental updates: the spliced lists are dense and exact at the start, middle and end of a document', () => {
  // `spliced` allocates each list at its final length and fills it; a wrong length would leave holes
  // (or undefined items) that deepEqual with a fresh annotation, and these counts, catch.
  const before = '# 标题\n\n数据要素一\n\n- 新质生产力\n\n段落 数据要素\n\n> 引文 新质生产力\n\n尾段 数据要素\n';
  const edits: [number, number, string][] = [
    [before.indexOf('数据要素一'), 0, '数'],
    [before.indexOf('段落'), 2, ''],
    [before.indexOf('尾段') + 2, 0, '\n\n新段 数据要素'],
    [2, 0, '新'],
  ];
  for (const [at, remove, insert] of edits) {
    const after = before.slice(0, at) + insert + before.slice(at + remove);
    const doc = new ConceptDocument(before, engine).update(after);
    const fresh = new ConceptDocument(after, engine);
    assert.deepEqual(summary(doc), summary(fresh), JSON.stringify({ at, remove, insert }));
    for (const [name, list, want] of [['blocks', doc.blocks, fresh.blocks], ['prose', doc.prose, fresh.prose], ['headings', doc.headings, fresh.headings], ['occurrences', doc.occurrences, fresh.occurrences]] as const) {
      assert.equal(list.length, want.length, name);
      assert.equal(Object.keys(list).length, list.length, `${name}: no holes`);
      assert.ok((list as readonly unknown[]).every((x) => x !== undefined), `${name}: no undefined items`);
    }
  }
});
