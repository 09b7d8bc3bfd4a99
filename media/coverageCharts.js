// The coverage charts (Apache ECharts), shared by the VS Code webview (media/coverageView.js) and the
// HTML report (policy-lens report, which inlines this file). Plain browser script, no network: it
// reads a CoveragePicture (server/src/core/coverage.ts) and draws into elements with known ids.
// Every chart element has data-chart="<name>", so tests read the numbers with
// echarts.getInstanceByDom(el).getOption().
(function () {
  'use strict';

  const TEXT = {
    zh: {
      frame: '框架覆盖：类别与三条路径（概念数）',
      covered: '已覆盖概念',
      missing: '未覆盖概念',
      occurrences: '出现次数',
      concepts: '概念出现次数',
      heatmapSections: '章节 × 概念',
      heatmapDocuments: '文档 × 概念',
      network: '概念共现网络（同一句）',
      trendYear: '按年份：每篇文档的出现次数',
      trendRegion: '按地区：每篇文档的出现次数',
      empty: '没有出现论文的概念。',
    },
    en: {
      frame: "Coverage of the paper's frame: categories and the three paths (concepts)",
      covered: 'Concepts covered',
      missing: 'Concepts missing',
      occurrences: 'Occurrences',
      concepts: 'Occurrences by concept',
      heatmapSections: 'Section × concept',
      heatmapDocuments: 'Document × concept',
      network: 'Concept co-occurrence (within a sentence)',
      trendYear: 'By year: occurrences per document',
      trendRegion: 'By region: occurrences per document',
      empty: 'No concept of the paper occurs.',
    },
  };
  const CATEGORY_ORDER = ['foundation', 'technology', 'factors', 'industries'];
  const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452'];

  function cssVar(name, fallback) {
    const v = getComputedStyle(document.body).getPropertyValue(name).trim();
    return v || fallback;
  }

  function colors() {
    const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('pl-dark');
    return {
      dark,
      fg: cssVar('--vscode-foreground', cssVar('--pl-fg', dark ? '#cccccc' : '#333333')),
      grid: cssVar('--vscode-editorWidget-border', cssVar('--pl-border', dark ? '#444444' : '#dddddd')),
      accent: cssVar('--vscode-charts-blue', PALETTE[0]),
      bg: cssVar('--vscode-editor-background', cssVar('--pl-bg', dark ? '#1e1e1e' : '#ffffff')),
    };
  }

  const charts = [];

  function chart(name) {
    const el = document.querySelector(`[data-chart="${name}"]`);
    if (!el) return undefined;
    let c = echarts.getInstanceByDom(el);
    if (!c) {
      c = echarts.init(el, null, { renderer: 'canvas' });
      charts.push(c);
    }
    return c;
  }

  function axisStyle(col) {
    return { axisLabel: { color: col.fg }, axisLine: { lineStyle: { color: col.grid } }, splitLine: { lineStyle: { color: col.grid } } };
  }

  /**
   * Draws a picture. options: { mode: 'sections' | 'documents', onCell(conceptId, row), onNode(conceptId), trends }
   * trends (report only): { years: [..], yearSeries: [{id,label,data:[..]}], regions: [..], regionSeries: [...] }.
   */
  function render(picture, options) {
    options = options || {};
    const t = TEXT[picture.lang] || TEXT.en;
    const col = colors();
    const textStyle = { color: col.fg };
    const title = (text) => ({ text, left: 0, textStyle: { color: col.fg, fontSize: 13, fontWeight: 'normal' } });
    const conceptName = (id) => {
      const k = picture.concepts.find((c) => c.id === id);
      return k ? (picture.lang === 'zh' ? k.term : k.en) : id;
    };

    const frame = chart('frame');
    if (frame) {
      const groups = picture.categories.concat(picture.paths);
      frame.setOption({
        textStyle,
        title: title(t.frame),
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 26, textStyle },
        grid: { left: 8, right: 24, top: 62, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1, ...axisStyle(col) },
        yAxis: { type: 'category', inverse: true, data: groups.map((g) => g.label), ...axisStyle(col), axisLabel: { color: col.fg, width: 220, overflow: 'truncate' } },
        series: [
          { name: t.covered, type: 'bar', stack: 'frame', itemStyle: { color: col.accent }, data: groups.map((g) => g.covered), label: { show: true, color: '#fff' } },
          { name: t.missing, type: 'bar', stack: 'frame', itemStyle: { color: col.grid }, data: groups.map((g) => g.concepts - g.covered) },
        ],
      }, true);
    }

    const bars = chart('concepts');
    if (bars) {
      const used = picture.concepts.filter((k) => k.count > 0).slice(0, 20);
      bars.setOption({
        textStyle,
        title: title(t.concepts),
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1, ...axisStyle(col) },
        yAxis: { type: 'category', inverse: true, data: used.map((k) => conceptName(k.id)), ...axisStyle(col), axisLabel: { color: col.fg, interval: 0 } },
        series: [{
          name: t.occurrences,
          type: 'bar',
          data: used.map((k) => ({ value: k.count, id: k.id, itemStyle: { color: PALETTE[CATEGORY_ORDER.indexOf(k.category)] || PALETTE[4] } })),
        }],
      }, true);
      bars.off('click');
      bars.on('click', (p) => options.onNode && p.data && options.onNode(p.data.id));
    }

    const heatEl = document.querySelector('[data-chart="heatmap"]');
    if (heatEl) {
      // A row per section or document, readable: the chart grows with its rows (labels never overlap).
      const height = Math.max(320, 22 * picture.heatmap.rows.length + 190);
      if (heatEl.style.height !== `${height}px`) {
        heatEl.style.height = `${height}px`;
        const existing = echarts.getInstanceByDom(heatEl);
        if (existing) existing.resize();
      }
    }
    const heat = chart('heatmap');
    if (heat) {
      const h = picture.heatmap;
      const max = h.cells.reduce((m, c) => Math.max(m, c[2]), 1);
      heat.setOption({
        textStyle,
        title: title(options.mode === 'documents' ? t.heatmapDocuments : t.heatmapSections),
        tooltip: {
          position: 'top',
          formatter: (p) => `${escapeHtml(h.rows[p.value[1]])}<br>${escapeHtml(conceptName(h.columns[p.value[0]]))}: ${p.value[2]}`,
        },
        grid: { left: 8, right: 16, top: 36, bottom: 56, containLabel: true },
        xAxis: { type: 'category', data: h.columns.map(conceptName), ...axisStyle(col), axisLabel: { color: col.fg, rotate: 50, interval: 0, width: 130, overflow: 'truncate' }, splitArea: { show: true } },
        yAxis: { type: 'category', inverse: true, data: h.rows, ...axisStyle(col), axisLabel: { color: col.fg, width: 200, overflow: 'truncate', interval: 0 }, splitArea: { show: true } },
        visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, textStyle, inRange: { color: col.dark ? ['#1f3b5a', '#4ea1ff', '#ffd166'] : ['#e3eefc', '#5470c6', '#c23531'] } },
        series: [{ name: t.occurrences, type: 'heatmap', data: h.cells, label: { show: h.rows.length * h.columns.length <= 400, color: col.dark ? '#fff' : '#000' }, emphasis: { itemStyle: { borderColor: col.fg, borderWidth: 1 } } }],
      }, true);
      heat.off('click');
      heat.on('click', (p) => options.onCell && options.onCell(h.columns[p.value[0]], p.value[1]));
    }

    const graph = chart('network');
    if (graph) {
      const n = picture.network;
      const maxValue = n.nodes.reduce((m, x) => Math.max(m, x.value), 1);
      const maxLink = n.links.reduce((m, x) => Math.max(m, x.value), 1);
      const cats = picture.categories.map((c) => ({ name: c.label }));
      graph.setOption({
        textStyle,
        title: title(t.network),
        tooltip: {},
        legend: { bottom: 0, data: cats.map((c) => c.name), textStyle },
        series: [{
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          top: 40,
          bottom: 36,
          categories: cats,
          force: { repulsion: 160, edgeLength: [40, 140], gravity: 0.08 },
          label: { show: true, color: col.fg, position: 'right' },
          lineStyle: { color: 'source', opacity: 0.6, curveness: 0.1 },
          data: n.nodes.map((x) => ({ id: x.id, name: x.name, value: x.value, category: Math.max(0, CATEGORY_ORDER.indexOf(x.category)), symbolSize: 10 + 30 * Math.sqrt(x.value / maxValue) })),
          links: n.links.map((l) => ({ source: l.source, target: l.target, value: l.value, lineStyle: { width: 1 + 5 * (l.value / maxLink) } })),
        }],
      }, true);
      graph.off('click');
      graph.on('click', (p) => options.onNode && p.dataType === 'node' && options.onNode(p.data.id));
    }

    const trends = options.trends;
    const year = chart('trendYear');
    if (year && trends && trends.years.length) {
      year.setOption({
        textStyle,
        title: title(t.trendYear),
        tooltip: { trigger: 'axis' },
        legend: { top: 26, textStyle },
        grid: { left: 8, right: 24, top: 62, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: trends.years, ...axisStyle(col) },
        yAxis: { type: 'value', ...axisStyle(col) },
        series: trends.yearSeries.map((s, i) => ({ name: s.label, type: 'line', data: s.data, itemStyle: { color: PALETTE[i] } })),
      }, true);
    }
    const region = chart('trendRegion');
    if (region && trends && trends.regions.length) {
      region.setOption({
        textStyle,
        title: title(t.trendRegion),
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 26, textStyle },
        grid: { left: 8, right: 24, top: 62, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: trends.regions, ...axisStyle(col), axisLabel: { color: col.fg, rotate: 30, interval: 0 } },
        yAxis: { type: 'value', ...axisStyle(col) },
        series: trends.regionSeries.map((s, i) => ({ name: s.label, type: 'bar', stack: 'region', data: s.data, itemStyle: { color: PALETTE[i] } })),
      }, true);
    }

    const empty = document.querySelector('[data-empty]');
    if (empty) {
      empty.textContent = picture.total ? '' : t.empty;
      empty.hidden = !!picture.total;
    }
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
  window.policyLensCharts = { render, resize: () => charts.forEach((c) => c.resize()) };
})();
