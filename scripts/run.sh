#!/usr/bin/env bash
# Sets up what is missing, builds the release app and serves it on http://127.0.0.1:8080
# (JIXIAO_PORT to change the port). Idempotent: seconds on a machine that has the tools.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
jixiao_build_release
port="${JIXIAO_PORT:-8080}"
echo "run: open http://127.0.0.1:$port/ — 打开示例 shows the sample evaluation (Ctrl-C to stop)"
exec node tools/serve.mjs dist "$port" 127.0.0.1
