#!/usr/bin/env bash
# A consistent backup of one deployment: the PostgreSQL database (pg_dump, custom format) and the
# files store (FILES_DIR), with a manifest of SHA-256 checksums and the row count of every table
# as of the dump's snapshot. Safe while the system runs (docs/operations.md).
#
#   DATABASE_URL=postgres://mwf_owner:…@host:5432/mwf FILES_DIR=/app/var/files scripts/backup.sh [DEST]
#
# DATABASE_URL: a role that can read every table (the owner role, MIGRATION_DATABASE_URL in
# compose; BACKUP_DATABASE_URL wins when set). DEST (default ./backups) gets a new directory
# mwf-<UTC time>/ holding db.dump, files.tar and manifest.txt; its path is the last line printed.
#
# Order: the database snapshot first, then the files. Files are content-addressed and never
# removed, and a file's bytes are stored before the transaction that refers to them commits, so
# every file the snapshot refers to is in files.tar (files added after the snapshot are extra,
# harmless). Needs pg_dump/psql of the server's major version or newer, tar, sha256sum.
set -euo pipefail

DB_URL="${BACKUP_DATABASE_URL:-${DATABASE_URL:?set DATABASE_URL (or BACKUP_DATABASE_URL)}}"
FILES_DIR="${FILES_DIR:-var/files}"
DEST_ROOT="${1:-backups}"

for tool in pg_dump psql tar sha256sum; do
  command -v "$tool" >/dev/null || { echo "backup: $tool not found" >&2; exit 1; }
done
[ -d "$FILES_DIR" ] || { echo "backup: FILES_DIR $FILES_DIR is not a directory" >&2; exit 1; }

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$DEST_ROOT/mwf-$stamp"
[ -e "$out" ] && out="$out-$$"
mkdir -p "$out"
partial=1
cleanup() {
  [ -n "${session_pid:-}" ] && kill "$session_pid" 2>/dev/null || true
  if [ "$partial" = 1 ]; then rm -rf "$out"; echo "backup: FAILED, nothing kept" >&2; fi
}
trap cleanup EXIT

# One session holds a snapshot open: pg_dump reads exactly that snapshot (--snapshot) and the row
# counts of the manifest come from it too, so a restore can prove it restored every row.
coproc PSQL { psql "$DB_URL" -X -q -A -t -F ' ' -v ON_ERROR_STOP=1 2>&1; }
session_pid=$PSQL_PID
exec {to_psql}>&"${PSQL[1]}" {from_psql}<&"${PSQL[0]}"
ask() { # sends SQL, prints the answer lines up to a marker
  printf '%s\nSELECT %s;\n' "$1" "'--end--'" >&"$to_psql"
  local line
  while IFS= read -r line <&"$from_psql"; do
    [ "$line" = '--end--' ] && return 0
    case "$line" in ERROR:*|FATAL:*|psql:*) echo "backup: $line" >&2; return 1 ;; esac
    printf '%s\n' "$line"
  done
  echo "backup: the database session ended" >&2
  return 1
}
snapshot=$(ask "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();")
[ -n "$snapshot" ] || { echo "backup: no snapshot" >&2; exit 1; }
database=$(ask "SELECT current_database();")
server_version=$(ask "SHOW server_version;")
rows=$(ask "SELECT table_name, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
  FROM information_schema.tables
 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
 ORDER BY table_name;")

pg_dump "$DB_URL" --format=custom --compress=6 --snapshot="$snapshot" --file="$out/db.dump"
ask "COMMIT;" >/dev/null
printf '\\q\n' >&"$to_psql"
wait "$session_pid" 2>/dev/null || true
session_pid=

# The files store, without uploads still arriving (tmp/). Files keep arriving meanwhile: a
# directory that gains an entry while it is read makes GNU tar warn and exit 1 ("file changed as
# we read it"). Blobs are written whole in tmp/ and renamed into place, so every file the snapshot
# refers to is complete in the archive; only an exit above 1 is an error.
tar -C "$FILES_DIR" --exclude=./tmp --warning=no-file-changed -cf "$out/files.tar" . || [ $? -eq 1 ]
file_count=$(tar -tf "$out/files.tar" | grep -cv '/$' || true)

{
  echo "mwf-backup 1"
  echo "created_at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "database $database"
  echo "server_version $server_version"
  echo "pg_dump $(pg_dump --version | awk '{print $3}')"
  echo "snapshot $snapshot"
  echo "files $file_count"
  (cd "$out" && sha256sum db.dump files.tar) | awk '{print "sha256 " $1 " " $2}'
  printf '%s\n' "$rows" | awk 'NF == 2 {print "rows " $1 " " $2}'
} >"$out/manifest.txt"
(cd "$out" && sha256sum manifest.txt >manifest.txt.sha256)

partial=0
echo "backup: $(du -sh "$out" | cut -f1) in $out (database $database, $(printf '%s\n' "$rows" | grep -c .) tables, $file_count files)"
echo "$out"
