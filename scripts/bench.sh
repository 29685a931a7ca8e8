#!/usr/bin/env bash
# Benchmark (not a test): release bundle bytes, time to READY and time to
# the first rendered customer history, measured in Debian's Chromium over
# the local service. Prints a table; BENCH_RUNS sets the repetitions (20).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_all test >/dev/null
source scripts/lib-service.sh

echo
echo "Bundle (release build, as served):"
printf '  %-8s %10s %10s\n' file raw gzip-9
total_raw=0; total_gz=0
for ext in wasm js css; do
  f="$(ls "$DIST"/*.$ext | grep -v snippets | head -n1)"
  raw=$(stat -c%s "$f"); gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '  %-8s %10d %10d\n' "$ext" "$raw" "$gz"
done
for f in $(find "$DIST/snippets" -name '*.js' 2>/dev/null); do
  raw=$(stat -c%s "$f"); gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '  %-8s %10d %10d\n' "snippet" "$raw" "$gz"
done
printf '  %-8s %10d %10d\n' total "$total_raw" "$total_gz"
echo
(cd e2e && node bench.mjs)
(cd e2e && node bench-memory.mjs)
