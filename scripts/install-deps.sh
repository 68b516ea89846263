#!/usr/bin/env bash
# Installs what building, running and testing Kling Studio needs on Debian/Ubuntu.
# Idempotent: skips apt when every package is already present. Usage: install-deps.sh [--test]
set -euo pipefail

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# Build + run: Tauri v2 on WebKitGTK 4.1, the Secret Service client (keyring), GStreamer for H.264.
pkgs=(build-essential pkg-config curl file libssl-dev libdbus-1-dev
      libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
      gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav
      gnome-keyring dbus dbus-x11 libsecret-tools)
# Tests: a virtual X server, WebDriver for WebKitGTK, screenshots, xdotool to answer native file
# dialogs, desktop-file-validate for the packaged desktop entry, PyGObject for a drag source,
# PulseAudio for a sound server with a null sink (clips with sound really play in the e2e).
if [ "$want_test" = 1 ]; then
  pkgs+=(xvfb webkit2gtk-driver imagemagick xdotool desktop-file-utils python3-gi gir1.2-gtk-3.0 pulseaudio)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js builds the web UI (Vite 7 needs Node 20.19 or newer). Older distributions ship an
# older one: then a current Node is fetched from the npm registry into the build cache.
if ! command -v npm >/dev/null 2>&1; then
  echo "==> installing Node.js and npm"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
node_ok() { node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; }
if ! node_ok; then
  local_node="$HOME/.cache/kling-studio/node"
  if [ ! -x "$local_node/node_modules/.bin/node" ]; then
    echo "==> Node $(node --version) is too old for Vite; installing Node 22 from the npm registry"
    npm install --silent --prefix "$local_node" node@22 >/dev/null
  fi
  echo "note: put $local_node/node_modules/.bin first on PATH (scripts/*.sh do this)"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "==> installing the Rust toolchain (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi

# End-to-end tests drive the app through tauri-driver (the WebDriver proxy for Tauri apps).
if [ "$want_test" = 1 ] && ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "==> installing tauri-driver"
  cargo install --locked --quiet tauri-driver
fi
