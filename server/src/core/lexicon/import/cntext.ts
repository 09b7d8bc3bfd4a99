/**
 * cntext-style YAML dictionaries (the format of the cntext Python library's built-in dictionaries
 * and of `build_yaml_dict`):
 *
 *   Name: 新兴产业词典                      # → header comments, with Desc and Refer
 *   Desc: …
 *   Refer: …
 *   Category: [产业, 技术]
 *   Dictionary:
 *     产业: [产业集群, 先进制造业]             # every word becomes a concept of its own
 *     技术: [中试]
 *
 * A word list says nothing about which words mean the same thing, so no aliases are made; the
 * category is kept as a comment (it is no category of a source's frame).
 */
import { isMap, isPair, isScalar } from 'yaml';
import { ImportError, oneLine, parseInput, strings, type ImportedConcept, type ImportProblem, type ImportResult } from './common';
import { hasHan } from './slug';

export function importCntext(text: string): ImportResult {
  const { data, doc, at } = parseInput(text);
  const root = (data ?? {}) as { Name?: unknown; Desc?: unknown; Refer?: unknown; Category?: unknown; Dictionary?: unknown };
  if (!root.Dictionary || typeof root.Dictionary !== 'object' || Array.isArray(root.Dictionary)) {
    throw new ImportError('not a cntext dictionary: it has no `Dictionary:` map of categories to word lists');
  }
  const header: string[] = [];
  for (const key of ['Name', 'Desc', 'Refer'] as const) {
    const v = root[key];
    for (const line of strings(v)) if (line.trim()) header.push(`cntext ${key}: ${oneLine(line)}`);
  }
  const problems: ImportProblem[] = [];
  const concepts: ImportedConcept[] = [];
  const categories = strings(root.Category);
  const dictNode = doc.get('Dictionary', true);
  const listed = Object.keys(root.Dictionary as object);
  for (const c of categories) {
    if (!listed.includes(c)) problems.push({ ...at(doc.get('Category', true)), message: `the category “${c}” has no word list in Dictionary` });
  }
  const skipped: string[] = [];
  const commented = new Set<string>();
  let firstSkipped: { line: number; column: number } | undefined;
  for (const [category, words] of Object.entries(root.Dictionary as Record<string, unknown>)) {
    const pair = isMap(dictNode) ? dictNode.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === category) : undefined;
    const listNode = pair?.value;
    if (!Array.isArray(words)) {
      problems.push({ ...at(listNode ?? dictNode), message: `the category “${category}” is not a list of words: left out` });
      continue;
    }
    if (categories.length && !categories.includes(category)) {
      problems.push({ ...at(pair?.key ?? dictNode), message: `the category “${category}” is not listed in Category; imported anyway` });
    }
    words.forEach((w, wi) => {
      const node = (listNode as { items?: unknown[] } | undefined)?.items?.[wi];
      const word = typeof w === 'string' || typeof w === 'number' ? oneLine(String(w)) : '';
      if (!word || !hasHan(word)) {
        skipped.push(word || JSON.stringify(w));
        firstSkipped ??= at(node ?? listNode);
        return;
      }
      // The category once, above its first word: the words below it, to the next such comment, are in it.
      const first = !commented.has(category);
      commented.add(category);
      concepts.push({ term: word, aliases: {}, comments: first ? [`cntext category: ${category}`] : [], ...at(node ?? listNode) });
    });
  }
  if (skipped.length) {
    problems.push({
      ...firstSkipped!,
      message: `${skipped.length} word(s) without Chinese characters left out (a policy-lens term is Chinese): ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}`,
    });
  }
  return { format: 'cntext', header, concepts, problems };
}
