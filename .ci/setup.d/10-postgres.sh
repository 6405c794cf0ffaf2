#!/usr/bin/env bash
# PostgreSQL for the second run of the HTTP suite (.ci/suites.d/10-postgres.sh).
# Idempotent and quiet: installs Debian's postgresql when missing, starts the newest installed
# cluster, and creates the login role and database the tests use (guarded against existing ones).
# The role may create databases: every test file gets its own throw-away database.
set -euo pipefail
PG_ROLE=${PG_ROLE:-ect}
PG_PASSWORD=${PG_PASSWORD:-ect}
PG_DB=${PG_DB:-ect}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "installing postgresql (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi

# The installed major version (15 on Debian 12), not hard-coded.
PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION main"; then
  pg_createcluster "$PG_VERSION" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$PG_VERSION" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
pg_isready -h 127.0.0.1 >/dev/null

# psql as the postgres superuser; cd / so it does not complain about an unreadable working directory.
as_postgres() { (cd / && su postgres -c "psql -X -q -v ON_ERROR_STOP=1 -tA -c \"$1\""); }

if [ "$(as_postgres "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" != "1" ]; then
  as_postgres "CREATE ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
else
  as_postgres "ALTER ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
fi
if [ "$(as_postgres "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
  as_postgres "CREATE DATABASE $PG_DB OWNER $PG_ROLE"
fi
echo "postgresql $PG_VERSION ready: postgres://$PG_ROLE:***@127.0.0.1:5432/$PG_DB"
