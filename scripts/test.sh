#!/usr/bin/env bash
# Sets up what is missing (including Debian's Chromium), then runs every test: the native Rust
# tests, the release build, and the browser tests against that build in headless Chromium.
# Stops at the first failing stage; the output ends with the test runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh --browser

jixiao_test_python

echo "test: native tests (cargo test --locked; a few minutes from scratch)…"
cargo test --locked

jixiao_build_release

# Every benchmark once at tiny sizes (native, browser, size) against the dist/ just built, so
# that the benchmark cannot rot; it records nothing. The real run: scripts/bench.sh (README).
echo "test: benchmark smoke run (scripts/bench.sh --smoke)…"
JIXIAO_DIST=dist bash scripts/bench.sh --smoke

echo "test: browser tests (node --test tests/e2e/, headless Chromium)…"
node --test --test-concurrency=1 tests/e2e/
