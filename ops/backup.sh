#!/usr/bin/env bash
# Backs up Tabbi: its PostgreSQL database and, with the local sandbox provider, the paused sessions' snapshots.
#
#   ops/backup.sh <backup-dir>        prints the directory it wrote, e.g. <backup-dir>/tabbi-20261125T010203Z
#
# The database comes from libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) or from DATABASE_URL
# (postgresql://user:password@host:5432/tabbi). Snapshots come from SANDBOX_LOCAL_ROOT/snapshots when it is set;
# platform providers (remote, modal, daytona) keep snapshots on their side and are backed up there.
# With BACKUP_KEEP_DAYS=N, backups in <backup-dir> older than N days (by the time in their name) are removed after
# this one is written; other files there are left alone.
# The dump is consistent on its own (pg_dump takes one snapshot of the database); a snapshot file that appears
# during the backup belongs to a session the dump may not know yet, which restore then ignores.
set -euo pipefail

target=${1:?usage: ops/backup.sh <backup-dir>}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dir="${target%/}/tabbi-${stamp}"
mkdir -p "$dir"
db_args=()
if [ -n "${DATABASE_URL:-}" ]; then db_args=(--dbname "$DATABASE_URL"); fi

pg_dump "${db_args[@]}" --format=custom --no-owner --no-privileges --file "$dir/database.dump"
schema=$(psql "${db_args[@]}" --no-psqlrc -At -c \
    "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")

snapshots=none
if [ -n "${SANDBOX_LOCAL_ROOT:-}" ] && [ -d "$SANDBOX_LOCAL_ROOT/snapshots" ]; then
    tar -C "$SANDBOX_LOCAL_ROOT" -czf "$dir/snapshots.tar.gz" snapshots
    snapshots=snapshots.tar.gz
fi

printf 'created=%s\nschema_version=%s\nsnapshots=%s\n' "$stamp" "$schema" "$snapshots" > "$dir/MANIFEST"
(cd "$dir" && sha256sum -- * > SHA256SUMS)

if [ -n "${BACKUP_KEEP_DAYS:-}" ]; then
    [[ "$BACKUP_KEEP_DAYS" =~ ^[0-9]+$ ]] || { echo "BACKUP_KEEP_DAYS must be a number of days" >&2; exit 2; }
    oldest=$(date -u -d "-${BACKUP_KEEP_DAYS} days" +%Y%m%dT%H%M%SZ)
    for old in "${target%/}"/tabbi-????????T??????Z; do
        name=${old##*/tabbi-}
        if [ -d "$old" ] && [ "$old" != "$dir" ] && [[ "$name" < "$oldest" ]]; then
            rm -rf -- "$old"
            echo "removed $old" >&2
        fi
    done
fi
echo "$dir"
