/**
 * In-document directives (`<!-- policy-lens: … -->`): the comment parser, what a document's
 * occurrences become under them (exact ranges), the edits that write them, and the incremental path
 * with directive comments typed in and deleted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConceptDocument } from '../../server/src/core/document';
import { conceptIdsNamed, disableLineInsertion, ignoreInsertion, parseDirectiveComment } from '../../server/src/core/text/directives';
import { engine, tags } from './helpers';
import { checkDirectiveEdits } from '../support/editFuzz';

const problems = (text: string) => new ConceptDocument(text, engine).directives.problems.map((p) => `${p.code} ${p.text}@${p.start}-${p.end}`);

test('parseDirectiveComment: commands and names, tolerant of case, spaces, full-width colon and separators', () => {
  const p = (s: string) => {
    const c = parseDirectiveComment(s);
    return c && [c.command, c.names.map((n) => `${n.text}@${n.start}-${n.end}`).join(' '), c.separator];
  };
  assert.deepEqual(p('<!-- policy-lens: disable -->'), ['disable', '', ' ']);
  assert.deepEqual(p('<!--policy-lens:enable-->'), ['enable', '', ' ']);
  assert.deepEqual(p('<!-- Policy-Lens：DISABLE-NEXT-LINE -->'), ['disable-next-line', '', ' ']);
  assert.deepEqual(p('<!-- policy lens disable next line -->'), ['disable-next-line', '', ' ']);
  assert.deepEqual(p('<!-- policy_lens : disable_next_line -->'), ['disable-next-line', '', ' ']);
  // Offsets are into the comment: `<!-- policy-lens: ignore ` is 25 code units.
  assert.deepEqual(p('<!-- policy-lens: ignore 基础设施 高质量发展 -->'), ['ignore', '基础设施@25-29 高质量发展@30-35', ' ']);
  assert.deepEqual(p('<!-- policy-lens：ignore　基础设施、data elements -->'), ['ignore', '基础设施@24-28 data elements@29-42', '、']);
  assert.deepEqual(p('<!-- policy-lens: frobnicate x -->'), ['frobnicate', 'x@29-30', ' ']);
  assert.deepEqual(p('<!-- policy-lens -->'), ['', '', ' ']);
  assert.equal(p('<!-- another tool: disable -->'), undefined);
  assert.equal(p('<!-- policy-lensing: disable -->'), undefined);
});

test('conceptIdsNamed: an id, the term, a variant or the English name, in any case, quoted or not', () => {
  assert.deepEqual(conceptIdsNamed(engine, 'disruptive'), ['disruptive']);
  assert.deepEqual(conceptIdsNamed(engine, '颠覆式创新'), ['disruptive']);
  assert.deepEqual(conceptIdsNamed(engine, '颠覆性技术创新'), ['disruptive']);
  assert.deepEqual(conceptIdsNamed(engine, 'Data Elements'), ['data-elements']);
  assert.deepEqual(conceptIdsNamed(engine, '“数据要素”'), ['data-elements']);
  assert.deepEqual(conceptIdsNamed(engine, '数据'), []);
});

test('ignore: the named concepts are not tagged from the comment on; before it they are', () => {
  assert.deepEqual(tags('数据要素与新质生产力\n\n<!-- policy-lens: ignore 数据要素 -->\n\n数据要素与新质生产力\n'), [
    '数据要素@0:0-0:4=data-elements',
    '新质生产力@0:5-0:10=npf',
    '新质生产力@4:5-4:10=npf',
  ]);
  // Several names, by term, variant and English name; an inline comment works from where it stands.
  assert.deepEqual(tags('数据要素<!-- policy-lens: ignore 颠覆性创新, data elements -->数据要素、颠覆式创新、产业数字化\n'), [
    '数据要素@0:0-0:4=data-elements',
    '产业数字化@0:64-0:69=industrial-digitalization',
  ]);
});

test('disable … enable: nothing is tagged between; an unclosed disable runs to the end', () => {
  assert.deepEqual(tags('数据要素\n\n<!-- policy-lens: disable -->\n\n数据要素\n\n<!-- policy-lens: enable -->\n\n数据要素\n'), [
    '数据要素@0:0-0:4=data-elements',
    '数据要素@8:0-8:4=data-elements',
  ]);
  assert.deepEqual(tags('新质生产力\n<!-- policy-lens: disable -->\n新质生产力\n\n# 数据要素\n'), ['新质生产力@0:0-0:5=npf']);
});

test('disable-next-line: only the line after the comment, in a paragraph or on its own line', () => {
  assert.deepEqual(tags('数据要素<!-- POLICY-LENS：disable next line -->\n数据要素\n数据要素\n'), [
    '数据要素@0:0-0:4=data-elements',
    '数据要素@2:0-2:4=data-elements',
  ]);
  assert.deepEqual(tags('<!-- policy-lens: disable-next-line -->\n- 数据要素\n- 新质生产力\n'), ['新质生产力@2:2-2:7=npf']);
  // A term soft-wrapped from the disabled line onto the next is the disabled line's.
  assert.deepEqual(tags('<!-- policy-lens: disable-next-line -->\n加快数据\n要素流通，新质生产力\n'), ['新质生产力@2:5-2:10=npf']);
});

test('a comment Markdown does not read as HTML is no directive: code blocks, inline code, escaped', () => {
  const text = '```\n<!-- policy-lens: disable -->\n```\n\n`<!-- policy-lens: disable -->` \\<!-- policy-lens: disable --> 数据要素\n';
  assert.deepEqual(tags(text), ['数据要素@4:63-4:67=data-elements']);
  assert.deepEqual(problems(text), []);
  // Inside a list in a block quote, it is HTML, and works.
  assert.deepEqual(tags('> - <!-- policy-lens: ignore 颠覆式创新 -->\n>   颠覆性创新\n\n新质生产力\n'), ['新质生产力@3:0-3:5=npf']);
});

test('what cannot be understood is reported with its range, never dropped silently', () => {
  const text = [
    '<!-- policy-lens: frobnicate -->', // 0-32
    '<!-- policy-lens: ignore 不存在 数据要素 -->', // 33-: 不存在 at 58-61
    '<!-- policy-lens: ignore -->',
    '<!-- policy-lens: disable-next-line 数据要素 -->',
    '<!-- policy-lens: enable -->',
    '<!-- policy-lens -->',
    '',
    '数据要素',
  ].join('\n');
  assert.deepEqual(problems(text), [
    'unknown-directive frobnicate@0-32',
    'unknown-concept 不存在@58-61',
    'missing-names ignore@71-99',
    'unexpected-names disable-next-line@136-140',
    'unmatched-enable enable@145-173',
    'unknown-directive @174-194',
  ]);
  assert.equal(text.slice(58, 61), '不存在');
  assert.equal(text.slice(136, 140), '数据要素');
  assert.deepEqual(tags(text), [], '数据要素 is ignored by the second comment');
});

const host = (text: string) => new ConceptDocument(text, engine);
const apply = (text: string, i: { offset: number; insert: string } | undefined) => (i ? text.slice(0, i.offset) + i.insert + text.slice(i.offset) : text);

test('ignoreInsertion: at the top, after front matter, or into an ignore comment before the first tag', () => {
  assert.deepEqual(ignoreInsertion(host('# 数据要素\n'), '数据要素', 2), { offset: 0, insert: '<!-- policy-lens: ignore 数据要素 -->\n\n' });
  const fm = '---\ntitle: 数据要素\n---\n\n数据要素\n';
  assert.equal(apply(fm, ignoreInsertion(host(fm), '数据要素', 21)), '---\ntitle: 数据要素\n---\n\n<!-- policy-lens: ignore 数据要素 -->\n\n数据要素\n');
  const bom = '\uFEFF数据要素\r\n';
  assert.equal(apply(bom, ignoreInsertion(host(bom), '数据要素', 1)), '\uFEFF<!-- policy-lens: ignore 数据要素 -->\r\n\r\n数据要素\r\n', 'after the mark, with the line breaks of the file');
  const crlf = '# 标题\r\n\r\n数据要素\r\n';
  const merged = '<!-- policy-lens: ignore 新质生产力 -->\n\n数据要素\n';
  assert.equal(apply(merged, ignoreInsertion(host(merged), '数据要素', 36)), '<!-- policy-lens: ignore 新质生产力 数据要素 -->\n\n数据要素\n');
  const commas = '<!-- policy-lens: ignore 新质生产力，产业数字化 -->\n数据要素\n';
  assert.equal(apply(commas, ignoreInsertion(host(commas), '数据要素', 41)), '<!-- policy-lens: ignore 新质生产力，产业数字化，数据要素 -->\n数据要素\n');
  // An ignore comment after the first tag would leave it tagged: a new one goes at the top.
  const late = '数据要素\n\n<!-- policy-lens: ignore 新质生产力 -->\n';
  assert.equal(apply(late, ignoreInsertion(host(late), '数据要素', 0)), '<!-- policy-lens: ignore 数据要素 -->\n\n' + late);
  for (const t of [fm, crlf, merged, commas, late]) {
    const after = apply(t, ignoreInsertion(host(t), '数据要素', host(t).occurrences.find((o) => o.concept.id === 'data-elements')!.start));
    assert.ok(!host(after).occurrences.some((o) => o.concept.id === 'data-elements'), after);
  }
});

test('disableLineInsertion: a line of its own above a block, else at the end of the line above in the same paragraph', () => {
  const t1 = '# 标题\n数据要素\n';
  assert.equal(apply(t1, disableLineInsertion(host(t1), 5)), '# 标题\n<!-- policy-lens: disable-next-line -->\n数据要素\n');
  const t2 = '第一行  \n加快数据要素流通\n';
  assert.equal(apply(t2, disableLineInsertion(host(t2), 8)), '第一行<!-- policy-lens: disable-next-line -->  \n加快数据要素流通\n', 'the hard break stays');
  const t3 = '- 一\n- 数据要素\n';
  assert.equal(apply(t3, disableLineInsertion(host(t3), 6)), '- 一<!-- policy-lens: disable-next-line -->\n- 数据要素\n', 'the list stays one list');
  // Unsafe: after a table's delimiter row, a link, a backslash break.
  for (const t of ['| a |\n| --- |\n| 数据要素 |\n', '见[文](http://x)\n数据要素\n', '第一行\\\n数据要素\n']) {
    assert.equal(disableLineInsertion(host(t), t.indexOf('数据要素')), undefined, t);
  }
  for (const t of [t1, t2, t3]) {
    const after = apply(t, disableLineInsertion(host(t), t.indexOf('数据要素')));
    assert.deepEqual(host(after).occurrences, [], after);
  }
});

test('incremental updates with directive comments typed in and deleted equal a full annotation (fixed seed)', () => {
  // A fixed sample here (the first 25 sequences of the seed); the bench's incremental group runs 1,000.
  const failure = checkDirectiveEdits(engine, 20261201, 25);
  assert.equal(failure, undefined, failure && `replay: ${JSON.stringify(failure)}`);
});

test('an edit that adds an ignore comment takes the concept off after it, and deleting it brings it back', () => {
  const before = '数据要素\n\n段落\n\n数据要素与新质生产力\n';
  const doc = new ConceptDocument(before, engine);
  const withIgnore = doc.update('数据要素\n\n<!-- policy-lens: ignore 数据要素 -->\n\n数据要素与新质生产力\n');
  assert.deepEqual(withIgnore.occurrences.map((o) => `${o.start}-${o.end}:${o.concept.id}`), ['0-4:data-elements', '46-51:npf']);
  assert.equal(withIgnore.text.slice(46, 51), '新质生产力');
  const back = withIgnore.update(before);
  assert.deepEqual(back.occurrences.map((o) => `${o.start}-${o.end}:${o.concept.id}`), ['0-4:data-elements', '10-14:data-elements', '15-20:npf']);
});

test('filtered: a view without some concepts keeps text, ranges and sentences', () => {
  const doc = new ConceptDocument('数据要素与新质生产力。\n', engine);
  const view = doc.filtered((o) => o.concept.id !== 'npf');
  assert.deepEqual(view.occurrences.map((o) => `${o.start}-${o.end}:${o.concept.id}`), ['0-4:data-elements']);
  assert.equal(view.sentenceAt(0)?.text, '数据要素与新质生产力。');
  assert.equal(doc.occurrences.length, 2, 'the document itself is unchanged');
});
