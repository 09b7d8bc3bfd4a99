'use strict';
// `policy-lens report` over the real-document corpus (test/fixtures/real), opened in headless Chromium
// (Debian's chromium + playwright-core): the charts are read back from their ECharts instances
// (getOption(), not pixels) and compared with numbers computed another way (`policy-lens annotate
// --format json` of the same files); a click on a heatmap cell and on a missing concept's link lands on
// the right table row; no request leaves the page; the screenshot goes to images/screenshots/report.png.
//   npm run build && node --test test/e2e/ui-tests/report.test.js
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const h = require('../lib/harness');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SHOTS = process.env.E2E_SCREENSHOTS_DIR || path.join(ROOT, 'images', 'screenshots');
const CLI = path.join(ROOT, 'bin', 'policy-lens.js');
const REAL = path.join(ROOT, 'test', 'fixtures', 'real');
const files = fs.readdirSync(REAL).filter((f) => f.endsWith('.md') && !/^(README|GAPS)\.md$/.test(f)).sort().map((f) => path.join(REAL, f));
const lexicon = JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'data', 'generated', 'lexicon.json'), 'utf8'));
const concepts = new Map((lexicon.concepts || lexicon).map((c) => [c.id, c]));

let browser;
let page;
let work;
const requests = [];

function cli(args) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, LANG: 'C' } });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-report-'));
  ({ browser, page } = await h.launchBrowser({ viewport: { width: 1400, height: 1000 } }));
  page.on('request', (r) => requests.push(r.url()));
});
after(async () => {
  if (browser) await browser.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The option of the chart in element `[data-chart=name]`. */
function chartOption(name) {
  return page.evaluate((n) => {
    const el = document.querySelector(`[data-chart="${n}"]`);
    const c = el && window.echarts.getInstanceByDom(el);
    return c ? JSON.parse(JSON.stringify(c.getOption())) : null;
  }, name);
}

for (const lang of ['zh', 'en']) {
  test(`report (${lang}): the charts hold the corpus's numbers; clicks reach the tables; no network`, async () => {
    const out = path.join(work, `report-${lang}.html`);
    cli(['report', ...files, '-o', out, '--lang', lang]);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-/);
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org|www\.apache\.org)[^"' ]+\.(js|css)/, 'nothing is loaded from elsewhere');

    // The same files annotated by `annotate`: the expected numbers.
    const json = JSON.parse(cli(['annotate', ...files, '--format', 'json']).stdout);
    const perConcept = {};
    const perCategory = { foundation: 0, technology: 0, factors: 0, industries: 0 };
    const docsUsing = {};
    for (const f of json.files) {
      const seen = new Set();
      for (const a of f.annotations) {
        perConcept[a.concept.id] = (perConcept[a.concept.id] || 0) + 1;
        perCategory[concepts.get(a.concept.id).category]++;
        seen.add(a.concept.id);
      }
      for (const id of seen) docsUsing[id] = (docsUsing[id] || 0) + 1;
    }
    const total = Object.values(perConcept).reduce((a, b) => a + b, 0);
    const coveredIds = Object.keys(perConcept);

    requests.length = 0;
    await page.goto(`file://${out}`);
    await page.waitForFunction(() => !!(window.echarts && document.querySelector('[data-chart="network"] canvas')));
    assert.deepEqual(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:')), [], 'the report made no network request');

    const summary = await page.locator('#summary').innerText();
    assert.ok(summary.includes(String(total)), `${summary} names ${total} occurrences`);
    assert.ok(summary.includes(String(files.length)), `${summary} names ${files.length} documents`);

    // Frame chart: covered and missing concepts per category, then per path.
    const frame = await chartOption('frame');
    const cats = ['foundation', 'technology', 'factors', 'industries'];
    const paths = ['tech-breakthrough', 'data-integration', 'industry-cultivation'];
    const all = [...concepts.values()];
    const expectCovered = [...cats.map((c) => all.filter((k) => k.category === c && perConcept[k.id]).length), ...paths.map((p) => all.filter((k) => (k.paths || []).includes(p) && perConcept[k.id]).length)];
    const expectMissing = [...cats.map((c) => all.filter((k) => k.category === c && !perConcept[k.id]).length), ...paths.map((p) => all.filter((k) => (k.paths || []).includes(p) && !perConcept[k.id]).length)];
    assert.deepEqual(frame.series[0].data, expectCovered);
    assert.deepEqual(frame.series[1].data, expectMissing);
    assert.equal(frame.yAxis[0].data[0], lang === 'zh' ? '理论基础' : 'Foundations');

    // Concept bars: the most used concepts with their counts.
    const bars = await chartOption('concepts');
    const barCounts = bars.series[0].data.map((d) => [d.id, d.value]);
    for (const [id, n] of barCounts) assert.equal(n, perConcept[id], id);
    assert.equal(barCounts[0][1], Math.max(...Object.values(perConcept)));

    // Heatmap: documents × concepts; every cell is that document's count of that concept.
    const heat = await chartOption('heatmap');
    const data = await page.evaluate(() => JSON.parse(document.getElementById('report-data').textContent));
    const columns = data.picture.heatmap.columns;
    assert.deepEqual([...columns].sort(), [...coveredIds].sort());
    const byPath = new Map(json.files.map((f) => [f.path, f]));
    for (const [ci, ri, n] of heat.series[0].data) {
      const doc = json.files[data.rowDocuments[ri]];
      assert.ok(byPath.has(doc.path));
      assert.equal(n, doc.annotations.filter((a) => a.concept.id === columns[ci]).length, `${doc.path} × ${columns[ci]}`);
    }
    const cellSum = heat.series[0].data.reduce((s, c) => s + c[2], 0);
    assert.equal(cellSum, total, 'every occurrence is in a heatmap cell (10 documents: all are rows)');

    // Network: nodes are the covered concepts with their counts.
    const graph = await chartOption('network');
    assert.deepEqual(Object.fromEntries(graph.series[0].data.map((n) => [n.id, n.value])), perConcept);
    assert.ok(graph.series[0].links.length > 0);

    // Trends by year and region from the front matter.
    const year = await chartOption('trendYear');
    const years = [...new Set(files.map((f) => /\nyear: (\d{4})/.exec(fs.readFileSync(f, 'utf8'))[1]))].sort();
    assert.deepEqual(year.xAxis[0].data, years);
    const region = await chartOption('trendRegion');
    assert.equal(region.xAxis[0].data.length, new Set(files.map((f) => /\nregion: "([^"]+)"/.exec(fs.readFileSync(f, 'utf8'))[1])).size);

    // Click-through: a heatmap cell highlights its document's row in the table.
    const [ci, ri] = heat.series[0].data[0];
    const heatEl = page.locator('[data-chart="heatmap"]');
    await heatEl.scrollIntoViewIfNeeded();
    const [x, y] = await page.evaluate(([c, r]) => {
      const el = document.querySelector('[data-chart="heatmap"]');
      return window.echarts.getInstanceByDom(el).convertToPixel({ seriesIndex: 0 }, [c, r]);
    }, [ci, ri]);
    await heatEl.click({ position: { x, y } });
    const row = page.locator(`#doc-${data.rowDocuments[ri]}`);
    await row.locator('xpath=self::*[contains(@class,"hi")]').waitFor();
    assert.equal(await row.locator('td.path').innerText(), json.files[data.rowDocuments[ri]].path);
    // And a missing concept's link goes to its row in the concept table.
    const missingId = data.picture.missing[0];
    if (missingId) {
      await page.locator(`ul.missing a[href="#concept-${missingId}"]`).click();
      await page.waitForFunction((id) => location.hash === `#concept-${id}`, missingId);
      const cells = await page.locator(`#concept-${missingId} td`).allInnerTexts();
      assert.equal(cells[2], '0');
    }
    if (lang === 'zh') {
      await page.evaluate(() => window.scrollTo(0, 0));
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'report.png') });
    }
  });
}
