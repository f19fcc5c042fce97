#!/usr/bin/env bash
# The whole test suite against real PostgreSQL and Redis (started here if they are not running):
# the API tests (jest), then the web app's unit tests (vitest) and browser tests (Playwright in
# Debian's Chromium). With arguments, only the jest tests they name run. It fails when the tests
# leave a database or Redis key behind (scripts/test-leftovers.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ $# -eq 0 ] && [ ! -x "$CHROMIUM" ]; then
  echo "Chromium not found at $CHROMIUM: apt-get install -y --no-install-recommends chromium fonts-khmeros (or set CHROMIUM_PATH)" >&2
  exit 1
fi
[ -d node_modules ] || npm install --no-audit --no-fund
bash scripts/services.sh
# What earlier runs left (a killed run), so that only this run's leftovers fail it.
before="$(mktemp)"
trap 'rm -f "$before"' EXIT
node scripts/test-leftovers.mjs > "$before"
NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning ${NODE_OPTIONS:-}" npx jest "$@"
if [ $# -eq 0 ]; then
  npm run test -w web
  [ -f web/dist/index.html ] && [ -f dist/src/main.js ] || npm run build
  CHROMIUM_PATH="$CHROMIUM" npm run e2e -w web
fi
# Every database and Redis key the tests made is removed.
node scripts/test-leftovers.mjs --since "$before"
