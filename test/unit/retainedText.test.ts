/**
 * What outlives a document's version holds strings of its own (core/text/ownString.ts), never a view
 * into the whole text of the version it was cut from. V8 makes a substring of 13 code units or more
 * such a view. An edited document takes over the headings after the edit, and the quotation and
 * directive caches outlive every version; a view kept one megabyte-sized text alive per heading
 * re-read, per quotation typed, per directive block edited.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { extractProse } from '../../server/src/core/text/prose';
import { readDirectives } from '../../server/src/core/text/directives';
import { checkQuotations } from '../../server/src/core/check/quotationCheck';
import { createEngine } from '../../server/src/core/engine';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const engine = createEngine();

/** A 2 MB UTF-16 text, made for the call (so that nothing else refers to it), different for each `n`. */
function bigText(n: number, head: string, tail = ''): string {
  return `${head}\n\n${`推进数据要素市场化配置改革${n}。`.repeat(64_000)}\n${tail}`;
}

/**
 * The heap growth, in bytes, that three results of `make` (each over a text of its own) hold on to
 * once their texts are gone. A leak keeps all three texts (about 5.8 MB).
 */
function retained(make: (n: number) => unknown): number {
  make(0); // the first call's one-time growth (compiled code, kept shapes, caches' first entries)
  // V8 keeps the subject of the last regular expression run (RegExp.input): one string, not a leak.
  /./.exec('.');
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = [make(1), make(2), make(3)];
  /./.exec('.');
  gc();
  const after = process.memoryUsage().heapUsed;
  assert.equal(kept.length, 3);
  return after - before;
}

/**
 * Under one and a half texts: three kept texts are a leak; one is not (something holding on to the
 * last text it read is bounded). In `npm test`'s shared process one run kept one text (1.95 MB) once,
 * with every copy in place, where it had kept under 0.5 MB in every run of the file alone.
 */
const LIMIT = 1.5 * 2 * bigText(0, '').length;

test('headings read by lezer hold on to their own text, not the document they came from', () => {
  const bytes = retained((n) => {
    const headings = extractProse(bigText(n, `# 关于加快发展新质生产力的实施意见（第${n}稿）`)).headings;
    assert.deepEqual(headings.map((h) => h.text), [`关于加快发展新质生产力的实施意见（第${n}稿）`]);
    return headings;
  });
  assert.ok(bytes < LIMIT, `${bytes} bytes kept`);
});

test('headings read by remark (the fallback) hold on to their own text too', () => {
  const bytes = retained((n) => {
    // A footnote definition sends the document to remark.
    const headings = extractProse(bigText(n, `# 关于加快发展新质生产力的实施意见（第${n}稿）`, '[^1]: 注释。\n')).headings;
    assert.deepEqual(headings.map((h) => h.text), [`关于加快发展新质生产力的实施意见（第${n}稿）`]);
    return headings;
  });
  assert.ok(bytes < LIMIT, `${bytes} bytes kept`);
});

test("the quotation check's memo of quotations keeps no document text alive", () => {
  const bytes = retained((n) => {
    const doc = engine.annotate(bigText(n, `有关文件指出：“新质生产力是创新起主导作用的先进生产力质态，第${n}次”。`));
    checkQuotations(doc, engine.sources);
    return null;
  });
  assert.ok(bytes < LIMIT, `${bytes} bytes kept`);
});

test("the directive reader's cache of recent blocks keeps no document text alive", () => {
  const bytes = retained((n) => {
    const text = bigText(n, `第${n}段正文 <!-- policy-lens: disable --> 发展新质生产力。`);
    const set = readDirectives(text, extractProse(text).blocks, engine);
    // The directive inside the paragraph is read (the block is parsed again for its HTML, and cached).
    assert.deepEqual(set.directives.map((d) => d.kind), ['disable']);
    return null;
  });
  assert.ok(bytes < LIMIT, `${bytes} bytes kept`);
});
