#!/usr/bin/env bash
# End-to-end tests of Policy Lens in a real VS Code (code-server 4.139 / VS Code
# 1.139 + headless Chromium, offline). `npm run test:e2e` runs this.
#
#   1. setup.sh            harness install (idempotent; seconds when cached)
#   2. npm run build       dist/ bundles
#   3. npm run package     policy-lens.vsix (the UI tests install it)
#   4. host suites         suites/host (English) and suites/host-zh (--locale zh-cn),
#                          mocha inside the extension host, via @vscode/test-electron's runTests
#   5. UI tests            ui-tests/*.test.js (node:test + ui.js): the .vsix in the workbench
#
# Prints a last line "N passed, M failed" (tests, plus any step that failed on
# its own: setup, build, package) and exits non-zero on any failure.
# Logs: test/e2e/.harness/logs/. Screenshots: test/e2e/.harness/artifacts/screenshots/;
# E2E_UPDATE_SCREENSHOTS=1 writes them to images/screenshots/ (the README's) instead.
# Other knobs: E2E_SKIP_UI=1, E2E_SKIP_HOST=1, E2E_SKIP_SETUP=1, and those of
# runTest.js / ui.js (README.md).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

LOGS="$HERE/.harness/logs"
mkdir -p "$LOGS"
if [ "${E2E_UPDATE_SCREENSHOTS:-}" = 1 ]; then
  export E2E_SCREENSHOTS_DIR="$ROOT/images/screenshots"
else
  export E2E_SCREENSHOTS_DIR="${E2E_SCREENSHOTS_DIR:-$HERE/.harness/artifacts/screenshots}"
fi

passed=0; failed=0; summary=()
t_start=$(date +%s)
now() { date +%s; }
note() { summary+=("$(printf '%-34s %5ss  %s' "$1" "$2" "$3")"); }

# A step that is not a test run: counts as one failure if it fails.
step() { # name logfile cmd...
  local name=$1 log=$2; shift 2
  local t0; t0=$(now)
  echo; echo "[e2e] == $name"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" = 0 ]; then note "$name" $(( $(now) - t0 )) ok; else failed=$((failed + 1)); note "$name" $(( $(now) - t0 )) "FAILED (exit $rc, $log)"; fi
  return "$rc"
}

# A test run: adds its own pass/fail counts (mocha "N passed, M failed" or node:test "ℹ pass N / ℹ fail M").
tests() { # name logfile cmd...
  local name=$1 log=$2; shift 2
  local t0; t0=$(now)
  echo; echo "[e2e] == $name"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local p f
  p=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | sed -E 's/^([0-9]+) passed.*/\1/')
  f=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  if [ -z "$p" ]; then
    p=$(grep -aE '^ℹ pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
    f=$(grep -aE '^ℹ fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  fi
  p=${p:-0}; f=${f:-0}
  # A run that failed without reporting a failed test (harness crash, timeout) is one failure.
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  note "$name" $(( $(now) - t0 )) "$p passed, $f failed$([ "$rc" != 0 ] && echo " (exit $rc, $log)")"
}

WORKSPACES=()
cleanup() { for w in "${WORKSPACES[@]}"; do node -e 'require(process.argv[1]).removeWorkspace(process.argv[2])' "$HERE/workspace.js" "$w" 2>/dev/null; done; }
trap cleanup EXIT

if [ "${E2E_SKIP_SETUP:-}" != 1 ]; then
  step "setup (test/e2e/setup.sh)" "$LOGS/setup.log" bash "$HERE/setup.sh" || { echo "[e2e] setup failed: nothing else can run"; echo "$passed passed, $failed failed"; exit 1; }
fi

build_ok=1
step "npm run build" "$LOGS/build.log" npm run build || build_ok=0

VSIX="$ROOT/policy-lens.vsix"
if [ "$build_ok" = 1 ] && [ "${E2E_SKIP_UI:-}" != 1 ]; then
  rm -f "$VSIX"
  if ! step "npm run package" "$LOGS/package.log" npm run package; then
    # Still give the UI tests something to install, so one packaging problem does
    # not hide everything else; the failed step above keeps the run red.
    VSIX="$HERE/.harness/policy-lens-fallback.vsix"
    echo "[e2e] npm run package failed; UI tests use a fallback package: vsce package --baseContentUrl/--baseImagesUrl (placeholder URLs) -o $VSIX"
    ("$ROOT/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository \
       --baseContentUrl https://example.invalid/policy-lens/ --baseImagesUrl https://example.invalid/policy-lens/ \
       -o "$VSIX" >> "$LOGS/package.log" 2>&1) || VSIX=""
  fi
fi

if [ "$build_ok" = 1 ] && [ "${E2E_SKIP_HOST:-}" != 1 ]; then
  WS=$(node "$HERE/workspace.js"); WORKSPACES+=("$WS")
  tests "host suites (en)" "$LOGS/host-en.log" \
    node "$HERE/runTest.js" --extension "$ROOT" --suite "$HERE/suites/host" --workspace "$WS"
  WS=$(node "$HERE/workspace.js"); WORKSPACES+=("$WS")
  tests "host suite (zh-cn)" "$LOGS/host-zh.log" \
    node "$HERE/runTest.js" --extension "$ROOT" --suite "$HERE/suites/host-zh" --workspace "$WS" --locale zh-cn
fi

if [ "${E2E_SKIP_UI:-}" != 1 ]; then
  if [ -n "$VSIX" ] && [ -f "$VSIX" ]; then
    for f in "$HERE"/ui-tests/*.test.js; do
      E2E_VSIX="$VSIX" tests "UI $(basename "$f")" "$LOGS/ui-$(basename "$f" .test.js).log" \
        timeout --kill-after=30 900 node --test --test-reporter=spec --test-concurrency=1 "$f"
    done
    echo "[e2e] screenshots in $E2E_SCREENSHOTS_DIR"
  else
    failed=$((failed + 1)); note "UI tests" 0 "NOT RUN: no .vsix"
  fi
fi

echo
echo "[e2e] summary ($(( $(now) - t_start ))s in all; logs in ${LOGS#$ROOT/})"
for s in "${summary[@]}"; do echo "  $s"; done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
