'use strict';
// Standard VS Code extension-test entry point (the pattern from the VS Code
// docs): runs inside the extension host, globs *.test.js, runs them with Mocha
// and resolves/rejects with the result. Pass it as extensionTestsPath.
//
// Which tests: every **/*.test.js under $E2E_SUITE_DIR (runTest.js sets it
// from --suite), else under this folder. $E2E_MOCHA_GREP filters by title.
// Tests use the `tdd` UI (suite/test) and may also use `bdd` globals via
// require('mocha') if preferred; default timeout 20 s ($E2E_MOCHA_TIMEOUT ms).
const path = require('path');
const Mocha = require('mocha');
const { glob } = require('glob');

async function run() {
  const testsRoot = path.resolve(process.env.E2E_SUITE_DIR || __dirname);
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: Number(process.env.E2E_MOCHA_TIMEOUT || 20000),
    grep: process.env.E2E_MOCHA_GREP || undefined,
  });
  const files = (await glob('**/*.test.js', { cwd: testsRoot, ignore: ['**/node_modules/**'] })).sort();
  if (files.length === 0) throw new Error(`no *.test.js files under ${testsRoot}`);
  for (const f of files) mocha.addFile(path.resolve(testsRoot, f));
  console.log(`[suite] ${files.length} test file(s) from ${testsRoot}`);

  await new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        // Plain closing line understood by CI log readers.
        const st = runner.stats || { passes: 0, failures, pending: 0 };
        console.log(`${st.passes} passed, ${st.failures} failed${st.pending ? `, ${st.pending} skipped` : ''}`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}

module.exports = { run };
