package dev.hotpath.benchmarks.collector;

import dev.hotpath.benchmarks.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole-group flame graph over 30 days and over 24 hours of 100 instances, answered by the packaged collector on
 * either storage engine, timed over HTTP and checked against the sum of the stored samples.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.hotpath.benchmarks.collector.EngineQueryBenchmark
 * timescaledb|postgresql COLLECTOR_JAR JDBC_URL USER PASSWORD}, JDBC_URL a fresh database (with the timescaledb
 * extension for timescaledb, without it for postgresql). One real report per instance goes over gRPC (the collector
 * makes instances and dictionaries), then each instance-hour gets 200 of the group's 2,000 stacks by SQL, so every
 * day of the group holds all 2,000. TimescaleDB: one raw block per instance-hour, the continuous aggregates
 * refreshed as their policies would, then the policies paused. PostgreSQL: the hourly rows the collector's rollup
 * job writes ({@code sample_hour}), then its group-aggregate job sums the hours as it does every minute.
 */
public final class EngineQueryBenchmark {
    private static final int INSTANCES = 100;
    private static final int DAYS = 30;
    private static final int POPULATION = 2000;
    private static final int STACKS_PER_HOUR = 200;
    private static final int QUERIES = 5;

    private static final String INSERT_HOURS = """
      INSERT INTO sample_block (group_id, instance_id, bucket, sample_type, thread_state, stack_ids, stack_values,
                                stack_samples)
      SELECT ?, ?, to_timestamp(? + 3600 * h), ?, ?, array_agg(s.ids[1 + (h * ? + k) % ?] ORDER BY k),
             array_agg((1 + k % 50) * 600000000::bigint ORDER BY k), array_agg((1 + k % 50) * 60::bigint ORDER BY k)
      FROM generate_series(0, ? - 1) AS h, generate_series(0, ? - 1) AS k, (SELECT ?::bigint[] AS ids) AS s
      GROUP BY h
      """;
    private static final String INSERT_HOUR_ROWS = """
      INSERT INTO sample_hour (group_id, instance_id, bucket, sample_type, thread_state, stack_id, value, samples)
      SELECT ?, ?, to_timestamp(? + 3600 * h), ?, ?, s.ids[1 + (h * ? + k) % ?], (1 + k % 50) * 600000000::bigint,
             (1 + k % 50) * 60::bigint
      FROM generate_series(0, ? - 1) AS h, generate_series(0, ? - 1) AS k, (SELECT ?::bigint[] AS ids) AS s
      """;
    private static final String STORED_SUM = """
      SELECT coalesce(sum(v), 0) FROM (
        SELECT u.v FROM sample_block CROSS JOIN LATERAL unnest(stack_values) AS u(v)
        WHERE group_id = ? AND sample_type = 'cpu' AND bucket >= ? AND bucket < ?
        UNION ALL
        SELECT value FROM sample_hour WHERE group_id = ? AND sample_type = 'cpu' AND bucket >= ? AND bucket < ?
      ) AS stored(v)
      """;

    private EngineQueryBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !List.of("timescaledb", "postgresql").contains(args[0])) {
            System.err.println(
                    "usage: EngineQueryBenchmark timescaledb|postgresql COLLECTOR_JAR JDBC_URL USER PASSWORD");
            System.exit(2);
        }
        boolean timescale = args[0].equals("timescaledb");
        args = java.util.Arrays.copyOfRange(args, 1, args.length);
        Path workDir = Files.createTempDirectory("hotpath-tsdb-query");
        Map<String, String> database = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL",
                args[1],
                "QUARKUS_DATASOURCE_USERNAME",
                args[2],
                "QUARKUS_DATASOURCE_PASSWORD",
                args[3],
                "HOTPATH_STORAGE_ENGINE",
                timescale ? "timescaledb" : "postgresql",
                // Every loaded day inside the raw retention, so its policy would not drop the oldest chunk mid-run.
                "HOTPATH_RETENTION",
                "35d");
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(DAYS, ChronoUnit.DAYS);
        try (CollectorServer server = CollectorServer.start(Path.of(args[0]), workDir, database);
                Connection db = DriverManager.getConnection(args[1], args[2], args[3])) {
            String group = "tsdb-query";
            String token = server.createGroup(group);
            if (timescale) {
                execute(
                        db,
                        "SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs"
                                + " WHERE hypertable_schema = current_schema()");
            }
            QueryBenchmark.seed(server, group, token, INSTANCES, end.minus(1, ChronoUnit.HOURS), POPULATION);
            long loadStarted = System.nanoTime();
            long groupId = load(db, group, start, timescale);
            double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
            long aggregateStarted = System.nanoTime();
            if (timescale) {
                for (String cagg : new String[] {"cagg_instance_hour", "cagg_group_hour", "cagg_group_day"}) {
                    execute(db, "CALL refresh_continuous_aggregate('" + cagg + "', NULL, '" + end + "'::timestamptz)");
                }
            } else {
                QueryBenchmark.awaitGroupAggregate(db, end);
            }
            double aggregateSeconds = (System.nanoTime() - aggregateStarted) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%s: loaded %d days x %d instances (%d instance-hours of %d stacks) in %.0f s;" + " %s in %.0f s%n",
                    timescale ? "TimescaleDB" : "PostgreSQL",
                    DAYS,
                    INSTANCES,
                    DAYS * 24 * INSTANCES,
                    STACKS_PER_HOUR,
                    loadSeconds,
                    timescale ? "continuous aggregates refreshed" : "group aggregate job done",
                    aggregateSeconds);
            time(server, db, group, groupId, start, end, "30 d");
            time(server, db, group, groupId, end.minus(1, ChronoUnit.DAYS), end, "24 h");
        }
    }

    private static long load(Connection db, String group, Instant start, boolean timescale) throws SQLException {
        long groupId = single(db, "SELECT id FROM profiling_group WHERE name = '" + group + "'")
                .get(0);
        List<Long> instances = single(db, "SELECT id FROM instance WHERE group_id = " + groupId + " ORDER BY id");
        List<Long> stacks = single(
                db, "SELECT DISTINCT unnest(stack_ids) FROM sample_block WHERE group_id = " + groupId + " ORDER BY 1");
        if (instances.size() != INSTANCES || stacks.size() != POPULATION) {
            throw new IllegalStateException("the seed reports made " + instances.size() + " instances and "
                    + stacks.size() + " stacks, not " + INSTANCES + " and " + POPULATION);
        }
        // The seed blocks sit in the range's last hour; the hourly blocks replace them.
        execute(db, "DELETE FROM sample_block WHERE group_id = " + groupId);
        Array ids = db.createArrayOf("bigint", stacks.toArray());
        try (PreparedStatement insert = db.prepareStatement(timescale ? INSERT_HOURS : INSERT_HOUR_ROWS)) {
            for (long instance : instances) {
                Object[] values = {
                    groupId,
                    instance,
                    start.getEpochSecond(),
                    "cpu",
                    "RUNNABLE",
                    STACKS_PER_HOUR,
                    POPULATION,
                    DAYS * 24,
                    STACKS_PER_HOUR,
                    ids
                };
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.executeUpdate();
            }
        }
        execute(db, timescale ? "ANALYZE sample_block" : "ANALYZE sample_hour");
        return groupId;
    }

    private static void time(
            CollectorServer server, Connection db, String group, long groupId, Instant from, Instant to, String label)
            throws Exception {
        String path = "/api/v1/groups/" + group + "/flamegraph?type=cpu&from=" + from + "&to=" + to;
        CollectorServer.TimedGets timed = server.timedGets(path, QUERIES);
        String body = timed.lastBody();
        long expected;
        try (PreparedStatement sum = db.prepareStatement(STORED_SUM)) {
            for (int i = 0; i < 2; i++) {
                sum.setLong(3 * i + 1, groupId);
                sum.setObject(3 * i + 2, from.atOffset(ZoneOffset.UTC));
                sum.setObject(3 * i + 3, to.atOffset(ZoneOffset.UTC));
            }
            try (ResultSet row = sum.executeQuery()) {
                row.next();
                expected = row.getLong(1);
            }
        }
        long total = QueryBenchmark.rootTotal(body);
        if (total != expected) {
            throw new IllegalStateException(
                    label + ": the flame graph's total " + total + " is not the stored samples'" + " sum " + expected);
        }
        Stats stats = timed.millis();
        System.out.printf(
                Locale.ROOT,
                "flame graph %s x %d instances: %.0f ms median (%.0f..%.0f), total %d as in the"
                        + " stored samples, %,d bytes%n",
                label,
                INSTANCES,
                stats.median(),
                stats.min(),
                stats.max(),
                total,
                body.length());
    }

    private static List<Long> single(Connection db, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }
}
