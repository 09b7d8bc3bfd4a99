#!/usr/bin/env bash
# Self-test of the e2e harness with its fixture extension (fixtures/hello-ext):
#   1. extension-host suite through @vscode/test-electron's runTests
#      (runTest.js -> bin/code-server-as-vscode -> code-server + Chromium)
#   2. UI test: fixture installed from a .vsix, zh-cn UI, hover + command
# Exits non-zero if either fails. Runs setup.sh first (seconds when cached).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

secs() { echo $(( $(date +%s) - $1 )); }
t0=$(date +%s)
bash ./setup.sh || { echo "[selftest] setup failed" >&2; exit 1; }
t_setup=$(secs "$t0")

echo; echo "[selftest] == 1/2 extension-host suite via runTests (runTest.js)"
t1=$(date +%s)
node runTest.js --extension fixtures/hello-ext --suite selftest/host-suite --workspace fixtures/workspace
host_rc=$?
t_host=$(secs "$t1")

echo; echo "[selftest] == 2/2 UI test (ui.js, node --test)"
t2=$(date +%s)
node --test --test-reporter=spec selftest/ui.test.js
ui_rc=$?
t_ui=$(secs "$t2")

echo
echo "[selftest] setup ${t_setup}s, host suite ${t_host}s (exit $host_rc), UI test ${t_ui}s (exit $ui_rc); artifacts in .harness/artifacts"
passed=0; failed=0
for rc in $host_rc $ui_rc; do if [ "$rc" = 0 ]; then passed=$((passed+1)); else failed=$((failed+1)); fi; done
echo "selftest: ${passed} passed, ${failed} failed"
[ "$failed" = 0 ]
