/**
 * Generated files (traditional forms and pinyin, the compiled lexicon, the TextMate grammar) come from
 * one script, scripts/generate.ts; this fails when any committed one is stale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generators } from '../../scripts/generate';
import { dataDir } from '../../server/src/core/dataPath';
import { loadLexicon, parseLexicon } from '../../server/src/core/lexicon/load';

const ROOT = join(__dirname, '..', '..');

test('every generated file is current (run `npm run generate` after changing the lexicon)', () => {
  const file = join(dataDir(), 'lexicon.yaml');
  const yamlText = readFileSync(file, 'utf8');
  const lexicon = parseLexicon(yamlText, file);
  const outputs = generators.flatMap((g) => g.generate({ lexicon, root: ROOT, dataDir: dataDir(), yamlText }));
  assert.ok(outputs.length >= 3);
  for (const out of outputs) {
    const name = relative(ROOT, out.path);
    assert.ok(existsSync(out.path), `${name} is missing`);
    assert.ok(readFileSync(out.path, 'utf8') === out.content, `${name} is stale: run npm run generate`);
  }
});

test('the compiled lexicon loaded at start-up has exactly the YAML lexicon\'s concepts', () => {
  const file = join(dataDir(), 'lexicon.yaml');
  const fromYaml = parseLexicon(readFileSync(file, 'utf8'), file);
  const loaded = loadLexicon();
  assert.deepEqual(loaded.concepts, fromYaml.concepts);
  // Positions in the YAML are still there when an error needs them.
  assert.deepEqual(loaded.locate('data-elements', ['term']), fromYaml.locate('data-elements', ['term']));
});
