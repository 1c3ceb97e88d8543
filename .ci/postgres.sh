#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster and creates the collector's test role and database (idempotent).
# Run as root. Tests reach it at jdbc:postgresql://localhost:5432/hotpath_test as hotpath/hotpath.
set -euo pipefail

cluster=$(pg_lsclusters --no-header | awk 'NR == 1 { print $1, $2, $3 }')
if [ -z "$cluster" ]; then
  echo "postgres.sh: no PostgreSQL cluster found by pg_lsclusters" >&2
  exit 1
fi
read -r version name port <<<"$cluster"
if ! pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1 == v && $2 == n { print $4 }' | grep online >/dev/null; then   # not -q: an early exit would SIGPIPE awk under pipefail
  pg_ctlcluster "$version" "$name" start
fi
echo "postgres.sh: cluster $version/$name online on port $port"

psql_admin() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'hotpath'")" != "1" ]; then
  psql_admin -c "CREATE ROLE hotpath LOGIN PASSWORD 'hotpath'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'hotpath_test'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE hotpath_test OWNER hotpath"
fi
echo "postgres.sh: role hotpath and database hotpath_test ready"

# --- Cluster "outage" (port 5433), for DatabaseOutageIT only --------------------------------------------------
# That test stops this cluster with `pg_ctlcluster <version> outage stop -m immediate` and starts it again, so it
# must never be the cluster above, which other builds use. Same version, own port, own data; role hotpath/hotpath
# and database hotpath_outage. Without it the test is skipped with one line saying so.
outage_port=5433
if ! pg_lsclusters --no-header | awk '$2 == "outage" { found = 1 } END { exit !found }'; then
  pg_createcluster "$version" outage --port "$outage_port"
fi
outage_version=$(pg_lsclusters --no-header | awk '$2 == "outage" { print $1; exit }')
outage_port=$(pg_lsclusters --no-header | awk '$2 == "outage" { print $3; exit }')
if ! pg_lsclusters --no-header | awk '$2 == "outage" && $4 ~ /^online/ { found = 1 } END { exit !found }'; then
  pg_ctlcluster "$outage_version" outage start
fi
psql_outage() { runuser -u postgres -- psql -p "$outage_port" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_outage -c "SELECT 1 FROM pg_roles WHERE rolname = 'hotpath'")" != "1" ]; then
  psql_outage -c "CREATE ROLE hotpath LOGIN PASSWORD 'hotpath'"
fi
# The migrations read shared_preload_libraries to tell whether TimescaleDB is loaded.
psql_outage -c "GRANT pg_read_all_settings TO hotpath"
if [ "$(psql_outage -c "SELECT 1 FROM pg_database WHERE datname = 'hotpath_outage'")" != "1" ]; then
  psql_outage -c "CREATE DATABASE hotpath_outage OWNER hotpath"
fi
echo "postgres.sh: cluster $outage_version/outage online on port $outage_port (role hotpath, database hotpath_outage) for DatabaseOutageIT"

# --- TimescaleDB and the three storage backends (issue 16) ---------------------------------------------------------
# The storage suites and the jar tests run against: the embedded PostgreSQL (no server needed), a plain PostgreSQL
# (cluster "plain" on port 5434, without TimescaleDB preloaded, database hotpath_test) and TimescaleDB (this
# cluster, preloaded by ../shared/timescaledb/install.sh, database hotpath_tsdb with the extension).
# pg_read_all_settings: migration V2 reads shared_preload_libraries to decide whether TimescaleDB is loadable, and
# PostgreSQL refuses that read to other roles wherever the extension's files are installed.
psql_admin -c "GRANT pg_read_all_settings TO hotpath"
tsdb_installed=no
if [ -x ../shared/timescaledb/install.sh ] && ../shared/timescaledb/install.sh --check; then
  tsdb_installed=yes
fi
if [ "$tsdb_installed" = yes ]; then
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'hotpath_tsdb'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE hotpath_tsdb OWNER hotpath"
  fi
  psql_admin -d hotpath_tsdb -c "CREATE EXTENSION IF NOT EXISTS timescaledb"
  echo "postgres.sh: database hotpath_tsdb with timescaledb ready on port $port"
else
  echo "postgres.sh: TimescaleDB not installed (../shared/timescaledb/install.sh --check): no hotpath_tsdb database"
fi

plain_port=5434
if ! pg_lsclusters --no-header | awk '$2 == "plain"' | grep plain >/dev/null; then
  pg_createcluster "$version" plain -p "$plain_port" >/dev/null
fi
if ! pg_lsclusters --no-header | awk '$2 == "plain" { print $4 }' | grep online >/dev/null; then
  pg_ctlcluster "$version" plain start
fi
psql_plain() { runuser -u postgres -- psql -p "$plain_port" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_plain -c "SELECT 1 FROM pg_roles WHERE rolname = 'hotpath'")" != "1" ]; then
  psql_plain -c "CREATE ROLE hotpath LOGIN PASSWORD 'hotpath'"
fi
psql_plain -c "GRANT pg_read_all_settings TO hotpath"
if [ "$(psql_plain -c "SELECT 1 FROM pg_database WHERE datname = 'hotpath_test'")" != "1" ]; then
  psql_plain -c "CREATE DATABASE hotpath_test OWNER hotpath"
fi
if [ -n "$(psql_plain -c "SHOW shared_preload_libraries" | grep timescaledb || true)" ]; then
  echo "postgres.sh: cluster $version/plain preloads timescaledb; it must stay plain PostgreSQL" >&2
  exit 1
fi
echo "postgres.sh: plain PostgreSQL (cluster $version/plain, no TimescaleDB) with hotpath_test on port $plain_port"
