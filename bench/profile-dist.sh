#!/usr/bin/env bash
# A copy of a release dist whose wasm keeps its function names, for CPU profiles that say which
# Rust function the time goes to (the release wasm has no name section: wasm-opt strips it).
# Takes the wasm the last release build compiled (target/wasm32-unknown-unknown/release/
# jixiao-web.wasm, which has the names), runs wasm-bindgen on it without wasm-opt, and puts the
# result in place of the dist's JS and wasm (same file names; the integrity attributes of the
# copied index.html are removed). Run it right after the build of DIST, so that both are the
# same code. Then, for example:
#
#   bench/profile-dist.sh target/bench-dist /tmp/jixiao-prof
#   JIXIAO_DIST=/tmp/jixiao-prof node bench/browser.mjs --parts keystroke --runs 6 --no-record \
#     --cpuprofile /tmp/keystroke.cpuprofile
#
# Without wasm-opt the code is a little bigger and slower than the release: use the profile for
# proportions, the benchmark for the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# = 2 ] || { echo "usage: bench/profile-dist.sh DIST OUT" >&2; exit 2; }
dist="$1" out="$2"
wasm=target/wasm32-unknown-unknown/release/jixiao-web.wasm
[ -f "$dist/index.html" ] || { echo "profile-dist: $dist/index.html not found (build first)" >&2; exit 1; }
[ -f "$wasm" ] || { echo "profile-dist: $wasm not found (run a release build first)" >&2; exit 1; }
[ "$wasm" -nt "$dist/index.html" ] && echo "profile-dist: warning: $wasm is newer than $dist: they may not be the same code" >&2
export PATH="$HOME/.cargo/bin:$PATH"
rm -rf "$out" && mkdir -p "$out.wb"
wasm-bindgen --target web --no-typescript --out-dir "$out.wb" --out-name jixiao-web "$wasm"
cp -r "$dist" "$out"
js="$(ls "$out"/jixiao-web-*.js)" bg="$(ls "$out"/jixiao-web-*_bg.wasm)"
cp "$out.wb/jixiao-web.js" "$js"
cp "$out.wb/jixiao-web_bg.wasm" "$bg"
rm -rf "$out.wb"
sed -i 's/ integrity="[^"]*"//g' "$out/index.html"
echo "profile-dist: $out (wasm with names: $(( $(stat -c %s "$bg") / 1024 )) KiB)"
