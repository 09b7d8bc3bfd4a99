'use strict';
// UI self-test of the harness: installs the fixture extension from a .vsix
// into code-server, then drives the real workbench in headless Chromium.
// Run: node --test --test-reporter=spec test/e2e/selftest/ui.test.js
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const ui = require('../ui');
const { packVsix } = require('../lib/vsix');

const E2E = path.resolve(__dirname, '..');
const SHOTS = path.join(E2E, '.harness', 'artifacts');
let vs;

before(async () => {
  const { file, id, version } = packVsix(path.join(E2E, 'fixtures', 'hello-ext'));
  // zh-cn also proves the offline language pack (setup.sh builds it).
  vs = await ui.launch({ vsix: file, folder: path.join(E2E, 'fixtures', 'workspace'), locale: 'zh-cn' });
  const installed = fs.readdirSync(vs.server.extensionsDir);
  assert.ok(installed.includes(`${id}-${version}`), `installed from vsix: ${installed}`);
});

after(async () => {
  if (vs) await vs.close({ keepProfile: false });
});

test('display language is Chinese (zh-cn)', async () => {
  // The Explorer view title, translated by the language pack.
  await vs.page.locator('.sidebar .composite.title', { hasText: '资源管理器' }).first().waitFor({ state: 'visible' });
});

test('Quick Open opens the markdown file', async () => {
  await vs.openFile('sample.md');
  assert.ok(await vs.line('新质生产力').isVisible());
});

test('hovering a Chinese term shows the extension hover', async (t) => {
  try {
    const text = await vs.hover('新质生产力', { expect: 'HELLO-EXT HOVER' });
    t.diagnostic(`hover text: ${JSON.stringify(text)}`);
    assert.match(text, /HELLO-EXT HOVER: 新质生产力 = new quality productive forces/);
  } finally {
    await vs.screenshot(path.join(SHOTS, 'selftest-hover.png'));
  }
});

test('command palette runs the extension command', async () => {
  await vs.runCommand('Hello Ext: Say Hello');
  const toast = await vs.waitForNotification('Hello from hello-ext');
  assert.match(toast, /你好/);
  await vs.screenshot(path.join(SHOTS, 'selftest-command.png'));
});
