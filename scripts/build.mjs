// Bundles the CLI/server and the VS Code client with esbuild. Everything the product needs at run time
// is bundled, so neither the .vsix nor `npx policy-lens` depends on node_modules.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Data files are read from disk next to the bundle (server/data), never inlined.
  define: { POLICY_LENS_VERSION: JSON.stringify(pkg.version) },
};

// Libraries that only a few commands use, and only when first needed (opencc-js and pinyin-pro: deriving
// forms, importing a lexicon, checking quotations; 1.5 MB of the 4.8 MB CLI bundle) are bundles of their
// own in dist/vendor/, required from there on first use: every other command (annotate) then reads and
// compiles a third less at start-up. The code already requires them lazily, inside the functions.
const VENDOR = { 'opencc-js/cn2t': 'opencc-cn2t', 'opencc-js/t2cn': 'opencc-t2cn', 'pinyin-pro': 'pinyin-pro' };
const vendorPlugin = {
  name: 'vendor',
  setup(build) {
    build.onResolve({ filter: /^(?:opencc-js\/(?:cn2t|t2cn)|pinyin-pro)$/ }, (args) => ({ path: `./vendor/${VENDOR[args.path]}.js`, external: true }));
  },
};
for (const [specifier, name] of Object.entries(VENDOR)) {
  if (!watch) await esbuild.build({ ...common, stdin: { contents: `module.exports = require(${JSON.stringify(specifier)});`, resolveDir: '.', loader: 'js' }, outfile: `dist/vendor/${name}.js` });
}

const entries = [
  // `./docx.js` (mammoth, for .docx drafts) is its own bundle, loaded from dist/ only when a .docx is read.
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', external: ['./docx.js'] },
  { entryPoints: ['server/src/cli/docx.ts'], outfile: 'dist/docx.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  // The workspace indexer's worker thread, loaded from next to the server and the CLI bundles.
  { entryPoints: ['server/src/lsp/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
  // `policy-lens report`'s worker thread (reads and annotates one file, sends back its coverage aggregate).
  { entryPoints: ['server/src/cli/reportWorker.ts'], outfile: 'dist/reportWorker.js', external: ['./docx.js'] },
];
// Apache ECharts (Apache-2.0) for the coverage webview and the HTML report: its minified build, licence
// and NOTICE, copied from node_modules into media/echarts/ (not committed; shipped in the .vsix and npm pack).
if (existsSync('node_modules/echarts/dist/echarts.min.js')) {
  mkdirSync('media/echarts', { recursive: true });
  for (const [from, to] of [['dist/echarts.min.js', 'echarts.min.js'], ['LICENSE', 'LICENSE'], ['NOTICE', 'NOTICE']]) copyFileSync(`node_modules/echarts/${from}`, `media/echarts/${to}`);
}
if (existsSync('client/src/extension.ts')) {
  entries.push({ entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
}
for (const e of entries) {
  if (!existsSync(e.entryPoints[0])) continue;
  if (watch) {
    const ctx = await esbuild.context({ ...common, plugins: e.external?.includes('vscode') ? [] : [vendorPlugin], ...e });
    await ctx.watch();
  } else {
    await esbuild.build({ ...common, plugins: e.external?.includes('vscode') ? [] : [vendorPlugin], ...e });
  }
}
