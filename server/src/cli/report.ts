/**
 * `policy-lens report FILE|FOLDER… -o report.html`: one self-contained HTML file (ECharts and the page
 * script inlined, a Content-Security-Policy that allows no network) with the coverage charts over a
 * corpus, trends by year and region from the front matter, and the tables (document × concept, the
 * concepts, the missing ones). Readable in any browser, in Chinese or English.
 *
 * Files stream through a pool of worker threads (one per core): each worker reads and annotates a file
 * and sends back only its aggregate (core/coverage.ts), so memory grows with the number of documents
 * and concepts, never with the texts.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sharedEngine, type Engine } from '../core/engine';
import { addToCorpus, corpusPairs, coveragePicture, emptyCorpus, frameLabel, langOf, type CorpusCoverage, type CoveragePicture, type DocumentCoverage, type Lang } from '../core/coverage';
import { CATEGORY_IDS } from '../core/lexicon/types';
import { conceptIdsNamed } from '../core/text/directives';
import type { DocumentMeta } from '../core/meta';
import { checkOutput, DEFAULT_MAX_CHARS, inputIdentity, writeOutput, type FileIdentity } from './io';
import { analyseFile, type ReportJob, type ReportResult } from './reportWorker';
import { excludeNames, maxFileSize } from './args';

export const REPORT_USAGE = `policy-lens report FILE|FOLDER… -o report.html [--force] [--lang zh|en] [--jobs N]
                       [--max-file-size N] [--exclude ID,TERM,…]
      Writes one self-contained HTML report (no network) of the concepts' coverage over the files
      (folders: their .md files, recursively): the paper's frame, section × concept, co-occurrence,
      trends by year and region (from front matter), and the tables. --lang defaults from LANG.
      --jobs: worker threads (default: one per core; 1 runs in this thread).`;

/** Heatmap rows at most: a corpus's heatmap shows its documents with the most occurrences. */
export const HEATMAP_ROWS = 60;
/** Documents at most for the full document × concept matrix; a larger corpus gets a compact list per document. */
export const MATRIX_DOCUMENTS = 300;

export class ReportUsageError extends Error {}

interface ReportOptions {
  output?: string;
  force: boolean;
  lang: Lang;
  jobs: number;
  maxChars: number;
  exclude: string[];
  inputs: string[];
}

interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether standard error is a terminal (for the progress line). */
  errIsTTY?: boolean;
}

function parseReportOptions(args: string[], env: NodeJS.ProcessEnv): ReportOptions {
  const opts: ReportOptions = { force: false, lang: langOf(env.LC_ALL || env.LC_MESSAGES || env.LANG), jobs: availableParallelism(), maxChars: DEFAULT_MAX_CHARS, exclude: [], inputs: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0 && a.startsWith('--')) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new ReportUsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--output' || a === '-o' || a.startsWith('--output=')) opts.output = value('--output');
    else if (a === '--force' || a === '-f') opts.force = true;
    else if (a === '--lang' || a.startsWith('--lang=')) {
      const l = value('--lang');
      if (l !== 'zh' && l !== 'en') throw new ReportUsageError(`--lang must be "zh" or "en", not "${l}"`);
      opts.lang = l;
    } else if (a === '--jobs' || a === '-j' || a.startsWith('--jobs=')) {
      const v = value('--jobs');
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 1) throw new ReportUsageError(`--jobs must be a positive whole number, not "${v}"`);
      opts.jobs = n;
    } else if (a === '--max-file-size' || a.startsWith('--max-file-size=')) {
      opts.maxChars = maxFileSize(value('--max-file-size'), (problem) => {
        throw new ReportUsageError(problem);
      });
    } else if (a === '--exclude' || a.startsWith('--exclude=')) {
      opts.exclude.push(...excludeNames(value('--exclude')));
    } else if (a === '--') {
      opts.inputs.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-')) {
      throw new ReportUsageError(a === '-' ? 'report reads files, not standard input' : `unknown option "${a}"`);
    } else opts.inputs.push(a);
  }
  return opts;
}

/** The files named: a file as given, a folder's Markdown files (recursively, sorted, dot-folders skipped). */
export function expandInputs(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) out.push(p);
    }
  };
  for (const i of inputs) {
    let dir = false;
    try {
      dir = statSync(i).isDirectory();
    } catch {
      dir = false; // readInput says why
    }
    if (dir) walk(i);
    else out.push(i);
  }
  return out;
}

/** What the analysis of a corpus gives: the merged aggregate and one small row per document. */
export interface CorpusAnalysis {
  corpus: CorpusCoverage;
  documents: { path: string; meta: DocumentMeta; total: number; concepts: Record<string, number> }[];
  failed: string[];
}

/**
 * Analyses files through `jobs` worker threads (in this thread when `jobs` is 1 or there is no bundled
 * worker beside this module), in input order in the result. `progress(done, total)` is called as files finish.
 */
export async function analyseCorpus(files: readonly string[], options: { jobs: number; maxChars: number; exclude: string[]; progress?: (done: number, total: number, failed: number) => void }): Promise<CorpusAnalysis> {
  const results: (DocumentCoverage | string | undefined)[] = new Array(files.length);
  const analysis: CorpusAnalysis = { corpus: emptyCorpus(), documents: [], failed: [] };
  let done = 0;
  let failedCount = 0;
  // Results are merged in input order as soon as the prefix is complete, so the report does not depend on
  // which worker finished first, and finished aggregates do not pile up.
  let merged = 0;
  const accept = (r: ReportResult) => {
    results[r.id] = 'error' in r ? r.error : r.coverage;
    if ('error' in r) failedCount++;
    done++;
    while (merged < files.length && results[merged] !== undefined) {
      const x = results[merged]!;
      if (typeof x === 'string') analysis.failed.push(x);
      else {
        addToCorpus(analysis.corpus, x);
        analysis.documents.push({ path: x.path, meta: x.meta, total: x.total, concepts: x.concepts });
      }
      results[merged++] = undefined;
    }
    options.progress?.(done, files.length, failedCount);
  };
  const job = (id: number): ReportJob => ({ id, path: files[id], maxChars: options.maxChars, exclude: options.exclude });
  const script = join(__dirname, 'reportWorker.js');
  const workers = Math.min(options.jobs, files.length);
  if (workers <= 1 || !existsSync(script)) {
    for (let i = 0; i < files.length; i++) accept(await analyseFile(job(i)));
    return analysis;
  }
  let next = 0;
  await new Promise<void>((resolve) => {
    let running = 0;
    const start = () => {
      const w = new Worker(script);
      running++;
      let current = -1;
      const feed = () => {
        if (next >= files.length) {
          current = -1;
          void w.terminate();
          return;
        }
        current = next++;
        w.postMessage(job(current));
      };
      w.on('message', (r: ReportResult) => {
        accept(r);
        feed();
      });
      w.on('error', (e) => {
        // A worker that dies costs only the file it had: that file is reported, a new worker goes on.
        if (current >= 0) accept({ id: current, error: `${files[current]}: could not be annotated (worker failed: ${e.message})` });
        current = -1;
      });
      w.on('exit', () => {
        running--;
        if (current >= 0) accept({ id: current, error: `${files[current]}: could not be annotated (worker exited)` });
        if (next < files.length) start();
        else if (running === 0) resolve();
      });
      feed();
    };
    for (let i = 0; i < workers; i++) start();
  });
  return analysis;
}

const LABELS = {
  zh: {
    title: '政策文本概念覆盖报告',
    subtitle: '对照朱浩然《新质生产力发展的理论逻辑与路径分析》的概念框架',
    summary: (d: number, o: number, c: number, all: number) => `${d} 篇文档 · ${o} 次出现 · 覆盖 ${c}/${all} 个概念`,
    failed: (n: number) => `${n} 个文件未能读取或分析：`,
    documents: '文档 × 概念',
    documentsCompact: '文档（每篇的概念及次数）',
    document: '文档',
    total: '合计',
    concepts: '概念',
    concept: '概念',
    category: '类别',
    occurrences: '出现次数',
    share: '占比',
    usedBy: '使用文档数',
    missing: '未覆盖的概念',
    none: '无',
    dominant: '主导概念（合计占一半出现次数）',
    meta: { title: '标题', issuer: '发文机关', region: '地区', year: '年份', level: '层级', docNumber: '文号' },
    heatmapNote: (shown: number, all: number) => `热力图显示出现次数最多的 ${shown} 篇文档（共 ${all} 篇）。`,
    generated: '由 policy-lens 生成',
  },
  en: {
    title: 'Concept coverage report',
    subtitle: "Against the frame of Zhu Haoran's paper on new quality productive forces (新质生产力)",
    summary: (d: number, o: number, c: number, all: number) => `${d} document(s) · ${o} occurrence(s) · ${c} of ${all} concepts covered`,
    failed: (n: number) => `${n} file(s) could not be read or analysed:`,
    documents: 'Document × concept',
    documentsCompact: 'Documents (their concepts and counts)',
    document: 'Document',
    total: 'Total',
    concepts: 'Concepts',
    concept: 'Concept',
    category: 'Category',
    occurrences: 'Occurrences',
    share: 'Share',
    usedBy: 'Documents using it',
    missing: 'Concepts missing',
    none: 'none',
    dominant: 'Dominant concepts (together half of the occurrences)',
    meta: { title: 'Title', issuer: 'Issuer', region: 'Region', year: 'Year', level: 'Level', docNumber: 'Doc. no.' },
    heatmapNote: (shown: number, all: number) => `The heatmap shows the ${shown} documents with the most occurrences (of ${all}).`,
    generated: 'Made by policy-lens',
  },
};

/** What the report embeds for its charts (tests read it back from the page). */
export interface ReportData {
  picture: CoveragePicture;
  /** Index into the documents table of each heatmap row. */
  rowDocuments: number[];
  trends: { years: string[]; yearSeries: { id: string; label: string; data: number[] }[]; regions: string[]; regionSeries: { id: string; label: string; data: number[] }[] };
}

/** The charts' data for an analysed corpus. */
export function reportData(analysis: CorpusAnalysis, engine: Engine, lang: Lang): ReportData {
  const { corpus, documents } = analysis;
  const order = documents.map((d, i) => ({ d, i })).filter((x) => x.d.total > 0).sort((a, b) => b.d.total - a.d.total || a.i - b.i).slice(0, HEATMAP_ROWS).sort((a, b) => a.i - b.i);
  const rows = order.map((x) => ({ label: docLabel(x.d), counts: x.d.concepts }));
  const picture = coveragePicture(corpus.concepts, rows, corpusPairs(corpus), engine.lexicon.concepts, lang, { documents: corpus.documents, documentsUsing: corpus.documentsUsing });
  const categoryOf = new Map(engine.lexicon.concepts.map((c) => [c.id, c.category as string]));
  const perCategory = (counts: Record<string, number> | undefined, docs: number) => {
    const out: Record<string, number> = {};
    for (const [id, n] of Object.entries(counts ?? {})) out[categoryOf.get(id) ?? ''] = (out[categoryOf.get(id) ?? ''] ?? 0) + n;
    return CATEGORY_IDS.map((c) => Math.round(((out[c] ?? 0) / Math.max(1, docs)) * 100) / 100);
  };
  const series = (keys: string[], by: Record<string, Record<string, number>>, docs: Record<string, number>) => {
    const values = keys.map((k) => perCategory(by[k], docs[k]));
    return CATEGORY_IDS.map((c, ci) => ({ id: c, label: frameLabel(c, lang), data: values.map((v) => v[ci]) }));
  };
  const years = Object.keys(corpus.documentsByYear).sort();
  const regions = Object.keys(corpus.documentsByRegion).sort((a, b) => corpus.documentsByRegion[b] - corpus.documentsByRegion[a] || (a < b ? -1 : 1)).slice(0, 40);
  return {
    picture,
    rowDocuments: order.map((x) => x.i),
    trends: { years, yearSeries: series(years, corpus.byYear, corpus.documentsByYear), regions, regionSeries: series(regions, corpus.byRegion, corpus.documentsByRegion) },
  };
}

function docLabel(d: { path: string; meta: DocumentMeta }): string {
  return d.meta.title ?? basename(d.path);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The media folder (ECharts, the chart script): next to dist/ in the package, at the top of a checkout. */
export function mediaDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'media');
    if (existsSync(join(candidate, 'coverageCharts.js'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`policy-lens: cannot find the media folder above ${__dirname}`);
}

/** The whole report page. */
export function reportHtml(analysis: CorpusAnalysis, engine: Engine, lang: Lang, media = mediaDir()): string {
  const L = LABELS[lang];
  const data = reportData(analysis, engine, lang);
  const { picture } = data;
  const nonce = randomBytes(16).toString('base64');
  const echartsFile = join(media, 'echarts', 'echarts.min.js');
  if (!existsSync(echartsFile)) throw new Error(`policy-lens: ${echartsFile} is missing (run "npm run build")`);
  const echarts = readFileSync(echartsFile, 'utf8');
  const charts = readFileSync(join(media, 'coverageCharts.js'), 'utf8');
  const byId = new Map(engine.lexicon.concepts.map((c) => [c.id, c]));
  const name = (id: string) => (lang === 'zh' ? byId.get(id)!.term : `${byId.get(id)!.en} (${byId.get(id)!.term})`);
  const covered = picture.concepts.filter((k) => k.count > 0);
  const docs = analysis.documents;
  const metaKeys = (['title', 'issuer', 'region', 'year'] as const).filter((k) => docs.some((d) => d.meta[k]));

  const conceptRows = picture.concepts
    .map((k) => `<tr id="concept-${escapeHtml(k.id)}" data-concept="${escapeHtml(k.id)}"><td>${escapeHtml(name(k.id))}</td><td>${escapeHtml(frameLabel(k.category, lang))}</td><td class="n">${k.count}</td><td class="n">${(k.share * 100).toFixed(1)}%</td><td class="n">${k.documents}</td></tr>`)
    .join('\n');
  const missingList = picture.missing.length
    ? `<ul class="missing">${picture.missing.map((id) => `<li><a href="#concept-${escapeHtml(id)}">${escapeHtml(name(id))}</a> <span class="cat">${escapeHtml(frameLabel(byId.get(id)!.category, lang))}</span></li>`).join('')}</ul>`
    : `<p>${L.none}</p>`;
  const dominant = picture.dominant.map((id) => `<a href="#concept-${escapeHtml(id)}">${escapeHtml(name(id))}</a> ${(100 * (picture.concepts.find((k) => k.id === id)?.share ?? 0)).toFixed(1)}%`).join(' · ');

  const matrix = docs.length <= MATRIX_DOCUMENTS;
  const head = `<tr><th>#</th><th>${L.document}</th>${metaKeys.map((k) => `<th>${L.meta[k]}</th>`).join('')}<th>${L.total}</th>${matrix ? covered.map((k) => `<th class="v" title="${escapeHtml(name(k.id))}"><a href="#concept-${escapeHtml(k.id)}">${escapeHtml(lang === 'zh' ? k.term : k.en)}</a></th>`).join('') : `<th>${L.concepts}</th>`}</tr>`;
  const docRows = docs
    .map((d, i) => {
      const cells = matrix
        ? covered.map((k) => `<td class="n${d.concepts[k.id] ? '' : ' z'}">${d.concepts[k.id] ?? 0}</td>`).join('')
        : `<td>${Object.entries(d.concepts).sort((a, b) => b[1] - a[1]).map(([id, n]) => `${escapeHtml(lang === 'zh' ? byId.get(id)?.term ?? id : byId.get(id)?.en ?? id)}×${n}`).join(' ')}</td>`;
      return `<tr id="doc-${i}" data-doc="${i}"><td class="n"><a href="#doc-${i}">${i + 1}</a></td><td class="path">${escapeHtml(d.path)}</td>${metaKeys.map((k) => `<td>${escapeHtml(d.meta[k] ?? '')}</td>`).join('')}<td class="n">${d.total}</td>${cells}</tr>`;
    })
    .join('\n');
  const failed = analysis.failed.length ? `<section class="failed"><p>${escapeHtml(L.failed(analysis.failed.length))}</p><ul>${analysis.failed.slice(0, 200).map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul></section>` : '';
  const shownRows = data.rowDocuments.length;
  const withTrends = data.trends.years.length > 0 || data.trends.regions.length > 0;

  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src-elem 'nonce-${nonce}'; style-src-attr 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="policy-lens">
<title>${escapeHtml(L.title)}</title>
<style nonce="${nonce}">
:root { --pl-fg: #222; --pl-bg: #fff; --pl-border: #ddd; --pl-muted: #666; --pl-hi: #fff3bf; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --pl-fg: #ddd; --pl-bg: #1e1e1e; --pl-border: #444; --pl-muted: #aaa; --pl-hi: #5c4b00; } }
body { font: 14px/1.5 system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--pl-fg); background: var(--pl-bg); margin: 0 auto; padding: 16px 24px; max-width: 1400px; }
h1 { font-size: 22px; margin: 0; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--pl-border); }
.sub, .note, .cat { color: var(--pl-muted); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
.chart { height: 380px; } .chart.tall { height: 560px; }
table { border-collapse: collapse; font-size: 13px; } th, td { border: 1px solid var(--pl-border); padding: 2px 6px; }
th.v { writing-mode: vertical-rl; white-space: nowrap; } td.n { text-align: right; font-variant-numeric: tabular-nums; } td.z { color: var(--pl-muted); }
td.path { max-width: 360px; overflow-wrap: anywhere; }
tr:target, tr.hi { background: var(--pl-hi); }
.scroll { overflow: auto; max-height: 80vh; }
a { color: inherit; }
ul.missing { columns: 3 220px; }
</style>
</head>
<body${''}>
<header><h1>${escapeHtml(L.title)}</h1><p class="sub">${escapeHtml(L.subtitle)}</p>
<p id="summary">${escapeHtml(L.summary(analysis.corpus.documents, picture.total, covered.length, picture.concepts.length))}</p>
<p>${escapeHtml(L.dominant)}: ${dominant || L.none}</p></header>
${failed}
<p data-empty hidden></p>
<div class="grid">
<div class="chart" data-chart="frame" id="chart-frame"></div>
<div class="chart" data-chart="concepts" id="chart-concepts"></div>
</div>
${withTrends ? `<div class="grid">${data.trends.years.length ? '<div class="chart" data-chart="trendYear" id="chart-trend-year"></div>' : ''}${data.trends.regions.length ? '<div class="chart" data-chart="trendRegion" id="chart-trend-region"></div>' : ''}</div>` : ''}
<div class="chart tall" data-chart="heatmap" id="chart-heatmap"></div>
${docs.length > shownRows ? `<p class="note">${escapeHtml(L.heatmapNote(shownRows, docs.length))}</p>` : ''}
<div class="chart tall" data-chart="network" id="chart-network"></div>
<h2 id="missing">${escapeHtml(L.missing)} (${picture.missing.length})</h2>
${missingList}
<h2 id="concepts">${escapeHtml(L.concepts)}</h2>
<div class="scroll"><table id="concept-table"><thead><tr><th>${L.concept}</th><th>${L.category}</th><th>${L.occurrences}</th><th>${L.share}</th><th>${L.usedBy}</th></tr></thead><tbody>
${conceptRows}
</tbody></table></div>
<h2 id="documents">${escapeHtml(matrix ? L.documents : L.documentsCompact)}</h2>
<div class="scroll"><table id="document-table"><thead>${head}</thead><tbody>
${docRows}
</tbody></table></div>
<p class="note">${escapeHtml(L.generated)}</p>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script nonce="${nonce}">${echarts.replace(/<\/script/gi, '<\\/script')}</script>
<script nonce="${nonce}">${charts}</script>
<script nonce="${nonce}">
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  if (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches) document.body.classList.add('pl-dark');
  function reveal(id) {
    var row = document.getElementById(id);
    if (!row) return;
    document.querySelectorAll('tr.hi').forEach(function (r) { r.classList.remove('hi'); });
    row.classList.add('hi');
    row.scrollIntoView({ block: 'center' });
    history.replaceState(null, '', '#' + id);
  }
  window.policyLensCharts.render(data.picture, {
    mode: 'documents',
    trends: data.trends,
    onCell: function (concept, row) { reveal('doc-' + data.rowDocuments[row]); },
    onNode: function (concept) { reveal('concept-' + concept); },
  });
})();
</script>
</body>
</html>
`;
}

/** Runs `policy-lens report`; resolves to the exit status. */
export async function report(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const opts = parseReportOptions(args, env);
  if (!opts.inputs.length) throw new ReportUsageError('report needs at least one FILE or FOLDER');
  if (!opts.output) throw new ReportUsageError('report needs -o FILE.html (the report is one HTML file)');
  const files = expandInputs(opts.inputs);
  if (!files.length) throw new ReportUsageError(`no Markdown files in ${opts.inputs.join(', ')}`);
  const engine = sharedEngine();
  const exclude: string[] = [];
  for (const n of opts.exclude) {
    const ids = conceptIdsNamed(engine, n);
    if (!ids.length) throw new ReportUsageError(`--exclude: "${n}" names no concept (give an id, a term or any form; "policy-lens concepts" lists them)`);
    exclude.push(...ids);
  }
  const inputs = files.map(inputIdentity).filter((i): i is FileIdentity => i !== undefined);
  // Before any work: the output must not be an input, nor an existing file without --force.
  checkOutput(opts.output, { force: opts.force, inputs });
  const tty = io.errIsTTY ?? process.stderr.isTTY;
  let last = 0;
  const started = Date.now();
  const analysis = await analyseCorpus(files, {
    jobs: opts.jobs,
    maxChars: opts.maxChars,
    exclude,
    progress: tty
      ? (done, total, failed) => {
          const now = Date.now();
          if (done < total && now - last < 100) return;
          last = now;
          io.err(`\rpolicy-lens: report ${done}/${total} file(s)${failed ? `, ${failed} failed` : ''} · ${((now - started) / 1000).toFixed(1)} s\x1b[K${done === total ? '\n' : ''}`);
        }
      : undefined,
  });
  for (const f of analysis.failed.slice(0, 20)) io.err(`policy-lens: ${f}\n`);
  if (analysis.failed.length > 20) io.err(`policy-lens: … and ${analysis.failed.length - 20} more file(s) not analysed (listed in the report)\n`);
  if (!analysis.documents.length) return 1;
  writeOutput(opts.output, reportHtml(analysis, engine, opts.lang), { force: opts.force, inputs });
  io.err(`policy-lens: wrote ${opts.output} (${analysis.documents.length} document(s), ${analysis.corpus.total} occurrence(s))\n`);
  return analysis.failed.length ? 1 : 0;
}
