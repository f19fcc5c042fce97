#!/usr/bin/env bash
# Starts the whole system with the demo ministry loaded: `npm run demo`.
# PostgreSQL and Redis at DATABASE_URL / REDIS_URL (started here when none answers).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f .env ] && { set -a; . ./.env; set +a; }
# Two roles (README, "Database roles"): the owner runs migrations, the app connects as mwf_app, which
# owns nothing and may only read and append to the audit log. Both are made by create-database.mjs
# (as DATABASE_ADMIN_URL, a superuser). Setting only DATABASE_URL keeps one role (the app warns).
if [ -z "${DATABASE_URL:-}" ]; then
  export MIGRATION_DATABASE_URL="${MIGRATION_DATABASE_URL:-postgres://mwf_owner:mwf_owner@127.0.0.1:5432/ministry_workflow}"
  export DATABASE_URL="postgres://mwf_app:mwf_app@127.0.0.1:5432/ministry_workflow"
fi
export DATABASE_ADMIN_URL="${DATABASE_ADMIN_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export ADMIN_USERNAME="${ADMIN_USERNAME:-admin}"
export ADMIN_PASSWORD="${ADMIN_PASSWORD:-Admin@2026}"
export PORT="${PORT:-3000}"
# Links and QR codes name PUBLIC_BASE_URL: localhost unless said, which a phone cannot follow.
PHONE_HINT=""
if [ -z "${PUBLIC_BASE_URL:-}" ]; then
  lan="$(hostname -I 2>/dev/null | awk '{print $1}' || true)"
  if [ -n "$lan" ]; then
    PHONE_HINT="  From a phone on this network: http://$lan:$PORT. QR codes and links in e-mails name localhost;
  for ones a phone can follow, start with PUBLIC_BASE_URL=http://$lan:$PORT npm run demo
"
  fi
fi
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
node scripts/create-database.mjs
# The server runs with NODE_ENV=development (demo keys allowed), but the pages ship React's
# production build, as a real installation does: the development build is 3x larger and slower.
NODE_ENV=production npm run build --silent
node dist/src/seed/seed-demo.js

cat <<TXT

  Ministry workflow is starting: open $PUBLIC_BASE_URL in a browser.
$PHONE_HINT  Public verification (no sign-in): $PUBLIC_BASE_URL/verify      API docs: $PUBLIC_BASE_URL/docs

  Demo users (password Demo@2026 unless said), and what each can do:
    staff.sophea, staff.dara  staff of the Office of Information Systems: new documents, their route,
                              resubmit when returned, the signed copy (staff.dara reads Khmer; she is
                              also the project working group's secretary: yesterday's meeting waits
                              for its attendance and minutes, next week's is scheduled)
    head.sys                  head of that office: first approver (Inbox: Approve / Return / Reject)
    dir.ict                   director of ICT: second approver; delegates on Settings while away
    deputy.ict                deputy director: acts for dir.ict on budget plans (a demo delegation)
    sos.heng, minister        later stages of budget plans (over 10,000 the minister too)
    uss.ly                    chairs the project working group: approves its minutes
    head.sys, head.dig        lead its sub-groups: progress reports and requests
    official01 ... official40 members of the officials' association: vote in the board election
                              (11 seats, 20 candidates; official01-official20 stand)
    retired.rotha, retired.sovann   retired members of the association: vote too
    head.adm                  the association's admin: opens and closes voting, tie-break, certifies, board roles
    dir.dap                   sits on the election committee: follows the election
    $ADMIN_USERNAME / $ADMIN_PASSWORD     administrator: users, units and posts, workflows, audit, queues
  Stop with Ctrl-C.

TXT
exec node dist/src/main.js
