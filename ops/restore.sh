#!/usr/bin/env bash
# Restores a backup made by ops/backup.sh into an empty (or wiped) database, and the snapshots into
# SANDBOX_LOCAL_ROOT/snapshots. Stop every Tabbi node first; start them once this has finished.
#
#   ops/restore.sh <backup-dir>/tabbi-<stamp>
#
# Same connection settings as backup.sh. The checksums are verified before anything is touched. The restored
# schema must not be newer than the application version that will run on it (see docs/DEPLOYMENT.md, Upgrades).
set -euo pipefail

dir=${1:?usage: ops/restore.sh <backup-dir>/tabbi-<stamp>}
[ -f "$dir/MANIFEST" ] || { echo "restore: $dir is not a backup of ops/backup.sh (no MANIFEST)" >&2; exit 2; }
(cd "$dir" && sha256sum --check --quiet SHA256SUMS) || { echo "restore: checksums do not match; not restoring" >&2; exit 2; }
db=${DATABASE_URL:-${PGDATABASE:-}}
[ -n "$db" ] || { echo "restore: set DATABASE_URL, or PGDATABASE (with PGHOST, PGPORT, PGUSER, PGPASSWORD)" >&2; exit 2; }
db_args=(--dbname "$db")

tables=$(psql "${db_args[@]}" --no-psqlrc -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ] && [ "${RESTORE_REPLACE:-no}" != "yes" ]; then
    echo "restore: the database has $tables tables; set RESTORE_REPLACE=yes to replace them" >&2
    exit 2
fi
pg_restore "${db_args[@]}" --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
    "$dir/database.dump"

if [ -f "$dir/snapshots.tar.gz" ]; then
    : "${SANDBOX_LOCAL_ROOT:?the backup has snapshots: set SANDBOX_LOCAL_ROOT to restore them}"
    mkdir -p "$SANDBOX_LOCAL_ROOT"
    tar -C "$SANDBOX_LOCAL_ROOT" -xzf "$dir/snapshots.tar.gz"
fi
echo "restored $(grep '^created=' "$dir/MANIFEST" | cut -d= -f2) (schema $(grep '^schema_version=' "$dir/MANIFEST" | cut -d= -f2))"
