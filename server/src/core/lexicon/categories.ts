import type { CategoryId, PathId } from './types';

/**
 * Display names of the shipped paper's frame, in both UI languages. The frame itself is data
 * (server/data/source/paper.source.yaml); test/unit/sources.test.ts keeps these equal to it. Code that
 * may meet a concept of another source reads `engine.categoryLabel(concept)` / `engine.pathLabel(…)`.
 */
export const CATEGORY_LABELS: Readonly<Record<CategoryId, { zh: string; en: string }>> = {
  foundation: { zh: '理论基础', en: 'Foundations' },
  technology: { zh: '新技术', en: 'New technology' },
  factors: { zh: '新要素', en: 'New factors' },
  industries: { zh: '新产业', en: 'New industries' },
};

export const PATH_LABELS: Readonly<Record<PathId, { zh: string; en: string }>> = {
  'tech-breakthrough': { zh: '路径一：关键核心技术攻坚突破', en: 'Path 1: breakthroughs in key core technologies' },
  'data-integration': { zh: '路径二：数据要素融合渗透', en: 'Path 2: integrating data elements' },
  'industry-cultivation': { zh: '路径三：培育战略性新兴产业和未来产业', en: 'Path 3: cultivating strategic emerging and future industries' },
};
