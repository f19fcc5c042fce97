#!/usr/bin/env bash
# The whole test suite against real PostgreSQL and Redis (started here if they are not running).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" npx jest "$@"
