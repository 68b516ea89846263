#!/usr/bin/env bash
# Launches Kling Studio: installs what it needs, builds it, opens the window.
# With no keys stored, the app falls back to its built-in sandbox (the Kling emulator on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kling-studio/target}"
bash scripts/build-ui.sh
cargo build --locked -p kling-studio -p kling-cli
echo "Kling Studio is starting. The command-line tool is at $CARGO_TARGET_DIR/debug/kling"
echo "  try: $CARGO_TARGET_DIR/debug/kling --sandbox image \"a lighthouse at dusk\""
exec "$CARGO_TARGET_DIR/debug/kling-studio" "$@"
