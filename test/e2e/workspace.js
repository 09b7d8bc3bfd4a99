#!/usr/bin/env node
'use strict';
// Makes the throwaway workspace the e2e suites open: a fresh temp folder with
// the sample drafts, so nothing a test (or the extension) does touches the repo.
//
//   node test/e2e/workspace.js            → prints the new folder's path
//   require('./workspace').makeWorkspace()  → the same, programmatically
//   removeWorkspace(folder)                 → deletes it (and its temp parent)
//
// The folder is always named policy-drafts (inside a fresh temp folder), so
// the window title in the screenshots is the same from run to run.
// Layout (the suites rely on it):
//   policy-draft.md                 examples/policy-draft.md (the realistic 实施方案)
//   drafts/think-tank-brief.md      test/fixtures/drafts/*.md
//   drafts/traditional.md
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const PREFIX = 'policy-lens-e2e-';

function makeWorkspace(dir) {
  const ws = dir ? path.resolve(dir) : path.join(fs.mkdtempSync(path.join(os.tmpdir(), PREFIX)), 'policy-drafts');
  fs.mkdirSync(path.join(ws, 'drafts'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'examples', 'policy-draft.md'), path.join(ws, 'policy-draft.md'));
  const fixtures = path.join(ROOT, 'test', 'fixtures', 'drafts');
  for (const f of fs.readdirSync(fixtures).filter((n) => n.endsWith('.md'))) {
    fs.copyFileSync(path.join(fixtures, f), path.join(ws, 'drafts', f));
  }
  return ws;
}

function removeWorkspace(ws) {
  const parent = path.dirname(ws);
  fs.rmSync(path.basename(parent).startsWith(PREFIX) ? parent : ws, { recursive: true, force: true });
}

if (require.main === module) process.stdout.write(makeWorkspace(process.argv[2]) + '\n');

module.exports = { makeWorkspace, removeWorkspace, ROOT };
