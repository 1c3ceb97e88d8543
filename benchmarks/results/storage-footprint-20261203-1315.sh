#!/bin/bash
# Fresh database per run, migrated with V1..V9 (and on TimescaleDB the conversion and policies, jobs paused).
set -e
M=/work/wt-tsdb/collector/src/main/resources/db/migration
PGJAR=/root/.m2/repository/org/postgresql/postgresql/42.7.13/postgresql-42.7.13.jar
for layout in "" repeating; do
  for engine in tsdb plain; do
    port=5432; [ $engine = plain ] && port=5434
    db=bench_${engine}
    runuser -u postgres -- psql -p $port -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db OWNER hotpath"
    [ $engine = tsdb ] && runuser -u postgres -- psql -p $port -d $db -qc "CREATE EXTENSION timescaledb"
    ( for f in V1 V2 V3 V4 V5 V6 V7 V8 V9; do cat $M/${f}__*.sql; echo; done
      [ $engine = tsdb ] && echo "SELECT hotpath_timescaledb_convert(); SELECT hotpath_timescaledb_policies('30 days','90 days','400 days'); SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs WHERE hypertable_schema='public';"
    ) | PGPASSWORD=hotpath psql -h localhost -p $port -U hotpath -d $db -v ON_ERROR_STOP=1 -q >/dev/null 2>&1
    echo "== $engine ${layout:-random}"
    java -cp /tmp/x/fp:$PGJAR dev.hotpath.benchmarks.collector.StorageFootprint jdbc:postgresql://localhost:$port/$db hotpath hotpath $layout
  done
done
