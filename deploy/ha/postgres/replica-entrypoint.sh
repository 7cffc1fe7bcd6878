#!/bin/bash
# A hot standby of pg-primary: on first start, a base backup streamed from it (with standby.signal and
# primary_conninfo written by -R); afterwards it follows the primary's WAL on its replication slot.
set -euo pipefail
export PGDATA=${PGDATA:-/var/lib/postgresql/data}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chown -R postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  until gosu postgres env PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h "$PRIMARY_HOST" -U replicator -D "$PGDATA" -X stream -R -S replica1; do
    echo "waiting for the primary to take a base backup from"
    sleep 2
  done
fi
exec gosu postgres postgres -c hot_standby=on
