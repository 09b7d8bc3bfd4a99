/**
 * A deterministic corpus of synthetic Chinese policy drafts for the benchmarks.
 *
 * Drafts are composed from this file's own phrase bank (subjects, verbs, objects, measures, targets),
 * with the lexicon's surface forms sprinkled in at a realistic density: mostly canonical terms, some
 * variants, a few traditional forms, English glosses and the odd English sentence. Structure follows
 * real drafts: 一、 / （一） / 1. headings, numbered and bulleted lists, GFM tables, block quotes,
 * fenced code (whose terms must not be tagged), links, emphasis, front matter, and hard-wrapped
 * paragraphs whose line breaks sometimes fall inside a word (soft line breaks the matcher must read
 * through). Nothing here copies the source paper's sentences.
 *
 * Everything derives from a seed (mulberry32), so every run and every machine sees the same bytes.
 * Sizes are UTF-8 bytes, the size on disk.
 *
 *   npx tsx bench/corpus.ts            writes bench/corpus/ (skipped when already up to date)
 *   npx tsx bench/corpus.ts --force    rewrites it
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLexicon } from '../server/src/core/lexicon/load';
import type { Concept } from '../server/src/core/lexicon/types';
import { rng } from '../test/support/editFuzz';

/** Bump when the generator's output changes, so a cached corpus is rebuilt. */
export const GENERATOR_VERSION = 3;
export const SEED = 20260101;
export const CORPUS_DIR = join(__dirname, 'corpus');
export const WORKSPACE_DIR = join(CORPUS_DIR, 'workspace');

/** The single drafts: name → size in UTF-8 bytes. */
export const DRAFT_SIZES = {
  '10k': 10_000,
  '100k': 100_000,
  '1m': 1_000_000,
  '1.6m': 1_600_000,
  '5m': 5_000_000,
} as const;
export type DraftName = keyof typeof DRAFT_SIZES;

export const WORKSPACE_FILES = 2000;
export const WORKSPACE_BYTES = 20_000_000;

export function draftPath(name: DraftName): string {
  return join(CORPUS_DIR, `draft-${name}.md`);
}

/** The seeded PRNG the incremental property test uses too (mulberry32). */
export { rng };

// ---------------------------------------------------------------------------------------------
// The phrase bank (the project's own words; generic policy language, no lexicon terms on purpose)
// ---------------------------------------------------------------------------------------------

const TOPICS = [
  '加快培育发展新动能', '推动制造业提质增效', '促进民营经济发展壮大', '深化科技体制改革', '建设现代化产业园区',
  '优化营商环境', '支持中小企业专业化发展', '推进城乡融合发展', '加强知识产权保护和运用', '完善科技金融服务体系',
  '推动开发区高质量建设', '提升公共服务数字化水平', '推进绿色低碳转型', '扩大高水平对外开放', '强化人才支撑',
];
const DEPARTMENTS = ['发展改革委', '科技厅', '工业和信息化厅', '财政厅', '人力资源社会保障厅', '商务厅', '市场监管局', '数据局', '地方金融管理局', '统计局'];
const SUBJECTS = [
  '各地区、各部门', '省级有关部门', '各市（州）人民政府', '县级以上人民政府', '行业主管部门', '龙头企业', '高等院校和科研院所',
  '各类金融机构', '行业协会商会', '国有企业', '产业园区管委会', '各级财政部门', '市场主体', '省属高校', '新型研发机构',
];
const ADVERBS = ['加快', '着力', '大力', '持续', '统筹', '深入', '积极', '切实', '不断', '稳步', '全面', '进一步', '有序', '因地制宜地'];
const VERBS = ['推进', '完善', '健全', '支持', '鼓励', '强化', '优化', '落实', '引导', '培育', '提升', '拓展', '规范', '保障', '探索'];
const OBJECTS = [
  '体制机制改革', '要素保障', '公共服务平台', '人才引育', '标准规范体系', '应用场景建设', '监测评估', '政策协同', '财政资金投入',
  '营商环境', '试点示范', '开放合作', '知识产权保护', '安全监管', '信用体系建设', '项目储备', '用地用能保障', '融资担保',
  '统计监测', '考核激励', '容错纠错机制', '区域协作', '基础能力建设', '服务体系', '产学研合作', '成果评价', '首台（套）推广',
];
const MEASURES = [
  '设立总规模不低于{n}亿元的引导基金', '对符合条件的企业给予最高{n}万元奖励', '建立季度调度和年度评估机制', '每年遴选{n}个典型案例',
  '形成一批可复制可推广的经验做法', '实行清单化管理和闭环推进', '落实研发费用加计扣除政策', '开展“揭榜挂帅”试点',
  '将相关指标纳入高质量发展综合绩效评价', '探索“一事一议”支持方式', '建立跨部门联席会议制度', '推行“免申即享”服务',
  '组织开展供需对接活动{n}场以上', '建设{n}个省级示范平台', '培育{n}家以上骨干企业', '完善“白名单”动态调整机制',
];
const GOALS = [
  '全省研发经费投入强度达到{p}%', '规模以上工业企业数字化改造覆盖率超过{p}%', '新增高新技术企业{n}家',
  '培育{n}个千亿级产业集群', '技术合同成交额年均增长{p}%', '战略性产业增加值占比提高{p}个百分点', '建成{n}个特色产业园区',
];
const OPENERS = [
  '为深入贯彻落实党中央、国务院决策部署，', '根据有关法律法规和政策规定，结合本省实际，', '到{y}年，', '围绕重点产业链，',
  '坚持问题导向和目标导向，', '在总结试点经验的基础上，', '按照“统筹规划、分步实施”的原则，', '', '', '', '',
];
const CONNECTORS = ['，', '，同时', '，并', '；'];
/** Noun phrases around a term (they follow a verb in a clause, or stand alone as a heading). */
const TERM_FRAMES = ['{t}', '{t}', '{t}相关工作', '{t}的支撑作用', '{t}重点领域', '{t}发展水平', '{t}领域布局', '{t}试点'];
const ENGLISH_SENTENCES = [
  'The pilot zones shall report progress on {e} to the provincial office every quarter.',
  'Note: figures on {e} follow the statistical definitions of the national bureau.',
  'Key indicator: {e} (see Annex 2 for the method).',
  'Stakeholders asked how {e} will be measured in the mid-term review.',
];
const TABLE_HEADERS = [
  ['序号', '重点任务', '责任单位', '完成时限'],
  ['指标', '2025年', '2027年', '属性'],
  ['项目', '主要内容', '牵头部门'],
];
const CODE_BLOCKS = [
  '```yaml\n# 指标口径配置（不参与标注）\nindicator: {t}\nunit: 亿元\nsource: 统计年鉴\n```',
  '```json\n{"task": "{t}", "owner": "{d}", "deadline": "{y}-12-31"}\n```',
  '```\n附件清单：{t}专项申报指南.docx\n```',
];
const QUOTE_SOURCES = ['有关文件指出', '专家论证意见认为', '调研报告显示', '征求意见中有单位提出'];

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numerals for 1…9999, as used in 一、 and （一） headings. */
export function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n];
  if (n < 20) return '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i];
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out) out += '零';
    zero = false;
    out += CN_DIGITS[d] + unit;
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Terms: which surface form of which concept, at what density
// ---------------------------------------------------------------------------------------------

interface TermBank {
  /** Concepts with Zipf-like weights: a few are everywhere, most are occasional. */
  readonly concepts: readonly Concept[];
  readonly cumulative: readonly number[];
  readonly traditional: ReadonlyMap<string, readonly string[]>;
}

function termBank(): TermBank {
  const lexicon = loadLexicon();
  const concepts = [...lexicon.concepts];
  // A fixed, seeded order, so which concepts are frequent does not depend on the lexicon's file order.
  const next = rng(SEED ^ 0x5eed);
  const keyed = concepts.map((c) => ({ c, k: next() }));
  keyed.sort((a, b) => a.k - b.k);
  // Put the paper's headline concept first: it is the one drafts repeat most.
  const ordered = keyed.map((x) => x.c);
  const head = ordered.findIndex((c) => c.id === 'new-quality-productive-forces');
  if (head > 0) ordered.unshift(...ordered.splice(head, 1));
  const cumulative: number[] = [];
  let sum = 0;
  ordered.forEach((_, i) => cumulative.push((sum += 1 / Math.pow(i + 1, 0.9))));
  const traditional = new Map<string, readonly string[]>();
  for (const c of ordered) traditional.set(c.id, lexicon.forms(c.id)?.traditional ?? []);
  return { concepts: ordered, cumulative: cumulative.map((x) => x / sum), traditional };
}

let bankCache: TermBank | undefined;

/** Concept ids from the most to the least frequent in the corpus (the generator's Zipf order). */
export function conceptsByFrequency(): string[] {
  return (bankCache ??= termBank()).concepts.map((c) => c.id);
}

class DraftWriter {
  private readonly bank = (bankCache ??= termBank());
  constructor(readonly next: () => number) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  concept(): Concept {
    const r = this.next();
    const c = this.bank.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return this.bank.concepts[lo];
  }

  /** A Chinese surface form: the term mostly, sometimes a variant or a traditional form. */
  chineseForm(c: Concept): string {
    const r = this.next();
    const han = c.aliases.filter((a) => /\p{Script=Han}/u.test(a));
    const trad = this.bank.traditional.get(c.id) ?? [];
    if (r < 0.12 && han.length) return this.pick(han);
    if (r < 0.15 && trad.length) return this.pick(trad);
    return c.term;
  }

  englishForm(c: Concept): string {
    const latin = [c.en, ...c.aliases.filter((a) => !/\p{Script=Han}/u.test(a))];
    const form = this.pick(latin);
    const r = this.next();
    if (r < 0.15) return form.replace(/\b[a-z]/g, (m) => m.toUpperCase()); // Title Case in headings and tables
    if (r < 0.18) return form.toUpperCase();
    return form;
  }

  /** A term in context: a frame around a form, sometimes with an English gloss or in bold. */
  termPhrase(): string {
    const c = this.concept();
    let t = this.chineseForm(c);
    const r = this.next();
    if (r < 0.08) t = `${t}（${this.englishForm(c)}）`;
    else if (r < 0.12) t = `**${t}**`;
    else if (r < 0.14) t = `“${t}”`;
    return this.pick(TERM_FRAMES).replace('{t}', t);
  }

  fill(template: string): string {
    return template
      .replace(/\{n\}/g, () => String(this.int(2, 500)))
      .replace(/\{p\}/g, () => (this.int(10, 950) / 10).toFixed(1))
      .replace(/\{y\}/g, () => String(this.int(2025, 2035)))
      .replace(/\{d\}/g, () => this.pick(DEPARTMENTS))
      .replace(/\{t\}/g, () => this.chineseForm(this.concept()))
      .replace(/\{e\}/g, () => this.englishForm(this.concept()));
  }

  /** One clause: subject, adverb, verb, then an object or a term phrase. Terms land about every 40–60 characters. */
  clause(): string {
    const object = this.next() < 0.45 ? this.termPhrase() : this.pick(OBJECTS);
    const subject = this.next() < 0.4 ? this.pick(SUBJECTS) : '';
    return `${subject}${this.pick(ADVERBS)}${this.pick(VERBS)}${object}`;
  }

  sentence(): string {
    let s = this.fill(this.pick(OPENERS)) + this.clause();
    const n = this.int(1, 3);
    for (let i = 0; i < n; i++) s += this.pick(CONNECTORS) + (this.next() < 0.3 ? this.fill(this.pick(MEASURES)) : this.clause());
    if (this.next() < 0.08) s += `（详见[${this.pick(DEPARTMENTS)}通知](https://example.gov.cn/zcwj/${this.int(1000, 9999)}.html)）`;
    if (this.next() < 0.05) s += `，配置项为\`${this.pick(['quota', 'threshold', 'pilot_zone'])}\``;
    return s + '。';
  }

  paragraph(sentences = this.int(2, 6)): string {
    const parts: string[] = [];
    for (let i = 0; i < sentences; i++) parts.push(this.sentence());
    if (this.next() < 0.06) parts.push(this.fill(this.pick(ENGLISH_SENTENCES)));
    return parts.join('');
  }

  /**
   * Hard-wraps a paragraph the way some editors save drafts: breaks every 30–60 characters,
   * wherever they fall, inside a word too. `prefix` starts continuation lines (indentation, `> `).
   */
  wrap(text: string, prefix = ''): string {
    const lines: string[] = [];
    let i = 0;
    while (i < text.length) {
      let end = Math.min(text.length, i + this.int(30, 60));
      // Never split a surrogate pair, an English word, a link or an inline-code span.
      while (end < text.length && (/[\uDC00-\uDFFF]/.test(text[end]) || /[A-Za-z0-9]/.test(text[end - 1]))) end++;
      const open = text.lastIndexOf('[', end);
      if (open >= i && text.indexOf(')', open) >= end) end = text.indexOf(')', open) + 1;
      const tick = text.lastIndexOf('`', end - 1);
      if (tick >= i && (text.slice(i, end).split('`').length - 1) % 2 === 1) end = text.indexOf('`', tick + 1) + 1;
      lines.push(text.slice(i, end));
      i = end;
    }
    return lines.join('\n' + prefix);
  }

  block(text: string, prefix = ''): string {
    return this.next() < 0.25 ? this.wrap(text, prefix) : text;
  }

  table(): string {
    const header = this.pick(TABLE_HEADERS);
    const rows = this.int(3, 8);
    const out = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
    for (let r = 0; r < rows; r++) {
      const cells = header.map((h, k) => {
        if (k === 0) return String(r + 1);
        if (h === '责任单位' || h === '牵头部门') return `省${this.pick(DEPARTMENTS)}`;
        if (h === '完成时限') return `${this.int(2025, 2030)}年${this.int(1, 12)}月`;
        if (h === '属性') return this.pick(['约束性', '预期性']);
        if (/^\d{4}年$/.test(h)) return `${this.int(1, 999)}`;
        return this.next() < 0.15 ? this.englishForm(this.concept()) : this.clause();
      });
      out.push(`| ${cells.join(' | ')} |`);
    }
    return out.join('\n');
  }

  quote(): string {
    const text = `${this.pick(QUOTE_SOURCES)}：${this.paragraph(this.int(1, 3))}`;
    return '> ' + this.wrap(text, '> ');
  }

  list(ordered: boolean): string {
    const items = this.int(2, 6);
    const out: string[] = [];
    for (let i = 0; i < items; i++) {
      const marker = ordered ? `${i + 1}. ` : '- ';
      const indent = ' '.repeat(marker.length);
      out.push(marker + this.block(this.paragraph(this.int(1, 2)), indent));
      if (!ordered && this.next() < 0.15) out.push(`  - ${this.clause()}。`);
    }
    return out.join('\n');
  }

  code(): string {
    return this.fill(this.pick(CODE_BLOCKS));
  }
}

/** The blocks of one chapter (一、…), with its sections (（一）…) and items (1. …). */
function chapter(w: DraftWriter, n: number, sectionStart: number): { text: string; sections: number } {
  const blocks: string[] = [`## ${chineseNumber(n)}、${w.pick(['总体要求', '重点任务', '保障措施', '组织实施', '主要目标', '支持政策', '工作机制'])}`];
  const sections = w.int(2, 5);
  for (let s = 0; s < sections; s++) {
    blocks.push(`### （${chineseNumber(sectionStart + s)}）${w.termPhrase()}`);
    const parts = w.int(2, 5);
    for (let p = 0; p < parts; p++) {
      const r = w.next();
      if (r < 0.5) blocks.push(w.block(w.paragraph()));
      else if (r < 0.62) blocks.push(w.list(w.next() < 0.5));
      else if (r < 0.7) {
        // "1. 标题。正文" items written as paragraphs, the way many drafts number their points.
        blocks.push(`**${w.int(1, 9)}．${w.termPhrase()}。**${w.paragraph(w.int(1, 3))}`);
      } else if (r < 0.78) blocks.push(w.table());
      else if (r < 0.86) blocks.push(w.quote());
      else if (r < 0.9) blocks.push(w.code());
      else if (r < 0.95) blocks.push(`#### ${w.int(1, 9)}. ${w.clause()}`, w.block(w.paragraph()));
      else blocks.push(w.fill('目标：到{y}年，' + w.pick(GOALS) + '，' + w.pick(GOALS) + '。'));
    }
  }
  return { text: blocks.join('\n\n'), sections };
}

/** One draft of about `bytes` UTF-8 bytes (never more), deterministic for the seed. */
export function generateDraft(seed: number, bytes: number, options: { frontMatter?: boolean } = {}): string {
  const next = rng(seed);
  const w = new DraftWriter(next);
  const enc = new TextEncoder();
  const parts: string[] = [];
  if (options.frontMatter ?? next() < 0.3) {
    parts.push(`---\ntitle: 关于${w.pick(TOPICS)}的若干措施\ndrafter: 省${w.pick(DEPARTMENTS)}\ndate: ${w.int(2024, 2026)}-0${w.int(1, 9)}-1${w.int(0, 9)}\n---`);
  }
  parts.push(`# 关于${w.pick(TOPICS)}的实施意见（征求意见稿）`, w.block(w.paragraph(w.int(3, 6))));
  let size = enc.encode(parts.join('\n\n')).length;
  let n = 1;
  let section = 1;
  for (;;) {
    const c = chapter(w, n++, section);
    section += c.sections;
    const s = enc.encode(c.text).length + 2;
    if (size + s > bytes) {
      // Fill the rest with paragraphs that fit, so small drafts still reach their size.
      for (let tries = 0; tries < 50; tries++) {
        const p = w.paragraph(w.int(1, 3));
        const ps = enc.encode(p).length + 2;
        if (size + ps <= bytes - 1) {
          parts.push(p);
          size += ps;
        }
      }
      break;
    }
    parts.push(c.text);
    size += s;
  }
  return parts.join('\n\n') + '\n';
}

/** Sizes of the workspace files: log-normal around the mean, scaled so they sum to `total`. */
function workspaceSizes(next: () => number, count: number, total: number): number[] {
  const raw: number[] = [];
  for (let i = 0; i < count; i++) {
    // Box–Muller.
    const g = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    raw.push(Math.exp(0.7 * g));
  }
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => Math.max(800, Math.round((r / sum) * total)));
}

export function workspaceFile(i: number): string {
  const dept = DEPARTMENTS[i % DEPARTMENTS.length];
  const year = 2020 + (Math.floor(i / DEPARTMENTS.length) % 6);
  // Chinese folder names on purpose: URIs with percent-encoded paths are the norm for these users.
  return join(WORKSPACE_DIR, `省${dept}`, String(year), `draft-${String(i).padStart(4, '0')}.md`);
}

interface Manifest {
  version: number;
  seed: number;
  drafts: Record<string, { bytes: number; chars: number }>;
  workspace: { files: number; bytes: number };
}

const MANIFEST = join(CORPUS_DIR, 'manifest.json');

/** Writes the corpus unless an identical one (same generator version and seed) is already there. */
export function ensureCorpus(force = false, log: (s: string) => void = () => undefined): Manifest {
  if (!force && existsSync(MANIFEST)) {
    const m = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    if (m.version === GENERATOR_VERSION && m.seed === SEED && existsSync(workspaceFile(WORKSPACE_FILES - 1))) return m;
  }
  const started = Date.now();
  rmSync(CORPUS_DIR, { recursive: true, force: true });
  mkdirSync(CORPUS_DIR, { recursive: true });
  const manifest: Manifest = { version: GENERATOR_VERSION, seed: SEED, drafts: {}, workspace: { files: 0, bytes: 0 } };
  let k = 0;
  for (const [name, bytes] of Object.entries(DRAFT_SIZES)) {
    const text = generateDraft(SEED + ++k, bytes, { frontMatter: false });
    writeFileSync(draftPath(name as DraftName), text);
    manifest.drafts[name] = { bytes: Buffer.byteLength(text), chars: text.length };
  }
  const sizes = workspaceSizes(rng(SEED ^ 0xf11e5), WORKSPACE_FILES, WORKSPACE_BYTES);
  for (let i = 0; i < WORKSPACE_FILES; i++) {
    const file = workspaceFile(i);
    mkdirSync(join(file, '..'), { recursive: true });
    const text = generateDraft(SEED * 7 + i, sizes[i]);
    writeFileSync(file, text);
    manifest.workspace.files++;
    manifest.workspace.bytes += Buffer.byteLength(text);
  }
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  log(`corpus written to ${CORPUS_DIR} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return manifest;
}

if (require.main === module) {
  const m = ensureCorpus(process.argv.includes('--force'), console.log);
  console.log(JSON.stringify(m, null, 2));
}
