/**
 * Replays one generated document and, when `update()` disagrees with a fresh annotation, shrinks the
 * (before, after) pair to a small one that still disagrees, for a bug report:
 *   node --import tsx test/hostile/support/shrink.ts endings 3
 */
import { sharedEngine } from '../../../server/src/core/engine';
import { ConceptDocument } from '../../../server/src/core/document';
import { summary } from '../../support/editFuzz';
import { checkDocument, hostileEdit } from './invariants';
import { familyByKey, hostileDocument, vocabularyOf } from './generate';

const engine = sharedEngine();
const differs = (before: string, after: string) =>
  JSON.stringify(summary(new ConceptDocument(before, engine).update(after))) !== JSON.stringify(summary(new ConceptDocument(after, engine)));

/** Removes pieces common to both texts (same offset from the start or the end) while the disagreement stays. */
function shrink(before: string, after: string): [string, string] {
  for (let size = Math.max(before.length, after.length); size >= 1; size = Math.floor(size / 2)) {
    let changed = true;
    while (changed) {
      changed = false;
      for (let at = 0; at + size <= Math.min(before.length, after.length); at++) {
        // Cut the same span out of both texts: from the front when it precedes the edit, else from the back.
        const b = before.slice(0, at) + before.slice(at + size);
        const a = after.slice(0, at) + after.slice(at + size);
        if (differs(b, a)) [before, after, changed] = [b, a, true];
        const tb = before.length - at - size;
        const ta = after.length - at - size;
        if (tb >= 0 && ta >= 0) {
          const b2 = before.slice(0, tb) + before.slice(tb + size);
          const a2 = after.slice(0, ta) + after.slice(ta + size);
          if (differs(b2, a2)) [before, after, changed] = [b2, a2, true];
        }
      }
    }
  }
  return [before, after];
}

const [key, indexText] = process.argv.slice(2);
const family = familyByKey(key);
const { text, next } = hostileDocument(family, Number(indexText), vocabularyOf(engine));
console.log(JSON.stringify(checkDocument(engine, text, family.edits, next, { bomShift: family.bomShift }).problems, null, 1));
// Walk the same edits again to find the disagreeing pair.
const again = hostileDocument(family, Number(indexText), vocabularyOf(engine));
let current = again.text;
// checkDocument draws the BOM check and the sections before the edits without using the PRNG, so the edits match.
for (let e = 0; e < family.edits; e++) {
  const after = hostileEdit(current, again.next).text;
  if (differs(current, after)) {
    const [b, a] = shrink(current, after);
    console.log('before', JSON.stringify(b));
    console.log('after ', JSON.stringify(a));
    break;
  }
  current = after;
}
