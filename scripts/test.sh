#!/usr/bin/env bash
# Runs every test of Kling Studio on a Debian/Ubuntu machine: installs what the tests need, then
# runs the whole workspace's tests inside a throwaway D-Bus session with its own gnome-keyring,
# so keychain tests use a real Secret Service and never touch yours.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/install-deps.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
# The whole suite starts with the gates: formatting (rustfmt.toml) and clippy without warnings.
if [ "$#" -eq 0 ]; then cargo fmt --all --check; fi
# Builds are kept outside the clone so a fresh clone (and CI) reuses them when present.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kling-studio/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The app embeds the built UI; its type check and unit tests run here too.
bash scripts/build-ui.sh --test
# Clippy builds the app too, which embeds the UI built just above.
if [ "$#" -eq 0 ]; then cargo clippy --workspace --all-targets --locked -- -D warnings; fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/data" "$scratch/runtime"
chmod 700 "$scratch/runtime"

dbus-run-session -- env \
  XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime" \
  KLING_TEST_KEYRING=1 ROOT="$root" \
  bash -c '
    set -euo pipefail
    # An unlocked login keyring with a throwaway password, serving the Secret Service API.
    eval "$(printf "throwaway" | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL
    cd "$ROOT"
    # With arguments (e.g. `-p kling-studio --test e2e`), only those tests run.
    if [ "$#" -gt 0 ]; then cargo test --locked "$@"; exit; fi
    # Tests that need this Secret Service are named keyring_* and #[ignore]d, so that a plain
    # `cargo test` never writes to the keyring of whoever runs it: they run here. The other
    # ignored tests are benchmarks and helpers, run by hand or by other tests.
    cargo test --workspace --locked --tests -- --ignored keyring_
    cargo test --workspace --locked
  ' test-session "$@"

# The whole suite also builds the packages (debug profile: the same bundling, a shorter build)
# and checks them: fields, files, desktop entry, and that the packaged app starts.
if [ "$#" -eq 0 ]; then
  packages=$(bash scripts/package.sh --debug)
  dbus-run-session -- bash scripts/check-package.sh "$(grep '\.deb$' <<<"$packages")" "$(grep '\.rpm$' <<<"$packages")"
fi
