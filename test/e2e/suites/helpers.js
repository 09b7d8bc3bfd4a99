'use strict';
// Shared by the extension-host suites (suites/host, suites/host-zh). Runs
// inside the extension host: `vscode` is the real API. Every wait polls real
// state with a deadline; nothing sleeps for a fixed time.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const EXTENSION_ID = 'policy-lens.policy-lens';
/** Startup on 2 busy cores: extension host + language server + workspace index. */
const READY_MS = Number(process.env.E2E_READY_MS || 120000);

async function until(what, fn, { timeout = 30000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

function wsFolder() {
  const f = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(f, 'a workspace folder is open (run.sh copies the drafts to a temp folder)');
  return f.uri;
}

const wsUri = (...segments) => vscode.Uri.joinPath(wsFolder(), ...segments);

async function openDraft(rel = 'policy-draft.md') {
  const doc = await vscode.workspace.openTextDocument(wsUri(...rel.split('/')));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/** Position of `needle` inside the first occurrence of `context` (default: needle itself), +1 character so it is inside. */
function at(doc, context, needle = context, { inside = 1 } = {}) {
  const text = doc.getText();
  const c = text.indexOf(context);
  assert.ok(c >= 0, `"${context}" is in ${path.basename(doc.uri.path)}`);
  const n = text.indexOf(needle, c);
  assert.ok(n >= 0 && n < c + context.length, `"${needle}" is inside "${context}"`);
  return doc.positionAt(n + inside);
}

/** Offset range of `needle` inside `context`, as a vscode.Range. */
function rangeOf(doc, context, needle = context) {
  const text = doc.getText();
  const n = text.indexOf(needle, text.indexOf(context));
  return new vscode.Range(doc.positionAt(n), doc.positionAt(n + needle.length));
}

function markdownOf(hover) {
  return hover.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** Our hovers among every provider's (VS Code merges them): the ones with the concept heading. */
async function ourHovers(uri, position) {
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)) || [];
  return hovers.filter((h) => /^### .+ · .+/m.test(markdownOf(h)) && /policyLens\.openSourcePaper/.test(markdownOf(h)));
}

/** Waits until our hover appears at the position; returns its Markdown and range. */
async function hoverAt(uri, position, { timeout = 30000 } = {}) {
  const hovers = await until(`a Policy Lens hover at ${uri.path.split('/').pop()}:${position.line + 1}:${position.character + 1}`, async () => {
    const h = await ourHovers(uri, position);
    return h.length ? h : undefined;
  }, { timeout });
  assert.strictEqual(hovers.length, 1, 'exactly one Policy Lens hover');
  return { markdown: markdownOf(hovers[0]), range: hovers[0].range };
}

let readyPromise;
/**
 * Opens the policy draft, activates the extension and waits until the
 * language server answers (a hover on 数据要素 arrives). Memoized per run.
 */
function ready() {
  readyPromise ??= (async () => {
    const t0 = Date.now();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded as the development extension`);
    const { doc } = await openDraft();
    assert.strictEqual(doc.languageId, 'markdown');
    // Opening Markdown activates it (onLanguage:markdown); wait for that rather than forcing it.
    await until('the extension to activate on a Markdown file', () => ext.isActive, { timeout: READY_MS });
    const api = ext.exports;
    assert.ok(api && typeof api.highlightedParagraph === 'function' && typeof api.shownDraft === 'function', 'activate() returns the test API');
    await hoverAt(doc.uri, at(doc, '加快培育数据要素', '数据要素'), { timeout: READY_MS });
    console.log(`[ready] extension active and server answering after ${Date.now() - t0} ms (vscode ${vscode.version}, language ${vscode.env.language})`);
    return { ext, api, doc };
  })();
  return readyPromise;
}

/** server/data/lexicon.yaml, parsed (the yaml package is a dependency of the extension). */
let lexiconCache;
function lexicon() {
  if (!lexiconCache) {
    const YAML = require(require.resolve('yaml', { paths: [ROOT] }));
    const data = YAML.parse(fs.readFileSync(path.join(ROOT, 'server', 'data', 'lexicon.yaml'), 'utf8'));
    const concepts = data.concepts || data;
    lexiconCache = new Map(concepts.map((c) => [c.id, c]));
  }
  return lexiconCache;
}
const concept = (id) => {
  const c = lexicon().get(id);
  assert.ok(c, `concept ${id} in the lexicon`);
  return c;
};

const CN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/**
 * 0-based line of a paper paragraph, found independently of the server:
 * `abstract-pN` under "## 摘要", `s0-pN` under "## Introduction", `sA-pN`
 * under the A-th "## 一、…", `sA-B-pN` under its B-th "### （…）"; pN is the
 * N-th non-empty line there.
 */
function paperLine(paperText, anchor) {
  const lines = paperText.split(/\r?\n/);
  const m = /^(abstract|s\d+)(?:-(\d+))?-p(\d+)$/.exec(anchor);
  assert.ok(m, `anchor ${anchor} has a known shape`);
  const [, sec, sub, para] = m;
  let headingRe;
  if (sec === 'abstract') headingRe = /^## 摘要\s*$/;
  else if (sec === 's0') headingRe = /^## Introduction\s*$/;
  else headingRe = new RegExp(`^## ${CN_NUMERALS[Number(sec.slice(1)) - 1]}、`);
  let i = lines.findIndex((l) => headingRe.test(l));
  assert.ok(i >= 0, `paper heading for ${sec}`);
  if (sub) {
    const subRe = new RegExp(`^### （${CN_NUMERALS[Number(sub) - 1]}）`);
    i = lines.findIndex((l, j) => j > i && subRe.test(l));
    assert.ok(i >= 0, `paper subheading for ${sec}-${sub}`);
  }
  let n = 0;
  for (let j = i + 1; j < lines.length; j++) {
    if (/^#/.test(lines[j])) break;
    if (lines[j].trim() && ++n === Number(para)) return j;
  }
  assert.fail(`paragraph ${anchor} not found in the paper`);
}

let paperTextCache;
function paperText() {
  paperTextCache ??= fs.readFileSync(path.join(ROOT, 'server', 'data', 'source', 'paper.md'), 'utf8');
  return paperTextCache;
}

/**
 * Replaces vscode.window[name] while `fn` runs and records the calls. The
 * test files live inside the extension's folder, so `require('vscode')` here
 * is the same API object the extension uses: the stub is what it calls.
 */
async function withStub(name, impl, fn) {
  const original = vscode.window[name];
  const calls = [];
  vscode.window[name] = (...args) => {
    calls.push(args);
    return impl(...args);
  };
  assert.notStrictEqual(vscode.window[name], original, `vscode.window.${name} can be replaced`);
  try {
    return await fn(calls);
  } finally {
    vscode.window[name] = original;
  }
}

/** Records every message the extension shows (info/warning/error) while fn runs; answers none. */
async function recordMessages(fn) {
  const messages = [];
  const rec = (level) => (msg) => {
    messages.push({ level, msg });
    return Promise.resolve(undefined);
  };
  await withStub('showInformationMessage', rec('info'), () =>
    withStub('showWarningMessage', rec('warning'), () => withStub('showErrorMessage', rec('error'), () => fn(messages))));
  return messages;
}

/**
 * What the command-line tool says about a file: `policy-lens annotate --format json`
 * (the same engine, run outside the editor), the oracle for counts and tokens.
 */
function cliAnnotations(fsPath) {
  const cp = require('child_process');
  const out = cp.execFileSync(process.execPath, [path.join(ROOT, 'bin', 'policy-lens.js'), 'annotate', '--format', 'json', fsPath], {
    encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 60000,
  });
  const json = JSON.parse(out);
  assert.strictEqual(json.files.length, 1);
  return json.files[0].annotations;
}

/** examples/policy-draft.md.expected.json: the hand-made ground truth for the 25 core concepts. */
function groundTruth() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'policy-draft.md.expected.json'), 'utf8'));
}

/** Decodes semantic tokens (relative encoding) against the legend. */
function decodeTokens(tokens, legend) {
  const out = [];
  let line = 0;
  let char = 0;
  const d = tokens.data;
  for (let i = 0; i < d.length; i += 5) {
    line += d[i];
    char = d[i] === 0 ? char + d[i + 1] : d[i + 1];
    const mods = legend.tokenModifiers.filter((_, b) => d[i + 4] & (1 << b));
    out.push({ line, char, length: d[i + 2], type: legend.tokenTypes[d[i + 3]], modifiers: mods });
  }
  return out;
}

/** Tree walk over DocumentSymbols. */
function* walk(symbols, parents = []) {
  for (const s of symbols || []) {
    yield { symbol: s, parents };
    if (s.children) yield* walk(s.children, [...parents, s]);
  }
}

module.exports = {
  ROOT, EXTENSION_ID, READY_MS, until, wsFolder, wsUri, openDraft, at, rangeOf, markdownOf, ourHovers, hoverAt,
  ready, lexicon, concept, paperLine, paperText, withStub, recordMessages, cliAnnotations, groundTruth, decodeTokens, walk,
};
