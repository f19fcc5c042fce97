#!/usr/bin/env bash
# Starts the whole system with the demo ministry loaded: `npm run demo`.
# PostgreSQL and Redis at DATABASE_URL / REDIS_URL (started here when none answers).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f .env ] && { set -a; . ./.env; set +a; }
export DATABASE_URL="${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/ministry_workflow}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export ADMIN_USERNAME="${ADMIN_USERNAME:-admin}"
export ADMIN_PASSWORD="${ADMIN_PASSWORD:-Admin@2026}"
export PORT="${PORT:-3000}"
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://localhost:$PORT}"
export NODE_ENV="${NODE_ENV:-development}"
mkdir -p var
if [ -z "${JWT_SECRET:-}" ]; then
  [ -f var/jwt-secret ] || node -e 'console.log(require("crypto").randomBytes(48).toString("base64url"))' > var/jwt-secret
  JWT_SECRET="$(cat var/jwt-secret)"
  export JWT_SECRET
fi

[ -d node_modules ] || npm install --no-audit --no-fund
bash scripts/services.sh
node scripts/create-database.mjs "$DATABASE_URL"
npm run build --silent
node dist/src/seed/seed-demo.js

cat <<TXT

  Ministry workflow is starting: open $PUBLIC_BASE_URL in a browser
    Sign in as staff.sophea, head.sys, dir.ict ... (password Demo@2026); README, "The web app"
    Verify:       $PUBLIC_BASE_URL/verify (public)
    API:          $PUBLIC_BASE_URL/api/v1
    API docs:     $PUBLIC_BASE_URL/docs
    Health:       $PUBLIC_BASE_URL/health/ready
    Queues:       $PUBLIC_BASE_URL/admin/queues (admin)
  Accounts:
    $ADMIN_USERNAME / $ADMIN_PASSWORD   (administrator)
    staff.dara, head.sys, dir.ict, deputy.ict, gd.telecom, sos.heng, minister, uss.ly ... / Demo@2026
  Stop with Ctrl-C.

TXT
exec node dist/src/main.js
