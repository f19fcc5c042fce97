#!/usr/bin/env bash
# Restores a backup of scripts/backup.sh into an EMPTY database and an empty files store.
#
#   DATABASE_URL=postgres://mwf_owner:…@host:5432/mwf_new FILES_DIR=/app/var/files scripts/restore.sh BACKUP_DIR
#
# DATABASE_URL: the new, empty database, as the role that is to own the tables (the owner role;
# RESTORE_DATABASE_URL wins when set). The runtime role (mwf_app) should exist in that cluster: the
# dump's grants name it. Without it, set RESTORE_NO_ACL=1 and start the app once with
# RUN_MIGRATIONS=true, which grants the runtime role its privileges again.
#
# Steps, each refusing to go on when it fails: 1) every checksum of the manifest (nothing is
# touched when one differs); 2) the target database has no table and FILES_DIR is empty;
# 3) pg_restore in one transaction; 4) the files store; 5) the row count of every table against
# the manifest (the counts of the dump's own snapshot). Then verify the audit log with
# `npm run audit:verify -- --checkpoint <a checkpoint kept outside>` (docs/operations.md).
set -euo pipefail

DB_URL="${RESTORE_DATABASE_URL:-${DATABASE_URL:?set DATABASE_URL (or RESTORE_DATABASE_URL)}}"
FILES_DIR="${FILES_DIR:-var/files}"
BACKUP="${1:?usage: scripts/restore.sh BACKUP_DIR}"
fail() { echo "restore: $*" >&2; exit 1; }

for tool in pg_restore psql tar sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool not found"
done
manifest="$BACKUP/manifest.txt"
[ -f "$manifest" ] || fail "no manifest.txt in $BACKUP"
[ "$(head -n1 "$manifest")" = "mwf-backup 1" ] || fail "$manifest is not a backup manifest of this format"

# 1) Checksums first.
if [ -f "$manifest.sha256" ]; then
  (cd "$BACKUP" && sha256sum --check --status manifest.txt.sha256) || fail "manifest.txt does not match manifest.txt.sha256"
fi
for part in db.dump files.tar; do
  want=$(awk -v f="$part" '$1 == "sha256" && $3 == f {print $2}' "$manifest")
  [ -n "$want" ] || fail "the manifest has no checksum for $part"
  [ -f "$BACKUP/$part" ] || fail "$part is missing"
  got=$(sha256sum "$BACKUP/$part" | cut -d' ' -f1)
  [ "$got" = "$want" ] || fail "checksum mismatch for $part (manifest $want, file $got): nothing restored"
done
echo "restore: checksums OK"

# 2) Only into an empty database and an empty files store.
tables=$(psql "$DB_URL" -X -A -t -v ON_ERROR_STOP=1 -c \
  "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r','p','v','m','S') AND n.nspname NOT IN ('pg_catalog','information_schema','pg_toast')")
[ "$tables" = 0 ] || fail "the target database is not empty ($tables relations): restore only into a new database"
if [ -d "$FILES_DIR" ] && [ -n "$(ls -A "$FILES_DIR")" ]; then fail "FILES_DIR $FILES_DIR is not empty"; fi

# 3) The database, all or nothing.
acl=()
[ "${RESTORE_NO_ACL:-}" = 1 ] && acl=(--no-acl)
pg_restore --dbname="$DB_URL" --no-owner "${acl[@]}" --exit-on-error --single-transaction "$BACKUP/db.dump"
echo "restore: database restored"

# 4) The files store.
mkdir -p "$FILES_DIR"
tar -C "$FILES_DIR" -xf "$BACKUP/files.tar"
echo "restore: $(awk '$1 == "files" {print $2}' "$manifest") files restored into $FILES_DIR"

# 5) Every table holds what the snapshot held.
expected=$(awk '$1 == "rows" {print $2 " " $3}' "$manifest")
actual=$(psql "$DB_URL" -X -A -t -F ' ' -v ON_ERROR_STOP=1 -c \
  "SELECT table_name, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
     FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")
if [ "$expected" != "$actual" ]; then
  diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") >&2 || true
  fail "row counts differ from the manifest (above: < manifest, > restored)"
fi
echo "restore: row counts match the manifest ($(printf '%s\n' "$expected" | grep -c .) tables)"
echo "restore: done. Next: npm run audit:verify -- --checkpoint <checkpoint kept outside the database>"
