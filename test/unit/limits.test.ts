import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engine, tags } from './helpers';
import { ConceptDocument, plainLines } from '../../server/src/core/document';
import { toAnnotationJson } from '../../server/src/core/annotationJson';
import { checkLimits, DEFAULT_LIMITS, limitDefinitions, limitNesting, MAX_DEFINITIONS } from '../../server/src/core/limits';
import { extractProse, PARSE_CHUNK } from '../../server/src/core/text/prose';

const N = 10_000;
/** The inputs: 10,000 nested block quotes, list items or emphasis marks, each about 20 KB. */
const DEEP: Record<string, string> = {
  'block quotes': '>'.repeat(N) + ' 发展新质生产力\n',
  'spaced block quotes': '> '.repeat(N) + '发展新质生产力\n',
  'list items': '- '.repeat(N) + '发展新质生产力\n',
  'ordered list items': '1. '.repeat(N) + '发展新质生产力\n',
  'emphasis marks': '*'.repeat(N) + '发展新质生产力' + '*'.repeat(N) + '\n',
  'underscores': '_'.repeat(N) + '发展新质生产力' + '_'.repeat(N) + '\n',
  'brackets': '['.repeat(N) + '发展新质生产力' + ']'.repeat(N) + '\n',
};

for (const [name, text] of Object.entries(DEEP)) {
  test(`10,000 nested ${name}: annotated within seconds, no stack overflow, one nesting-limit notice`, () => {
    const t0 = Date.now();
    const doc = new ConceptDocument(text, engine);
    const json = toAnnotationJson('deep.md', doc);
    const ms = Date.now() - t0;
    const at = text.indexOf('新质生产力');
    assert.deepEqual(json.annotations.map((a) => [a.start, a.end, a.text]), [[at, at + 5, '新质生产力']]);
    assert.deepEqual(doc.notices.map((n) => n.code), ['nesting-limit']);
    assert.ok(ms < 10_000, `${ms} ms`);
  });
}

test('nesting up to the limit is parsed as usual and raises no notice', () => {
  const text = '>'.repeat(DEFAULT_LIMITS.nestingDepth) + ' 数据要素\n\n' + '- '.repeat(20) + '产业数字化\n\n**数据要素**与*新质生产力*\n';
  const doc = new ConceptDocument(text, engine);
  assert.deepEqual(doc.notices, []);
  assert.deepEqual(tags(text).length, 4);
  // The markers are not prose: the text node starts at the term.
  assert.equal(doc.prose[0].start, DEFAULT_LIMITS.nestingDepth + 1);
});

test('limitNesting keeps the length and changes only markers past the depth', () => {
  const text = '> > > > 数据要素\n\n**a *b [c [d]]* e**\n';
  assert.deepEqual(limitNesting(text, 100), { text, limited: false });
  const cut = limitNesting('> > > > 数据要素\n', 2);
  assert.equal(cut.limited, true);
  assert.equal(cut.text, '> > \u00a0\u00a0\u00a0\u00a0数据要素\n');
  const inline = limitNesting('[[[[数据]]]]\n', 2);
  assert.equal(inline.text, '[[\u00a0\u00a0数据]]]]\n');
  // A blank line ends a paragraph: the inline count starts again.
  assert.equal(limitNesting('[[a\n\n[[b\n', 2).limited, false);
});

test('the limit is a parameter: a document parsed with nestingDepth 3 cuts off at 3', () => {
  const doc = new ConceptDocument('> > > > > 数据要素\n', engine, '', 0, undefined, undefined, { ...DEFAULT_LIMITS, nestingDepth: 3 });
  assert.deepEqual(doc.notices.map((n) => n.code), ['nesting-limit']);
  assert.deepEqual(doc.occurrences.map((o) => [o.start, o.end]), [[10, 14]]);
});

test('deep nesting in a long document parsed in pieces: the same as one piece, notice included', () => {
  const para = '发展数据要素，培育新质生产力。\n\n';
  const text = para.repeat(Math.ceil((2 * PARSE_CHUNK) / para.length)) + '>'.repeat(N) + ' 产业数字化\n\n' + para.repeat(400);
  const codes: string[] = [];
  const pieces = extractProse(text, 0, PARSE_CHUNK, { onLimit: (c) => codes.push(c) });
  const whole = extractProse(text, 0, text.length + 1);
  assert.deepEqual(pieces, whole);
  assert.ok(codes.includes('nesting-limit'));
});

test('an edit next to a deep block quote keeps the notice and equals a fresh annotation', () => {
  const text = '段落一数据要素。\n\n' + '>'.repeat(N) + ' 产业数字化\n\n段落二。\n';
  const doc = new ConceptDocument(text, engine);
  const edited = text.replace('段落二。', '段落二新质生产力。');
  const updated = doc.update(edited);
  const fresh = new ConceptDocument(edited, engine);
  assert.deepEqual(updated.occurrences.map((o) => [o.start, o.end]), fresh.occurrences.map((o) => [o.start, o.end]));
  assert.deepEqual(updated.notices.map((n) => n.code), ['nesting-limit']);
});

test('checkLimits refuses a text over maxFileSize with a message, and accepts one at it', () => {
  assert.equal(checkLimits('x'.repeat(10), { maxFileSize: 10 }), undefined);
  assert.deepEqual(checkLimits('x'.repeat(11), { maxFileSize: 10 }), { code: 'too-large', length: 11, maxFileSize: 10, message: '11 characters is more than the limit of 10 (maxFileSize).' });
  assert.equal(checkLimits({ length: 10_000_001 })?.maxFileSize, 10_000_000);
});

test('with the limit off, a stack overflow in the sentence splitter (mdast-util-to-nlcst) costs only the sentence: the prose range stands in', () => {
  const text = '>'.repeat(N) + ' 发展新质生产力\n';
  const doc = new ConceptDocument(text, engine, '', 0, undefined, undefined, { ...DEFAULT_LIMITS, nestingDepth: Number.MAX_SAFE_INTEGER });
  const at = text.indexOf('新');
  assert.deepEqual(doc.sentenceAt(at), { start: N + 1, end: N + 8, text: '发展新质生产力' });
});

test('plainLines, the fallback after a parser failure: each non-blank line is prose, each run of lines a block', () => {
  assert.deepEqual(plainLines('  数据要素\n产业\r\n\n\n> 新质\r'), {
    prose: [{ start: 2, end: 6 }, { start: 7, end: 9 }, { start: 13, end: 17 }],
    headings: [],
    blocks: [{ type: 'paragraph', start: 2, end: 9 }, { type: 'paragraph', start: 13, end: 17 }],
  });
});

test('a 1,000,000-character paragraph: annotated, its sentences split in one pass, and exported within seconds', () => {
  const unit = '我们要发展新质生产力。推动数据要素市场化配置；';
  const text = unit.repeat(Math.ceil(1_000_000 / unit.length)) + '\n';
  const t0 = Date.now();
  const doc = new ConceptDocument(text, engine);
  const json = toAnnotationJson('long.md', doc);
  const ms = Date.now() - t0;
  assert.equal(json.annotations.length, 2 * Math.ceil(1_000_000 / unit.length));
  const last = json.annotations[json.annotations.length - 1];
  assert.equal(last.sentence, '推动数据要素市场化配置；');
  assert.equal(text.slice(last.sentenceStart, last.sentenceEnd), '推动数据要素市场化配置；');
  assert.ok(ms < 20_000, `${ms} ms`);
});

test('link reference definitions past MAX_DEFINITIONS: read as same-length HTML comments, footnotes and paragraph lines kept', () => {
  const text = '[a]: https://a.example\n[b]: https://b.example "t"\n\n段落\n[c]: not-a-definition\n\n[^1]: 脚注里的新质生产力\n[d]: https://d.example\n';
  const out = limitDefinitions(text, 1);
  assert.equal(out.limited, true);
  assert.equal(out.text.length, text.length);
  assert.equal(
    out.text,
    '[a]: https://a.example\n<!--' + ' '.repeat('[b]: https://b.example "t"'.length - 7) + '-->\n\n段落\n[c]: not-a-definition\n\n[^1]: 脚注里的新质生产力\n[d]: https://d.example\n',
  );
  assert.deepEqual(limitDefinitions(text, 3), { text, limited: false });
});

test(`a document with ${MAX_DEFINITIONS + 1} definitions: the last one is not honoured, its reference is prose, one definition-limit notice`, () => {
  const defs = Array.from({ length: MAX_DEFINITIONS + 1 }, (_, i) => `[r${i}]: https://example.com/${i}`).join('\n');
  const text = `[新质生产力][r0]和[新质生产力][r${MAX_DEFINITIONS}]\n\n${defs}\n`;
  const doc = new ConceptDocument(text, engine);
  assert.deepEqual(doc.notices.map((n) => n.code), ['definition-limit']);
  // The honoured reference's text is prose without its brackets; the other one is plain text, brackets and label included.
  const line = `[r${MAX_DEFINITIONS}]`;
  const second = text.indexOf('和') + 1;
  assert.deepEqual(doc.prose.slice(0, 2), [{ start: 1, end: 6 }, { start: second - 1, end: second + '[新质生产力]'.length + line.length }]);
  assert.equal(doc.blocks.length, 1 + MAX_DEFINITIONS + 1); // the paragraph, the honoured definitions, the comment
  assert.equal(doc.blocks.at(-1)!.type, 'html');
});
