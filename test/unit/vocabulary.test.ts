/**
 * The vocabulary real documents use (issue 13): official names of the paper's concepts are tagged as
 * them, and senses that are not the paper's are not (notWithin). Found in the real-document corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedEngine } from '../../server/src/core/engine';

/** Each tag as `text=concept-id:kind`. */
const tags = (text: string) => sharedEngine().annotate(text).occurrences.map((o) => `${text.slice(o.start, o.end)}=${o.concept.id}:${o.kind}`);

test('official names of the paper\'s concepts are tagged as those concepts, never as variants to correct', () => {
  assert.deepEqual(tags('量子科技产业链集聚企业，专精特新“小巨人”450家。'), ['量子科技=quantum-information-technology:official', '产业链=industrial-chain:term', '专精特新=srdi:term', '“小巨人”=little-giant-enterprises:official']);
  assert.deepEqual(tags('支持科技领军企业牵头组建创新联合体，行业领军企业、链主企业，农业科技创新联盟。'), [
    '科技领军企业=leading-enterprises:official', '创新联合体=innovation-alliances:official', '领军企业=leading-enterprises:official',
    '链主企业=leading-enterprises:official', '科技创新联盟=innovation-alliances:official',
  ]);
  assert.deepEqual(tags('新一代信息技术产业，产业深度转型升级，启动实施颠覆性技术创新项目。'), [
    '新一代信息技术=digital-technologies:official', '产业深度转型升级=industrial-upgrading:official', '颠覆性技术创新=disruptive-innovation:official',
  ]);
});

test('broader or narrower terms are concepts of their own', () => {
  assert.deepEqual(tags('培育新兴产业，突破核心技术和关键技术，建设新型基础设施（新基建）。'), [
    '新兴产业=emerging-industries:term', '核心技术=core-technologies:term', '关键技术=key-technologies:term',
    '新型基础设施=new-infrastructure:term', '新基建=new-infrastructure:abbreviation',
  ]);
  assert.deepEqual(tags('战略性新兴产业与关键核心技术'), ['战略性新兴产业=strategic-emerging-industries:term', '关键核心技术=key-core-technologies:term']);
});

test('senses that are not the paper\'s are not tagged (notWithin)', () => {
  assert.deepEqual(tags('建设国家重大科技基础设施集群、重大科研基础设施、科教基础设施和科学技术普及基础设施。'), []);
  assert.deepEqual(tags('市科技创新部门应当支持。国家区域医疗中心引入新技术新项目874项。'), []);
  // The paper's senses stay: 基础设施, 科技创新, 新技术 on their own.
  assert.deepEqual(tags('优化基础设施，加强科技创新，应用新技术。'), ['基础设施=infrastructure:term', '科技创新=sci-tech-innovation:term', '新技术=new-technology:term']);
});
