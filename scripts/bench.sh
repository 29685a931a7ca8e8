#!/usr/bin/env bash
# Benchmark (not a test): builds the release card, starts the local service
# with a customer of 10,000 responses, and prints the tables:
#  1. per opening, as Dixa shows the card (e2e/bench-openings.mjs): a new
#     sandboxed frame per conversation, nothing cached, over a paced link
#     (40 ms RTT, 10 Mbit/s; files uncompressed, gzip, brotli) and loopback,
#     with both card templates, beside a plain-JavaScript floor;
#  2. bytes per shipped file (raw, gzip -9, brotli) and the card's timings
#     in a same-origin frame beside floor pages (e2e/bench.mjs);
#  3. the WASM memory of a card left open through many conversations.
# Medians over repeated runs in Debian's Chromium. Timings depend on the
# machine's load: run it on a quiet machine.
#   BENCH_OPENINGS (9), BENCH_RUNS (15), BENCH_ROW_RUNS (3), BENCH_SWITCHES (1000)
#   BENCH_LINKS: per-opening links to run (a part of their name, e.g. loopback)
#   BENCH_ONLY=openings or timings: only that table (timings: the same-origin one)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_all test >/dev/null
export PATH="$HOME/.cargo/bin:$PATH"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
API_PORT="$(free_port)"
WEB_PORT="$(free_port)"
PACED_API_PORT="$(free_port)"
WORK="$(mktemp -d)"
DIST="$WORK/dist"

# The card calls the API through the benchmark's pacing proxy (started by
# the benchmark on PACED_API_PORT, in front of the service on API_PORT);
# unpaced, the proxy is loopback.
echo "[bench] building the card against the paced API proxy http://127.0.0.1:$PACED_API_PORT"
NPS_API_BASE="http://127.0.0.1:$PACED_API_PORT" bash scripts/build-card.sh --public-url /card/ --dist "$DIST" >/dev/null
cargo build --release -q -p nps-local
cp -r e2e/bench "$DIST/bench"
node scripts/precompress.mjs "$DIST/bench"
cp "$DIST/csp.txt" "$WORK/csp.txt"

target/release/nps-local --db "$WORK/bench.sqlite" \
  --api-addr "127.0.0.1:$API_PORT" --web-addr "127.0.0.1:$WEB_PORT" \
  --card-dir "$DIST" --preview-dir preview --dixa-api-base "http://127.0.0.1:$WEB_PORT/dixa-api" --demo \
  --allow-origin "http://127.0.0.1:$WEB_PORT" --allow-origin null \
  --large-customer 10000 --rate-per-second 1000 >"$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; wait $SERVICE 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  grep -q "Preview:" "$WORK/service.log" 2>/dev/null && break
  kill -0 $SERVICE 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
  sleep 0.1
done

export DIST PACED_API_PORT CARD_CSP_FILE="$WORK/csp.txt"
export BASE_URL="http://127.0.0.1:$WEB_PORT" API_URL="http://127.0.0.1:$API_PORT"
[ "${BENCH_ONLY:-}" = timings ] || (cd e2e && node bench-openings.mjs)
[ "${BENCH_ONLY:-}" = openings ] && exit 0

# The same-origin harness frames pages and the floors run inline scripts,
# which the card's policy rightly refuses; card and floors alike run
# without it there (the end-to-end tests cover the card under its policy).
rm -f "$DIST/csp.txt"
(cd e2e && node bench.mjs)
[ "${BENCH_ONLY:-}" = timings ] && exit 0
(cd e2e && node bench-memory.mjs)
