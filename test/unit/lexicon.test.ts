import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { deriveForms } from '../../server/src/core/lexicon/derive';
import {
  LexiconError,
  loadLexicon,
  parseLexicon,
  validateAnchors,
  type LexiconProblem,
} from '../../server/src/core/lexicon/load';

const dataDir = join(__dirname, '..', '..', 'server', 'data');
const lexiconFile = join(dataDir, 'lexicon.yaml');
const formsFile = join(dataDir, 'generated', 'forms.json');
const noLexicon = existsSync(lexiconFile) ? false : 'server/data/lexicon.yaml does not exist yet';

/** A small valid lexicon; each test breaks one thing in it. Line numbers below refer to this text. */
const VALID = `version: 1
concepts:
  - id: new-quality-productive-forces
    term: 新质生产力
    en: new quality productive forces
    aliases: { synonym: [新质生产力理论] }
    category: foundation
    paths: []
    broader: []
    related: [data-elements]
    definition:
      zh: 由技术革命性突破催生的先进生产力。
      en: Advanced productive forces born of revolutionary breakthroughs in technology.
    source:
      defines: abstract-p1
      discusses: [s1-1-p1, s3-p1]
  - id: data-elements
    term: 数据要素
    en: data elements
    aliases: { synonym: [数据生产要素], translation: [data factor] }
    category: factors
    paths: [data-integration]
    broader: [new-quality-productive-forces]
    related: []
    definition:
      zh: 作为生产要素参与价值创造的数据。
      en: Data taking part in production as a factor.
    source:
      defines: s1-2-p2
      discusses: [s2-2-p1]
`;

/** VALID with `from` replaced by `to` (exactly once). */
function edit(from: string, to: string, text = VALID): string {
  assert.equal(text.split(from).length, 2, `edit: ${JSON.stringify(from)} must occur exactly once`);
  return text.replace(from, to);
}

/** The problems parseLexicon reports for `text`, without the file name (always test.yaml). */
function problemsOf(text: string): Omit<LexiconProblem, 'file'>[] {
  try {
    parseLexicon(text, 'test.yaml');
  } catch (e) {
    assert.ok(e instanceof LexiconError, `expected a LexiconError, got ${String(e)}`);
    for (const p of e.problems) assert.equal(p.file, 'test.yaml');
    return e.problems.map(({ file: _file, ...rest }) => rest);
  }
  assert.fail('expected a LexiconError');
}

/** The error message parseLexicon throws for `text`. */
function messageOf(text: string): string {
  try {
    parseLexicon(text, 'test.yaml');
  } catch (e) {
    assert.ok(e instanceof LexiconError);
    return e.message;
  }
  assert.fail('expected a LexiconError');
}

describe('lexicon.schema.json', () => {
  test('is a valid draft-07 schema (load.ts skips this check to start faster)', () => {
    const schema: unknown = JSON.parse(readFileSync(join(dataDir, 'lexicon.schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: true });
    assert.equal(ajv.validateSchema(schema as object), true, ajv.errorsText(ajv.errors));
    ajv.compile(schema as object);
  });
});

describe('parseLexicon', () => {
  test('accepts a valid lexicon and indexes it', () => {
    const lexicon = parseLexicon(VALID, 'test.yaml');
    assert.deepEqual(
      lexicon.concepts.map((c) => c.id),
      ['new-quality-productive-forces', 'data-elements'],
    );
    assert.equal(lexicon.byId('data-elements')?.term, '数据要素');
    assert.equal(lexicon.byId('nope'), undefined);
    assert.equal(lexicon.forms('data-elements'), undefined, 'no forms were given');
    assert.deepEqual(lexicon.locate('data-elements'), { offset: VALID.indexOf('id: data-elements'), line: 17, column: 5 });
    assert.deepEqual(lexicon.locate('data-elements', ['source', 'discusses', 0]), {
      offset: VALID.indexOf('s2-2-p1'),
      line: 30,
      column: 19,
    });
    assert.ok(Object.isFrozen(lexicon.concepts[0].aliases), 'concepts are immutable');
  });

  test('hands out the derived forms it is given, for known ids only', () => {
    const forms = { 'data-elements': { traditional: ['數據要素'], pinyin: 'shujuyaosu', initials: 'sjys' } };
    const lexicon = parseLexicon(VALID, 'test.yaml', { forms: { ...forms, other: forms['data-elements'] } });
    assert.deepEqual(lexicon.forms('data-elements'), forms['data-elements']);
    assert.equal(lexicon.forms('other'), undefined);
  });

  test('missing definition: names the concept entry and the field', () => {
    const text = edit(
      `    definition:
      zh: 作为生产要素参与价值创造的数据。
      en: Data taking part in production as a factor.
`,
      '',
    );
    assert.deepEqual(problemsOf(text), [
      {
        line: 17,
        column: 5,
        field: 'concepts[1].definition',
        conceptId: 'data-elements',
        message: 'missing required field "definition"',
      },
    ]);
    assert.equal(
      messageOf(text),
      'test.yaml:17:5: concepts[1].definition (data-elements): missing required field "definition"',
    );
  });

  test('bad category: lists the allowed values', () => {
    const text = edit('category: factors', 'category: factor');
    assert.deepEqual(problemsOf(text), [
      {
        line: 21,
        column: 15,
        field: 'concepts[1].category',
        conceptId: 'data-elements',
        message: 'must be one of foundation, technology, factors, industries',
      },
    ]);
    assert.match(messageOf(text), /^test\.yaml:21:15: concepts\[1\]\.category \(data-elements\): must be one of/);
  });

  test('bad anchor pattern, in defines and in discusses', () => {
    const text = edit('defines: s1-2-p2', 'defines: s1-2-2').replace('[s1-1-p1, s3-p1]', '[s1-1-p1, sec3]');
    assert.deepEqual(problemsOf(text), [
      {
        line: 16,
        column: 28,
        field: 'concepts[0].source.discusses[1]',
        conceptId: 'new-quality-productive-forces',
        message: '"sec3" is not a paragraph anchor (abstract-p1, abstract-en-p1, s1-p2 or s2-2-p3)',
      },
      {
        line: 29,
        column: 16,
        field: 'concepts[1].source.defines',
        conceptId: 'data-elements',
        message: '"s1-2-2" is not a paragraph anchor (abstract-p1, abstract-en-p1, s1-p2 or s2-2-p3)',
      },
    ]);
    assert.equal(
      messageOf(text).split('\n')[1],
      'test.yaml:29:16: concepts[1].source.defines (data-elements): "s1-2-2" is not a paragraph anchor (abstract-p1, abstract-en-p1, s1-p2 or s2-2-p3)',
    );
  });

  test('unknown related id and self-reference', () => {
    const text = edit('related: []', 'related: [data-element, data-elements]');
    assert.deepEqual(problemsOf(text), [
      {
        line: 24,
        column: 15,
        field: 'concepts[1].related[0]',
        conceptId: 'data-elements',
        message: 'unknown concept id "data-element"',
      },
      {
        line: 24,
        column: 29,
        field: 'concepts[1].related[1]',
        conceptId: 'data-elements',
        message: 'a concept cannot list itself as related',
      },
    ]);
    assert.match(messageOf(text), /^test\.yaml:24:15: concepts\[1\]\.related\[0\] \(data-elements\): unknown concept id "data-element"$/m);
  });

  test('duplicate id', () => {
    const text = edit('- id: data-elements', '- id: new-quality-productive-forces')
      .replace('broader: [new-quality-productive-forces]', 'broader: []')
      .replace('related: [data-elements]', 'related: []');
    assert.deepEqual(problemsOf(text), [
      {
        line: 17,
        column: 9,
        field: 'concepts[1].id',
        conceptId: 'new-quality-productive-forces',
        message: 'duplicate id "new-quality-productive-forces", already used by concepts[0]',
      },
    ]);
    assert.match(messageOf(text), /^test\.yaml:17:9: concepts\[1\]\.id \(new-quality-productive-forces\): duplicate id/);
  });

  test('duplicate surface form across concepts (Chinese exact, Latin case-insensitive)', () => {
    const text = edit('aliases: { synonym: [数据生产要素], translation: [data factor] }', 'aliases: { synonym: [数据生产要素, 新质生产力理论], translation: [New Quality  Productive Forces] }');
    assert.deepEqual(problemsOf(text), [
      {
        line: 20,
        column: 34,
        field: 'concepts[1].aliases.synonym[1]',
        conceptId: 'data-elements',
        message: '"新质生产力理论" is already a surface form of concept "new-quality-productive-forces" (concepts[0].aliases.synonym[0])',
      },
      {
        line: 20,
        column: 58,
        field: 'concepts[1].aliases.translation[0]',
        conceptId: 'data-elements',
        message:
          '"New Quality  Productive Forces" is already a surface form of concept "new-quality-productive-forces" (concepts[0].en)',
      },
    ]);
  });

  test('duplicate surface form within one concept', () => {
    const text = edit('aliases: { synonym: [数据生产要素], translation: [data factor] }', 'aliases: { synonym: [数据要素], translation: [Data Elements] }');
    assert.deepEqual(
      problemsOf(text).map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`),
      [
        '20:26 concepts[1].aliases.synonym[0]: "数据要素" repeats term of the same concept',
        '20:47 concepts[1].aliases.translation[0]: "Data Elements" repeats en of the same concept',
      ],
    );
  });

  test('several problems at once, sorted by position, schema and semantic together', () => {
    const text = edit('term: 新质生产力', 'term: NQPF').replace('category: factors', 'category: x').replace('broader: [new-quality-productive-forces]', 'broader: [nqpf]');
    assert.deepEqual(
      problemsOf(text).map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`),
      [
        '4:11 concepts[0].term: "NQPF" must contain Chinese characters',
        '21:15 concepts[1].category: must be one of foundation, technology, factors, industries',
        '23:15 concepts[1].broader[0]: unknown concept id "nqpf"',
      ],
    );
  });

  test('unknown field, wrong version, repeated list item, empty alias, empty concepts', () => {
    const text = edit('version: 1', 'version: 2')
      .replace('    paths: [data-integration]', '    paths: [data-integration, data-integration]\n    note: x')
      .replace('[新质生产力理论]', '[新质生产力理论, ""]');
    assert.deepEqual(
      problemsOf(text).map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`),
      [
        '1:10 version: must be 1',
        '6:35 concepts[0].aliases.synonym[1]: must not be empty',
        '22:31 concepts[1].paths[1]: "data-integration" repeats paths[0]',
        '23:5 concepts[1].note: unknown field "note"',
      ],
    );
    assert.deepEqual(
      problemsOf('version: 1\nconcepts: []\n').map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`),
      ['2:11 concepts: must have at least 1 item'],
    );
  });

  test('broader cycle', () => {
    const text = edit('broader: []', 'broader: [data-elements]').replace('related: [data-elements]', 'related: []');
    assert.deepEqual(
      problemsOf(text).map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`),
      ['23:15 concepts[1].broader[0]: broader cycle: new-quality-productive-forces → data-elements → new-quality-productive-forces'],
    );
  });

  test('YAML syntax error names the line', () => {
    const text = edit('    en: data elements\n', '    en: data elements\n   aliases: [数据生产要素\n');
    // Only the first error is reported; the rest are its echoes (their number depends on the yaml version).
    assert.match(
      messageOf(text),
      /^test\.yaml:20:1: syntax: Sequence item without - indicator \[MISSING_CHAR\] \(and \d+ later YAML errors, likely consequences\)$/,
    );
    // Duplicate keys are syntax errors too (YAML would silently keep the last one).
    const dup = edit('    category: factors\n', '    category: factors\n    category: industries\n');
    assert.deepEqual(
      problemsOf(dup).map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`),
      ['22:5 syntax: Map keys must be unique [DUPLICATE_KEY]'],
    );
  });
});

describe('validateAnchors', () => {
  test('reports anchors the source paper does not have, with their position', () => {
    const lexicon = parseLexicon(VALID, 'test.yaml');
    const known = new Set(['abstract-p1', 's1-1-p1', 's1-2-p2', 's2-2-p1']);
    assert.deepEqual(validateAnchors(lexicon, (a) => known.has(a)), [
      {
        file: 'test.yaml',
        line: 16,
        column: 28,
        field: 'concepts[0].source.discusses[1]',
        conceptId: 'new-quality-productive-forces',
        message: 'anchor "s3-p1" is not a paragraph of the source paper',
      },
    ]);
  });
});

describe('the shipped lexicon', { skip: noLexicon }, () => {
  const REQUIRED_TERMS = [
    '新质生产力', '高质量发展', '全要素生产率', '数字经济', '颠覆式创新', '创造性破坏', '关键核心技术',
    '卡脖子技术', '科技成果转化', '技术转移', '头雁效应', '产业链', '创新链', '数据要素', '产业数字化',
    '数据产权制度', '数据交易市场', '战略性新兴产业', '未来产业', '专精特新', '创新生态系统', '全球价值链',
    '现代化产业体系', '新型工业化', '新型劳动者',
  ];
  const byTerm = (term: string) => {
    const c = loadLexicon().concepts.find((c) => c.term === term);
    assert.ok(c, `no concept with term ${term}`);
    return c;
  };

  test('loads and validates', () => {
    const lexicon = loadLexicon();
    assert.equal(lexicon.file, lexiconFile);
    assert.ok(lexicon.concepts.length >= 45, `only ${lexicon.concepts.length} concepts`);
  });

  test('has the required canonical terms', () => {
    const terms = new Set(loadLexicon().concepts.map((c) => c.term));
    assert.deepEqual(REQUIRED_TERMS.filter((t) => !terms.has(t)), []);
  });

  test('has the variants the paper uses', () => {
    assert.ok(byTerm('颠覆式创新').aliases.includes('颠覆性创新'));
    assert.ok(byTerm('颠覆式创新').aliases.includes('颠覆性技术创新'));
    assert.ok(byTerm('卡脖子技术').aliases.includes('“卡脖子”技术'));
    const dataElements = byTerm('数据要素');
    assert.ok([dataElements.en, ...dataElements.aliases].includes('data elements'));
  });

  test('has derived traditional forms and pinyin', () => {
    const lexicon = loadLexicon();
    const forms = (term: string) => {
      const f = lexicon.forms(byTerm(term).id);
      assert.ok(f, `no derived forms for ${term}: run npm run generate`);
      return f;
    };
    assert.ok(forms('数据要素').traditional.includes('數據要素'));
    assert.ok(forms('战略性新兴产业').traditional.includes('戰略性新興產業'));
    assert.equal(forms('数据要素').pinyin, 'shujuyaosu');
    assert.equal(forms('数据要素').initials, 'sjys');
    assert.equal(forms('专精特新').initials, 'zjtx');
    assert.equal(forms('卡脖子技术').pinyin, 'kabozijishu');
  });

  test('generated forms file is not stale (npm run generate)', () => {
    assert.ok(existsSync(formsFile), 'server/data/generated/forms.json is missing: run npm run generate');
    const committed: unknown = JSON.parse(readFileSync(formsFile, 'utf8'));
    assert.deepEqual(committed, deriveForms(loadLexicon().concepts), 'forms.json is stale: run npm run generate');
  });
});

test('a notWithin word must contain one of the concept\'s forms', () => {
  const yaml = `version: 1
concepts:
  - id: new-technology
    term: 新技术
    en: new technologies
    aliases: {}
    notWithin: [高新技术, 数字经济]
    category: technology
    paths: []
    broader: []
    related: []
    definition: { zh: 新技术的定义。, en: A definition. }
    source: { defines: s0-p1, discusses: [] }
`;
  assert.throws(() => parseLexicon(yaml, 'x.yaml'), (e: Error) => {
    assert.equal(e.message, 'x.yaml:7:23: concepts[0].notWithin[1] (new-technology): "数字经济" contains none of this concept\'s forms, so it excludes nothing');
    return true;
  });
});

describe('alias kinds', () => {
  test('aliases are grouped by kind; the loader gives the flat list and the kind of each form', () => {
    const c = parseLexicon(VALID, 'test.yaml').byId('data-elements')!;
    assert.deepEqual(c.aliases, ['数据生产要素', 'data factor']);
    assert.deepEqual(c.aliasKinds, { 数据生产要素: 'synonym', 'data factor': 'translation' });
  });

  test('a plain list, an unknown kind, and a kind that does not fit the script are errors naming line and field', () => {
    assert.deepEqual(
      problemsOf(edit('aliases: { synonym: [新质生产力理论] }', 'aliases: [新质生产力理论]')).map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`),
      ['6:14 concepts[0].aliases: must group the forms by kind, e.g. { synonym: [颠覆性创新], translation: [disruptive technological innovation] } (kinds: synonym, abbreviation, official, alternative, translation; {} for none)'],
    );
    assert.deepEqual(
      problemsOf(edit('aliases: { synonym: [新质生产力理论] }', 'aliases: { broader: [新质生产力理论] }')).map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`),
      ['6:16 concepts[0].aliases.broader: unknown alias kind "broader" (kinds: synonym, abbreviation, official, alternative, translation)'],
    );
    assert.deepEqual(
      problemsOf(edit('aliases: { synonym: [数据生产要素], translation: [data factor] }', 'aliases: { synonym: [data factor], translation: [数据生产要素] }')).map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`),
      [
        '20:26 concepts[1].aliases.synonym[0]: "data factor" has no Chinese characters: an English name is a translation (or an abbreviation)',
        '20:54 concepts[1].aliases.translation[0]: "数据生产要素" is Chinese: a translation is an English name (a Chinese wording is a synonym, official, alternative or abbreviation)',
      ],
    );
  });
});

describe('the shipped lexicon: alias kinds (issue 13)', { skip: noLexicon }, () => {
  const lexicon = () => loadLexicon();
  const kindOf = (form: string) => {
    for (const c of lexicon().concepts) if (c.aliases.includes(form)) return `${c.id}:${c.aliasKinds?.[form]}`;
    const c = lexicon().concepts.find((k) => k.term === form);
    return c ? `${c.id}:term` : 'absent';
  };

  test('every alias has a kind', () => {
    for (const c of lexicon().concepts) for (const a of c.aliases) assert.ok(c.aliasKinds?.[a], `${c.id}: "${a}" has no kind`);
  });

  test('what the paper corrects is a synonym; official wording, short forms and other grammar are not', () => {
    assert.deepEqual(
      ['颠覆性创新', '颠覆性技术创新', '战略新兴产业', '“卡脖子”技术', '卡脖子', '“小巨人”企业', '“小巨人”', '量子科技', '现代产业体系', '新要素', '优化经济结构', '创新驱动发展'].map(kindOf),
      [
        'disruptive-innovation:synonym', 'disruptive-innovation:official', 'strategic-emerging-industries:synonym',
        'chokepoint-technologies:official', 'chokepoint-technologies:abbreviation', 'little-giant-enterprises:official',
        'little-giant-enterprises:official', 'quantum-information-technology:official', 'modern-industrial-system:official',
        'new-factors:abbreviation', 'economic-structure-optimization:alternative', 'innovation-driven:official',
      ],
    );
  });

  test('broader, narrower and official terms that are another concept are not aliases (新兴产业, 新型基础设施, 核心技术, 数据产权); 创新生态 is official wording', () => {
    assert.deepEqual(['新兴产业', '新型基础设施', '新基建', '核心技术', '关键技术', '创新生态', '数据产权', '高质量增长', '经济结构调整'].map(kindOf), [
      'emerging-industries:term', 'new-infrastructure:term', 'new-infrastructure:abbreviation', 'core-technologies:term', 'key-technologies:term', 'innovation-ecosystem:official', 'absent', 'absent', 'absent',
    ]);
  });
});
