#!/usr/bin/env bash
# End to end: builds the card and the local service, starts them on free
# loopback ports with a fresh SQLite file, and runs the Playwright tests
# (e2e/tests) against the preview host page in Debian's Chromium.
# Expects scripts/setup.sh to have run (scripts/test.sh does that).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

source scripts/lib-service.sh
# The release build, for the tests that serve it from a plain static host.
export DIST

cd e2e
# A test that fails before closing its servers must not hold the run open
# (force exit), and none may run for ever (timeout per test, in ms).
node --test --test-concurrency=1 --test-force-exit --test-timeout=180000 tests/
