/**
 * The quotation scan of an edited draft is made from the last version's (rescanQuotations): only the
 * paragraphs around the edit are read again. It must equal a full scan after every edit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findQuotations, rescanQuotations, scanQuotations } from '../../server/src/core/check/quotations';
import { rng } from '../support/editFuzz';

const PIECES = ['“', '”', '‘', '’', '「', '」', '『', '』', '《', '》', '"', '文字', '数据要素', '\n', '\n\n', '\n \n', '\n\t\r\n', '\r\n', ' ', '\t', '。'];
const EDITS = ['“', '”', '「', '」', '"', '\n', '\r', ' ', '\t', '字', '《', '》'];

test('quotation rescan: edits by hand equal a full scan', () => {
  const cases: [string, string][] = [
    ['“一”\n\n“二”\n\n“三”', '“一”\n\n“二\n\n“三”'],
    ['“一”\n\n“二”\n\n“三”', '“一”\n“二”\n\n“三”'],
    ['“一\n \n二”', '“一\n二”'],
    ['a\n\n\n“b”', 'a\n\n“b”'],
    ['“甲”', '“甲”“乙”'],
  ];
  for (const [before, after] of cases) {
    assert.deepEqual(rescanQuotations(scanQuotations(before), after), scanQuotations(after), JSON.stringify({ before, after }));
    assert.deepEqual(scanQuotations(after).quotations, findQuotations(after));
  }
});

test('quotation rescan equals a full scan after every edit of random sequences (fixed seed)', () => {
  const next = rng(20261201);
  let found = 0;
  for (let doc = 0; doc < 300; doc++) {
    let text = '';
    const n = 5 + Math.floor(next() * 80);
    for (let i = 0; i < n; i++) text += PIECES[Math.floor(next() * PIECES.length)];
    let scan = scanQuotations(text);
    for (let e = 0; e < 20; e++) {
      const before = text;
      const at = Math.floor(next() * (text.length + 1));
      const r = next();
      if (r < 0.45) text = text.slice(0, at) + EDITS[Math.floor(next() * EDITS.length)] + text.slice(at);
      else if (r < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
      else text = text.slice(0, at) + EDITS[Math.floor(next() * EDITS.length)] + text.slice(at + 1);
      scan = rescanQuotations(scan, text);
      const full = scanQuotations(text);
      assert.deepEqual({ quotations: scan.quotations, resets: [...scan.resets] }, { quotations: full.quotations, resets: [...full.resets] }, `replay: ${JSON.stringify({ before, after: text })}`);
      found += full.quotations.length;
    }
  }
  assert.ok(found > 10_000, `the sample must hold quotations (${found})`);
});
