#!/usr/bin/env node
// The policy-lens command: a thin launcher for the bundled CLI (built by `npm run build`).
'use strict';
require('../dist/cli.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`policy-lens: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 2; }
);
