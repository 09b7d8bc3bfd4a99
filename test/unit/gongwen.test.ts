/** The outline from Markdown headings and 公文 numbering (server/src/core/text/gongwen.ts), on inline documents. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConceptDocument } from '../../server/src/core/document';
import { CLOSERS, isCloser, mayStartNumber, parseNumber } from '../../server/src/core/text/gongwen';
import { engine } from './helpers';
import { checkOutlineEdits } from '../support/editFuzz';

/** The outline as a policy writer sees it: indented names with `line:char-line:char` ranges. */
function outline(text: string): string[] {
  const doc = new ConceptDocument(text, engine);
  return doc.outline.map((h) => {
    const r = doc.rangeOf(h);
    return `${'  '.repeat(h.depth - 1)}${h.text} @${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  });
}

test('公文 numbering at the start of a paragraph gives headings at their levels: 一、 → （一） → 1. → （1） → ①', () => {
  const text = ['一、总体要求', '', '（一）指导思想', '', '1.坚持创新驱动', '', '（1）加强基础研究', '', '①布局重大平台', '', '②建设实验室', '', '（2）推进成果转化', '', '2．强化企业主体', '', '3、优化创新生态', '', '（二）主要目标', '', '二、重点任务', ''].join('\n');
  assert.deepEqual(outline(text), [
    '一、总体要求 @0:0-0:6',
    '  （一）指导思想 @2:0-2:7',
    '    1.坚持创新驱动 @4:0-4:8',
    '      （1）加强基础研究 @6:0-6:9',
    '        ①布局重大平台 @8:0-8:7',
    '        ②建设实验室 @10:0-10:6',
    '      （2）推进成果转化 @12:0-12:9',
    '    2．强化企业主体 @14:0-14:8',
    '    3、优化创新生态 @16:0-16:8',
    '  （二）主要目标 @18:0-18:7',
    '二、重点任务 @20:0-20:6',
  ]);
  const doc = new ConceptDocument(text, engine);
  assert.deepEqual(doc.outline.map((h) => `${h.kind}:${h.level}`).slice(0, 5), ['gongwen:1', 'gongwen:2', 'gongwen:3', 'gongwen:4', 'gongwen:5']);
});

test('a number that opens a longer paragraph names the heading by its lead sentence, and the range covers just that', () => {
  const text = '（二）强化科技创新，建设现代化产业体系。以科技创新引领产业创新，培育数据要素市场。\n\n（三）深化改革开放；以改革激发活力。\n';
  assert.deepEqual(outline(text), ['（二）强化科技创新，建设现代化产业体系 @0:0-0:20', '（三）深化改革开放 @2:0-2:10']);
});

test('a lead sentence longer than LEAD_MAX is cut at a comma, with … in the name', () => {
  const lead = '对需报国家审批的具有一定收益的铁路、核电、水电、跨省跨区直流输电通道、油气管道等项目，按照规定程序研究论证，积极引入民间资本参与';
  const [h] = outline(`一、${lead}。其余正文。\n`);
  assert.equal(h, '一、对需报国家审批的具有一定收益的铁路、核电、水电、跨省跨区直流输电通道、油气管道等项目… @0:0-0:44');
});

test('a document that mixes # and 公文 numbering nests the numbers under the enclosing # heading', () => {
  const text = ['# 方案', '', '## 一、总体要求', '', '（一）指导思想。坚持新质生产力。', '', '（二）主要目标', '', '二、重点任务', '', '（一）攻关行动', '', '## 三、保障措施', '', '1. **加强组织领导。** 建立工作专班。', '2. **强化要素保障。** 加大投入。', ''].join('\n');
  assert.deepEqual(outline(text), [
    '方案 @0:0-0:4',
    '  一、总体要求 @2:0-2:9',
    '    （一）指导思想 @4:0-4:8',
    '    （二）主要目标 @6:0-6:7',
    // A paragraph 二、 after `## 一、` is its sibling.
    '  二、重点任务 @8:0-8:6',
    '    （一）攻关行动 @10:0-10:7',
    '  三、保障措施 @12:0-12:9',
    // The 公文 `1.` heading is a Markdown ordered list item here; its lead sentence is bold.
    '    1. 加强组织领导 @14:0-14:14',
    '    2. 强化要素保障 @15:0-15:14',
  ]);
});

test('regulations: 第X章 / 第X节 / 第X条, articles below the nearest 节 or 章; an article\'s （一）（二） are its items', () => {
  const text = [
    '第一章　总　则', '', '第一条　为了促进数据要素市场发展，制定本条例。', '', '第二条　市人民政府应当履行下列职责：', '', '（一）统筹规划；', '', '（二）组织协调。', '',
    '第二章　数据资源', '', '第一节　公共数据', '', '第三条　公共数据实行目录管理。', '', '**第四条**　公共数据依法开放。', '', '第五条规定的目录由市政府公布。', '',
  ].join('\n');
  assert.deepEqual(outline(text), [
    '第一章 总则 @0:0-0:7',
    '  第一条 为了促进数据要素市场发展，制定本条例 @2:0-2:23',
    '  第二条 市人民政府应当履行下列职责 @4:0-4:18',
    '第二章 数据资源 @10:0-10:8',
    '  第一节 公共数据 @12:0-12:8',
    '    第三条 公共数据实行目录管理 @14:0-14:15',
    '    第四条 公共数据依法开放 @16:2-16:17',
  ]);
  const doc = new ConceptDocument(text, engine);
  assert.deepEqual(doc.outline.map((h) => `${h.kind}:${h.level}`).slice(0, 5), ['regulation:1', 'regulation:3', 'regulation:3', 'regulation:1', 'regulation:2']);
});

test('numbered items of an appendix, of the 附件 list and of a Markdown ordered list do not become chapters', () => {
  const text = [
    '一、工作要求', '', '（一）加强领导。各地要高度重视。', '',
    '附件：1．重点任务清单', '2．责任分工表', '',
    '××省人民政府', '2025年3月1日', '',
    '附件1', '', '重点任务清单', '', '1．推进数据要素市场建设', '', '2．培育专精特新企业', '',
    '附件2', '', '一、分工原则', '',
  ].join('\n');
  assert.deepEqual(outline(text), [
    '一、工作要求 @0:0-0:6',
    '  （一）加强领导 @2:0-2:8',
    '附件1 重点任务清单 @10:0-10:3',
    '附件2 @18:0-18:3',
    '  一、分工原则 @20:0-20:6',
  ]);
});

test('an ordered list under a plain # heading, a run introduced by a colon and items ending with ；are lists', () => {
  const text = [
    '## 保障措施', '', '1. 加强组织领导', '2. 强化要素保障', '',
    '## 二、目标', '', '（一）主要目标', '', '到2027年，具体目标如下：', '', '1. 研发投入强度达到3%；', '2. 数字经济占比达到12%。', '',
    '（二）重点领域', '', '1. 人工智能；', '2. 量子科技。', '',
    '（三）重点任务：', '', '1. 加强基础研究', '2. 推进成果转化', '',
  ].join('\n');
  assert.deepEqual(outline(text), [
    '  保障措施 @0:0-0:7',
    '  二、目标 @5:0-5:7',
    '    （一）主要目标 @7:0-7:7',
    '    （二）重点领域 @14:0-14:7',
    // A colon that ends a heading of its own introduces its sub-headings.
    '    （三）重点任务 @19:0-19:8',
    '      1. 加强基础研究 @21:0-21:9',
    '      2. 推进成果转化 @22:0-22:9',
  ]);
});

test('一是 / 二是 inside or at the start of a paragraph are not headings; nor is numbering in quotes, tables or code', () => {
  const text = [
    '（一）加快发展。一是培育数据要素市场；二是推动产业数字化。', '', '一是加强组织领导。', '',
    '> 二、引文中的编号', '', '| 一、表格 |', '| --- |', '| （二）单元格 |', '', '```', '三、代码', '```', '', '三、四季度经济持续回升。', '',
  ].join('\n');
  assert.deepEqual(outline(text), ['（一）加快发展 @0:0-0:8']);
});

test('paragraphs pasted as single lines without blank lines between them, with CRLF or lone CR', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['各市人民政府：', '现将有关事项通知如下：', '一、总体要求', '（一）指导思想。以新质生产力为引领。', '（二）主要目标。到2027年取得明显进展。', '二、重点任务', '加快培育数据要素市场。', ''].join(eol);
    assert.deepEqual(outline(text), [
      '一、总体要求 @2:0-2:6',
      '  （一）指导思想 @3:0-3:8',
      '  （二）主要目标 @4:0-4:8',
      '二、重点任务 @5:0-5:6',
    ], JSON.stringify(eol));
  }
});

test('a soft-wrapped heading: its name joins the lines and its range spans them', () => {
  const text = '（二）强化科技创新，建设现代化产\n业体系。以科技创新引领产业创\n新，培育数据要素市场。\n\n（三）扩大高水平对外开放，建设\n更高水平开放型经济新体制\n';
  assert.deepEqual(outline(text), ['（二）强化科技创新，建设现代化产业体系 @0:0-1:4', '（三）扩大高水平对外开放，建设更高水平开放型经济新体制 @4:0-5:12']);
  // A short heading line over a long body line is a heading of its own.
  assert.deepEqual(outline('一、总体要求\n为深入贯彻落实党中央关于发展新质生产力的决策部署，结合本省实际，制定本方案。\n'), ['一、总体要求 @0:0-0:6']);
});

test('numbers out of sequence are not headings; numbering may run on across parents', () => {
  const text = ['一、任务', '', '（一）创新', '', '1.基础研究', '', '2.成果转化', '', '（二）产业', '', '3.先进制造', '', '5.未来产业', '', '（1）量子科技', ''].join('\n');
  assert.deepEqual(outline(text), ['一、任务 @0:0-0:4', '  （一）创新 @2:0-2:5', '    1.基础研究 @4:0-4:6', '    2.成果转化 @6:0-6:6', '  （二）产业 @8:0-8:5', '    3.先进制造 @10:0-10:6']);
});

test('sections follow the outline; the section path of a position lists the headings around it', () => {
  const doc = new ConceptDocument('# 方案\n\n一、总体要求\n\n（一）目标。培育数据要素市场。\n\n二、任务\n\n发展新质生产力。\n', engine);
  assert.deepEqual(doc.sections.map((s) => [s.heading.text, s.occurrences.map((o) => o.concept.term)]), [
    ['方案', []],
    ['一、总体要求', []],
    ['（一）目标', ['数据要素']],
    ['二、任务', ['新质生产力']],
  ]);
  assert.deepEqual(doc.sectionPath(doc.occurrences[0].start).map((h) => h.text), ['方案', '一、总体要求', '（一）目标']);
  assert.deepEqual(doc.sectionPath(doc.occurrences[1].start).map((h) => h.text), ['方案', '二、任务']);
  assert.deepEqual(doc.sectionPath(0).map((h) => h.text), ['方案']);
  assert.deepEqual(new ConceptDocument('数据要素\n\n# 标题\n', engine).sectionPath(0), []);
});

test('Chinese numerals', () => {
  assert.deepEqual(['一', '十', '十二', '二十', '二十一', '一百零三', '12', '１２'].map(parseNumber), [1, 10, 12, 20, 21, 103, 12, 12]);
});

test('the outline of an updated document equals a fresh one (random edits over 公文 documents, fixed seed)', () => {
  // A fixed sample here (the first 30 sequences of the seed); the bench's incremental group runs 1,000.
  const failure = checkOutlineEdits(engine, 20261201, 30);
  assert.equal(failure, undefined, failure && `replay: ${JSON.stringify(failure)}`);
});

test('a heading line keeps its closing quote; a 附表 list and a run that starts out of sequence are not headings', () => {
  const text = ['一、主要任务', '', '（一）“两旧一村”', '', '1.旧区改造', '', '（二）保障措施。加强领导。', '', '5.资金保障', '', '6.队伍保障', '', '附表：1.任务分工表', '', '2.建设分配表', '', '3.任务分配表', '', '附表1', '', '任务分工表', ''].join('\n');
  assert.deepEqual(outline(text), ['一、主要任务 @0:0-0:6', '  （一）“两旧一村” @2:0-2:9', '    1.旧区改造 @4:0-4:6', '  （二）保障措施 @6:0-6:8', '附表1 任务分工表 @18:0-18:3']);
});

test('the outline’s code-unit tests agree with the patterns they stand for, on every code unit', () => {
  const start = /^(?:第|[〇零一二三四五六七八九十百千两]|[（(]|[0-9０-９]|[\u2460-\u2473])/;
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    assert.equal(isCloser(c), CLOSERS.test(ch), `closer U+${c.toString(16)}`);
    assert.equal(mayStartNumber(c), start.test(ch), `number start U+${c.toString(16)}`);
  }
  assert.equal(isCloser(NaN), false);
  assert.equal(mayStartNumber(NaN), false);
});
