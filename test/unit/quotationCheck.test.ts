/**
 * The quotation check (core/check/quotationCheck.ts) on inline drafts that quote the real paper
 * (server/data/source/paper.md): exact, one word changed, with an ellipsis, punctuation only,
 * traditional characters only, attributed but absent, and what is left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { sharedEngine } from '../../server/src/core/engine';
import { checkQuotations, policyLensQuotations, quotationMessages, type QuotationResult } from '../../server/src/core/check/quotationCheck';

const PAPER = readFileSync(join(__dirname, '..', '..', 'server', 'data', 'source', 'paper.md'), 'utf8');
/** Sentences of the paper, 二（二） first paragraph (s2-2-p1); the test fails if the paper no longer has them. */
const S1 = '数据要素的有效利用和融合渗透能够显著提升传统生产要素的增值空间，同时为经济社会带来多维度和深层次的高质量发展。';
const S0 = '在现代经济发展中，数据要素已成为新质生产力的核心和关键要素，其特有的非竞争性、强渗透性与规模经济性特征使其成为经济增长新动能的底层支撑。';
/** 二（二）second paragraph (s2-2-p2). */
const S2 = '推进以数据为核心的新型工业化进程，通过数据与其他生产要素如资本、劳动的网络化协同，加速传统产业的数字化升级和新兴产业的培育与壮大。';
for (const s of [S0, S1, S2]) assert.ok(PAPER.includes(s), `the paper has “${s}”`);

function check(text: string): QuotationResult[] {
  const engine = sharedEngine();
  return checkQuotations(engine.annotate(text, 'file:///draft.md'), engine.sources);
}

/** The quoted text after the result's edits (the quick fix). */
function fixed(text: string, r: QuotationResult): string {
  let out = text;
  for (const e of [...r.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  const open = r.open;
  return out.slice(open + 1, out.indexOf('”', open + 1));
}

test('an exact quotation after the title: verdict exact, its paragraph, no edits', () => {
  const text = `《新质生产力发展的理论逻辑与路径分析》指出，“${S1}”\n`;
  const [r, ...rest] = check(text);
  assert.equal(rest.length, 0);
  assert.equal(r.verdict, 'exact');
  assert.equal(r.ruleId, 'quotation-exact');
  assert.equal(r.attributed, true);
  assert.equal(r.paragraph?.anchor, 's2-2-p1');
  assert.equal(r.paragraph?.labelZh, '二（二）第1段');
  assert.equal(r.source.id, 'zhu');
  assert.deepEqual([r.open, r.close], [22, 23 + S1.length]);
  assert.deepEqual(r.edits, []);
});

test('one changed word after the author: a misquotation with the paper’s wording marked, and edits that restore the sentence', () => {
  const quoted = S1.replace('显著提升', '大幅提升');
  const text = `朱浩然认为，“${quoted}”\n`;
  const [r] = check(text);
  assert.equal(r.verdict, 'changed');
  assert.equal(r.ruleId, 'misquotation');
  assert.equal(r.paragraph?.anchor, 's2-2-p1');
  assert.equal(r.marked, '数据要素的有效利用和融合渗透能够［大幅→显著］提升传统生产要素的增值空…');
  assert.deepEqual(r.edits, [{ start: 7, end: 7 + S1.length, newText: S1 }]);
  assert.equal(fixed(text, r), S1);
});

test('words left out and added are marked 〔删：…〕 and 〔增：…〕', () => {
  const quoted = S2.replace('传统产业的数字化升级', '传统产业的全面数字化升级').replace('如资本、劳动的', '如劳动的');
  const [r] = check(`朱浩然指出：“${quoted}”`);
  assert.equal(r.verdict, 'changed');
  assert.equal(r.marked, '推进以数据为核心的新型工业化进程，通过数据与其他生产要素如〔删：资本、〕劳动的网络化协同，加速传统产业的〔增：全面〕数字化升级和新兴产业的培育与壮大。');
});

test('an ellipsis is an allowed gap: each piece matches, the quotation is exact', () => {
  const text = `有研究指出：“在现代经济发展中，数据要素已成为新质生产力的核心和关键要素，……数据要素的有效利用和融合渗透能够显著提升传统生产要素的增值空间”。`;
  const [r] = check(text);
  assert.equal(r.verdict, 'exact');
  assert.equal(r.attributed, false);
  assert.equal(r.segments.length, 2);
  assert.deepEqual(r.segments.map((s) => s.paragraph.anchor), ['s2-2-p1', 's2-2-p1']);
});

test('a changed word next to an ellipsis: only that piece is restored, the gap stays', () => {
  const text = `朱浩然认为：“数据要素已成为新质生产力的核心和关键要素……数据要素的有效利用和融合渗透能够大幅提升传统生产要素的增值空间”。`;
  const [r] = check(text);
  assert.equal(r.verdict, 'changed');
  assert.equal(r.edits.length, 1);
  assert.equal(fixed(text, r), '数据要素已成为新质生产力的核心和关键要素……数据要素的有效利用和融合渗透能够显著提升传统生产要素的增值空间');
});

test('a paraphrase without quotation marks is left alone', () => {
  assert.deepEqual(check(`朱浩然认为，${S1.replace('显著提升', '大幅提升')}\n`), []);
});

test('punctuation only: quotation-punctuation, never changed words', () => {
  const [r] = check(`我们要“${S2.replace('资本、劳动', '资本，劳动')}”`);
  assert.equal(r.verdict, 'punctuation');
  assert.equal(r.ruleId, 'quotation-punctuation');
  assert.ok(r.marked.includes('资本［，→、］劳动'), r.marked);
  assert.ok(r.segments.every((s) => s.alignment.parts.every((p) => p.kind === 'equal' || p.kind === 'punctuation')));
  assert.equal(r.segments[0].alignment.changedCharacters, 0);
});

test('traditional characters only: quotation-traditional, and the fix gives the paper’s simplified text', () => {
  const text = '朱浩然指出：「數據要素已成為新質生產力的核心和關鍵要素」。';
  const [r] = check(text);
  assert.equal(r.verdict, 'traditional');
  assert.equal(r.ruleId, 'quotation-traditional');
  assert.equal(r.segments[0].alignment.changedCharacters, 0);
  assert.deepEqual(r.edits.map((e) => e.newText), ['数据要素已成为新质生产力的核心和关键要素']);
});

test('white space and the paper’s reference markers are not wording', () => {
  // The paper: "颠覆性技术如人工智能、区块链和 5G 等，…结构性调整和创新升级 [2]。"
  const [r] = check('朱浩然指出，“颠覆性技术如人工智能、区块链和5G等，不单单在其直接应用领域内展示强大的影响力，更通过其广泛的溢出效应，促使各行各业进行结构性调整和创新升级。”');
  assert.equal(r.verdict, 'exact');
  assert.equal(r.paragraph?.anchor, 's1-1-p1');
});

test('short quotations are terms, not sentences: “新质生产力” is not checked, even after the author', () => {
  assert.deepEqual(check('朱浩然认为，“新质生产力”是先进生产力。所谓“数据要素已成为新质生产力”，'), []);
});

test('an unattributed quotation is checked only when it is close to a sentence of the paper', () => {
  assert.deepEqual(check('文件提出“加快建设以实体经济为支撑的现代化产业体系，推动经济实现质的有效提升和量的合理增长”。'), []);
  const [r] = check(`报告写道“${S1.replace('显著提升', '大幅提升')}”`);
  assert.equal(r.verdict, 'changed');
  assert.equal(r.attributed, false);
});

test('an attributed quotation the paper does not contain: quotation-not-found', () => {
  const [r] = check('朱浩然认为，“人工智能将彻底改变所有行业的面貌”。');
  assert.equal(r.verdict, 'not-found');
  assert.equal(r.ruleId, 'quotation-not-found');
  assert.equal(r.paragraph, undefined);
  assert.deepEqual(r.edits, []);
});

test('该文 / 论文 before a quotation refers to the title named earlier in the same paragraph', () => {
  const named = '《新质生产力发展的理论逻辑与路径分析》一文讨论了数据要素。该文指出，“数据要素成为生产力的核心要素”。';
  const [r] = check(named);
  assert.equal(r.verdict, 'changed');
  assert.equal(r.attributed, true);
  // Not named in this paragraph (only in the one before): a short quotation is not taken as the paper's.
  assert.deepEqual(check('《新质生产力发展的理论逻辑与路径分析》一文讨论了数据要素。\n\n该文指出，“数据要素成为生产力的核心要素”。'), []);
});

test('quotations in code are not prose and are not checked', () => {
  assert.deepEqual(check(`\`\`\`\n朱浩然认为，“${S1.replace('显著', '大幅')}”\n\`\`\`\n`), []);
});

test('the unified plugin reports vfile messages: info for an exact quotation, a warning for a misquotation', () => {
  const engine = sharedEngine();
  const text = `# 引文\n\n朱浩然认为，“${S1}”又说“${S1.replace('显著', '大幅')}”\n`;
  const doc = engine.annotate(text, 'draft.md');
  const file = new VFile({ path: 'draft.md', value: text });
  file.data.conceptDocument = doc;
  unified().use(policyLensQuotations, { sources: engine.sources }).runSync({ type: 'root' }, file);
  const messages = file.messages.map((m) => [m.ruleId, m.fatal, `${m.place && 'start' in m.place ? `${m.place.start.line}:${m.place.start.column}` : ''}`]);
  assert.deepEqual(messages, [
    ['quotation-exact', undefined, '3:8'],
    ['misquotation', false, `3:${8 + S1.length + 4}`],
  ]);
  assert.equal(quotationMessages(doc, engine.sources)[1].reason, `引文与原文不符，原文作“数据要素的有效利用和融合渗透能够［大幅→显著］提升传统生产要素的增值空…” / The quotation differs from the source, which reads “数据要素的有效利用和融合渗透能够［大幅→显著］提升传统生产要素的增值空…” (二（二）第1段 / Section 2.2, paragraph 1)`);
});

test('policy-lens check reports a misquotation with the variants, in text and JSON; an exact quotation is not reported', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { main } = await import('../../server/src/cli/main');
  const dir = mkdtempSync(join(tmpdir(), 'policy-lens-quote-'));
  const bad = join(dir, 'bad.md');
  const good = join(dir, 'good.md');
  writeFileSync(bad, `推动颠覆性创新。\n\n朱浩然认为，“${S1.replace('显著', '大幅')}”\n`);
  writeFileSync(good, `朱浩然认为，“${S1}”\n`);
  let out = '';
  let err = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
  assert.equal(await main(['check', bad, good], io), 1);
  assert.equal(
    out,
    `${bad}:1:3  “颠覆性创新”是变体，论文的术语是“颠覆式创新” / “颠覆性创新” is a variant; the paper’s term is “颠覆式创新”\n` +
      `${bad}:3:8  引文与原文不符，原文作“数据要素的有效利用和融合渗透能够［大幅→显著］提升传统生产要素的增值空…” / The quotation differs from the source, which reads “数据要素的有效利用和融合渗透能够［大幅→显著］提升传统生产要素的增值空…” (二（二）第1段 / Section 2.2, paragraph 1)\n`,
  );
  assert.equal(err, 'policy-lens: 1 个文件中共 1 处变体、1 处引文问题 / 1 variant(s), 1 quotation problem(s) in 1 file(s)\n');
  out = '';
  assert.equal(await main(['check', '--format', 'json', bad], io), 1);
  const [, q] = JSON.parse(out).files[0].messages;
  assert.deepEqual(
    { ruleId: q.ruleId, line: q.line, column: q.column, endColumn: q.endColumn, expected: q.expected, quotation: q.quotation },
    { ruleId: 'misquotation', line: 3, column: 8, endColumn: 8 + S1.length, expected: [S1], quotation: { verdict: 'changed', source: 'zhu', anchor: 's2-2-p1', label: '二（二）第1段' } },
  );
  out = '';
  assert.equal(await main(['check', good], io), 0);
  assert.equal(out, '');
});

test('a sentence that itself quotes is quoted with its inner marks nested as ‘…’: still exact', () => {
  // The paper: 具体而言，新技术的应用不仅通过“创造性破坏”加强经济的创新基础，…
  const [r] = check('朱浩然指出，“具体而言，新技术的应用不仅通过‘创造性破坏’加强经济的创新基础”。');
  assert.equal(r.verdict, 'exact');
  assert.equal(r.paragraph?.anchor, 'abstract-p1');
});

test('a user’s source (issue 9) is quoted and checked like the paper, by its own author and title', async () => {
  const { buildEngine } = await import('../../server/src/core/lexicon/layers');
  const { cite } = await import('../../server/src/core/cite');
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'sources', 'cluster-notes.md'), 'utf8');
  const { engine, problems } = buildEngine({ lexicons: [], sources: [{ uri: 'file:///cluster-notes.md', text }] });
  assert.deepEqual(problems, []);
  const doc = engine.annotate('测试作者指出，“产业集群是同一领域的企业在一定地域内集中布局、分工合作形成的组织形态。”\n', 'file:///d.md');
  const [r] = checkQuotations(doc, engine.sources);
  assert.equal(r.source.id, 'cluster-notes');
  assert.equal(r.paragraph?.anchor, 's1-p1');
  assert.equal(r.marked, '产业集群是同一领域的企业在一定地域内集中布局、分工［合→协］作形成的组织形态。');
  // Its citation has the year its metadata gives, and nothing the metadata lacks.
  assert.equal(cite(engine.source('cluster-notes')!, 'gbt7714', 's1-p1'), '测试作者. 产业集群工作笔记[J]. 2026. 引文位置：背景 第1段.');
});

test('a quotation compared once is reused at another place (and after an edit elsewhere) with its own offsets', () => {
  const quoted = S1.replace('显著提升', '大幅提升');
  const one = `朱浩然认为，“${quoted}”\n`;
  const first = check(one)[0];
  // The same quotation further down, after other text: served from the comparisons already made.
  const padding = '另一段文字，数据要素。\n\n';
  const [again] = check(padding + one);
  const shift = padding.length;
  assert.deepEqual([again.open, again.close], [first.open + shift, first.close + shift]);
  assert.deepEqual(again.edits, [{ start: 7 + shift, end: 7 + shift + S1.length, newText: S1 }]);
  assert.deepEqual(again.segments.map((s) => [s.start, s.end]), first.segments.map((s) => [s.start + shift, s.end + shift]));
  assert.equal(again.marked, first.marked);
  assert.equal(fixed(padding + one, again), S1);
  // Two quotations in one document: each with its place.
  const [a, b] = check(one + '\n' + one);
  assert.deepEqual([a.open, b.open], [first.open, first.open + one.length + 1]);
  assert.deepEqual(b.edits, [{ start: 7 + one.length + 1, end: 7 + one.length + 1 + S1.length, newText: S1 }]);
});
