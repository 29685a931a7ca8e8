#!/usr/bin/env bash
# Sets up everything and runs every test suite: native (cargo test),
# the card in headless Chromium and headless Firefox (wasm-bindgen-test),
# and end to end in a real browser (Playwright + Chromium). Fails if any fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_all test

export WASM_BINDGEN_TEST_TIMEOUT=180
passed=0; failed=0; failures=()
run_suite() {
  local name="$1"; shift
  printf '\n\033[1;34m== %s\033[0m\n' "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

# Style first: cheap, and CI fails on either.
run_suite "style: cargo fmt --check" cargo fmt --all --check
run_suite "lint: cargo clippy (workspace, native)" cargo clippy --workspace --all-targets -- -D warnings
run_suite "lint: cargo clippy (app, wasm32)" \
  cargo clippy -p feedback-app --target wasm32-unknown-unknown --all-targets -- -D warnings
run_suite "native: cargo test (core logic, local service)" \
  cargo test --workspace --exclude feedback-app
run_suite "browser: headless Chromium (wasm-bindgen-test)" \
  env CHROMEDRIVER="$(command -v chromedriver)" cargo test -p feedback-app --target wasm32-unknown-unknown
run_suite "browser: headless Firefox (wasm-bindgen-test)" \
  env GECKODRIVER="$(command -v geckodriver)" cargo test -p feedback-app --target wasm32-unknown-unknown
if [ -f e2e/package.json ]; then
  run_suite "end to end: preview in Chromium (Playwright)" bash scripts/e2e.sh
fi

printf '\n'
[ "$failed" -eq 0 ] || printf 'failed suites: %s\n' "${failures[*]}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
