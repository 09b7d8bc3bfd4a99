/**
 * The outline of every real official document in test/fixtures/real/ (read as a policy writer would:
 * chapters, their sections and numbered tasks; 一是, dash lists, an article's items and annex lists
 * are not headings). Counts per outline depth and the top-level names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedEngine } from '../../server/src/core/engine';
import { REAL_DIR } from '../support/realCorpus';

const EXPECTED: [string, number[], string[]][] = [
  ['anhui-2026-government-work-report.md', [3, 24], ['一、2025年工作和“十四五”发展回顾', '二、“十五五”时期主要目标和重大任务', '三、2026年重点工作']],
  ['beijing-digital-economy-regulation-2022.md', [9, 58], ['第一章 总则', '第二章 数字基础设施', '第三章 数据资源', '第四章 数字产业化', '第五章 产业数字化', '第六章 智慧城市建设', '第七章 数字经济安全', '第八章 保障措施', '第九章 附则']],
  ['beijing-international-innovation-center-regulation-2024.md', [7, 76], ['第一章 总则', '第二章 战略规划与建设布局', '第三章 创新主体与创新活动', '第四章 创新人才', '第五章 创新生态', '第六章 国际开放合作', '第七章 附则']],
  ['henan-2026-government-work-report.md', [3, 15], ['一、“十四五”时期和2025年工作回顾', '二、“十五五”时期主要目标任务', '三、2026年重点工作安排']],
  ['jiading-urban-renewal-implementing-opinions-2023.md', [6, 11, 20], ['一、指导思想', '二、基本原则', '三、适用范围', '四、操作流程', '五、主要职责', '六、保障机制']],
  ['jiangsu-2026-government-work-report.md', [3, 21], ['一、“十四五”时期和2025年工作回顾', '二、“十五五”时期工作总体要求和目标任务', '三、2026年重点工作']],
  ['shanghai-transport-photovoltaics-implementation-plan-2023.md', [6, 9, 25], ['一、总体要求', '二、主要任务', '三、保障措施', '附表1 任务分工表', '附表2 交通子行业“十四五”光伏建设分配表', '附表3 各区“十四五”交通光伏任务分配表']],
  ['shenzhen-ai-industry-regulation-2022.md', [7, 73], ['第一章 总则', '第二章 基础研究与技术开发', '第三章 产业基础设施建设', '第四章 应用场景拓展', '第五章 促进与保障', '第六章 治理原则与措施', '第七章 附则']],
  ['state-council-ai-plus-opinions-2025.md', [4, 14, 17], ['一、总体要求', '二、加快实施重点行动', '三、强化基础支撑能力', '四、组织实施']],
  ['state-council-office-private-investment-notice-2025.md', [13], ['一、对需报国家审批（核准）的具有一定收益的铁路、核电、水电、跨省跨区直流输电通道、油气管道…', '二、行业主管部门和各地方结合实际细化民间资本参与项目建设的具体要求…', '三、引导民间资本有序参与低空经济领域基础设施建设', '四、清理不合理的服务业经营主体准入限制，严禁在环保、卫生、安保、质检…', '五、规范实施政府和社会资本合作新机制，修订分类支持民营企业参与的特许经营项目清单，在特许经营方案…', '六、严格落实招标投标领域相关制度规定，严禁对民营企业违规设置设立分公司或子公司…', '七、进一步加大政府采购支持中小企业力度', '八、加强对网络型基础设施运行调度的监管，保障民营企业在电力并网运行、油气管网设施使用…', '九、围绕重点领域和重点产业链，鼓励支持民营企业加快建设一批具有较强行业带动力的重大中试平台…', '十、支持民营龙头企业、链主企业、第三方服务商建设综合性数字赋能平台，打通产业链供应链数据堵点…', '十一、加大中央预算内投资对符合条件民间投资项目的支持力度，积极发挥引导带动作用', '十二、用好支持小微企业融资协调工作机制', '十三、持续落实好突破关键核心技术科技型企业上市融资、并购重组“绿色通道”政策']],
];

test('the outline of each real document: headings per depth and the top-level names', () => {
  const files = readdirSync(REAL_DIR).filter((f) => f.endsWith('.md') && !/^[A-Z]/.test(f)).sort();
  assert.deepEqual(files, EXPECTED.map(([f]) => f), 'every document of the corpus has an expected outline');
  for (const [file, perDepth, top] of EXPECTED) {
    const doc = sharedEngine().annotate(readFileSync(join(REAL_DIR, file), 'utf8'));
    const counts: number[] = [];
    for (const h of doc.outline) counts[h.depth - 1] = (counts[h.depth - 1] ?? 0) + 1;
    assert.deepEqual(counts, perDepth, file);
    assert.deepEqual(doc.outline.filter((h) => h.depth === 1).map((h) => h.text), top, file);
  }
});
