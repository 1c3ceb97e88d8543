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

# psql as the superuser on the cluster listening on port $1.
psql_on() { local on=$1; shift; runuser -u postgres -- psql -p "$on" -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_admin() { psql_on "$port" "$@"; }

# Cluster $1 of this version on port $2, created unless it exists, started unless online; prints its port and
# nothing else on stdout (its caller captures it): what pg_createcluster and pg_ctlcluster say, such as "Removed
# stale pid file.", goes to stderr.
ensure_cluster() {
  local cluster=$1 wanted_port=$2
  if ! pg_lsclusters --no-header | awk -v n="$cluster" '$2 == n { found = 1 } END { exit !found }'; then
    pg_createcluster "$version" "$cluster" --port "$wanted_port" >&2
  fi
  if ! pg_lsclusters --no-header | awk -v n="$cluster" '$2 == n && $4 ~ /^online/ { found = 1 } END { exit !found }'; then
    pg_ctlcluster "$(pg_lsclusters --no-header | awk -v n="$cluster" '$2 == n { print $1; exit }')" "$cluster" start >&2
  fi
  pg_lsclusters --no-header | awk -v n="$cluster" '$2 == n { print $3; exit }'
}

# Role hotpath/hotpath and database $2 owned by it on the cluster of port $1. pg_read_all_settings: migration V2
# reads shared_preload_libraries to decide whether TimescaleDB is loadable, and PostgreSQL refuses that read to
# other roles wherever the extension's files are installed.
ensure_role_and_database() {
  local on=$1 database=$2
  if [ "$(psql_on "$on" -c "SELECT 1 FROM pg_roles WHERE rolname = 'hotpath'")" != "1" ]; then
    psql_on "$on" -c "CREATE ROLE hotpath LOGIN PASSWORD 'hotpath'"
  fi
  psql_on "$on" -c "GRANT pg_read_all_settings TO hotpath"
  if [ "$(psql_on "$on" -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
    psql_on "$on" -c "CREATE DATABASE $database OWNER hotpath"
  fi
}

ensure_role_and_database "$port" hotpath_test
echo "postgres.sh: role hotpath and database hotpath_test ready"

# --- Cluster "outage" (port 5433), for DatabaseOutageIT only --------------------------------------------------
# That test stops this cluster with `pg_ctlcluster <version> outage stop -m immediate` and starts it again, so it
# must never be the cluster above, which other builds use. Same version, own port, own data; role hotpath/hotpath
# and database hotpath_outage. Without it the test is skipped with one line saying so.
outage_port=$(ensure_cluster outage 5433)
ensure_role_and_database "$outage_port" hotpath_outage
echo "postgres.sh: cluster $version/outage online on port $outage_port (role hotpath, database hotpath_outage) for DatabaseOutageIT"

# --- TimescaleDB and the three storage backends (issue 16) ---------------------------------------------------------
# The storage suites and the jar tests run against: the embedded PostgreSQL (no server needed), a plain PostgreSQL
# (cluster "plain" on port 5434, without TimescaleDB preloaded, database hotpath_test) and TimescaleDB (this
# cluster, preloaded by ../shared/timescaledb/install.sh, database hotpath_tsdb with the extension).
if [ -x ../shared/timescaledb/install.sh ] && ../shared/timescaledb/install.sh --check; then
  ensure_role_and_database "$port" hotpath_tsdb
  psql_admin -d hotpath_tsdb -c "CREATE EXTENSION IF NOT EXISTS timescaledb"
  echo "postgres.sh: database hotpath_tsdb with timescaledb ready on port $port"
else
  echo "postgres.sh: TimescaleDB not installed (../shared/timescaledb/install.sh --check): no hotpath_tsdb database"
fi

plain_port=$(ensure_cluster plain 5434)
ensure_role_and_database "$plain_port" hotpath_test
if [ -n "$(psql_on "$plain_port" -c "SHOW shared_preload_libraries" | grep timescaledb || true)" ]; then
  echo "postgres.sh: cluster $version/plain preloads timescaledb; it must stay plain PostgreSQL" >&2
  exit 1
fi
echo "postgres.sh: plain PostgreSQL (cluster $version/plain, no TimescaleDB) with hotpath_test on port $plain_port"
