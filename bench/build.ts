/**
 * The server the benchmarks start: by default a fresh bundle of the current sources in
 * bench/.cache/dist (same esbuild options as scripts/build.mjs), so a run never measures a stale
 * dist/ and never rewrites the dist/ other work in the tree may be using. `--dist` measures the
 * repository's own build instead (bin/policy-lens.js → dist/cli.js, as `npm run build` left it).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './rootDeps';

export const BUNDLE_DIR = join(__dirname, '.cache', 'dist');

interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** The command that starts the language server over stdio: `node <launcher> lsp --stdio`. */
export interface ServerCommand {
  launcher: string;
  description: string;
}

export async function buildServer(useDist: boolean): Promise<ServerCommand> {
  if (useDist) {
    const launcher = join(ROOT, 'bin', 'policy-lens.js');
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first, or drop --dist');
    return { launcher, description: 'bin/policy-lens.js (the repository dist/)' };
  }
  const esbuild = createRequire(join(ROOT, 'package.json'))('esbuild') as Esbuild;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const entries = [
    { entryPoints: [join(ROOT, 'server/src/cli/main.ts')], outfile: join(BUNDLE_DIR, 'cli.js') },
    { entryPoints: [join(ROOT, 'server/src/lsp/main.ts')], outfile: join(BUNDLE_DIR, 'server.js') },
  ];
  // Worker-thread entries (the workspace indexer's) are loaded from next to the bundle.
  for (const f of readdirSync(join(ROOT, 'server/src/lsp'))) {
    if (/Worker\.ts$/.test(f)) entries.push({ entryPoints: [join(ROOT, 'server/src/lsp', f)], outfile: join(BUNDLE_DIR, f.replace(/\.ts$/, '.js')) });
  }
  for (const e of entries) {
    await esbuild.build({
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      sourcemap: true,
      logLevel: 'warning',
      define: { POLICY_LENS_VERSION: JSON.stringify(pkg.version) },
      ...e,
    });
  }
  const launcher = join(BUNDLE_DIR, 'policy-lens.js');
  // The same thin launcher as bin/policy-lens.js, next to this bundle.
  writeFileSync(
    launcher,
    `'use strict';\nrequire('./cli.js').main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => { process.stderr.write(String(err && err.stack || err) + '\\n'); process.exitCode = 2; });\n`,
  );
  return { launcher, description: `fresh bundle of server/src in bench/.cache/dist (${entries.length} entries)` };
}
