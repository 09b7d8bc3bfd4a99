/**
 * prh-style specs: sentences a lexicon entry carries to say what it must and must not tag.
 *
 *   specs:
 *     - { text: 推动产业集群发展, tags: [产业集群] }   # tags this concept exactly there
 *     - { text: 集群化, tags: [] }                  # tags nothing of this concept
 *
 * A spec passes when annotating `text` with the engine (every lexicon merged, as a draft would be)
 * tags as this concept exactly the forms in `tags`, as written in `text` and in order. Another concept
 * tagged in the sentence does not count, but is named when it takes a form the spec expects (a longer
 * shipped form, say), because that is usually why the spec fails.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { AnnotationEngine } from '../document';
import { ConceptDocument } from '../document';

/** A 0-based range, UTF-16 columns (LSP's shape, as LoadProblem's). */
export interface SpecRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

/** One spec as written in a lexicon file. */
export interface LexiconSpec {
  readonly conceptId: string;
  readonly text: string;
  readonly tags: readonly string[];
  /** Where the spec's entry (`- { text: …, tags: … }`) is, in the lexicon file. */
  readonly range: SpecRange;
}

/** A failed or malformed spec, in the shape of the engine's LoadProblem so it can join its list. */
export interface SpecProblem {
  readonly uri: string;
  readonly range: SpecRange;
  readonly severity: 'error' | 'warning';
  readonly code: 'spec-failed' | 'spec-invalid';
  readonly message: string;
  readonly messageZh: string;
  readonly conceptId: string;
}

/**
 * The specs of every concept of a lexicon text, with their positions, and a problem for each spec
 * that is not `{ text: non-empty string, tags: [strings] }`. A text that is not YAML gives nothing:
 * the loader reports its syntax.
 */
export function readSpecs(uri: string, text: string): { specs: LexiconSpec[]; problems: SpecProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const specs: LexiconSpec[] = [];
  const problems: SpecProblem[] = [];
  if (doc.errors.length) return { specs, problems };
  const pos = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line - 1, character: col - 1 };
  };
  const rangeOf = (node: Node | null | undefined): SpecRange => {
    const r = node?.range ?? [0, 0, 0];
    // The value's own end, without the line break that closes a block node.
    let end = r[1];
    while (end > r[0] && /\s/.test(text[end - 1])) end--;
    return { start: pos(r[0]), end: pos(end) };
  };
  const concepts = doc.get('concepts', true);
  if (!isSeq(concepts)) return { specs, problems };
  for (const item of concepts.items) {
    if (!isMap(item)) continue;
    const idNode = item.get('id', true);
    const conceptId = isScalar(idNode) ? String(idNode.value) : '';
    const list = item.get('specs', true);
    if (!list) continue;
    const invalid = (node: Node | null | undefined, message: string, messageZh: string) =>
      problems.push({ uri, range: rangeOf(node), severity: 'error', code: 'spec-invalid', message, messageZh, conceptId });
    if (!isSeq(list)) {
      invalid(list as Node, `specs of ${conceptId} must be a list of { text, tags }`, `${conceptId} 的 specs 应为 { text, tags } 的列表`);
      continue;
    }
    for (const spec of list.items) {
      const s = isMap(spec) ? (spec.toJSON() as { text?: unknown; tags?: unknown }) : undefined;
      if (!s || typeof s.text !== 'string' || !s.text.trim()) {
        invalid(spec as Node, `a spec of ${conceptId} needs a text: { text: 推动产业集群发展, tags: [产业集群] }`, `${conceptId} 的 spec 缺少 text，例如 { text: 推动产业集群发展, tags: [产业集群] }`);
        continue;
      }
      if (!Array.isArray(s.tags) || s.tags.some((t) => typeof t !== 'string' && typeof t !== 'number')) {
        invalid(spec as Node, `a spec of ${conceptId} needs tags, a list of the forms it must tag ([] for none)`, `${conceptId} 的 spec 需要 tags：应标注的词形列表（不标注则为 []）`);
        continue;
      }
      specs.push({ conceptId, text: s.text, tags: s.tags.map(String), range: rangeOf(spec as Node) });
    }
  }
  return { specs, problems };
}

/** Runs specs through an engine; one problem per spec that fails. Specs of concepts the engine lacks (turned off, say) are skipped. */
export function checkSpecs(uri: string, specs: readonly LexiconSpec[], engine: AnnotationEngine): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const spec of specs) {
    const concept = engine.concept(spec.conceptId);
    if (!concept) continue;
    const doc = new ConceptDocument(spec.text, engine);
    const occurrences = doc.occurrences;
    const tagged = occurrences.filter((o) => o.concept.id === spec.conceptId).map((o) => spec.text.slice(o.start, o.end));
    if (tagged.length === spec.tags.length && tagged.every((t, i) => t === spec.tags[i])) continue;
    const others = occurrences
      .filter((o) => o.concept.id !== spec.conceptId && spec.tags.some((t) => spec.text.slice(o.start, o.end).includes(t) || t.includes(spec.text.slice(o.start, o.end))))
      .map((o) => ({ form: spec.text.slice(o.start, o.end), id: o.concept.id, term: o.concept.term }));
    const list = (l: readonly string[]) => (l.length ? l.map((t) => `「${t}」`).join('') : '—');
    const why = others.length ? `; ${others.map((o) => `「${o.form}」 is tagged as ${o.term} (${o.id})`).join(', ')}` : '';
    const whyZh = others.length ? `；${others.map((o) => `「${o.form}」被标注为「${o.term}」（${o.id}）`).join('，')}` : '';
    problems.push({
      uri,
      range: spec.range,
      severity: 'error',
      code: 'spec-failed',
      conceptId: spec.conceptId,
      message: `spec of ${concept.term} (${spec.conceptId}) fails on “${spec.text}”: expected ${list(spec.tags)}, tagged ${list(tagged)}${why}`,
      messageZh: `「${concept.term}」（${spec.conceptId}）的 spec 未通过：“${spec.text}”应标注 ${list(spec.tags)}，实际标注 ${list(tagged)}${whyZh}`,
    });
  }
  return problems;
}

/** Reads and checks the specs of a lexicon text in one step. */
export function specProblems(uri: string, text: string, engine: AnnotationEngine): SpecProblem[] {
  const { specs, problems } = readSpecs(uri, text);
  return [...problems, ...checkSpecs(uri, specs, engine)];
}
