import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { generateGrammar, serializeGrammar, shippedGrammarText, categoryScope, GRAMMAR_PATH } from '../../scripts/grammar';
import { loadLexicon } from '../../server/src/core/lexicon/load';
import { loadSourcePaper } from '../../server/src/core/source/paper';
import { createLexiconMatcher, surfaceForms } from '../../server/src/core/match/forms';
import type { Concept } from '../../server/src/core/lexicon/types';
import { testConcept } from './helpers';

const root = join(__dirname, '..', '..');
const noLexicon = existsSync(join(root, 'server', 'data', 'lexicon.yaml')) ? false : 'server/data/lexicon.yaml does not exist yet';

interface Grammar {
  injectionSelector: string;
  patterns: { include: string }[];
  repository: Record<string, { match: string; name: string }>;
}

/**
 * A category pattern as a JavaScript RegExp. The generator writes `(?i)` at the start of each pattern
 * (Oniguruma's inline option, which JavaScript lacks); the `i` flag means the same here.
 */
function regexOf(match: string): RegExp {
  assert.ok(match.startsWith('(?i)'), `pattern starts with (?i): ${match.slice(0, 20)}`);
  return new RegExp(match.slice(4), 'gi');
}

/** What a TextMate tokenizer does with a grammar made of top-level `match` patterns: at each place the
 * earliest match wins, and between matches starting at the same place, the first pattern listed. */
function tokenize(grammar: Grammar, line: string): { text: string; start: number; scope: string }[] {
  const rules = grammar.patterns.map((p) => {
    const rule = grammar.repository[p.include.slice(1)];
    return { re: regexOf(rule.match), scope: rule.name };
  });
  const out: { text: string; start: number; scope: string }[] = [];
  let pos = 0;
  while (pos < line.length) {
    let best: { index: number; end: number; scope: string } | undefined;
    for (const r of rules) {
      r.re.lastIndex = pos;
      const m = r.re.exec(line);
      if (m && m[0].length && (!best || m.index < best.index)) best = { index: m.index, end: m.index + m[0].length, scope: r.scope };
    }
    if (!best) break;
    out.push({ text: line.slice(best.index, best.end), start: best.index, scope: best.scope });
    pos = best.end;
  }
  return out;
}

const inline: Concept[] = [
  { ...testConcept('data-elements', '数据要素', 'factors', 'data elements'), aliases: ['数据生产要素', 'data factors'] },
  testConcept('data', '数据', 'technology', 'data'),
  testConcept('tfp', '全要素生产率', 'foundation', 'TFP'),
];
const inlineGrammar = generateGrammar(inline, { 'data-elements': { traditional: ['數據要素', '資料要素'] } }) as Grammar;

describe('generateGrammar', () => {
  test('matches the term, its traditional forms and English forms in any case', () => {
    for (const text of ['数据要素', '數據要素', '資料要素', '数据生产要素', 'Data Elements', 'data elements', 'DATA FACTORS']) {
      assert.deepEqual(tokenize(inlineGrammar, `推进${text}。`), [{ text, start: 2, scope: categoryScope('factors') }], text);
    }
  });

  test('English forms match only on ASCII word boundaries, also next to Chinese', () => {
    assert.deepEqual(tokenize(inlineGrammar, 'metadata elements'), []);
    // `data elements` cannot match before a word character, so the shorter `data` does.
    assert.deepEqual(tokenize(inlineGrammar, 'data elementsX').map((t) => t.text), ['data']);
    assert.deepEqual(tokenize(inlineGrammar, 'TFPs'), []);
    assert.deepEqual(tokenize(inlineGrammar, '提高TFP水平').map((t) => t.text), ['TFP']);
    assert.deepEqual(tokenize(inlineGrammar, '（data elements）').map((t) => t.text), ['data elements']);
  });

  test('the longest form wins across categories, as in the matcher', () => {
    // `数据` (technology) is listed before factors, yet `数据要素` is one factors token.
    assert.deepEqual(
      tokenize(inlineGrammar, '数据与数据要素；data and data elements').map((t) => [t.text, t.scope]),
      [
        ['数据', categoryScope('technology')],
        ['数据要素', categoryScope('factors')],
        ['data', categoryScope('technology')],
        ['data elements', categoryScope('factors')],
      ],
    );
  });

  test('escapes regex syntax in forms', () => {
    const g = generateGrammar([testConcept('x', '“卡脖子”技术', 'technology', 'a.b (c)+')], {}) as Grammar;
    assert.deepEqual(tokenize(g, 'a.b (c)+ axb (c)').map((t) => t.text), ['a.b (c)+']);
    assert.deepEqual(tokenize(g, '破解“卡脖子”技术').map((t) => t.text), ['“卡脖子”技术']);
  });

  test('is injected into Markdown prose only', () => {
    assert.match(inlineGrammar.injectionSelector, /^L:text\.html\.markdown /);
    for (const excluded of ['markup.fenced_code', 'markup.inline.raw', 'comment', 'meta.embedded']) {
      assert.ok(inlineGrammar.injectionSelector.includes(` -${excluded}`), excluded);
    }
  });
});

describe('the committed grammar', { skip: noLexicon }, () => {
  const file = join(root, GRAMMAR_PATH);

  test('is up to date with the lexicon (run `npx tsx scripts/grammar.ts`)', () => {
    assert.ok(existsSync(file), `${GRAMMAR_PATH} is missing`);
    assert.equal(readFileSync(file, 'utf8'), shippedGrammarText(), `${GRAMMAR_PATH} is stale: run \`npx tsx scripts/grammar.ts\` and commit it`);
  });

  test('tags every surface form of every concept with its category', () => {
    const grammar = JSON.parse(readFileSync(file, 'utf8')) as Grammar;
    const lexicon = loadLexicon();
    const byId = new Map(lexicon.concepts.map((c) => [c.id, c]));
    for (const form of surfaceForms(lexicon)) {
      const category = byId.get(form.conceptId)!.category;
      assert.deepEqual(tokenize(grammar, `在${form.text}方面`), [{ text: form.text, start: 1, scope: categoryScope(category) }], form.text);
    }
  });

  const dataElementsReady = noLexicon || (loadLexicon().forms('data-elements') ? false : 'no data-elements concept with generated forms (npm run generate) yet');
  test('tags 数据要素, 數據要素 and "Data Elements" as a new factor', { skip: dataElementsReady }, () => {
    const grammar = JSON.parse(readFileSync(file, 'utf8')) as Grammar;
    for (const text of ['数据要素', '數據要素', 'Data Elements']) {
      assert.deepEqual(tokenize(grammar, `加快${text}的整合`).map((t) => [t.text, t.scope]), [[text, categoryScope('factors')]], text);
    }
  });

  test('finds the same occurrences as the server’s matcher in every paragraph of the paper', () => {
    const grammar = JSON.parse(readFileSync(file, 'utf8')) as Grammar;
    const lexicon = loadLexicon();
    const matcher = createLexiconMatcher(lexicon);
    const byId = new Map(lexicon.concepts.map((c) => [c.id, c]));
    for (const p of loadSourcePaper().paragraphs) {
      const expected = matcher.findAll(p.text).map((m) => ({ text: p.text.slice(m.start, m.end), start: m.start, scope: categoryScope(byId.get(m.form.conceptId)!.category) }));
      assert.deepEqual(tokenize(grammar, p.text), expected, p.anchor);
    }
  });
});

test('serializeGrammar writes two-space JSON with a final newline', () => {
  assert.equal(serializeGrammar({ a: [1] }), '{\n  "a": [\n    1\n  ]\n}\n');
});
