/**
 * The YAML front matter of a source file (and the shipped paper's declaration file): id, metadata and
 * frame, validated against server/data/source.schema.json. Never throws: every problem is a
 * {@link LoadProblem} with its range in the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { dataDir } from '../dataPath';
import { nodeRange, ProblemSink, reportSchemaErrors } from '../lexicon/problems';
import type { LoadProblem } from '../lexicon/types';
import { OTHER_CATEGORY, type FrameEntry, type SourceFrame, type SourceMeta } from './types';

export interface FrontMatterData {
  id?: string;
  /** Only the fields the file gives. */
  meta: Partial<SourceMeta>;
  /** Absent when the file declares none. */
  frame?: SourceFrame;
  problems: LoadProblem[];
}

let validator: ValidateFunction | undefined;
function sourceValidator(): ValidateFunction {
  if (validator) return validator;
  const schema: unknown = JSON.parse(readFileSync(join(dataDir(), 'source.schema.json'), 'utf8'));
  return (validator = new Ajv({ allErrors: true, strict: true, validateSchema: false }).compile(schema as object));
}

const META_FIELDS = ['title', 'author', 'affiliation', 'journal', 'year', 'volume', 'issue', 'pages', 'url', 'licence', 'language'] as const;

/**
 * Reads front matter YAML. `yamlText` sits at offset `base` of the file `fileText` (positions are
 * reported in the file); `uri` names the file.
 */
export function readFrontMatterData(yamlText: string, base: number, uri: string, fileText = yamlText, sink = new ProblemSink(uri, fileText)): FrontMatterData {
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  const issues = [...doc.errors, ...doc.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
  if (issues.length) {
    const e = issues[0];
    sink.add('yaml-syntax', 'error', base + e.pos[0], base + e.pos[1], `front matter: ${e.message} [${e.code}]`, `前言元数据（front matter）YAML 语法错误：${e.message} [${e.code}]`);
    return { meta: {}, problems: sink.problems };
  }
  const data: unknown = doc.toJS();
  const validate = sourceValidator();
  if (!validate(data ?? {})) {
    reportSchemaErrors(validate.errors ?? [], doc, base, sink);
    return { meta: {}, problems: sink.problems };
  }
  const d = (data ?? {}) as Record<string, unknown> & { meta?: Record<string, unknown>; frame?: { categories?: RawEntry[]; paths?: RawEntry[] } };
  const meta: Partial<SourceMeta> = {};
  for (const f of META_FIELDS) {
    const top = f === 'title' || f === 'author' || f === 'affiliation' ? d[f] : undefined;
    const inner = d.meta?.[f];
    if (top !== undefined && inner !== undefined && top !== inner) {
      const [s, e] = nodeRange(doc, ['meta', f]);
      sink.add('meta-conflict', 'error', base + s, base + e, `meta.${f} "${String(inner)}" differs from the top-level ${f} "${String(top)}"`, `meta.${f}“${String(inner)}”与顶层的 ${f}“${String(top)}”不一致`);
    }
    const v = inner ?? top;
    if (v !== undefined) (meta as Record<string, unknown>)[f] = v;
  }
  let frame: SourceFrame | undefined;
  if (d.frame) {
    const entries = (kind: 'categories' | 'paths'): FrameEntry[] => {
      const list = d.frame?.[kind] ?? [];
      const seen = new Set<string>();
      const out: FrameEntry[] = [];
      list.forEach((e, i) => {
        if (seen.has(e.id) || (kind === 'categories' && e.id === OTHER_CATEGORY.id)) {
          const [s, en] = nodeRange(doc, ['frame', kind, i, 'id']);
          const why = seen.has(e.id) ? 'is listed twice' : 'is reserved for concepts without a category';
          const whyZh = seen.has(e.id) ? '重复出现' : '保留给未分类的概念';
          sink.add('frame-duplicate', 'error', base + s, base + en, `frame.${kind}[${i}]: "${e.id}" ${why}`, `frame.${kind}[${i}]：“${e.id}”${whyZh}`);
          return;
        }
        seen.add(e.id);
        out.push(Object.freeze({ id: e.id, zh: e.zh, en: e.en, order: e.order ?? i }));
      });
      return out.sort((a, b) => a.order - b.order);
    };
    frame = Object.freeze({ categories: Object.freeze(entries('categories')), paths: Object.freeze(entries('paths')) });
  }
  return { ...(typeof d.id === 'string' && { id: d.id }), meta, ...(frame && { frame }), problems: sink.problems };
}

interface RawEntry {
  id: string;
  zh: string;
  en: string;
  order?: number;
}
