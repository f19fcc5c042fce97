#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d): the two
# roles of README "Database roles". mwf_owner owns the database and runs migrations; mwf_app is
# what the API and worker connect as: it owns nothing, and migrations grant it what it needs.
set -euo pipefail
: "${MWF_OWNER_PASSWORD:?set MWF_OWNER_PASSWORD}" "${MWF_APP_PASSWORD:?set MWF_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$MWF_OWNER_PASSWORD" -v app_password="$MWF_APP_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE mwf_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE mwf_app LOGIN PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO mwf_owner;
SQL
