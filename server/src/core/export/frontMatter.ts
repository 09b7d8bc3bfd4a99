/**
 * A draft's front matter as metadata for the research exports: the fields policy-text studies code
 * documents by (title, issuing body, region, administrative level, year, document number), under
 * their English or Chinese names.
 */
import { parse as parseYaml } from 'yaml';
import { frontMatterLength } from '../text/prose';

/** The metadata columns, in the order the CSV matrix writes them. */
export const METADATA_FIELDS = ['title', 'issuer', 'region', 'level', 'year', 'docNumber'] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];
export type DocumentMetadata = Partial<Record<MetadataField, string>>;

/** The keys each field is read from, the first present wins. */
const KEYS: Record<MetadataField, readonly string[]> = {
  title: ['title', '标题', '题名', '名称'],
  issuer: ['issuer', '发文机关', '发布机关', '发文单位', '制定机关', 'agency', 'publisher'],
  region: ['region', '地区', '区域', '省份', 'province'],
  level: ['level', '层级', '级别', '政策层级'],
  year: ['year', '年份', '年度'],
  docNumber: ['docNumber', 'doc_number', '文号', '发文字号', '发文号'],
};

/** The YAML front matter's top-level fields, or `{}` when there is none or it does not parse (TOML is not read). */
export function readFrontMatter(text: string): Record<string, unknown> {
  const n = frontMatterLength(text);
  if (!n) return {};
  const block = text.slice(0, n).replace(/^\ufeff/, '');
  if (!block.startsWith('---')) return {};
  const body = block.replace(/^---[ \t]*(?:\r\n|\n|\r)/, '').replace(/(?:\r\n|\n|\r)?---[ \t]*$/, '');
  try {
    const data: unknown = parseYaml(body, { maxAliasCount: 100 });
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The metadata fields present in front matter fields; `year` also from a `date` / `日期` / `发布日期`. */
export function documentMetadata(fields: Readonly<Record<string, unknown>>): DocumentMetadata {
  const out: DocumentMetadata = {};
  for (const f of METADATA_FIELDS) {
    for (const k of KEYS[f]) {
      const v = scalar(fields[k]);
      if (v !== undefined) {
        out[f] = v;
        break;
      }
    }
  }
  if (out.year === undefined) {
    for (const k of ['date', '日期', '发布日期', '成文日期']) {
      const v = fields[k];
      const s = v instanceof Date ? v.toISOString() : scalar(v);
      const m = s && /(\d{4})/.exec(s);
      if (m) {
        out.year = m[1];
        break;
      }
    }
  }
  return out;
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) {
    const parts = v.map(scalar).filter((x): x is string => x !== undefined);
    return parts.length ? parts.join('；') : undefined;
  }
  return undefined;
}
