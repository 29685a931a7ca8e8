#!/usr/bin/env bash
# The card's release build, as small as it gets: std and core are rebuilt
# for size (build-std with `optimize_for_size`), panics abort at once with
# no message machinery (`immediate-abort`): 18.9 KB gzip less in all, 13.4 KB
# of it from immediate-abort. These are unstable options of the stable toolchain,
# enabled for this build only (RUSTC_BOOTSTRAP=1; the rust-src component
# comes from scripts/setup.sh); tests and native builds use the ordinary std.
# Arguments go to `trunk build --release` (e.g. --dist, --public-url).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD="std,panic_abort"
export CARGO_UNSTABLE_BUILD_STD_FEATURES="optimize_for_size"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"

# std's own dependencies come from the registry, like the app's; fetch them
# once (a no-op when cached) so the build itself can run offline.
STD_LIBRARY="$(rustc --print sysroot)/lib/rustlib/src/rust/library"
[ -f "$STD_LIBRARY/Cargo.lock" ] || {
  echo "build-card: rust-src is missing (rustup component add rust-src)" >&2
  exit 1
}
cargo fetch --locked --manifest-path "$STD_LIBRARY/Cargo.toml" >/dev/null 2>&1 \
  || cargo fetch --manifest-path "$STD_LIBRARY/Cargo.toml" >/dev/null

exec trunk build --release "$@"
