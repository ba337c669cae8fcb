#!/usr/bin/env bash
# Sets up whatever is missing to build (and, with --browser, to test) jixiao. Idempotent: on a
# machine that has the tools every step is a quick check. Everything comes from the package
# registries (crates.io, npm, Debian) — nothing else is downloaded.
#
#   scripts/setup.sh [--browser]          # check/install
#   source scripts/setup.sh [--browser]   # the same, and keep PATH etc. (run.sh and test.sh do)
#
# Provides (when sourced): jixiao_build_release — the release build into dist/.
# A step that cannot be done stops with one line: what is missing and the command that fixes it.

_jx_browser=0
for _jx_arg in "$@"; do
  case "$_jx_arg" in
    --browser) _jx_browser=1 ;;
    *) echo "setup: unknown option $_jx_arg (use --browser)" >&2; exit 2 ;;
  esac
done

JIXIAO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JIXIAO_ROOT
_jx_logs="$JIXIAO_ROOT/.tools/logs"
mkdir -p "$_jx_logs"

TRUNK_VERSION=0.21.14
WASM_OPT_VERSION=132

_jx_say() { echo "setup: $*"; }
# One line: what is missing, and the command that would fix it.
_jx_die() { echo "setup: FAILED: $1 — fix: $2" >&2; exit 1; }
_jx_have() { command -v "$1" >/dev/null 2>&1; }

# Runs a long step quietly into a log; on failure stops with one line naming the log.
_jx_run_logged() { # name fix-command cmd...
  local name="$1" fix="$2"; shift 2
  local log="$_jx_logs/$name.log"
  if ! "$@" >"$log" 2>&1; then
    tail -n 15 "$log" >&2
    _jx_die "$name did not succeed (log: $log)" "$fix"
  fi
}

_jx_apt_updated=0
_jx_apt_install() { # fix-description packages...
  local pkgs=("$@")
  if [ "$(id -u)" != 0 ]; then
    _jx_die "Debian packages ${pkgs[*]} are not installed and this is not root" "sudo apt-get update && sudo apt-get install -y ${pkgs[*]}"
  fi
  if [ "$_jx_apt_updated" = 0 ]; then
    _jx_run_logged apt-get-update "apt-get update" env DEBIAN_FRONTEND=noninteractive apt-get update
    _jx_apt_updated=1
  fi
  _jx_run_logged "apt-get-install" "apt-get install -y ${pkgs[*]}" \
    env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}"
}

# --- basic tools -----------------------------------------------------------------------------
export PATH="$HOME/.cargo/bin:$PATH"
_jx_have cargo || _jx_die "cargo (Rust) is not installed" "install Rust with rustup (stable), then re-run"
_jx_have node || _jx_die "Node.js is not installed" "apt-get install -y nodejs npm"
_jx_have npm || _jx_die "npm is not installed" "apt-get install -y npm"

# --- the wasm32 target -----------------------------------------------------------------------
# Preferred: rustup's rust-std for wasm32. Fallback (rustup cannot fetch it): Debian's rustc-web
# toolchain with its std sources, building std for wasm32 from source (nightly features enabled
# with RUSTC_BOOTSTRAP for that build only) — see jixiao_build_release.
JIXIAO_WASM_ENV=""
_jx_wasm_kind=""
_jx_wasm_std_present() {
  local libdir
  libdir="$(rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null)" || return 1
  compgen -G "$libdir/libcore-*.rlib" >/dev/null
}
_jx_debian_fallback_ready() {
  [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ] && compgen -G "/usr/bin/wasm-ld-*" >/dev/null \
    && dpkg -s rustc-web cargo-web rust-web-src >/dev/null 2>&1
}
_jx_debian_fallback_env() {
  # Debian's rustc has no rust-lld: link wasm with lld's wasm-ld-<version> (from lld-22).
  local wasm_ld
  wasm_ld="$(compgen -G "/usr/bin/wasm-ld-*" | sort -V | tail -n 1)"
  JIXIAO_WASM_ENV="RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=${wasm_ld##*/}"
  _jx_wasm_kind=" (Debian rustc-web fallback)"
}
# JIXIAO_WASM_TOOLCHAIN=debian forces the fallback (to test it on a machine with rustup).
if [ "${JIXIAO_WASM_TOOLCHAIN:-}" != debian ] && _jx_wasm_std_present; then
  :
elif _jx_debian_fallback_ready; then
  _jx_debian_fallback_env
else
  _jx_added=0
  if [ "${JIXIAO_WASM_TOOLCHAIN:-}" != debian ] && _jx_have rustup; then
    _jx_say "adding the wasm32-unknown-unknown target with rustup (about a minute)…"
    if rustup target add wasm32-unknown-unknown >"$_jx_logs/rustup-target.log" 2>&1 && _jx_wasm_std_present; then
      _jx_added=1
    fi
  fi
  if [ "$_jx_added" = 0 ]; then
    _jx_say "rustup cannot provide the wasm32 target; installing Debian's rustc-web toolchain instead (a few minutes; the first build then also compiles std, ~3 minutes more)…"
    _jx_apt_install rustc-web cargo-web rust-web-src lld-22
    _jx_debian_fallback_ready || _jx_die "the wasm32 target (rustup failed, Debian fallback incomplete)" \
      "rustup target add wasm32-unknown-unknown  (or: apt-get install -y rustc-web cargo-web rust-web-src lld-22)"
    _jx_debian_fallback_env
  fi
fi
# The wasm built for size (issue 20: the first load's 400 KB gzip ceiling). With rustup's
# rust-src (added here if missing) the standard library is compiled for the wasm from source
# with its size-optimised code paths, and the wasm leaves out what no user sees: panic messages
# and their code locations (a panic stops the app at once; the 程序出错 notice still shows and
# reopens the saved draft — src/browser/mod.rs install_crash_notice) and Debug formatting
# (`{:?}`: user-visible text never uses it). About 35 KB gzip of the first load. These are
# nightly options of rustc and cargo, enabled with RUSTC_BOOTSTRAP for this build only: never
# in .cargo/config.toml, where they would change the native build and its tests.
# JIXIAO_WASM_SIZE=plain skips them (the stable build: bigger, with panic messages).
_jx_wasm_rustflags=""
_jx_rust_src_present() {
  [ -d "$(rustc --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library/std" ]
}
if [ "${JIXIAO_WASM_SIZE:-}" != plain ] && [ -z "$JIXIAO_WASM_ENV" ]; then
  if ! _jx_rust_src_present && _jx_have rustup; then
    _jx_say "adding rust-src with rustup (the wasm's standard library is built for size)…"
    rustup component add rust-src >"$_jx_logs/rustup-src.log" 2>&1 || true
  fi
  # The standard library's own dependencies (its Cargo.lock) fetched once, so that the
  # offline trunk build finds them.
  _jx_std_manifest="$(rustc --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library/Cargo.toml"
  if _jx_rust_src_present && ! { RUSTC_BOOTSTRAP=1 cargo fetch --manifest-path "$_jx_std_manifest" >"$_jx_logs/std-fetch.log" 2>&1 \
      || RUSTC_BOOTSTRAP=1 cargo fetch --offline --manifest-path "$_jx_std_manifest" >>"$_jx_logs/std-fetch.log" 2>&1; }; then
    _jx_say "warning: the standard library's dependencies could not be fetched (log: $_jx_logs/std-fetch.log): the wasm is built without the size options"
  elif _jx_rust_src_present; then
    JIXIAO_WASM_ENV="RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size"
    _jx_wasm_rustflags=$'-Zlocation-detail=none\x1f-Zfmt-debug=none\x1f-Cpanic=immediate-abort\x1f-Zunstable-options'
    _jx_wasm_kind=" (built for size)"
  else
    _jx_say "warning: rust-src unavailable: the wasm is built without the size options (about 35 KB gzip more; see scripts/setup.sh)"
  fi
fi
# Panic locations in the plain build (the 程序出错 notice shows them) without the build
# machine's paths: crates.io sources as "yew-0.21.0/src/…" instead of "$HOME/.cargo/registry/
# src/index.crates.io-…/yew-0.21.0/src/…" (this crate's are relative already). For the wasm
# build only (the flags go to rustc through CARGO_ENCODED_RUSTFLAGS, whose separator is not a
# space, so `env $JIXIAO_WASM_ENV` keeps them whole); the native build and its tests keep the
# full paths.
_jx_remap=""
for _jx_dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ "${CARGO_HOME:-$HOME/.cargo}"/git/checkouts/ "$JIXIAO_ROOT/"; do
  _jx_remap="${_jx_remap:+$_jx_remap$'\x1f'}--remap-path-prefix=$_jx_dir="
done
case "$_jx_remap" in
  *" "*) _jx_remap="" ;; # a path with a space would be split by `env $JIXIAO_WASM_ENV`: keep the full paths
esac
_jx_flags="$_jx_remap"
[ -n "$_jx_wasm_rustflags" ] && _jx_flags="${_jx_flags:+$_jx_flags$'\x1f'}$_jx_wasm_rustflags"
[ -n "$_jx_flags" ] && JIXIAO_WASM_ENV="${JIXIAO_WASM_ENV:+$JIXIAO_WASM_ENV }CARGO_ENCODED_RUSTFLAGS=$_jx_flags"
export JIXIAO_WASM_ENV

# --- Trunk ------------------------------------------------------------------------------------
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  _jx_say "installing Trunk $TRUNK_VERSION from crates.io (cargo install; takes about 10 minutes on 2 cores)…"
  _jx_run_logged cargo-install-trunk "cargo install trunk --version $TRUNK_VERSION --locked" \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# --- wasm-bindgen-cli, exactly the version in Cargo.lock -------------------------------------
_jx_wbg_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$JIXIAO_ROOT/Cargo.lock")"
[ -n "$_jx_wbg_version" ] || _jx_die "Cargo.lock names no wasm-bindgen version" "cargo generate-lockfile"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $_jx_wbg_version" ]; then
  _jx_say "installing wasm-bindgen-cli $_jx_wbg_version from crates.io (cargo install; takes about 6 minutes)…"
  _jx_run_logged cargo-install-wasm-bindgen "cargo install wasm-bindgen-cli --version $_jx_wbg_version" \
    cargo install wasm-bindgen-cli --version "$_jx_wbg_version"
fi
grep -q "wasm_bindgen = \"$_jx_wbg_version\"" "$JIXIAO_ROOT/Trunk.toml" \
  || _jx_die "Trunk.toml's [tools] wasm_bindgen differs from Cargo.lock's wasm-bindgen $_jx_wbg_version" \
     "set wasm_bindgen = \"$_jx_wbg_version\" in Trunk.toml"

# --- npm packages: wasm-opt (binaryen) and, for tests, playwright-core ------------------------
_jx_npm_ci() { # dir
  local dir="$JIXIAO_ROOT/$1" stamp sum
  stamp="$dir/node_modules/.jixiao-lock.sha256"
  sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return 0; fi
  _jx_say "npm ci in $1 (from the npm registry; under a minute)…"
  _jx_run_logged "npm-ci-${1//\//-}" "cd $1 && npm ci" npm ci --prefix "$dir" --no-audit --no-fund
  echo "$sum" >"$stamp"
}
_jx_npm_ci tools
# tools/bin/wasm-opt caches results in front of tools/node_modules/.bin/wasm-opt (see there).
export PATH="$JIXIAO_ROOT/tools/bin:$JIXIAO_ROOT/tools/node_modules/.bin:$PATH"
wasm-opt --version 2>/dev/null | grep -q "version $WASM_OPT_VERSION" \
  || _jx_die "wasm-opt $WASM_OPT_VERSION (npm package binaryen) is not in tools/node_modules" "cd tools && npm ci"

# --- zopfli (Debian): the smallest .gz copies of the build (tools/postbuild.mjs; issue 20's
# first-load ceiling is what a gzip-only browser downloads). Without it the copies are GNU
# gzip -9's, about 17 KB larger on the first load: a warning, not a failure.
if ! _jx_have zopfli; then
  if [ "$(id -u)" = 0 ]; then
    _jx_say "installing Debian's zopfli (apt-get; seconds)…"
    _jx_apt_install zopfli
  else
    _jx_say "warning: zopfli is not installed (apt-get install -y zopfli): the .gz copies will be gzip -9's, about 17 KB larger"
  fi
fi

# --- Rust crates (so that the builds can run offline) ------------------------------------------
if ! cargo fetch --locked --offline --manifest-path "$JIXIAO_ROOT/Cargo.toml" >/dev/null 2>&1; then
  _jx_say "fetching Rust crates from crates.io (cargo fetch; a minute or two)…"
  _jx_run_logged cargo-fetch "cargo fetch --locked" cargo fetch --locked --manifest-path "$JIXIAO_ROOT/Cargo.toml"
fi

# --- for tests: Chromium and chromedriver (Debian), playwright-core (npm) -----------------------
if [ "$_jx_browser" = 1 ]; then
  # fonts-noto-cjk: without a CJK font Chromium draws the Chinese UI and report as boxes
  # (tests would still pass, screenshots and PDFs would be unreadable).
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -d /usr/share/fonts/opentype/noto ]; then
    _jx_say "installing Debian's chromium, chromium-driver and fonts-noto-cjk (apt-get; a few minutes)…"
    _jx_apt_install chromium chromium-driver fonts-noto-cjk
    [ -x /usr/bin/chromium ] || _jx_die "/usr/bin/chromium is missing after apt-get install" "apt-get install -y chromium chromium-driver"
  fi
  # LibreOffice Writer and poppler-utils: tests/e2e/print.test.mjs converts the Word report to
  # PDF (soffice --headless) and reads the PDFs' pages and text (pdfinfo, pdftotext).
  if ! _jx_have soffice || [ ! -f /usr/lib/libreoffice/program/libwriterlo.so ] || ! _jx_have pdftotext; then
    _jx_say "installing libreoffice-writer-nogui and poppler-utils (apt-get; a few minutes)…"
    _jx_apt_install libreoffice-writer-nogui poppler-utils
    _jx_have pdftotext || _jx_die "pdftotext is missing after apt-get install" "apt-get install -y poppler-utils"
  fi
  _jx_npm_ci tests/e2e
fi

# For the workbook tests (tests/workbook_export.rs): a reader that is not jixiao's own, openpyxl
# (PyPI, pip --user; on an "externally managed" Python with --break-system-packages, which only
# touches ~/.local). A quick check when it is there.
jixiao_test_python() {
  _jx_have python3 || _jx_die "python3 is not installed (the workbook tests read the exported .xlsx with openpyxl)" "apt-get install -y python3 python3-pip"
  python3 -c "import openpyxl" >/dev/null 2>&1 && return 0
  _jx_say "installing openpyxl for the workbook tests (pip install --user openpyxl)…"
  python3 -m pip --version >/dev/null 2>&1 || _jx_apt_install python3-pip
  if ! python3 -m pip install --user --quiet openpyxl >"$_jx_logs/pip-openpyxl.log" 2>&1; then
    _jx_run_logged pip-openpyxl "python3 -m pip install --user --break-system-packages openpyxl" \
      python3 -m pip install --user --quiet --break-system-packages openpyxl
  fi
  python3 -c "import openpyxl" >/dev/null 2>&1 \
    || _jx_die "openpyxl cannot be imported after pip install" "python3 -m pip install --user openpyxl"
}

# The release build into dist/: Trunk (offline, locked: see Trunk.toml), wasm-opt -Oz, then
# tools/postbuild.mjs (CSP hash, sw.js, jixiao-offline.html). JIXIAO_BUILD_DATE (UTC) is shown
# in the app's about box.
jixiao_build_release() {
  local log="$_jx_logs/trunk-build.log" start=$SECONDS
  JIXIAO_BUILD_DATE="$(date -u +%Y-%m-%d)"
  export JIXIAO_BUILD_DATE
  echo "build: trunk build --release (seconds when nothing changed; a few minutes from scratch)…"
  # JIXIAO_WASM_ENV: the path remapping (see above) and, if used, the Debian-fallback variables,
  # for this build only.
  # shellcheck disable=SC2086
  if ! (cd "$JIXIAO_ROOT" && env $JIXIAO_WASM_ENV trunk build --release) >"$log" 2>&1; then
    grep -E '^(error|warning: unused)|^ *--> |^[0-9 ]*\|' "$log" | head -n 40 >&2 || true
    tail -n 5 "$log" >&2 || true
    echo "build: FAILED: trunk build --release (full log: $log) — fix the errors above, then re-run" >&2
    return 1
  fi
  local wasm
  wasm="$(find "$JIXIAO_ROOT/dist" -maxdepth 1 -name '*.wasm' -printf '%s\n' | head -n 1)"
  echo "build: dist/ ready in $((SECONDS - start)) s (wasm $(( ${wasm:-0} / 1024 )) KiB, build date $JIXIAO_BUILD_DATE)"
}

_jx_say "ok — wasm32 target$_jx_wasm_kind, trunk $TRUNK_VERSION, wasm-bindgen $_jx_wbg_version, wasm-opt $WASM_OPT_VERSION$([ "$_jx_browser" = 1 ] && echo ", chromium, playwright-core")"
