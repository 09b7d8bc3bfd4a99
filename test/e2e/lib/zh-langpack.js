'use strict';
// Builds an OFFLINE zh-cn (Simplified Chinese) language-pack extension for
// code-server's VS Code, because the real one (MS-CEINTL.vscode-language-pack-
// zh-hans) comes from the extension marketplace, which this machine cannot
// reach, and code-server falls back to English without it ("--locale zh-cn"
// alone only localizes code-server's own login page).
//
// Source: the npm package @codingame/monaco-vscode-language-pack-zh-hans
// (the official vscode-loc translations, VS Code 1.108, re-keyed by index for
// monaco-vscode-api) + the monaco-vscode-api packages it depends on (which
// carry the English default of each index in their localize(N, "...") calls).
// We map English -> Chinese and re-key it by code-server's own
// nls.keys.json/nls.messages.json. Strings that changed after 1.108 or whose
// English source is not in those packages stay English: the UI is mostly,
// not entirely, Chinese (menus, explorer, status bar, palette are covered).
// Built-in extensions' translations are taken as they are (standard format).
//
//   node lib/zh-langpack.js [SRC_NODE_MODULES] [OUT_DIR]   -> prints OUT_DIR

const fs = require('fs');
const path = require('path');

const E2E = path.resolve(__dirname, '..');
const DEFAULT_SRC = path.join(E2E, '.harness', 'langpack-src', 'node_modules', '@codingame');
const DEFAULT_OUT = path.join(E2E, '.harness', 'langpack-zh-hans');
const VSCODE_OUT = path.join(E2E, 'node_modules', 'code-server', 'lib', 'vscode', 'out');

function walkJs(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkJs(p, out);
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

// JS string literal (single or double quoted) -> value.
function unquote(lit) {
  const q = lit[0];
  let body = lit.slice(1, -1);
  if (q === "'") body = body.replace(/\\'/g, "'").replace(/"/g, '\\"');
  try { return JSON.parse(`"${body}"`); } catch { return undefined; }
}

function build(src = DEFAULT_SRC, out = DEFAULT_OUT) {
  const packDir = path.join(src, 'monaco-vscode-language-pack-zh-hans');
  const zhSrc = fs.readFileSync(path.join(packDir, 'translations', 'main.i18n.json.js'), 'utf8');
  const zh = new Function(zhSrc.replace(/export\s*\{\s*content as default\s*\};?/, 'return content;'))();

  // index -> English, from every localize(N, '...') / localize2(N, "...") call.
  const en = new Map();
  const re = /\blocalize2?\(\s*(\d+)\s*,\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;
  for (const dir of fs.readdirSync(src)) {
    if (!dir.startsWith('monaco-vscode-') || dir.includes('language-pack')) continue;
    for (const f of walkJs(path.join(src, dir))) {
      const s = fs.readFileSync(f, 'utf8');
      for (let m = re.exec(s); m; m = re.exec(s)) {
        const v = unquote(m[2]);
        if (v !== undefined) en.set(Number(m[1]), v);
      }
    }
  }
  // English -> Chinese (first wins; identical English almost always has one translation).
  const en2zh = new Map();
  for (const [i, e] of en) if (typeof zh[i] === 'string' && !en2zh.has(e)) en2zh.set(e, zh[i]);

  // Re-key by this VS Code build's keys.
  const keys = JSON.parse(fs.readFileSync(path.join(VSCODE_OUT, 'nls.keys.json'), 'utf8'));
  const messages = JSON.parse(fs.readFileSync(path.join(VSCODE_OUT, 'nls.messages.json'), 'utf8'));
  const contents = {};
  let idx = 0; let hit = 0;
  for (const [moduleId, moduleKeys] of keys) {
    for (const key of moduleKeys) {
      const t = en2zh.get(messages[idx++]);
      if (t !== undefined) { (contents[moduleId] = contents[moduleId] || {})[key] = t; hit++; }
    }
  }

  // Extension manifest: the original pack's, made installable here.
  const idxJs = fs.readFileSync(path.join(packDir, 'index.js'), 'utf8');
  const manifest = JSON.parse(/const manifest = (\{.*?\});\n/s.exec(idxJs)[1]);
  const vscodeVersion = JSON.parse(fs.readFileSync(path.join(VSCODE_OUT, '..', 'package.json'), 'utf8')).version;
  manifest.version = `${vscodeVersion}`;
  manifest.publisher = 'MS-CEINTL';
  manifest.engines = { vscode: `^${vscodeVersion}` };
  manifest.description = `${manifest.description} (rebuilt offline by test/e2e/lib/zh-langpack.js from npm @codingame/monaco-vscode-language-pack-zh-hans; partial)`;
  delete manifest.icon;

  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'translations', 'extensions'), { recursive: true });
  const loc = manifest.contributes.localizations[0];
  loc.translations = loc.translations.filter((t) => t.id === 'vscode'
    || fs.existsSync(path.join(packDir, 'translations', 'extensions', path.basename(t.path))));
  for (const t of loc.translations) {
    if (t.id === 'vscode') continue;
    fs.copyFileSync(path.join(packDir, 'translations', 'extensions', path.basename(t.path)), path.join(out, t.path));
  }
  fs.writeFileSync(path.join(out, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents }));
  fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify(manifest, null, 2));
  const stats = { englishSources: en.size, translations: zh.length, vscodeMessages: messages.length, translated: hit };
  fs.writeFileSync(path.join(out, 'build-stats.json'), JSON.stringify(stats, null, 2));
  return { out, id: `${manifest.publisher}.${manifest.name}`, version: manifest.version, stats };
}

if (require.main === module) {
  const r = build(process.argv[2] || DEFAULT_SRC, process.argv[3] || DEFAULT_OUT);
  console.log(JSON.stringify(r, null, 2));
}

module.exports = { build, DEFAULT_OUT };
