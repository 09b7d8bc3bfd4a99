'use strict';
// UI-test helpers: a real code-server workbench in headless Chromium,
// driven with playwright-core. Every wait is on a DOM condition (Playwright
// auto-waiting / waitFor), never a fixed sleep.
//
//   const ui = require('./ui');
//   const vs = await ui.launch({ vsix: 'policy-lens-0.1.0.vsix', folder: 'examples' });
//   await vs.openFile('policy-draft.md');              // Quick Open (Ctrl+P)
//   const text = await vs.hover('新质生产力');           // hover that word, read the hover widget
//   await vs.runCommand('Policy Lens: ...');           // command palette (F1)
//   await vs.screenshot('.harness/artifacts/x.png');
//   await vs.close();
//
// launch() options:
//   vsix                   .vsix file(s) installed into a fresh extensions dir
//                          (code-server --install-extension X.vsix --extensions-dir ...)
//   extensionDevelopmentPath  alternatively/additionally load an unpacked extension
//                          folder as a development extension (no packaging needed)
//   folder                 folder to open (required for Quick Open to find files)
//   locale                 display language, e.g. 'zh-cn' (see README: needs a language pack)
//   settings               extra user settings (merged over the harness defaults)
//   extensionsDir, userDataDir  reuse given dirs instead of fresh ones
//   timeout                default timeout (ms) of each wait, default $E2E_UI_TIMEOUT_MS or 60000
//                          (2 shared cores: workbench + extension host start can take ~40 s)
//
// The returned object also exposes .page (Playwright Page), .server, .url.

const fs = require('fs');
const path = require('path');
const h = require('./lib/harness');

const SEL = {
  workbench: '.monaco-workbench',
  statusbar: '.part.statusbar',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .monaco-list-row',
  activeTab: '.part.editor .tabs-container .tab.active',
  activeEditor: '.part.editor .editor-group-container.active .monaco-editor',
  hover: '.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content, .workbench-hover-container .monaco-hover-content',
  notification: '.notifications-toasts .notification-toast',
};

async function launch(opts = {}) {
  const timeout = opts.timeout || Number(process.env.E2E_UI_TIMEOUT_MS || 60000);
  const runsDir = path.join(h.HARNESS_DIR, 'runs');
  fs.mkdirSync(runsDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(runsDir, 'ui-'));
  const userDataDir = opts.userDataDir || path.join(profile, 'user-data');
  const extensionsDir = opts.extensionsDir || path.join(profile, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });

  const vsixes = [].concat(opts.vsix || []);
  for (const v of vsixes) {
    const abs = path.resolve(v);
    if (!fs.existsSync(abs)) throw new Error(`vsix not found: ${abs}`);
    h.log(`installing ${path.basename(abs)} into ${extensionsDir}`);
    const out = h.codeServerCli(['--install-extension', abs, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--force']);
    if (!/successfully installed/i.test(out)) h.log(`install output: ${out.trim()}`);
  }

  const server = await h.startCodeServer({ userDataDir, extensionsDir, locale: opts.locale, settings: opts.settings || {} });
  let browser; let context; let page; let url;
  const pageErrors = [];
  try {
    ({ browser, context, page } = await h.launchBrowser({ locale: opts.locale }));
    page.setDefaultTimeout(timeout);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    if (process.env.E2E_VERBOSE) page.on('console', (m) => h.log(`[page ${m.type()}] ${m.text()}`));

    const devPaths = [].concat(opts.extensionDevelopmentPath || []).map((p) => path.resolve(p));
    const payload = devPaths.map((d) => ['extensionDevelopmentPath', h.remoteUri(server.host, server.port, d)]);
    url = h.workbenchUrl(server.url, { folder: opts.folder, payload });
    h.log(`ui: opening ${url}`);
    const slow = Math.max(timeout, 90000);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: slow });
    await page.locator(SEL.workbench).waitFor({ state: 'visible', timeout: slow });
    await page.locator(SEL.statusbar).waitFor({ state: 'visible', timeout: slow });
    if (opts.folder) {
      // The explorer shows the folder once the remote file system is connected.
      await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'attached', timeout: slow });
    }
  } catch (e) {
    if (page) await h.screenshot(page, `ui-launch-failure-${Date.now()}.png`);
    if (browser) await browser.close().catch(() => {});
    await server.stop();
    throw e;
  }

  const vs = {
    page, server, browser, context, url, profile, pageErrors,

    /** Open a file by name via Quick Open and wait until its editor shows text. */
    async openFile(name) {
      const base = path.basename(name);
      await openQuickInput(page, 'Control+P', '', timeout);
      await page.locator(SEL.quickInputBox).fill(name);
      const row = page.locator(SEL.quickInputRow, { hasText: base }).first();
      await row.waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await page.locator(SEL.quickInput).waitFor({ state: 'hidden' });
      await vs.waitForEditor(base);
    },

    /** Wait until the active tab is `name` (if given) and its editor has rendered lines. */
    async waitForEditor(name) {
      if (name) await page.locator(SEL.activeTab, { hasText: path.basename(name) }).waitFor({ state: 'visible' });
      await page.locator(`${SEL.activeEditor} .view-lines .view-line`).first().waitFor({ state: 'visible' });
    },

    /** Locator of the rendered editor line containing `text` (spaces render as NBSP, so hasText). */
    line(text) {
      return page.locator(`${SEL.activeEditor} .view-lines .view-line`, { hasText: text.replace(/ /g, '\u00a0') }).first();
    },

    /**
     * Hover the mouse over `text` (on the first visible line containing it)
     * and return the hover widget's text. `expect` (string/RegExp) waits until
     * the hover contains it, re-hovering while the extension is still starting
     * (default timeout 60 s: on 2 cores the extension host can take that long).
     */
    async hover(text, { expect, timeout: t = Math.max(timeout, 60000) } = {}) {
      const deadline = Date.now() + t;
      const line = vs.line(text);
      await line.waitFor({ state: 'visible', timeout: t });
      let last = '';
      for (let attempt = 1; ; attempt++) {
        const box = await textBox(line, text);
        // Move away first so every attempt is a fresh mouse-enter.
        await page.mouse.move(5, 5);
        await page.locator(SEL.hover).first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
        const hover = page.locator(SEL.hover).first();
        const left = Math.max(1000, deadline - Date.now());
        try {
          await hover.waitFor({ state: 'visible', timeout: Math.min(left, 10000) });
          if (expect) {
            await page.locator(SEL.hover).filter({ hasText: expect }).first()
              .waitFor({ state: 'visible', timeout: Math.min(left, 10000) });
          }
          return (await hover.innerText()).trim();
        } catch (e) {
          last = await hover.innerText().catch(() => '');
          if (Date.now() >= deadline) {
            throw new Error(`hover over "${text}" did not show ${expect ? `"${expect}"` : 'a hover'} within ${t} ms (last hover text: ${JSON.stringify(last)}; attempts ${attempt})`);
          }
        }
      }
    },

    /** Text of the currently visible hover widget ('' if none). */
    async hoverText() {
      const el = page.locator(SEL.hover).first();
      return (await el.isVisible()) ? (await el.innerText()).trim() : '';
    },

    /** Run a command by its palette title (e.g. 'Hello Ext: Say Hello') via F1. */
    async runCommand(title) {
      await openQuickInput(page, 'F1', '>', timeout);
      await page.locator(SEL.quickInputBox).fill(`>${title}`);
      const row = page.locator(SEL.quickInputRow, { hasText: title }).first();
      await row.waitFor({ state: 'visible' });
      await row.click();
      await page.locator(SEL.quickInput).waitFor({ state: 'hidden' });
    },

    /** Wait for a notification toast containing `text`; returns its text. */
    async waitForNotification(text) {
      const toast = page.locator(SEL.notification, { hasText: text }).first();
      await toast.waitFor({ state: 'visible' });
      return (await toast.innerText()).trim();
    },

    /** Screenshot of the whole page; relative paths go under .harness/artifacts. */
    async screenshot(file) {
      return h.screenshot(page, file);
    },

    async close({ keepProfile = false } = {}) {
      await browser.close().catch(() => {});
      await server.stop();
      if (!keepProfile) fs.rmSync(profile, { recursive: true, force: true });
    },
  };
  return vs;
}

async function openQuickInput(page, key, prefix, timeout) {
  const widget = page.locator(SEL.quickInput);
  // Focus the workbench (not the address bar) before the shortcut.
  await page.locator(SEL.workbench).focus().catch(() => {});
  await page.keyboard.press(key);
  try {
    await widget.waitFor({ state: 'visible', timeout: Math.min(timeout, 10000) });
  } catch {
    // Fallback: F1 always opens the palette; then switch mode by prefix.
    await page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible', timeout });
  }
  await page.locator(SEL.quickInputBox).fill(prefix);
}

/** Bounding box of `text` inside a rendered editor line (text may span several token spans), or null. */
function findTextBox(line, text) {
  return line.evaluate((el, needle) => {
    const nbsp = (s) => s.replace(/\u00a0/g, ' ');
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes = []; let full = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, full.length]); full += nbsp(n.nodeValue); }
    const at = full.indexOf(needle);
    if (at < 0) return null;
    const locate = (off) => {
      for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= off) return [nodes[i][0], off - nodes[i][1]];
      return [nodes[0][0], 0];
    };
    const range = document.createRange();
    const [sn, so] = locate(at);
    const [en, eo] = locate(at + needle.length - 1);
    range.setStart(sn, so);
    range.setEnd(en, eo + 1);
    const r = range.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }, text);
}

/** Bounding box of `text` inside a rendered editor line; throws when it is not rendered there. */
async function textBox(line, text) {
  const box = await findTextBox(line, text);
  if (!box || !box.width) throw new Error(`text "${text}" not found in the rendered line`);
  return box;
}

module.exports = { launch, SEL, findTextBox };
