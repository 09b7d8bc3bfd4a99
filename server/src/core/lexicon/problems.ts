/**
 * Problems of lexicon and source files as {@link LoadProblem}s: 0-based UTF-16 ranges in the file,
 * English and Chinese messages. Shared by the user-lexicon loader and the source reader; the shipped
 * lexicon keeps its own compiler-style messages (load.ts), which its tests pin.
 */
import type { ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { LoadProblem } from './types';
import { LineIndex } from '../lineIndex';

export type YamlPath = readonly (string | number)[];

/** Collects problems for one file; positions are offsets into the whole file text. */
export class ProblemSink {
  readonly problems: LoadProblem[] = [];
  private readonly lines: LineIndex;

  constructor(readonly uri: string, text: string) {
    this.lines = new LineIndex(text);
  }

  /** 0-based line and UTF-16 character of a file offset. */
  position(offset: number): { line: number; character: number } {
    const line = this.lines.lineAt(offset);
    return { line, character: offset - this.lines.lineStart(line) };
  }

  add(code: string, severity: LoadProblem['severity'], start: number, end: number, message: string, messageZh: string): void {
    this.problems.push({ uri: this.uri, range: { start: this.position(start), end: this.position(Math.max(start, end)) }, severity, code, message, messageZh });
  }

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }
}

/** The YAML node at `path` (its key node when `key`), or the deepest enclosing node that exists. */
export function nodeAt(doc: Document, path: YamlPath, key = false): Node | undefined {
  let node: unknown = doc.contents;
  let found = node as Node | undefined;
  for (let k = 0; k < path.length; k++) {
    const seg = path[k];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      const last = k === path.length - 1;
      const value = pair.value as Node | null;
      if ((last && key) || !value?.range) return (pair.key as Node | undefined) ?? found;
      node = value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      node = item;
    } else {
      break;
    }
    found = node as Node;
  }
  return found;
}

/** {@link nodeAt}'s node as `[start, end)` offsets into the parsed text (`[0, 0]` when it has no range). */
export function nodeRange(doc: Document, path: YamlPath, key = false): [number, number] {
  const r = nodeAt(doc, path, key)?.range;
  return r ? [r[0], r[1]] : [0, 0];
}

/** `/concepts/3/source` → `['concepts', 3, 'source']`. */
export function pointerToPath(pointer: string): YamlPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** `['concepts', 3, 'source']` → `concepts[3].source`. */
export function fieldName(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += (out === '' ? '' : '.') + (/^[A-Za-z_$][\w$]*$/.test(seg) ? seg : JSON.stringify(seg));
  }
  return out === '' ? '(root)' : out;
}

/**
 * One ajv error in words (both languages) and where it points. Errors of `oneOf`/`anyOf` branches are
 * summarised by their parent; the caller drops those with `skip`.
 */
export function schemaMessage(e: ErrorObject): { path: YamlPath; key: boolean; en: string; zh: string } {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const field = fieldName(path);
  switch (e.keyword) {
    case 'required':
      return { path, key: false, en: `${field}: missing required field "${String(p.missingProperty)}"`, zh: `${field}：缺少必填字段“${String(p.missingProperty)}”` };
    case 'additionalProperties':
      return { path: [...path, String(p.additionalProperty)], key: true, en: `${field}: unknown field "${String(p.additionalProperty)}"`, zh: `${field}：未知字段“${String(p.additionalProperty)}”` };
    case 'enum':
      return { path, key: false, en: `${field}: must be one of ${(p.allowedValues as unknown[]).join(', ')}`, zh: `${field}：只能是 ${(p.allowedValues as unknown[]).join('、')} 之一` };
    case 'const':
      return { path, key: false, en: `${field}: must be ${JSON.stringify(p.allowedValue)}`, zh: `${field}：必须是 ${JSON.stringify(p.allowedValue)}` };
    case 'pattern':
      return { path, key: false, en: `${field}: does not match ${String(p.pattern)}`, zh: `${field}：不符合格式 ${String(p.pattern)}` };
    case 'type':
      return { path, key: false, en: `${field}: must be ${String(p.type)}`, zh: `${field}：类型应为 ${String(p.type)}` };
    case 'minItems':
      return { path, key: false, en: `${field}: must have at least ${Number(p.limit)} item(s)`, zh: `${field}：至少需要 ${Number(p.limit)} 项` };
    case 'minLength':
      return { path, key: false, en: `${field}: must not be empty`, zh: `${field}：不能为空` };
    case 'uniqueItems':
      return { path: [...path, Math.max(Number(p.i), Number(p.j))], key: false, en: `${field}: repeats an item`, zh: `${field}：有重复项` };
    case 'oneOf':
    case 'anyOf':
      return { path, key: false, en: `${field}: has none of the accepted shapes`, zh: `${field}：不符合任何一种可接受的写法` };
    default:
      return { path, key: false, en: `${field}: ${e.message ?? `fails ${e.keyword}`}`, zh: `${field}：${e.message ?? e.keyword}` };
  }
}

/**
 * Reports ajv's errors on `doc` (parsed from `text.slice(base)`), one per value: the errors of the
 * branches of a `oneOf` are left out when the `oneOf` itself is reported.
 */
export function reportSchemaErrors(errors: readonly ErrorObject[], doc: Document, base: number, sink: ProblemSink): void {
  const seen = new Set<string>();
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.schemaPath.replace(/\/(oneOf|anyOf)$/, ''));
  for (const e of errors) {
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && alternatives.some((a) => e.schemaPath.startsWith(a + '/') && /\/(oneOf|anyOf)\//.test(e.schemaPath.slice(a.length)))) continue;
    const m = schemaMessage(e);
    const [start, end] = nodeRange(doc, m.path, m.key);
    const k = `${start}:${m.en}`;
    if (seen.has(k)) continue;
    seen.add(k);
    sink.add('schema', 'error', base + start, base + end, m.en, m.zh);
  }
}
