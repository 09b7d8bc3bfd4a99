// The coverage webview's page script: receives the picture from the extension (client/src/coverageView.ts),
// draws it with coverageCharts.js, and sends clicks back (a heatmap cell: concept and section row; a
// node or a bar: the concept) so the extension reveals the occurrences.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const NONE = { zh: '这份草稿没有得到分析（过大，或语言服务器未运行）。', en: 'This draft is not analysed (too large, or the language server is not running).' };
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m && m.type === 'picture') {
      window.policyLensCoverage = m.picture; // for tests and debugging: the numbers drawn
      window.policyLensCharts.render(m.picture, {
        mode: 'sections',
        onCell: (concept, row) => vscode.postMessage({ type: 'reveal', concept, row }),
        onNode: (concept) => vscode.postMessage({ type: 'reveal', concept }),
      });
    } else if (m && m.type === 'none') {
      const empty = document.querySelector('[data-empty]');
      empty.textContent = NONE[m.lang] || NONE.en;
      empty.hidden = false;
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
