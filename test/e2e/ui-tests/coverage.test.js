'use strict';
// The coverage webview in code-server's real workbench (the packaged .vsix): "Policy Lens: Show
// Coverage Picture" on the sample draft opens a webview whose charts hold the draft's numbers (read
// from the ECharts instances inside the webview's iframe, compared with `policy-lens annotate --format
// json` of the same file); a click on a heatmap cell of one occurrence selects it in the editor (the
// status bar's "Ln, Col (n selected)"). Saves images/screenshots/coverage.png.
//   npm run build && npm run package && E2E_SKIP_SETUP=1 node --test test/e2e/ui-tests/coverage.test.js
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const h = require('./helpers');

const DRAFT = path.join(h.ROOT, 'examples', 'policy-draft.md');
let vs;

before(async () => {
  vs = await h.launchPolicyLens();
});
after(async () => {
  if (vs) await vs.close();
});

/** The webview's inner frame: the one whose document has the heatmap chart drawn. */
async function coverageFrame(timeout = 120000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const f of vs.page.frames()) {
      const ok = await f.evaluate(() => !!(window.echarts && window.policyLensCoverage && document.querySelector('[data-chart="heatmap"] canvas'))).catch(() => false);
      if (ok) return f;
    }
    if (Date.now() > deadline) throw new Error('no coverage webview frame with a drawn heatmap');
    await vs.page.waitForTimeout(250);
  }
}

test('the coverage picture of the sample draft: the numbers, and a heatmap click selects the occurrence', async () => {
  const json = JSON.parse(spawnSync(process.execPath, [path.join(h.ROOT, 'bin', 'policy-lens.js'), 'annotate', DRAFT, '--format', 'json'], { encoding: 'utf8' }).stdout);
  const annotations = json.files[0].annotations;
  await h.openDraft(vs, 'policy-draft.md', /\d+ concepts/);
  await vs.runCommand('Policy Lens: Show Coverage Picture');
  const frame = await coverageFrame();
  const { picture, heat, graph, frameChart } = await frame.evaluate(() => {
    const opt = (n) => JSON.parse(JSON.stringify(window.echarts.getInstanceByDom(document.querySelector(`[data-chart="${n}"]`)).getOption()));
    return { picture: window.policyLensCoverage, heat: opt('heatmap'), graph: opt('network'), frameChart: opt('frame') };
  });
  assert.equal(picture.total, annotations.length);
  assert.equal(picture.lang, 'en');
  assert.equal(frameChart.yAxis[0].data[0], 'Foundations');
  // Rows are the sections (outline cut to three levels); each cell is that section's count of that concept.
  const expected = new Map();
  for (const a of annotations) {
    const row = a.section.slice(0, 3).at(-1) ?? '(before the first heading)';
    const key = `${row}\u0000${a.concept.id}`;
    expected.set(key, (expected.get(key) || 0) + 1);
  }
  const drawn = new Map(heat.series[0].data.map(([c, r, n]) => [`${picture.heatmap.rows[r]}\u0000${picture.heatmap.columns[c]}`, n]));
  assert.deepEqual(Object.fromEntries(drawn), Object.fromEntries(expected));
  const counts = {};
  for (const a of annotations) counts[a.concept.id] = (counts[a.concept.id] || 0) + 1;
  assert.deepEqual(Object.fromEntries(graph.series[0].data.map((n) => [n.id, n.value])), counts);

  // A cell holding one occurrence: clicking it selects that occurrence in the draft.
  const [c, r] = heat.series[0].data.find((cell) => cell[2] === 1);
  const concept = picture.heatmap.columns[c];
  const target = annotations.find((a) => a.concept.id === concept && (a.section.slice(0, 3).at(-1) ?? '(before the first heading)') === picture.heatmap.rows[r]);
  const [x, y] = await frame.evaluate(([cc, rr]) => window.echarts.getInstanceByDom(document.querySelector('[data-chart="heatmap"]')).convertToPixel({ seriesIndex: 0 }, [cc, rr]), [c, r]);
  await frame.locator('[data-chart="heatmap"]').scrollIntoViewIfNeeded();
  await frame.locator('[data-chart="heatmap"]').click({ position: { x, y } });
  const { line, character } = target.range.end;
  const selected = target.end - target.start;
  await vs.page.locator('.part.statusbar .statusbar-item', { hasText: new RegExp(`Ln ${line + 1}, Col ${character + 1} \\(${selected} selected\\)`) }).first().waitFor({ state: 'visible' });

  // For the README: the side bar closed (more room for the picture), the webview scrolled to its top.
  await vs.page.keyboard.press('Control+B');
  await vs.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  await frame.evaluate(() => window.scrollTo(0, 0));
  await frame.waitForFunction(() => window.scrollY === 0);
  fs.mkdirSync(h.SHOTS, { recursive: true });
  await vs.page.screenshot({ path: path.join(h.SHOTS, 'coverage.png') });
});
