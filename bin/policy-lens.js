#!/usr/bin/env node
// The policy-lens command: a thin launcher for the bundled CLI (built by `npm run build`).
// It owns what the process does when things go wrong outside the CLI's own messages: a reader that
// closes the pipe early (`policy-lens annotate big.md | head -1`) ends the run quietly, and an
// unexpected error is one line (the stack only with POLICY_LENS_DEBUG=1), never a raw trace.
'use strict';

const debug = !!process.env.POLICY_LENS_DEBUG && process.env.POLICY_LENS_DEBUG !== '0';

function fail(err) {
  const message = err && err.message ? err.message : String(err);
  if (debug) process.stderr.write(`policy-lens: ${err && err.stack ? err.stack : message}\n`);
  else process.stderr.write(`policy-lens: unexpected error: ${message.split('\n')[0]} (run with POLICY_LENS_DEBUG=1 for the stack)\n`);
  process.exit(2);
}

// The reader went away: nothing more to say to it, and nothing to complain about.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode || 0);
  fail(err);
});
process.stderr.on('error', () => undefined);
// The language server keeps its own handlers (it logs an unhandled rejection to the client and goes on
// serving); ending the process there would take the editor's features down with one failed request.
if (process.argv[2] !== 'lsp') {
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

/**
 * Node 20 has no module.enableCompileCache, and compiling the 4.8 MB bundle is about a quarter of a
 * short command's CPU. So the bundle is compiled through vm.Script with V8's cached data, kept in the
 * user's cache directory (never in the checkout) under a name made of the bundle's size and mtime and
 * Node's version, so a rebuilt bundle or another Node never reads a stale cache. Writing it after the
 * first run keeps the functions that run compiled too. Any failure of the cache falls back to require;
 * POLICY_LENS_NO_CODE_CACHE=1 turns it off.
 */
function loadCli() {
  const fs = require('fs');
  const path = require('path');
  const file = path.join(__dirname, '..', 'dist', 'cli.js');
  let source;
  let cacheFile;
  try {
    // Off by request, or already loaded (a test's stand-in in require.cache): require as ever.
    if ((process.env.POLICY_LENS_NO_CODE_CACHE && process.env.POLICY_LENS_NO_CODE_CACHE !== '0') || require.cache[file]) return { cli: require('../dist/cli.js') };
    const os = require('os');
    const stat = fs.statSync(file);
    const base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : undefined) || path.join(os.homedir(), '.cache');
    cacheFile = path.join(base, 'policy-lens', `cli-${stat.size}-${Math.round(stat.mtimeMs)}-${process.version}-${process.arch}.v8cache`);
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return { cli: require('../dist/cli.js') };
  }
  const vm = require('vm');
  const Module = require('module');
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  // As require does: a later require of the bundle gets this module.
  require.cache[file] = mod;
  try {
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  } catch (err) {
    delete require.cache[file];
    throw err;
  }
  mod.loaded = true;
  const save = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      // A read-only home or a full disk costs only the cache.
    }
  };
  return { cli: mod.exports, save };
}

let cli;
let saveCache;
try {
  ({ cli, save: saveCache } = loadCli());
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && /dist[\\/]cli\.js/.test(err.message)) {
    process.stderr.write('policy-lens: the CLI is not built (dist/cli.js is missing); run "npm run build" in the checkout\n');
    process.exit(2);
  }
  fail(err);
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  if (saveCache) saveCache();
}, fail);
