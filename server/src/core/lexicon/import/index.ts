/**
 * `policy-lens import`: other tools' dictionaries as policy-lens lexicons. Which format a file is in
 * is told by its name (`prh.yml`, `*.glossary.yml`) and then by its top-level keys.
 */
import { parse } from 'yaml';
import { ImportError, renderLexicon, type ImportFormat, type ImportResult, type Rendered, type RenderOptions } from './common';
import { importPrh } from './prh';
import { importContextive } from './contextive';
import { importCntext } from './cntext';

export { ImportError, type ImportFormat, type ImportResult, type Rendered } from './common';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['prh', 'contextive', 'cntext'];

/** The format of a file, from its name and then its top-level keys; undefined when it is none of them. */
export function detectFormat(fileName: string, text: string): ImportFormat | undefined {
  const base = fileName.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (/(^|[.-])prh\.ya?ml$/.test(base)) return 'prh';
  if (/\.glossary\.ya?ml$/.test(base) || base === 'definitions.yml') return 'contextive';
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: false, maxAliasCount: 100 });
  } catch {
    return undefined; // the importer reports the syntax error with its position
  }
  if (!data || typeof data !== 'object') return undefined;
  if ('rules' in data) return 'prh';
  if ('contexts' in data) return 'contextive';
  if ('Dictionary' in data) return 'cntext';
  return undefined;
}

/** Reads a dictionary in the given format. Throws {@link ImportError} when it is not one. */
export function readDictionary(format: ImportFormat, text: string): ImportResult {
  switch (format) {
    case 'prh':
      return importPrh(text);
    case 'contextive':
      return importContextive(text);
    case 'cntext':
      return importCntext(text);
  }
}

/** Reads a dictionary (its format detected unless given) and writes it as a policy-lens lexicon. */
export function importDictionary(fileName: string, text: string, options: Omit<RenderOptions, 'sourceName'> & { format?: ImportFormat } = {}): Rendered & { format: ImportFormat } {
  const format = options.format ?? detectFormat(fileName, text);
  if (!format) throw new ImportError('is not a prh dictionary (rules:), a Contextive glossary (contexts:) or a cntext dictionary (Dictionary:); name the format with --from');
  const result = readDictionary(format, text);
  return { format, ...renderLexicon(result, { ...options, sourceName: fileName.split(/[\\/]/).pop() ?? fileName }) };
}
