/**
 * Citations of a source, optionally with a paragraph as the locator, in three styles:
 *
 * - `gbt7714`: GB/T 7714-2015, 连续出版物中的析出文献 (a journal article, type mark [J]):
 *   `主要责任者. 题名[J]. 刊名, 年, 卷(期): 页码. 获取和访问路径.` Every field the metadata lacks is
 *   left out with its punctuation, never invented: the shipped paper's front matter gives only the
 *   author and title, so its entry is `朱浩然. 新质生产力发展的理论逻辑与路径分析[J].` With a URL the
 *   type mark is [J/OL] (an online document; its 引用日期 is the reader's and not known here).
 *   The locator: GB/T 7714 gives the cited page (引文页码) outside the entry; a paragraph is not a
 *   page, so it follows the entry as a labelled item, `引文位置：二（二）第1段.`
 * - `bibtex`: an `@article` entry keyed by the source id; braces, backslashes and TeX's special
 *   characters in values are escaped; the locator goes into `note`.
 * - `csl-json`: an array with one CSL-JSON item of type `article-journal`. A Chinese name is split into
 *   `family` (the surname: one character, or a known two-character compound surname such as 欧阳) and
 *   `given`, as citeproc-js expects for CJK names (it prints them family-first without a space); a
 *   name it cannot split (Latin, a single character, a transliteration with ·) is a `literal`. The
 *   locator is a citation's, not an item's, so it goes into `note`.
 */
import type { PaperParagraph } from './source/paper';
import type { QuotableSource, SourceMeta } from './check/quotationSource';

export type CitationStyle = 'gbt7714' | 'bibtex' | 'csl-json';
export const CITATION_STYLES: readonly CitationStyle[] = ['gbt7714', 'bibtex', 'csl-json'];

/** The paragraph used as the locator: its Chinese label (`二（二）第1段`). */
type Locator = Pick<PaperParagraph, 'labelZh' | 'anchor'>;

/** Two-character surnames (复姓) that a Chinese name starts with. */
const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐',
  '端木', '独孤', '南宫', '西门', '申屠', '轩辕', '澹台', '公冶', '太史', '呼延', '闻人', '万俟', '司空', '钟离',
];

const HAN_NAME = /^\p{Script=Han}{2,4}$/u;

/** A name as CSL-JSON writes it: `{family, given}` for a Chinese name, else `{literal}`. */
export function cslName(name: string): { family: string; given: string } | { literal: string } {
  const n = name.trim();
  if (!HAN_NAME.test(n)) return { literal: n };
  const compound = n.length >= 3 && COMPOUND_SURNAMES.some((s) => n.startsWith(s));
  const cut = compound ? 2 : 1;
  return { family: n.slice(0, cut), given: n.slice(cut) };
}

/** The authors of a metadata record: `author` may list several, separated by ； ; 、 or a comma. */
function authors(meta: SourceMeta): string[] {
  return meta.author
    .split(/[;；、,，]/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/** GB/T 7714-2015 (see the module comment). */
export function gbt7714(meta: SourceMeta, locator?: Locator): string {
  const parts: string[] = [];
  const names = authors(meta);
  // 3 authors or fewer are all given; more: the first three, then ", 等".
  if (names.length) parts.push(`${names.length > 3 ? `${names.slice(0, 3).join(', ')}, 等` : names.join(', ')}.`);
  parts.push(`${meta.title}[${meta.url ? 'J/OL' : 'J'}].`);
  let serial = meta.journal ?? '';
  if (meta.year !== undefined) serial += `${serial ? ', ' : ''}${meta.year}`;
  if (meta.volume || meta.issue) serial += `${serial ? ', ' : ''}${meta.volume ?? ''}${meta.issue ? `(${meta.issue})` : ''}`;
  if (meta.pages) serial += `${serial ? ': ' : ''}${meta.pages}`;
  if (serial) parts.push(`${serial}.`);
  if (meta.url) parts.push(`${meta.url}.`);
  if (locator) parts.push(`引文位置：${locator.labelZh}.`);
  return parts.join(' ');
}

/** A BibTeX value: TeX's special characters escaped, so the entry reads back as written. */
export function bibtexEscape(value: string): string {
  return value.replace(/[\\{}%&$#_^~]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\textbackslash{}';
      case '^':
        return '\\^{}';
      case '~':
        return '\\~{}';
      default:
        return `\\${c}`;
    }
  });
}

/** A BibTeX key: the source id with anything but letters, digits, `-`, `_`, `:` replaced. */
function bibtexKey(id: string): string {
  return id.replace(/[^A-Za-z0-9_:-]/g, '-') || 'source';
}

/** BibTeX `@article` (see the module comment). */
export function bibtex(id: string, meta: SourceMeta, locator?: Locator): string {
  const fields: [string, string | undefined][] = [
    ['author', authors(meta).join(' and ') || undefined],
    ['title', meta.title],
    ['journal', meta.journal],
    ['year', meta.year === undefined ? undefined : String(meta.year)],
    ['volume', meta.volume],
    ['number', meta.issue],
    ['pages', meta.pages?.replace(/(\d)\s*[-–—]\s*(\d)/, '$1--$2')],
    ['url', meta.url],
    // biblatex's `language` (free text); `langid` wants babel names, which a BCP 47 tag is not.
    ['language', meta.language],
    ['note', locator ? locator.labelZh : undefined],
  ];
  const body = fields
    .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
    // The URL is verbatim in BibTeX's url field (the url package reads it as it is).
    .map(([k, v]) => `  ${k} = {${k === 'url' ? v.replace(/[{}]/g, '') : bibtexEscape(v)}},`);
  return `@article{${bibtexKey(id)},\n${body.join('\n')}\n}`;
}

/** CSL-JSON (see the module comment). */
export function cslJson(id: string, meta: SourceMeta, locator?: Locator): string {
  const item: Record<string, unknown> = { id, type: 'article-journal', title: meta.title };
  const names = authors(meta);
  if (names.length) item.author = names.map(cslName);
  if (meta.journal) item['container-title'] = meta.journal;
  if (meta.year !== undefined) item.issued = { 'date-parts': [[meta.year]] };
  if (meta.volume) item.volume = meta.volume;
  if (meta.issue) item.issue = meta.issue;
  if (meta.pages) item.page = meta.pages;
  if (meta.url) item.URL = meta.url;
  if (meta.language) item.language = meta.language;
  if (locator) item.note = locator.labelZh;
  return JSON.stringify([item], null, 2);
}

/** A source's citation in a style, with a paragraph anchor as the locator (an unknown anchor throws). */
export function cite(source: QuotableSource, style: CitationStyle, anchor?: string): string {
  let locator: Locator | undefined;
  if (anchor) {
    locator = source.byAnchor(anchor);
    if (!locator) throw new RangeError(`${source.id} has no paragraph "${anchor}"`);
  }
  switch (style) {
    case 'gbt7714':
      return gbt7714(source.meta, locator);
    case 'bibtex':
      return bibtex(source.id, source.meta, locator);
    case 'csl-json':
      return cslJson(source.id, source.meta, locator);
  }
}
