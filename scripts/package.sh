#!/usr/bin/env bash
# Builds Kling Studio's Debian and RPM packages with the Tauri CLI (the @tauri-apps/cli npm
# package): the app, its icons and desktop entry, and the `kling` command-line tool as
# /usr/bin/kling. Usage: package.sh [--debug]   (the test suite checks debug packages; releases
# use the default). Prints the paths of the .rpm and then the .deb, one per line.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
flags=()
if [ "${1:-}" = "--debug" ]; then profile=debug; flags=(--debug); fi

# Only the package's path goes to stdout; everything else is progress for the reader.
exec 3>&1 1>&2
bash scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kling-studio/target}"
local_node="$HOME/.cache/kling-studio/node/node_modules/.bin"
[ -x "$local_node/node" ] && export PATH="$local_node:$PATH"
bash scripts/build-ui.sh

cargo_profile=()
[ "$profile" = release ] && cargo_profile=(--release)
cargo build --locked -p kling-cli "${cargo_profile[@]}"
# The CLI's path depends on the build folder, so it is named here rather than in tauri.conf.json.
kling="$CARGO_TARGET_DIR/$profile/kling"
extra=$(printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/kling":"%s"}},"rpm":{"files":{"/usr/bin/kling":"%s"}}}}}' "$kling" "$kling")
# `-p kling-studio`: the app alone. A build of the whole workspace would take in the benchmarks,
# whose kling-sim has its `faults` feature, and cargo would hand the app that same kling-sim.
ui/node_modules/.bin/tauri build --ci --bundles deb,rpm "${flags[@]}" --config "$extra" -- -p kling-studio

version=$(node -p 'require("./tauri.conf.json").version')
rpm="$CARGO_TARGET_DIR/$profile/bundle/rpm/Kling Studio-${version}-1.x86_64.rpm"
deb="$CARGO_TARGET_DIR/$profile/bundle/deb/Kling Studio_${version}_amd64.deb"
for f in "$rpm" "$deb"; do
  [ -f "$f" ] || { echo "package.sh: the bundler did not produce $f" >&2; exit 1; }
done
printf '%s\n%s\n' "$rpm" "$deb" >&3
