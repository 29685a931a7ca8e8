#!/usr/bin/env bash
# Sets everything up, builds the card, starts the local nps.today service
# with demo data, and prints the URL of the Dixa-like preview host page.
#   PREVIEW_PORT (default 8080), API_PORT (default 8787), PREVIEW_DB (default target/preview.sqlite)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_all preview

WEB_PORT="${PREVIEW_PORT:-8080}"
API_PORT="${API_PORT:-8787}"
DB="${PREVIEW_DB:-target/preview.sqlite}"
mkdir -p target

say "building the card (release) against http://127.0.0.1:$API_PORT"
NPS_API_BASE="http://127.0.0.1:$API_PORT" bash scripts/build-card.sh --public-url /card/ >/dev/null
say "building the local nps.today service"
cargo build --release -q -p nps-local

say "starting the service (database: $DB)"
exec target/release/nps-local --db "$DB" \
  --api-addr "127.0.0.1:$API_PORT" --web-addr "127.0.0.1:$WEB_PORT" \
  --card-dir dist --preview-dir preview --dixa-api-base "http://127.0.0.1:$WEB_PORT/dixa-api" --demo \
  --allow-origin "http://127.0.0.1:$WEB_PORT" --allow-origin "http://localhost:$WEB_PORT" --allow-origin null
