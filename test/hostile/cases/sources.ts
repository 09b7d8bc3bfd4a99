/**
 * Hostile lexicon and source files for buildEngine: nothing a user writes may throw, hang or turn the
 * shipped lexicon off.
 */
import assert from 'node:assert/strict';
import type { HostileCase } from '../types';
import { buildEngine, type LexiconInput } from '../../../server/src/core/lexicon/layers';

const WS = 'file:///w/.policy-lens/x.yaml';
const lex = (text: string): LexiconInput => ({ uri: WS, kind: 'workspace', text });
const shippedStillTags = (b: ReturnType<typeof buildEngine>) =>
  assert.deepEqual(b.engine.annotate('数据要素').occurrences.map((o) => o.concept.id), ['data-elements']);

const GARBAGE = ['', '\u0000\u0001', ': : :', '- - -', 'version: 1', 'version: 1\nconcepts: 7', '[[[[[[[[', '{a: *x}', '&a [*a]', '"\\', 'concepts:\n' + '  '.repeat(5000) + 'x', '\uFEFF---\n---'];

export const cases: HostileCase[] = [
  {
    name: 'sources: garbage lexicon files give problems, never a throw, and the shipped lexicon stays',
    run() {
      for (const text of GARBAGE) {
        const b = buildEngine({ lexicons: [lex(text)], sources: [{ uri: 'file:///w/s.md', text }] });
        assert.ok(b.problems.length > 0, JSON.stringify(text));
        for (const p of b.problems) assert.ok(p.range.start.line >= 0 && p.message && p.messageZh, JSON.stringify(p));
        shippedStillTags(b);
      }
      return `${GARBAGE.length} files`;
    },
  },
  {
    name: 'sources: a lexicon that claims every shipped form, and repeats its own, is reported form by form',
    run() {
      const shipped = buildEngine({ lexicons: [], sources: [] }).engine.matcher.forms.filter((f) => f.kind === 'term');
      // Each concept claims a shipped term, and the form its predecessor already claimed.
      const lines = ['version: 1', 'concepts:', ...shipped.map((f, i) => `  - { id: c${i}, term: ${f.text}, aliases: { synonym: [副${i}, 副${i + 1}] } }`)];
      const b = buildEngine({ lexicons: [lex(lines.join('\n'))], sources: [] });
      assert.equal(b.problems.filter((p) => p.code === 'form-conflict').length, shipped.length * 2 - 1);
      shippedStillTags(b);
      return `${b.problems.length} problems`;
    },
  },
  {
    name: 'sources: a concept that disables the shipped lexicon one by one still leaves an engine',
    run() {
      const ids = buildEngine({ lexicons: [], sources: [] }).engine.lexicon.concepts.map((c) => c.id);
      const b = buildEngine({ lexicons: [lex(['version: 1', 'concepts:', ...ids.map((id) => `  - { id: ${id}, disabled: true }`)].join('\n'))], sources: [] });
      assert.equal(b.engine.lexicon.concepts.length, 0);
      assert.deepEqual(b.engine.annotate('数据要素').occurrences, []);
      assert.equal(b.engine.paper.id, 'zhu');
    },
  },
  {
    name: 'sources: a source of 20,000 headings and paragraphs, deeply nested 公文 numbering, loads in time',
    timeoutMs: 30_000,
    run() {
      const parts = ['---', 'id: big', 'title: T', '---', ''];
      for (let i = 1; i <= 5000; i++) parts.push(`## ${i}`, '', `一、第${i}节`, '', '（一）小节', '', '段落。', '');
      const b = buildEngine({ lexicons: [], sources: [{ uri: 'file:///w/big.md', text: parts.join('\n') }] });
      assert.deepEqual(b.problems, []);
      assert.equal(b.engine.source('big')?.byAnchor('s5000-1-1-p1')?.text, '段落。');
    },
  },
];
