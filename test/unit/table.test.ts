/** The `annotate` table (server/src/cli/table.ts): terminal width, sentences, sections, soft-wrapped terms, line endings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedEngine } from '../../server/src/core/engine';
import { toAnnotationJson } from '../../server/src/core/annotationJson';
import { snippet, table, terminalWidth, truncate } from '../../server/src/cli/table';
import { displayWidth } from '../../server/src/cli/width';

const engine = sharedEngine();
const render = (text: string, width: number, path = 'draft.md') => table([toAnnotationJson(path, engine.annotate(text))], engine, width);
/** The occurrence rows and section lines, without the summary. */
const rows = (out: string) => out.slice(0, out.indexOf('\n\n按类别汇总')).split('\n');

const LONG = [
  '# 方案',
  '',
  '一、总体要求',
  '',
  '（二）主要目标。到2027年，全省新质生产力发展取得明显进展，数字经济核心产业增加值占地区生产总值比重达到12%，培育一批专精特新企业，数据要素市场化配置改革取得突破。',
  '',
].join('\n');

test('every line fits the width, from a narrow terminal to a wide one; the sentence is cut around the term with …', () => {
  for (const width of [40, 60, 80, 100, 140, 200]) {
    const out = render(LONG, width, 'drafts/2025/××省加快发展新质生产力三年行动方案（征求意见稿）.md');
    for (const line of out.split('\n')) assert.ok(displayWidth(line) <= width, `${width}: ${displayWidth(line)} ${line}`);
    for (const term of ['新质生产力', '数字经济', '专精特新', '数据要素']) assert.ok(rows(out).some((l) => l.includes(term)), `${width}: ${term}`);
  }
  const at100 = rows(render(LONG, 100));
  assert.deepEqual(at100, [
    '§ 方案 › 一、总体要求 › （二）主要目标',
    'draft.md:5:18  新质生产力  理论基础  到2027年，全省新质生产力发展取得明显进展，数字经济核心产业增加…',
    'draft.md:5:32  数字经济    新产业    …展取得明显进展，数字经济核心产业增加值占地区生产总值比重达到1…',
    'draft.md:5:62  专精特新    新产业    …达到12%，培育一批专精特新企业，数据要素市场化配置改革取得突破…',
    'draft.md:5:69  数据要素    新要素    …到12%，培育一批专精特新企业，数据要素市场化配置改革取得突破。',
  ]);
  // From 140 columns on: the English name and the category in both languages.
  assert.match(rows(render(LONG, 140))[4], /^draft\.md:5:69 +数据要素 +data elements +新要素 New factors +…/);
  // A narrow terminal puts the sentence on its own line.
  assert.deepEqual(rows(render(LONG, 40)).slice(0, 3), ['§ 方案 › 一、总体要求 › （二）主要目标', 'draft.md:5:18  新质生产力  理论基础', '    …，全省新质生产力发展取得明显进展，…']);
});

test('a soft-wrapped canonical term is shown as the term, not as a variant, whatever the line ending; no raw CR is printed', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const out = render(`加快培育数据要${eol}素市场，推动颠覆性技术${eol}创新。${eol}`, 100);
    assert.ok(!out.includes('\r'), JSON.stringify(eol));
    assert.deepEqual(rows(out), [
      'draft.md:1:5  数据要素                     新要素  加快培育数据要素市场，推动颠覆性技术创新。',
      'draft.md:2:7  颠覆性技术创新 → 颠覆式创新  新技术  加快培育数据要素市场，推动颠覆性技术创新。',
    ], JSON.stringify(eol));
  }
});

test('a term used twice in one sentence: each row centres its own occurrence', () => {
  const sentence = `数据要素${'一二三四五六七八九十'.repeat(4)}数据要素`;
  const out = rows(render(`${sentence}。\n`, 60));
  assert.equal(out.length, 2);
  assert.match(out[0], /  数据要素一二三四.*…$/);
  assert.match(out[1], /  ….*九十数据要素。$/);
});

test('a form inside a longer form tagged before it in the sentence: each row centres its own occurrence', () => {
  // Found by a newcomer run in npm start's own output: the row for the second 卡脖子 showed the first,
  // inside “卡脖子”技术 (its nth-occurrence count took the longer form's text for its own).
  const text = '梳理形成“卡脖子”技术攻关清单，推行“揭榜挂帅”“赛马制”等组织方式，面向全省各类创新主体广泛征集项目，着力破解“卡脖子”难题。\n';
  const out = rows(render(text, 80));
  assert.equal(out.length, 2);
  assert.match(out[0], /“卡脖子”技术 → 卡脖子技术 .*形成“卡脖子”技术攻关/);
  assert.match(out[1], /  卡脖子 → 卡脖子技术 .*破解“卡脖子”难题。$/);
  // In a sentence longer than the quoted window, with soft line breaks before the term: still its own.
  const long = `数据要素${'一二三四五六七八九十'.repeat(30)}\n数据\n要素${'甲乙丙丁'.repeat(3)}数据要素${'一二三四五六七八九十'.repeat(30)}。\n`;
  const three = rows(render(long, 60));
  assert.equal(three.length, 3);
  assert.match(three[0], /  数据要素一二三四/);
  assert.match(three[1], /  ….*九十数据要素甲乙丙丁/);
  assert.match(three[2], /  ….*丙丁数据要素一二三/);
});

test('snippet, truncate and the terminal width', () => {
  assert.equal(snippet('加快培育数据要素市场。', 4, 4, 40), '加快培育数据要素市场。');
  assert.equal(snippet('一二三四五六七八九十数据要素一二三四五六七八九十', 10, 4, 20), '…十数据要素一二三四…');
  assert.equal(displayWidth(snippet('一二三四五六七八九十数据要素一二三四五六七八九十', 10, 4, 20)), 20);
  assert.equal(truncate('examples/policy-draft.md:12:25', 16, 'start'), '…-draft.md:12:25');
  assert.equal(truncate('颠覆性技术创新', 9), '颠覆性技…');
  assert.equal(terminalWidth({ isTTY: true, columns: 72 }), 72);
  assert.equal(terminalWidth({ isTTY: false, columns: 72 }), 100);
  assert.equal(terminalWidth({}), 100);
});
