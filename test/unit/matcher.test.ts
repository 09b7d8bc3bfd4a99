import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConceptMatcher, type SurfaceForm } from '../../server/src/core/match/matcher';

function forms(spec: Record<string, string[]>): SurfaceForm[] {
  const out: SurfaceForm[] = [];
  for (const [id, texts] of Object.entries(spec)) texts.forEach((text, i) => out.push({ text, conceptId: id, kind: i === 0 ? 'term' : 'synonym' }));
  return out;
}
function run(m: ConceptMatcher, text: string): string[] {
  return m.findAll(text).map((x) => `${x.start}-${x.end}:${text.slice(x.start, x.end)}=${x.form.conceptId}`);
}

const m = new ConceptMatcher(forms({
  npf: ['新质生产力'],
  pf: ['生产力'],
  de: ['数据要素', 'data elements', 'data element'],
  di: ['颠覆式创新', '颠覆性创新', '颠覆性技术创新'],
  dt: ['颠覆性技术'],
  id: ['产业数字化'],
  dig: ['数字化转型'],
  abcd: ['甲乙丙丁'], bcx: ['乙丙戊'], c: ['丙'], w: ['bcx'],
  ai: ['AI'],
}));

test('longest match wins and tags never overlap', () => {
  assert.deepEqual(run(m, '发展新质生产力'), ['2-7:新质生产力=npf']);
  assert.deepEqual(run(m, '生产力与颠覆性技术创新'), ['0-3:生产力=pf', '4-11:颠覆性技术创新=di']);
  assert.deepEqual(run(m, '颠覆性技术如人工智能'), ['0-5:颠覆性技术=dt']);
  // leftmost first: 产业数字化 starts before 数字化转型
  assert.deepEqual(run(m, '推进产业数字化转型'), ['2-7:产业数字化=id']);
});

test('a failed longer candidate falls back to the leftmost shorter one', () => {
  assert.deepEqual(run(m, '甲乙丙己'), ['2-3:丙=c']);
  assert.deepEqual(run(m, '甲乙丙戊'), ['1-4:乙丙戊=bcx']);
  assert.deepEqual(run(m, '甲乙丙丁'), ['0-4:甲乙丙丁=abcd']);
  assert.deepEqual(run(m, 'x abcx'), []); // "bcx" inside the word abcx: no boundary
  assert.deepEqual(run(m, 'a bcx'), ['2-5:bcx=w']);
});

test('English forms match case-insensitively on word boundaries only', () => {
  assert.deepEqual(run(m, 'Data Elements and DATA ELEMENT.'), ['0-13:Data Elements=de', '18-30:DATA ELEMENT=de']);
  assert.deepEqual(run(m, 'metadata elements'), []);
  assert.deepEqual(run(m, 'AIDS and AI, 用AI'), ['9-11:AI=ai', '14-16:AI=ai']);
});

test('a term broken by a soft line break is one occurrence spanning both lines', () => {
  assert.deepEqual(run(m, '加快数据要\n素流通'), ['2-7:数据要\n素=de']);
  assert.deepEqual(run(m, '加快数据要\r\n素流通'), ['2-8:数据要\r\n素=de']);
  assert.deepEqual(run(m, '> 加快数据要\n> 素流通'), ['4-11:数据要\n> 素=de']);
  assert.deepEqual(run(m, '- 加快数据要\n  素流通'), ['4-11:数据要\n  素=de']);
  assert.deepEqual(run(m, 'the data\nelements here'), ['4-17:data\nelements=de']);
  assert.deepEqual(run(m, 'the data\n\nelements'), ['4-18:data\n\nelements=de']);
});

test('astral characters before a term do not shift its UTF-16 range', () => {
  const text = '😀𠀀数据要素';
  assert.deepEqual(run(m, text), ['4-8:数据要素=de']);
});

test('a sub-range is scanned without reading past its end', () => {
  const text = '数据要素数据要素';
  assert.deepEqual(m.findAll(text, 2, 8).map((x) => [x.start, x.end]), [[4, 8]]);
  assert.deepEqual(m.findAll(text, 0, 3), []);
});

test('two concepts may not share a surface form', () => {
  assert.throws(() => new ConceptMatcher(forms({ a: ['数据'], b: ['数据'] })), /belongs to two concepts/);
});

test('a form inside one of its notWithin words is rejected, and scanning goes on', () => {
  const mm = new ConceptMatcher([
    { text: '新技术', conceptId: 'nt', kind: 'term', notWithin: ['高新技术'] },
    { text: '新产业', conceptId: 'ni', kind: 'term', notWithin: ['创新产业'] },
    { text: '产业链', conceptId: 'ic', kind: 'term' },
  ]);
  assert.deepEqual(run(mm, '高新技术企业'), []);
  assert.deepEqual(run(mm, '应用新技术'), ['2-5:新技术=nt']);
  assert.deepEqual(run(mm, '创新产业链'), ['2-5:产业链=ic']);
  assert.deepEqual(run(mm, '发展新产业链'), ['2-5:新产业=ni']);
});

test('a soft break after a comma inside an English form reads as a space; next to Han it reads as nothing', () => {
  const en = new ConceptMatcher(forms({ snt: ['专精特新', 'specialized, refined, distinctive and innovative'], de: ['数据要素'] }));
  const text = 'firms that are specialized, refined,\n  distinctive and innovative';
  assert.deepEqual(run(en, text), [`15-${text.length}:specialized, refined,\n  distinctive and innovative=snt`]);
  // A break between CJK punctuation and Han, or between two Han characters, adds no space.
  assert.deepEqual(run(en, '培育，\n数据要\n素市场'), ['4-9:数据要\n素=de']);
  // Two spaces never result: a space before the break is the one space.
  assert.deepEqual(run(en, 'specialized, \nrefined, distinctive and innovative'), ['0-49:specialized, \nrefined, distinctive and innovative=snt']);
});
