#!/usr/bin/env bash
# Sourced by scripts/e2e.sh and scripts/bench.sh: builds the card (release)
# and the local service, and starts them on free loopback ports with a
# fresh SQLite file. Sets BASE_URL, API_URL, DIST; stops the service on exit.
# SERVICE_ARGS adds options to the service (the benchmark's data and rate).

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
API_PORT="$(free_port)"
WEB_PORT="$(free_port)"
while [ "$WEB_PORT" = "$API_PORT" ]; do WEB_PORT="$(free_port)"; done
WORK="$(mktemp -d)"
DIST="$WORK/dist"

echo "[service] building the card against http://127.0.0.1:$API_PORT"
NPS_API_BASE="http://127.0.0.1:$API_PORT" bash scripts/build-card.sh --public-url /card/ --dist "$DIST" >/dev/null
cargo build --release -q -p nps-local

target/release/nps-local --db "$WORK/e2e.sqlite" \
  --api-addr "127.0.0.1:$API_PORT" --web-addr "127.0.0.1:$WEB_PORT" \
  --card-dir "$DIST" --preview-dir preview --dixa-api-base "http://127.0.0.1:$WEB_PORT/dixa-api" --demo \
  --allow-origin "http://127.0.0.1:$WEB_PORT" --allow-origin null ${SERVICE_ARGS:-} >"$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; wait $SERVICE 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  grep -q "Preview:" "$WORK/service.log" 2>/dev/null && break
  kill -0 $SERVICE 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
  sleep 0.1
done

export BASE_URL="http://127.0.0.1:$WEB_PORT" API_URL="http://127.0.0.1:$API_PORT"
