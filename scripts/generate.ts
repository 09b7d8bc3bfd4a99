/**
 * Writes every file derived from the lexicon. `npm run generate` rewrites them; `npm run generate --
 * --check` writes nothing and exits 1 when a committed file differs from what would be generated.
 *
 * To add an output (the TextMate grammar, say), add a {@link Generator} to `generators` below.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { dataDir } from '../server/src/core/dataPath';
import { deriveForms, serializeForms } from '../server/src/core/lexicon/derive';
import { compileLexicon, LexiconError, parseLexicon, type Lexicon } from '../server/src/core/lexicon/load';
import { userLexiconSchemaText } from '../server/src/core/lexicon/userSchema';
import { GRAMMAR_PATH, grammarFileText } from './grammar';

const root = join(__dirname, '..');

/** What every generator gets: the lexicon, validated, read from the source file (not from generated output). */
export interface GeneratorInput {
  readonly lexicon: Lexicon;
  /** The repository root and the data folder, absolute. */
  readonly root: string;
  readonly dataDir: string;
  /** The lexicon file's text. */
  readonly yamlText: string;
}

/** One generated file: an absolute path and its exact contents. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export interface Generator {
  readonly name: string;
  generate(input: GeneratorInput): GeneratedFile[];
}

export const generators: readonly Generator[] = [
  {
    name: 'forms',
    generate: ({ lexicon, dataDir }) => [
      { path: join(dataDir, 'generated', 'forms.json'), content: serializeForms(deriveForms(lexicon.concepts)) },
    ],
  },
  {
    // The lexicon compiled to JSON, keyed by the YAML's content, so start-up skips YAML and the schema.
    name: 'lexicon',
    generate: ({ lexicon, dataDir, yamlText }) => [
      { path: join(dataDir, 'generated', 'lexicon.json'), content: JSON.stringify(compileLexicon(yamlText, lexicon)) + '\n' },
    ],
  },
  {
    // The schema of user and workspace lexicons, derived from the shipped lexicon's schema so the two never drift.
    name: 'user-schema',
    generate: ({ dataDir }) => [
      {
        path: join(dataDir, 'user-lexicon.schema.json'),
        content: userLexiconSchemaText(JSON.parse(readFileSync(join(dataDir, 'lexicon.schema.json'), 'utf8')) as Record<string, unknown>),
      },
    ],
  },
  {
    // The TextMate injection grammar, so concepts are coloured before the server answers.
    name: 'grammar',
    generate: ({ lexicon, root }) => [
      { path: join(root, GRAMMAR_PATH), content: grammarFileText(lexicon.concepts, deriveForms(lexicon.concepts)) },
    ],
  },
];

function main(): number {
  const check = process.argv.includes('--check');
  const data = dataDir();
  const lexiconFile = join(data, 'lexicon.yaml');
  let lexicon: Lexicon;
  const yamlText = readFileSync(lexiconFile, 'utf8');
  try {
    lexicon = parseLexicon(yamlText, relative(process.cwd(), lexiconFile));
  } catch (e) {
    if (e instanceof LexiconError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }

  const input: GeneratorInput = { lexicon, root, dataDir: data, yamlText };
  const stale: string[] = [];
  for (const generator of generators) {
    for (const file of generator.generate(input)) {
      const shown = relative(process.cwd(), file.path);
      const current = existsSync(file.path) ? readFileSync(file.path, 'utf8') : undefined;
      if (current === file.content) continue;
      if (check) {
        stale.push(`${shown} (${generator.name}) is ${current === undefined ? 'missing' : 'stale'}`);
      } else {
        mkdirSync(dirname(file.path), { recursive: true });
        writeFileSync(file.path, file.content);
        console.log(`wrote ${shown}`);
      }
    }
  }
  if (stale.length > 0) {
    console.error(`${stale.join('\n')}\nRun \`npm run generate\` and commit the result.`);
    return 1;
  }
  if (check) console.log('generated files are up to date');
  return 0;
}

if (require.main === module) process.exitCode = main();
