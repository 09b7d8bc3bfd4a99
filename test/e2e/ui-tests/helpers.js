'use strict';
// Shared by the UI tests: launch code-server with the packaged extension,
// find text in the rendered editor, hover it, save README screenshots.
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const ui = require('../ui');
const { makeWorkspace, removeWorkspace, ROOT } = require('../workspace');

const SHOTS = process.env.E2E_SCREENSHOTS_DIR || path.join(ROOT, 'images', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const READY_MS = Number(process.env.E2E_READY_MS || 120000);

/** The .vsix under test: $E2E_VSIX, else policy-lens.vsix at the repo root (npm run package). */
function vsixPath() {
  const file = path.resolve(process.env.E2E_VSIX || path.join(ROOT, 'policy-lens.vsix'));
  assert.ok(fs.existsSync(file), `${file} missing: run npm run package (or set E2E_VSIX)`);
  return file;
}

/** Installs the .vsix into a fresh profile, opens a fresh copy of the drafts (or $E2E_WORKSPACE), 1280×800. */
async function launchPolicyLens({ locale } = {}) {
  const own = !process.env.E2E_WORKSPACE;
  const folder = own ? makeWorkspace() : path.resolve(process.env.E2E_WORKSPACE);
  let vs;
  try {
    vs = await ui.launch({ vsix: vsixPath(), folder, locale });
  } catch (e) {
    if (own) removeWorkspace(folder);
    throw e;
  }
  const close = vs.close.bind(vs);
  vs.close = async (opts) => {
    try {
      await close(opts);
    } finally {
      if (own) removeWorkspace(folder);
    }
  };
  vs.folder = folder;
  await vs.page.setViewportSize(VIEWPORT);
  const installed = fs.readdirSync(vs.server.extensionsDir);
  assert.ok(installed.some((d) => /^policy-lens\.policy-lens-\d/.test(d)), `installed from the vsix: ${installed}`);
  return vs;
}

/** Opens a draft and waits for the extension's status-bar count (the server has analysed it). */
async function openDraft(vs, name, countRe) {
  await vs.openFile(name);
  const item = vs.page.locator('.part.statusbar .statusbar-item', { hasText: countRe }).first();
  await item.waitFor({ state: 'visible', timeout: READY_MS });
  return (await item.innerText()).trim();
}

/** Go to a 1-based line through Quick Open (":61"), as a user would. */
async function gotoLine(vs, line) {
  await vs.page.locator(ui.SEL.workbench).focus().catch(() => {});
  await vs.page.keyboard.press('Control+P');
  const box = vs.page.locator(ui.SEL.quickInputBox);
  await box.waitFor({ state: 'visible' });
  await box.fill(`:${line}`);
  await vs.page.locator(ui.SEL.quickInput, { hasText: String(line) }).first().waitFor({ state: 'visible' });
  await vs.page.keyboard.press('Enter');
  await vs.page.locator(ui.SEL.quickInput).waitFor({ state: 'hidden' });
}

/** Client rectangle of `needle` inside the rendered editor line that contains `lineText`. */
async function textRect(vs, lineText, needle) {
  const line = vs.line(lineText);
  await line.waitFor({ state: 'visible' });
  const rect = await ui.findTextBox(line, needle);
  assert.ok(rect && rect.width > 0, `"${needle}" rendered in the line "${lineText}"`);
  return rect;
}

/**
 * Hovers the mouse over `needle` (in the line containing `lineText`) until the
 * hover widget shows `expect`; returns the widget's locator and text.
 */
async function hoverOver(vs, lineText, needle, expect, { timeout = READY_MS } = {}) {
  const deadline = Date.now() + timeout;
  const hover = vs.page.locator(ui.SEL.hover).filter({ hasText: expect }).first();
  for (let attempt = 1; ; attempt++) {
    const r = await textRect(vs, lineText, needle);
    await vs.page.mouse.move(5, 5);
    await vs.page.locator(ui.SEL.hover).first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    await vs.page.mouse.move(r.x + r.width / 2, r.y + r.height / 2, { steps: 4 });
    try {
      await hover.waitFor({ state: 'visible', timeout: Math.max(1000, Math.min(10000, deadline - Date.now())) });
      return { hover, text: (await hover.innerText()).trim() };
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`no hover with ${expect} over "${needle}" after ${attempt} attempts: ${e.message}`);
    }
  }
}

/**
 * Makes the hover taller by dragging its edge, as a user would: VS Code opens
 * hovers at most 250 px high, where a concept's two definitions already fill
 * it and the citation is below the fold. The size sticks for later hovers.
 * `reshow` shows the hover again (and returns hoverOver's answer); the drag is
 * repeated until a re-shown hover really is taller, since a drag can be lost
 * when the hover re-renders under the pointer.
 */
async function enlargeHover(vs, reshow) {
  const wanted = 320;
  let height = 0;
  for (let attempt = 1; attempt <= 4; attempt++) {
    await dragHoverEdge(vs, reshow);
    const { hover } = await reshow();
    height = (await hover.evaluate((el) => (el.closest('.monaco-hover') || el).getBoundingClientRect().height)) || 0;
    if (height >= wanted) return;
  }
  assert.fail(`the hover could not be made taller than ${Math.round(height)} px by dragging its edge`);
}

async function dragHoverEdge(vs, reshow) {
  const north = vs.page.locator('.monaco-resizable-hover .monaco-sash.orthogonal-edge-north:not(.disabled)').first();
  const south = vs.page.locator('.monaco-resizable-hover .monaco-sash.orthogonal-edge-south:not(.disabled)').first();
  const editor = await vs.page.locator(ui.SEL.activeEditor).first().boundingBox();
  // The sash is laid out a moment after the hover shows, and a hover can
  // close on its own: wait for the edge, re-showing the hover if it went away.
  let sash = null;
  let b = null;
  for (let attempt = 1; attempt <= 4 && !b; attempt++) {
    const deadline = Date.now() + 4000;
    while (Date.now() < deadline) {
      sash = (await north.count()) ? north : (await south.count()) ? south : null;
      b = sash && (await sash.boundingBox());
      if (b) break;
      await vs.page.waitForTimeout(100);
    }
    if (!b && attempt < 4) await reshow();
  }
  assert.ok(b, 'the hover has a resize edge');
  const x = b.x + b.width / 2;
  await vs.page.mouse.move(x, b.y + (sash === north ? 12 : -12), { steps: 3 });
  await vs.page.mouse.move(x, b.y + b.height / 2, { steps: 2 });
  await vs.page.mouse.down();
  await vs.page.mouse.move(x, sash === north ? editor.y + 10 : editor.y + editor.height - 10, { steps: 12 });
  await vs.page.mouse.up();
  await vs.page.mouse.move(5, 5);
}

/**
 * Whether each text is really visible in the hover: inside the widget's
 * scrolled viewport (a long hover scrolls; text below the fold is not seen).
 */
async function visibleInHover(hover, texts) {
  return hover.evaluate((el, wanted) => {
    const box = (el.closest('.monaco-hover') || el).getBoundingClientRect();
    const out = {};
    for (const w of wanted) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let found = null;
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const i = t.nodeValue.indexOf(w);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(t, i);
        r.setEnd(t, i + w.length);
        const b = r.getBoundingClientRect();
        found = b.width > 0 && b.top >= box.top - 1 && b.bottom <= box.bottom + 1 && b.left >= box.left - 1 && b.right <= box.right + 1;
        break;
      }
      out[w] = found;
    }
    return out;
  }, texts);
}

/** Drags the side bar's edge so it is `width` px wide (labels and descriptions fit). */
async function widenSideBar(vs, width) {
  const bar = await vs.page.locator('.part.sidebar').first().boundingBox();
  const edge = bar.x + bar.width;
  const sashes = vs.page.locator('.monaco-sash.vertical:not(.disabled)');
  let target;
  for (let i = 0; i < (await sashes.count()); i++) {
    const b = await sashes.nth(i).boundingBox();
    if (b && Math.abs(b.x + b.width / 2 - edge) <= 4 && b.height > bar.height / 2) target = b;
  }
  assert.ok(target, 'the side bar\'s resize edge');
  const y = target.y + target.height / 2;
  await vs.page.mouse.move(target.x + target.width / 2, y);
  await vs.page.mouse.down();
  await vs.page.mouse.move(bar.x + width, y, { steps: 8 });
  await vs.page.mouse.up();
}

/** A README/marketplace screenshot: the 1280×800 viewport, into images/screenshots/. */
async function shot(vs, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  await vs.page.screenshot({ path: file, timeout: 30000 });
  const size = fs.statSync(file).size;
  assert.ok(size > 20000, `${name} is an image (${size} bytes)`);
  console.log(`[screenshot] ${path.relative(ROOT, file)} (${Math.round(size / 1024)} KB)`);
  return file;
}

module.exports = { ROOT, SHOTS, READY_MS, launchPolicyLens, openDraft, gotoLine, textRect, hoverOver, enlargeHover, widenSideBar, visibleInHover, shot };
