/**
 * `policy-lens import FILE [--from prh|contextive|cntext] [-o OUT [--force]]`: a prh dictionary, a
 * Contextive glossary or a cntext YAML dictionary as a policy-lens lexicon. A thin front end on
 * core/lexicon/import: the lexicon goes to standard output (or OUT, with io.ts's safety rules: never
 * over an input, never over an existing file without --force), and what could not be imported is
 * said on standard error as `file:line:col: message` lines.
 */
import { sharedEngine } from '../core/engine';
import { dirname, resolve } from 'node:path';
import { IMPORT_FORMATS, ImportError, importDictionary, type ImportFormat } from '../core/lexicon/import/index';
import { userSchemaLine } from '../core/lexicon/import/common';
import { checkOutput, DEFAULT_MAX_CHARS, inputIdentity, OutputError, readInput, writeOutput, type FileIdentity } from './io';
import { isOption, parseArgs, usageError } from './args';
import { hasHan } from '../core/han';

interface Io {
  out(text: string): void;
  err(text: string): void;
  stdin?: AsyncIterable<Buffer | string>;
}

export const IMPORT_USAGE = `policy-lens import FILE [--from prh|contextive|cntext] [--output FILE [--force]]
      Turns a prh dictionary (prh.yml), a Contextive glossary (*.glossary.yml) or a cntext YAML
      dictionary into a policy-lens lexicon (to standard output, or --output, which never
      replaces an input, nor an existing file unless --force is given). What cannot be imported
      (regular expressions that spell no word list, terms without Chinese, forms the shipped
      lexicon already has) is listed on standard error.`;

/** Runs the import command; returns the exit status (0 written, 1 unreadable or not a dictionary, 2 usage). */
export async function importCommand(args: string[], io: Io): Promise<number> {
  let from: ImportFormat | undefined;
  let output: string | undefined;
  let force = false;
  const parsed = parseArgs(args, (a, value) => {
    if (isOption(a, '--from')) {
      const f = value();
      if (!IMPORT_FORMATS.includes(f as ImportFormat)) return f === undefined ? '--from needs a value' : `--from must be ${IMPORT_FORMATS.join(', ')}, not "${f}"`;
      from = f as ImportFormat;
    } else if (isOption(a, '--output', '-o')) {
      output = value();
      if (output === undefined) return '--output needs a value';
    } else if (a === '--force' || a === '-f') {
      force = true;
    } else {
      return false;
    }
    return true;
  });
  if ('error' in parsed) return usage(io, parsed.error);
  const { files } = parsed;
  if (files.length !== 1) return usage(io, files.length ? 'import takes one FILE' : 'import needs a FILE');
  const [path] = files;
  const target = output === '-' ? undefined : output;
  const inputs = [inputIdentity(path)].filter((i): i is FileIdentity => i !== undefined);
  try {
    if (target) checkOutput(target, { force, inputs });
  } catch (e) {
    if (e instanceof OutputError) {
      io.err(`policy-lens: ${e.message}\n`);
      return e.code;
    }
    throw e;
  }
  const read = await readInput(path, { maxChars: DEFAULT_MAX_CHARS, stdin: io.stdin });
  if ('error' in read) {
    io.err(`policy-lens: ${read.error}\n`);
    return 1;
  }
  // Ids and forms the shipped lexicon has: an imported concept neither reuses the ids nor claims the forms.
  const engine = sharedEngine();
  const shippedForms = new Map<string, string>();
  for (const f of engine.matcher.forms) shippedForms.set(hasHan(f.text) ? f.text : f.text.toLowerCase(), f.conceptId);
  let result;
  try {
    result = importDictionary(read.name, read.text, {
      format: from,
      takenIds: new Set(engine.lexicon.concepts.map((c) => c.id)),
      knownForm: (form) => shippedForms.get(hasHan(form) ? form : form.toLowerCase()),
      // Written to a file: the schema relative to it, so a clone's lexicons keep validating where it moves.
      ...(target && { schemaLine: userSchemaLine(dirname(resolve(target))) }),
    });
  } catch (e) {
    if (e instanceof ImportError) {
      io.err(`policy-lens: ${read.name}:${e.line}:${e.column}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  for (const p of result.problems) io.err(`${read.name}:${p.line}:${p.column}: ${p.message}\n`);
  const summary = `policy-lens: ${result.ids.length} concept(s) imported from ${read.name} (${result.format})${result.problems.length ? `; ${result.problems.length} thing(s) not imported as written, listed above` : ''}`;
  if (target) {
    try {
      writeOutput(target, result.text, { force, inputs });
    } catch (e) {
      if (e instanceof OutputError) {
        io.err(`policy-lens: ${e.message}\n`);
        return e.code;
      }
      throw e;
    }
    io.err(`${summary}; wrote ${target}\n`);
  } else {
    io.out(result.text);
    io.err(`${summary}\n`);
  }
  return 0;
}

function usage(io: Io, problem: string): number {
  return usageError(io, problem, IMPORT_USAGE);
}
