#!/bin/sh
# Runs the headless Neovim end-to-end test (test/nvim/lsp_test.lua) against the built server.
# Exit status 0 when every check passed; the last line is "N passed, M failed".
set -u

cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)

if ! command -v nvim >/dev/null 2>&1; then
  echo "FAIL nvim not found: this test needs Neovim >= 0.7 (Debian: apt-get install -y neovim). Not skipped silently."
  echo "0 passed, 1 failed"
  exit 1
fi
if [ ! -f "$ROOT/dist/cli.js" ] || [ ! -f "$ROOT/dist/server.js" ]; then
  echo "FAIL dist/ is missing: run npm run build first"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "$(nvim --version | head -n 1), node $(node --version)"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

# --clean: no user config or plugins. The script quits by itself (qall! / cquit 1); timeout is a
# guard against a hang, not a wait.
POLICY_LENS_ROOT="$ROOT" timeout 120 nvim --headless --clean -c 'luafile test/nvim/lsp_test.lua' >"$OUT" 2>&1 </dev/null
STATUS=$?
cat "$OUT"
# Neovim may leave its own last message without a line end.
[ -n "$(tail -c 1 "$OUT")" ] && echo

PASSED=$(grep -c '^PASS ' "$OUT")
FAILED=$(grep -c '^FAIL ' "$OUT")
if [ "$STATUS" -ne 0 ] && [ "$FAILED" -eq 0 ]; then
  # nvim failed without reporting a check (crash, timeout): count it.
  echo "FAIL nvim exited with status $STATUS without reporting a failed check"
  FAILED=1
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
