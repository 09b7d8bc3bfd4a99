/**
 * Run-time derivation of traditional forms for user and workspace lexicons (derive.ts): a small
 * lexicon is converted through cut-down tries (only the dictionary entries its characters can reach)
 * instead of the full OpenCC tries, with the same output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedEngine } from '../../server/src/core/engine';
import {
  converterState,
  DERIVED_WITH,
  openccConverter,
  releaseConverters,
  runtimeConceptForms,
  smallConverter,
  traditionalForms,
  TWP_PHRASES_KEPT_LITERAL,
} from '../../server/src/core/lexicon/derive';

test('the small converters equal the full ones on shipped surface forms (every third) and tricky phrases', () => {
  // Every third form keeps the test quick (each small conversion scans the dictionaries); all of them agree too.
  const forms = sharedEngine().lexicon.concepts.flatMap((c) => [c.term, ...c.aliases, ...(c.notWithin ?? [])]).filter((_, i) => i % 3 === 0);
  const tricky = [...TWP_PHRASES_KEPT_LITERAL, '生产函数', '劳动对象', '知识溢出效应', '数据要素', '产业集群', '低空经济', '发展新质生产力', '后发优势', '干部', '里程碑', '𠮷野家'];
  for (const to of ['tw', 'twp', 'hk'] as const) {
    const small = smallConverter(to);
    const full = openccConverter(to);
    for (const t of [...forms, ...tricky]) assert.equal(small(t), full(t), `${to}: ${t}`);
  }
});

test('the derived forms of a workspace term are unchanged, and a small lexicon builds no full tries', () => {
  releaseConverters();
  assert.equal(converterState(), 'none');
  assert.deepEqual(runtimeConceptForms({ term: '产业集群', aliases: ['产业群'], notWithin: [] }), {
    traditional: ['產業集群', '產業叢集', '產業集羣', '產業群', '產業羣'],
    pinyin: 'chanyejiqun',
    initials: 'cyjq',
  });
  assert.deepEqual(runtimeConceptForms({ term: '低空经济', aliases: [] }), { traditional: ['低空經濟'], pinyin: 'dikongjingji', initials: 'dkjj' });
  assert.deepEqual(traditionalForms(['函数', '优化']), ['函數', '優化']);
  assert.equal(converterState(), 'small');
  releaseConverters();
});

test('a large lexicon switches to the full tries, with the same forms', () => {
  releaseConverters();
  const many = sharedEngine().lexicon.concepts.flatMap((c) => [c.term, ...c.aliases]);
  const viaBudget = traditionalForms(many);
  assert.equal(converterState(), 'full');
  releaseConverters();
  const full = openccConverter('tw');
  assert.ok(viaBudget.includes(full('新质生产力')));
  releaseConverters();
});

test('the derived-forms cache is keyed by the converters actually installed', () => {
  const version = (name: string) => (JSON.parse(readFileSync(join(__dirname, '../../node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(DERIVED_WITH, `opencc-js@${version('opencc-js')} pinyin-pro@${version('pinyin-pro')}`, 'a converter was upgraded: update DERIVED_WITH in derive.ts');
});
