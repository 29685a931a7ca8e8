#!/usr/bin/env bash
# Installs everything the preview and the tests need, idempotently: fast
# when already installed, and a clear message where something cannot be
# installed. Sourced by scripts/preview.sh and scripts/test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

need_rust() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs) and re-run."
  command -v rustup >/dev/null || die "rustup not found: the wasm32 target is installed through rustup."
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # The card's release build rebuilds std for size (scripts/build-card.sh).
  if ! rustup component list --installed | grep -q '^rust-src'; then
    say "adding the rust-src component"
    rustup component add rust-src
  fi
}

# The wasm-bindgen version the app is built with (pinned with = in Cargo.toml).
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml" | head -n1
}

need_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (several minutes the first time)"
    cargo install --locked "trunk@$TRUNK_VERSION"
  fi
}

need_wasm_bindgen_cli() {
  local v; v="$(wasm_bindgen_version)"
  [ -n "$v" ] || die "could not read the pinned wasm-bindgen version from Cargo.toml"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $v\b" || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli $v (matches the wasm-bindgen crate)"
    # Without --locked: the lock file pins a crate version the registry no longer serves.
    cargo install --force "wasm-bindgen-cli@$v"
  fi
}

apt_install() {
  local packages=("$@")
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing ${packages[*]} with apt-get"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  elif command -v sudo >/dev/null && command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then
    say "installing ${packages[*]} with sudo apt-get"
    sudo apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    die "need ${packages[*]}, but cannot install them here (not root, no passwordless sudo, or no apt-get). Install them with your package manager and re-run."
  fi
}

need_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
}

need_wasm_opt() {
  if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    need_node
    say "installing wasm-opt (binaryen $BINARYEN_VERSION from npm; Debian's is too old)"
    npm install -g --silent "binaryen@$BINARYEN_VERSION" >/dev/null \
      || die "npm could not install binaryen@$BINARYEN_VERSION (try: npm install -g binaryen@$BINARYEN_VERSION)"
  fi
}

# The release build's post-build step (scripts/slim-card.mjs) minifies the
# wasm-bindgen glue with esbuild, pinned in scripts/package-lock.json.
need_build_packages() {
  need_node
  if [ ! -d "$ROOT/scripts/node_modules" ] || [ "$ROOT/scripts/package-lock.json" -nt "$ROOT/scripts/node_modules/.package-lock.json" ]; then
    say "installing the build's packages (npm ci in scripts/)"
    (cd "$ROOT/scripts" && npm ci --silent --no-audit --no-fund)
  fi
}

need_browsers() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || command -v firefox >/dev/null || missing+=(firefox-esr)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  if ! command -v geckodriver >/dev/null; then
    say "installing geckodriver (cargo)"
    cargo install geckodriver
  fi
}

need_e2e_packages() {
  need_node
  if [ -f "$ROOT/e2e/package.json" ]; then
    if [ ! -d "$ROOT/e2e/node_modules" ] || [ "$ROOT/e2e/package-lock.json" -nt "$ROOT/e2e/node_modules/.package-lock.json" ]; then
      say "installing the end-to-end test packages (npm ci)"
      (cd "$ROOT/e2e" && npm ci --silent --no-audit --no-fund)
    fi
  fi
}

# setup_all preview|test
setup_all() {
  need_rust
  need_trunk
  need_wasm_bindgen_cli
  need_wasm_opt
  need_build_packages
  if [ "${1:-}" = test ]; then
    need_browsers
    need_e2e_packages
  fi
  say "toolchain ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | head -n1)"
}
