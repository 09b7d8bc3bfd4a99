// Bundles the CLI/server and the VS Code client with esbuild. Everything the product needs at run time
// is bundled, so neither the .vsix nor `npx policy-lens` depends on node_modules.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

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

const entries = [
  // `./docx.js` (mammoth, for .docx drafts) is its own bundle, loaded from dist/ only when a .docx is read.
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', external: ['./docx.js'] },
  { entryPoints: ['server/src/cli/docx.ts'], outfile: 'dist/docx.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  // The workspace indexer's worker thread, loaded from next to the server and the CLI bundles.
  { entryPoints: ['server/src/lsp/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
];
if (existsSync('client/src/extension.ts')) {
  entries.push({ entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
}
for (const e of entries) {
  if (!existsSync(e.entryPoints[0])) continue;
  if (watch) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  } else {
    await esbuild.build({ ...common, ...e });
  }
}
