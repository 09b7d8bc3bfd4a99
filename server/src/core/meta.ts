/**
 * A policy document's metadata from its YAML front matter, for coverage trends (by year, by region) and
 * the exports' document rows. Its own module so that coverage.ts stays free of the YAML parser.
 */
import { parse as parseYaml } from 'yaml';
import { frontMatterLength } from './text/prose';

/** Front-matter fields a policy document carries, as strings (what is present). */
export type DocumentMeta = Partial<Record<'title' | 'issuer' | 'region' | 'level' | 'year' | 'date' | 'docNumber' | 'genre', string>>;

const META_KEYS: Record<string, keyof DocumentMeta> = {
  title: 'title', 标题: 'title',
  issuer: 'issuer', 发文机关: 'issuer',
  region: 'region', 地区: 'region',
  level: 'level', 层级: 'level',
  year: 'year', 年份: 'year',
  date: 'date', 日期: 'date',
  docNumber: 'docNumber', 文号: 'docNumber',
  genre: 'genre', 文种: 'genre',
};

/**
 * The document's metadata from its YAML front matter (`title`, `issuer`/发文机关, `region`, `level`, `year`,
 * `date`, `docNumber`/文号, `genre`); empty strings are left out; `year` falls back to the date's year.
 * Front matter that is no YAML map gives `{}`.
 */
export function documentMeta(text: string): DocumentMeta {
  const n = frontMatterLength(text);
  if (!n) return {};
  const block = text.slice(0, n).replace(/^\ufeff/, '').replace(/^(---|\+\+\+)[^\n]*\n/, '').replace(/\n(---|\.\.\.|\+\+\+)\s*$/, '');
  let data: unknown;
  try {
    data = parseYaml(block);
  } catch {
    return {};
  }
  const meta: DocumentMeta = {};
  if (!data || typeof data !== 'object' || Array.isArray(data)) return meta;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    const key = META_KEYS[k];
    if (!key || v === null || v === undefined || typeof v === 'object') continue;
    const s = String(v).trim();
    if (s) meta[key] = s;
  }
  if (!meta.year && meta.date && /^\d{4}/.test(meta.date)) meta.year = meta.date.slice(0, 4);
  return meta;
}
