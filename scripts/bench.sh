#!/usr/bin/env bash
# Runs Kling Studio's benchmarks (release build), each side by side with its peer in the same
# run: vipsthumbnail (libvips-tools) for thumbnails, curl for downloads, naive 2-second polling
# for the engine, picture creates one at a time for the burst, a bare Tauri hello-world
# (bench/hello-tauri) for the app's start-up and memory.
# The soak has no peer: it reports what held (jobs, faults, kills) under load.
# Usage: scripts/bench.sh [library|thumbnails|download|polling|burst|soak|app|gallery|all]
#        scripts/bench.sh soak [--jobs N] [--minutes M] [--seed S]
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
what="${1:-all}"
if [ "$what" = "gallery" ]; then
  # The gallery at 100,000 items, in the real app through WebDriver (see tests/e2e/gallery_bench.rs).
  exec bash scripts/test.sh -p kling-studio --test e2e -- --ignored gallery_at_100k --nocapture
fi
if [ "$what" != "app" ]; then
  "$CARGO_TARGET_DIR/release/studio-bench" "$what" "${@:2}"
fi
if [ "$what" = "app" ] || [ "$what" = "all" ]; then
  # Both apps built the same way (release; BENCH_PROFILE=debug for a quicker look), from the
  # same target folder, on one virtual display.
  profile="${BENCH_PROFILE:-release}"
  flag="--release"; [ "$profile" = "debug" ] && flag=""
  bash scripts/build-ui.sh
  cargo build $flag --locked -p kling-studio
  (cd bench/hello-tauri && cargo build $flag --locked)
  display=":$(( 150 + RANDOM % 50 ))"
  Xvfb "$display" -screen 0 1280x820x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  trap 'kill $xvfb 2>/dev/null' EXIT
  sleep 1
  echo "(apps built in the $profile profile)"
  # A D-Bus session with a running, unlocked keyring, as on a desktop: the app reads the
  # keychain at start, and activating a Secret Service on demand alone costs about a second.
  scratch=$(mktemp -d); chmod 700 "$scratch"
  DISPLAY="$display" XDG_RUNTIME_DIR="$scratch" BENCH_BIN="$CARGO_TARGET_DIR/release/studio-bench" \
    STUDIO="$CARGO_TARGET_DIR/$profile/kling-studio" HELLO="$CARGO_TARGET_DIR/$profile/hello-tauri" \
    dbus-run-session -- bash -c 'eval "$(printf bench | gnome-keyring-daemon --unlock --components=secrets)"; "$BENCH_BIN" app "$STUDIO" "$HELLO"'
  rm -rf "$scratch"
fi
