/**
 * prh dictionaries (`prh.yml`, the proofreading helper used by textlint-rule-prh and many editors):
 *
 *   version: 1
 *   imports: [./other.yml]            # not followed: import each file on its own
 *   rules:
 *     - expected: 产业集群              # the wording to use → the concept's term
 *       pattern: 产业群                # or patterns: [...]; a form to correct → a `synonym` alias
 *       prh: 统一用“产业集群”           # the rule's message → a comment
 *       specs: [{ from: 发展产业群, to: 发展产业集群 }]   # → policy-lens specs
 *
 * A pattern written as a regular expression (`/…/`) is turned into forms only when it spells a finite
 * list of words (literal characters, `(a|b)` groups and `?`); any other expression, and an `expected`
 * that refers to a capture (`$1`), is reported and left out, never guessed.
 */
import { isMap, isSeq } from 'yaml';
import { ImportError, parseInput, oneLine, strings, type ImportedConcept, type ImportProblem, type ImportResult } from './common';
import { hasHan } from './slug';

/** How many forms a regular expression may spell before it is reported instead of expanded. */
const MAX_FORMS = 32;

export function importPrh(text: string): ImportResult {
  const { data, doc, at } = parseInput(text);
  if (!data || typeof data !== 'object' || !Array.isArray((data as { rules?: unknown }).rules)) {
    throw new ImportError('not a prh dictionary: it has no `rules:` list');
  }
  const root = data as { version?: unknown; imports?: unknown; rules: unknown[] };
  const problems: ImportProblem[] = [];
  const concepts: ImportedConcept[] = [];
  if (root.version !== undefined && root.version !== 1) {
    problems.push({ ...at(doc.get('version', true)), message: `prh version ${String(root.version)} is not 1; read as version 1` });
  }
  for (const [i, imp] of (Array.isArray(root.imports) ? root.imports : root.imports ? [root.imports] : []).entries()) {
    const path = typeof imp === 'string' ? imp : (imp as { path?: unknown })?.path;
    problems.push({ ...at(doc.getIn(['imports', i], true) ?? doc.get('imports', true)), message: `imports are not followed: import ${String(path)} on its own` });
  }
  const rulesNode = doc.get('rules', true);
  root.rules.forEach((raw, i) => {
    const node = isSeq(rulesNode) ? rulesNode.items[i] : undefined;
    const pos = at(node);
    const rule = raw as { expected?: unknown; pattern?: unknown; patterns?: unknown; prh?: unknown; specs?: unknown; regexpMustEmpty?: unknown; options?: unknown };
    if (!rule || typeof rule !== 'object' || typeof rule.expected !== 'string' && typeof rule.expected !== 'number') {
      problems.push({ ...pos, message: `rule ${i + 1} has no \`expected\`: left out` });
      return;
    }
    const expected = oneLine(String(rule.expected));
    if (/\$\d|\$&/.test(expected)) {
      problems.push({ ...pos, message: `rule “${expected}”: \`expected\` refers to a capture of its regular expression, which names no single term: left out` });
      return;
    }
    if (!hasHan(expected)) {
      problems.push({ ...pos, message: `rule “${expected}”: the expected wording has no Chinese characters (a policy-lens term is Chinese): left out` });
      return;
    }
    const forms: string[] = [];
    const patterns = [...strings(rule.pattern), ...strings(rule.patterns)];
    const patternNode = isMap(node) ? (node.get('patterns', true) ?? node.get('pattern', true)) : undefined;
    for (const p of patterns) {
      const regex = /^\/(.*)\/([a-z]*)$/s.exec(p);
      if (!regex) {
        forms.push(oneLine(p));
        continue;
      }
      const expanded = expandRegex(regex[1]);
      if (typeof expanded === 'string') {
        problems.push({ ...at(patternNode ?? node), message: `rule “${expected}”: the pattern ${p} cannot be turned into a list of words (${expanded}): left out` });
      } else {
        forms.push(...expanded);
      }
    }
    const comments = [`prh rule ${i + 1}: ${expected}${patterns.length ? ` ← ${patterns.join(', ')}` : ''}`];
    if (typeof rule.prh === 'string' && rule.prh.trim()) comments.push(`prh: ${oneLine(rule.prh)}`);
    if (rule.regexpMustEmpty !== undefined) comments.push(`(regexpMustEmpty ${String(rule.regexpMustEmpty)} is not imported: policy-lens tags whole forms)`);
    const synonyms = unique(forms.filter((f) => f && f !== expected && hasHan(f)));
    const latin = unique(forms.filter((f) => f && f !== expected && !hasHan(f)));
    const all = [expected, ...synonyms, ...latin];
    const specs: { text: string; tags: string[] }[] = [];
    for (const s of Array.isArray(rule.specs) ? rule.specs : []) {
      for (const t of [(s as { from?: unknown })?.from, (s as { to?: unknown })?.to]) {
        if (typeof t !== 'string' || !t.trim() || specs.some((x) => x.text === t)) continue;
        specs.push({ text: oneLine(t), tags: formsIn(oneLine(t), all) });
      }
    }
    concepts.push({
      term: expected,
      aliases: { ...(synonyms.length && { synonym: synonyms }), ...(latin.length && { translation: latin }) },
      ...(specs.length && { specs }),
      comments,
      ...pos,
    });
  });
  return { format: 'prh', header: [], concepts, problems };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** The forms, longest first at each position, found left to right in a text: what the matcher would tag as this concept. */
export function formsIn(text: string, forms: readonly string[]): string[] {
  const sorted = [...new Set(forms)].filter(Boolean).sort((a, b) => b.length - a.length);
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const f = sorted.find((x) => text.startsWith(x, i) || (!hasHan(x) && text.slice(i, i + x.length).toLowerCase() === x.toLowerCase()));
    if (f) {
      out.push(text.slice(i, i + f.length));
      i += f.length;
    } else i++;
  }
  return out;
}

/**
 * The words a regular expression's body spells, when it is a finite list: literal characters,
 * escaped punctuation, groups `(…)` / `(?:…)` with `|`, and `?` after a character or a group. Any
 * other syntax gives the reason it can't be expanded.
 */
export function expandRegex(body: string): string[] | string {
  let i = 0;
  const fail = (why: string) => {
    throw new Error(why);
  };
  const alternatives = (): string[] => {
    let out = sequence();
    while (body[i] === '|') {
      i++;
      out = [...out, ...sequence()];
    }
    return out;
  };
  const sequence = (): string[] => {
    let out = [''];
    while (i < body.length && body[i] !== '|' && body[i] !== ')') {
      let atom: string[];
      const ch = body[i];
      if (ch === '(') {
        i++;
        if (body.startsWith('?:', i)) i += 2;
        else if (body[i] === '?') fail('lookarounds and named groups');
        atom = alternatives();
        if (body[i] !== ')') fail('an unclosed group');
        i++;
      } else if (ch === '\\') {
        const next = body[i + 1];
        if (next === undefined || /[A-Za-z0-9]/.test(next)) fail(`the escape \\${next ?? ''}`);
        atom = [next];
        i += 2;
      } else if ('[].*+{}^$'.includes(ch)) {
        fail(ch === '[' ? 'a character class' : ch === '.' ? 'the wildcard .' : ch === '^' || ch === '$' ? 'an anchor' : `the quantifier ${ch}`);
        atom = [];
      } else {
        // One code point (an astral character is two code units).
        const cp = String.fromCodePoint(body.codePointAt(i)!);
        atom = [cp];
        i += cp.length;
      }
      if (body[i] === '?') {
        i++;
        if (body[i] === '?') fail('a lazy quantifier');
        atom = [...atom, ''];
      }
      const next: string[] = [];
      for (const a of out) for (const b of atom) next.push(a + b);
      if (next.length > MAX_FORMS) fail(`more than ${MAX_FORMS} words`);
      out = next;
    }
    return out;
  };
  try {
    const out = alternatives();
    if (i < body.length) fail('an unmatched )');
    const words = [...new Set(out)];
    if (words.length > MAX_FORMS) return `more than ${MAX_FORMS} words`;
    if (words.includes('')) return 'it matches the empty string';
    return words;
  } catch (e) {
    return (e as Error).message;
  }
}
