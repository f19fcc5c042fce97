#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer at DATABASE_URL and REDIS_URL (defaults: the local servers).
# Where none answers: `docker compose up -d postgres redis` when a Docker engine runs, else the locally
# installed servers; otherwise it stops and says what to install.
set -euo pipefail
DATABASE_URL="${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

pg_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$DATABASE_URL")
pg_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||5432)' "$DATABASE_URL")
redis_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$REDIS_URL")
redis_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||6379)' "$REDIS_URL")

port_open() { node -e 'const s=require("net").connect(+process.argv[2],process.argv[1]);s.setTimeout(1500);s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));s.on("timeout",()=>process.exit(1))' "$1" "$2"; }
wait_port() { for _ in $(seq 1 60); do port_open "$1" "$2" && return 0; sleep 0.5; done; return 1; }

pg_up() { port_open "$pg_host" "$pg_port"; }
redis_up() { port_open "$redis_host" "$redis_port"; }

if pg_up && redis_up; then exit 0; fi

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "Starting PostgreSQL and Redis with docker compose..."
  # The compose file requires the app's secrets and the database roles' passwords; only the engines
  # start here, so the app's are never used. The roles' passwords match scripts/demo.sh.
  JWT_SECRET=unused ADMIN_PASSWORD=unused SIGNING_KEY=unused POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-postgres}" \
  MWF_OWNER_PASSWORD="${MWF_OWNER_PASSWORD:-mwf_owner}" MWF_APP_PASSWORD="${MWF_APP_PASSWORD:-mwf_app}" \
    docker compose up -d postgres redis
else
  if ! pg_up; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      echo "Starting the local PostgreSQL..."
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    else
      echo "PostgreSQL does not answer at $pg_host:$pg_port and none is installed." >&2
      echo "Install PostgreSQL 15+ (Debian: apt-get install postgresql postgresql-contrib) or Docker, or set DATABASE_URL." >&2
      exit 1
    fi
  fi
  if ! redis_up; then
    if command -v redis-server >/dev/null 2>&1; then
      echo "Starting the local Redis..."
      mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
      redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$redis_port" --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log
    else
      echo "Redis does not answer at $redis_host:$redis_port and none is installed." >&2
      echo "Install Redis 7 (Debian: apt-get install redis-server) or Docker, or set REDIS_URL." >&2
      exit 1
    fi
  fi
fi

wait_port "$pg_host" "$pg_port" || { echo "PostgreSQL did not come up at $pg_host:$pg_port" >&2; exit 1; }
wait_port "$redis_host" "$redis_port" || { echo "Redis did not come up at $redis_host:$redis_port" >&2; exit 1; }
echo "PostgreSQL and Redis are up."
