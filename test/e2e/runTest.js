#!/usr/bin/env node
'use strict';
// Runs an extension's test suites in a real VS Code through
// @vscode/test-electron's runTests entry point.
//
//   node test/e2e/runTest.js [--extension DIR] [--suite DIR|FILE] [--workspace DIR]
//                            [--locale zh-cn] [--vscode code-server|download|PATH]
//                            [--timeout SEC] [--grep PATTERN] [--keep-profile]
//
//   --extension  extension folder (has package.json); default: the harness's
//                own fixture, fixtures/hello-ext
//   --suite      a folder of *.test.js (run by suite/index.js, the standard
//                Mocha runner) or a ready extensionTestsPath module exporting
//                run(); default selftest/host-suite
//   --workspace  folder opened in the window; default fixtures/workspace
//   --vscode     code-server (default): bin/code-server-as-vscode, i.e. code-server
//                + headless Chromium, works offline here;
//                download: let runTests download VS Code (needs internet and,
//                on Linux, a display such as xvfb-run);
//                any other value: path of a VS Code executable
//   --locale     passed as VS Code's --locale
//   --timeout    hard timeout in seconds (code-server mode), default 600
//   --grep       only tests whose title matches (Mocha grep)
//
// Programmatic: require('./runTest').runE2E({ extension, suite, workspace, locale, vscode, launchArgs, env })
// resolves with 0 or rejects (TestRunFailedError carries the exit code).

const fs = require('fs');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

const E2E = __dirname;
const SHIM = path.join(E2E, 'bin', 'code-server-as-vscode');
const RUNNER = path.join(E2E, 'suite', 'index.js');

async function runE2E({
  extension = path.join(E2E, 'fixtures', 'hello-ext'),
  suite = path.join(E2E, 'selftest', 'host-suite'),
  workspace = path.join(E2E, 'fixtures', 'workspace'),
  locale,
  vscode = 'code-server',
  timeoutSec,
  grep,
  keepProfile = false,
  launchArgs = [],
  env = {},
} = {}) {
  extension = path.resolve(extension);
  suite = path.resolve(suite);
  if (!fs.existsSync(path.join(extension, 'package.json'))) throw new Error(`no package.json in extension folder ${extension}`);
  if (!fs.existsSync(suite)) throw new Error(`suite not found: ${suite}`);

  const extensionTestsEnv = { ...env };
  let extensionTestsPath = suite;
  if (fs.statSync(suite).isDirectory()) {
    extensionTestsPath = RUNNER;
    extensionTestsEnv.E2E_SUITE_DIR = suite;
  }
  if (grep) extensionTestsEnv.E2E_MOCHA_GREP = grep;
  if (timeoutSec) extensionTestsEnv.E2E_TIMEOUT_SEC = String(timeoutSec);

  // A fresh profile per run, inside the ignored harness folder.
  const runsDir = path.join(E2E, '.harness', 'runs');
  fs.mkdirSync(runsDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(runsDir, 'run-'));
  const args = [
    `--user-data-dir=${path.join(profile, 'user-data')}`,
    `--extensions-dir=${path.join(profile, 'extensions')}`,
    ...(locale ? [`--locale=${locale}`] : []),
    ...launchArgs,
    ...(workspace ? [path.resolve(workspace)] : []),
  ];

  const options = { extensionDevelopmentPath: extension, extensionTestsPath, launchArgs: args, extensionTestsEnv };
  if (vscode === 'code-server') options.vscodeExecutablePath = SHIM;
  else if (vscode !== 'download') options.vscodeExecutablePath = path.resolve(vscode);

  const t0 = Date.now();
  try {
    const code = await runTests(options);
    if (!keepProfile) fs.rmSync(profile, { recursive: true, force: true });
    return code;
  } finally {
    console.log(`[runTest] ${path.basename(extension)} / ${path.relative(process.cwd(), suite) || suite} took ${((Date.now() - t0) / 1000).toFixed(1)}s (profile ${profile})`);
  }
}

function parseCli(argv) {
  const o = {};
  const map = { '--extension': 'extension', '--suite': 'suite', '--workspace': 'workspace', '--locale': 'locale', '--vscode': 'vscode', '--timeout': 'timeoutSec', '--grep': 'grep' };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i]; let v;
    const eq = a.indexOf('=');
    if (eq > 0) { v = a.slice(eq + 1); a = a.slice(0, eq); }
    if (a === '--keep-profile') { o.keepProfile = true; continue; }
    if (a === '--help' || a === '-h') { o.help = true; continue; }
    if (!map[a]) throw new Error(`unknown argument ${a} (see the header of ${__filename})`);
    o[map[a]] = v !== undefined ? v : argv[++i];
  }
  return o;
}

if (require.main === module) {
  let o;
  try { o = parseCli(process.argv.slice(2)); } catch (e) { console.error(e.message); process.exit(2); }
  if (o.help) {
    console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 26).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
    process.exit(0);
  }
  runE2E(o).then(
    () => process.exit(0),
    (e) => { console.error(`[runTest] FAILED: ${e && e.message || e}`); process.exit(e && typeof e.code === 'number' && e.code > 0 ? e.code : 1); },
  );
}

module.exports = { runE2E };
