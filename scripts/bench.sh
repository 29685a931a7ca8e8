#!/usr/bin/env bash
# Benchmark (not a test): builds the release card, starts the local service
# with a customer of 10,000 responses, and prints one table: bytes per
# shipped file (raw, gzip -9, brotli) and the card's timings beside floor
# pages doing the same work in plain JavaScript (e2e/bench/, served beside
# the card), medians over repeated runs in Debian's Chromium; then the
# WASM memory of a card left open through many conversations.
#   BENCH_RUNS (15), BENCH_ROW_RUNS (3), BENCH_SWITCHES (1000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_all test >/dev/null
SERVICE_ARGS="--large-customer 10000 --rate-per-second 1000"
source scripts/lib-service.sh
cp -r e2e/bench "$DIST/bench"
# The harness frames pages and the floors run inline scripts, which the
# card's policy rightly refuses; card and floors alike run without it here
# (the end-to-end tests cover the card under its policy).
rm -f "$DIST/csp.txt"
export DIST
(cd e2e && node bench.mjs)
(cd e2e && node bench-memory.mjs)
