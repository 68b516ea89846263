#!/usr/bin/env bash
# Builds the web UI into ui/dist (which the app embeds at compile time): installs the npm
# packages from the lockfile when they changed, type-checks the Svelte code, bundles it.
# With --test (scripts/test.sh), the UI's unit tests (vitest) run before the bundle is built.
set -euo pipefail
cd "$(dirname "$0")/../ui"
local_node="$HOME/.cache/kling-studio/node/node_modules/.bin"
[ -x "$local_node/node" ] && export PATH="$local_node:$PATH"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing the UI's npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent check
if [ "${1:-}" = "--test" ]; then npm run --silent test; fi
npm run --silent build -- --logLevel warn
