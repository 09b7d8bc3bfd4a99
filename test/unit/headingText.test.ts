/**
 * A heading's text is a string of its own (core/text/ownString.ts): it never keeps the whole text of
 * the version it was read from alive. An edited document takes over the headings after the edit, so a
 * heading text that was a view into its version's text kept one megabyte-sized string per heading ever
 * re-read, for the life of the document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { extractProse, type HeadingInfo } from '../../server/src/core/text/prose';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The headings `read` gives for a 2 MB text made for the call, so that nothing else refers to it. */
function readBig(read: (text: string) => readonly HeadingInfo[]): readonly HeadingInfo[] {
  return read(`# 关于加快发展新质生产力的实施意见\n\n${'推进数据要素市场化配置改革。'.repeat(70_000)}\n`);
}

/** The heap growth, in bytes, that what `read` returns holds on to once its text is gone. */
function retained(read: (text: string) => readonly HeadingInfo[]): number {
  readBig(read); // the first call's one-time growth (compiled code, kept shapes) is not the heading's
  gc();
  const before = process.memoryUsage().heapUsed;
  const headings = readBig(read);
  // V8 keeps the subject of the last regular expression run (RegExp.input): one string, not a leak.
  /./.exec('.');
  gc();
  const after = process.memoryUsage().heapUsed;
  assert.deepEqual(headings.map((h) => h.text), ['关于加快发展新质生产力的实施意见']);
  return after - before;
}

test('a heading read by lezer holds on to its text only, not the document it came from', () => {
  const bytes = retained((t) => extractProse(t).headings);
  assert.ok(bytes < 500_000, `${bytes} bytes kept`);
});

test('a heading read by remark (the fallback) holds on to its text only (micromark builds its strings anew)', () => {
  // A footnote definition sends the document to remark.
  const bytes = retained((t) => extractProse(`${t}\n[^1]: 注释。\n`).headings);
  assert.ok(bytes < 500_000, `${bytes} bytes kept`);
});
