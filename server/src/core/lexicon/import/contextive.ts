/**
 * Contextive glossaries (`*.glossary.yml`, formerly `definitions.yml`):
 *
 *   contexts:
 *     - name: 产业政策                       # → a header comment
 *       domainVisionStatement: …            # → a header comment
 *       paths: [drafts/**]                  # → a comment: a policy-lens lexicon applies to its folder instead
 *       terms:
 *         - name: 产业集群                   # the term (an English name becomes `en` when an alias is Chinese)
 *           definition: …                  # → definition.zh (or .en when it has no Chinese)
 *           aliases: [产业群, industrial cluster]   # Chinese → `alternative`, Latin → `translation`
 *           examples: [推动产业集群发展]      # those naming the term → specs; the others → comments
 *
 * Contextive's aliases are other names in use, not mistakes, so they are never `synonym`s (which
 * policy-lens reports and corrects).
 */
import { isMap, isSeq } from 'yaml';
import { ImportError, oneLine, parseInput, strings, type ImportedConcept, type ImportProblem, type ImportResult } from './common';
import { formsIn } from './prh';
import { hasHan, slugOf } from './slug';

export function importContextive(text: string): ImportResult {
  const { data, doc, at } = parseInput(text);
  const contexts = (data as { contexts?: unknown } | null)?.contexts;
  if (!Array.isArray(contexts)) throw new ImportError('not a Contextive glossary: it has no `contexts:` list');
  const header: string[] = [];
  const problems: ImportProblem[] = [];
  const concepts: ImportedConcept[] = [];
  const contextsNode = doc.get('contexts', true);
  contexts.forEach((ctx, ci) => {
    const c = (ctx ?? {}) as { name?: unknown; domainVisionStatement?: unknown; paths?: unknown; terms?: unknown };
    const label = typeof c.name === 'string' && c.name.trim() ? oneLine(c.name) : `context ${ci + 1}`;
    header.push(`Contextive context “${label}”${typeof c.domainVisionStatement === 'string' && c.domainVisionStatement.trim() ? `: ${oneLine(c.domainVisionStatement)}` : ''}`);
    const paths = strings(c.paths);
    if (paths.length) header.push(`  (its paths ${paths.join(', ')} are not imported: a lexicon in .policy-lens/ applies to its folder and below)`);
    const ctxNode = isSeq(contextsNode) ? contextsNode.items[ci] : undefined;
    const termsNode = isMap(ctxNode) ? ctxNode.get('terms', true) : undefined;
    (Array.isArray(c.terms) ? c.terms : []).forEach((raw, ti) => {
      const pos = at(isSeq(termsNode) ? termsNode.items[ti] : ctxNode);
      const t = (raw ?? {}) as { name?: unknown; definition?: unknown; aliases?: unknown; examples?: unknown };
      const name = typeof t.name === 'string' || typeof t.name === 'number' ? oneLine(String(t.name)) : '';
      if (!name) {
        problems.push({ ...pos, message: `a term of “${label}” has no name: left out` });
        return;
      }
      const aliases = strings(t.aliases).map(oneLine).filter(Boolean);
      // The term must be Chinese: an English name with a Chinese alias becomes the English name.
      const term = hasHan(name) ? name : aliases.find(hasHan);
      if (!term) {
        problems.push({ ...pos, message: `the term “${name}” of “${label}” has no Chinese name or alias (a policy-lens term is Chinese): left out` });
        return;
      }
      const en = hasHan(name) ? aliases.find((a) => !hasHan(a)) : name;
      const rest = aliases.filter((a) => a !== term && a !== en);
      const alternative = rest.filter(hasHan);
      const translation = rest.filter((a) => !hasHan(a));
      const definition = typeof t.definition === 'string' && t.definition.trim() ? oneLine(t.definition) : undefined;
      const comments = [`Contextive: ${label} › ${name}`];
      const forms = [term, ...alternative, ...(en ? [en] : []), ...translation];
      const specs: { text: string; tags: string[] }[] = [];
      for (const ex of strings(t.examples).map(oneLine).filter(Boolean)) {
        const tags = formsIn(ex, forms);
        if (tags.length) specs.push({ text: ex, tags });
        else comments.push(`example (names none of its forms): ${ex}`);
      }
      concepts.push({
        term,
        ...(en && { en }),
        ...(en && { idHint: slugOf(en) }),
        aliases: { ...(alternative.length && { alternative }), ...(translation.length && { translation }) },
        ...(definition && { definition: hasHan(definition) ? { zh: definition } : { en: definition } }),
        ...(specs.length && { specs }),
        comments,
        ...pos,
      });
    });
  });
  return { format: 'contextive', header, concepts, problems };
}
