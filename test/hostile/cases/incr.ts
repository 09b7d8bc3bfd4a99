/**
 * Bad input for the incremental lezer path (issue 11): edits that bring in what lezer reads
 * differently (deep containers, control characters, lone CRs, markup runs), and documents where the
 * window around an edit is the whole text (no blank line). After every edit, `update()` must give
 * what a fresh annotation gives (occurrences, prose, headings, blocks, notices), in bounded time.
 */
import assert from 'node:assert/strict';
import { sharedEngine } from '../../../server/src/core/engine';
import type { ConceptDocument } from '../../../server/src/core/document';
import type { HostileCase } from '../types';

function view(doc: ConceptDocument): string {
  return JSON.stringify({
    occurrences: doc.occurrences.map((o) => `${o.start}-${o.end}:${o.concept.id}`),
    prose: doc.prose.map((p) => `${p.start}-${p.end}`),
    headings: doc.headings.map((h) => `${h.start}-${h.end}:${h.depth}:${h.text}`),
    blocks: doc.blocks.map((b) => `${b.start}-${b.end}:${b.type}`),
    notices: doc.notices.map((n) => n.code),
  });
}

/** Applies `edits` (offset, removed, inserted) one after another; each result must equal a fresh annotation. */
function editsExact(text: string, edits: [number, number, string][], maxMs: number): string {
  const engine = sharedEngine();
  let doc = engine.annotate(text);
  const t0 = Date.now();
  for (const [at, removed, inserted] of edits) {
    const pos = Math.min(at, text.length);
    const next = text.slice(0, pos) + inserted + text.slice(pos + removed);
    doc = doc.update(next, undefined, { prefix: pos, suffix: text.length - pos - removed });
    assert.equal(view(doc), view(engine.annotate(next)), JSON.stringify({ at: pos, removed, inserted }));
    text = next;
  }
  const ms = Date.now() - t0;
  assert.ok(ms < maxMs, `${ms} ms`);
  return `${edits.length} edits`;
}

const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `第${i}段：加快培育数据要素市场，发展新质生产力。`).join('\n\n') + '\n';

export const cases: HostileCase[] = [
  {
    name: 'incr: containers typed past the nesting limit in the middle of a lezer document, then deleted',
    run: () => {
      const text = paragraphs(60);
      const mid = text.indexOf('第30段');
      const deep = '> '.repeat(40);
      return editsExact(text, [[mid, 0, deep], [mid + deep.length, 0, '数据要素'], [mid, deep.length, ''], [mid, 0, '- '.repeat(40)]], 20_000);
    },
  },
  {
    name: 'incr: control characters, a lone CR, a markup run and six inline tags typed in, then a plain edit elsewhere',
    run: () => {
      const text = paragraphs(60);
      const at = (k: number) => text.indexOf(`第${k}段`);
      return editsExact(
        text,
        [[at(10), 0, '\u000b'], [at(20), 0, 'a\rb'], [at(30), 0, '****'], [at(40), 0, '<a><b><c><d><e><f>'], [at(55), 0, '新质生产力'], [at(5), 0, '\uD800']],
        20_000,
      );
    },
  },
  {
    name: 'incr: 200 KB without a blank line (the window is the whole text): edits stay exact',
    run: () => {
      const text = '加快培育数据要素市场，发展新质生产力。\n'.repeat(10_000);
      const mid = Math.floor(text.length / 2);
      return editsExact(text, [[mid, 0, '数据'], [mid, 0, '\n\n'], [mid + 1, 1, ''], [mid, 0, '```\n']], 60_000);
    },
  },
  {
    name: 'incr: CRLF document: an LF deleted after a CR, a CR typed before an LF',
    run: () => {
      const text = paragraphs(30).replace(/\n/g, '\r\n');
      const at = text.indexOf('第15段') - 1; // the LF before the paragraph
      return editsExact(text, [[at, 1, ''], [at, 0, '\n'], [at + 1, 0, '\r'], [text.indexOf('第25段'), 0, '数据要素']], 20_000);
    },
  },
];
