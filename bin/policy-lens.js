#!/usr/bin/env node
// The policy-lens command: a thin launcher for the bundled CLI (built by `npm run build`).
// It owns what the process does when things go wrong outside the CLI's own messages: a reader that
// closes the pipe early (`policy-lens annotate big.md | head -1`) ends the run quietly, and an
// unexpected error is one line (the stack only with POLICY_LENS_DEBUG=1), never a raw trace.
'use strict';

const debug = !!process.env.POLICY_LENS_DEBUG && process.env.POLICY_LENS_DEBUG !== '0';

function fail(err) {
  const message = err && err.message ? err.message : String(err);
  if (debug) process.stderr.write(`policy-lens: ${err && err.stack ? err.stack : message}\n`);
  else process.stderr.write(`policy-lens: unexpected error: ${message.split('\n')[0]} (run with POLICY_LENS_DEBUG=1 for the stack)\n`);
  process.exit(2);
}

// The reader went away: nothing more to say to it, and nothing to complain about.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode || 0);
  fail(err);
});
process.stderr.on('error', () => undefined);
// The language server keeps its own handlers (it logs an unhandled rejection to the client and goes on
// serving); ending the process there would take the editor's features down with one failed request.
if (process.argv[2] !== 'lsp') {
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

let cli;
try {
  cli = require('../dist/cli.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && /dist[\\/]cli\.js/.test(err.message)) {
    process.stderr.write('policy-lens: the CLI is not built (dist/cli.js is missing); run "npm run build" in the checkout\n');
    process.exit(2);
  }
  fail(err);
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, fail);
