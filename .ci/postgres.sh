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
