#!/usr/bin/env bash
# Runs Kling Studio's benchmarks (release build), each side by side with its peer in the same
# run: vipsthumbnail (libvips-tools) for thumbnails, curl for downloads, naive 2-second polling
# for the engine. Usage: scripts/bench.sh [library|thumbnails|download|polling|all]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
missing=()
command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
command -v curl >/dev/null || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kling-studio/target}"
cargo build --release --locked -p bench
exec "$CARGO_TARGET_DIR/release/studio-bench" "${1:-all}"
