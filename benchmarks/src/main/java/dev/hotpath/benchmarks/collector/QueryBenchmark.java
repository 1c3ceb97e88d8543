package dev.hotpath.benchmarks.collector;

import dev.hotpath.benchmarks.Stats;
import dev.hotpath.proto.v1.Profile;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merged flame graph of a group over a day of many instances reporting once a minute. The data is loaded in
 * bulk: one real report per instance over gRPC (so the collector itself creates the instances and the frame and
 * stack dictionaries), then SQL copies of those stacks into the sample tables exactly as the collector lays them
 * out: the recent hours as raw one-minute buckets, older hours as the hourly rows its rollup job writes. The
 * collector's own job then sums the completed hours into the group-level aggregate its flame graphs read.
 */
final class QueryBenchmark {
    /** Recent hours kept as minutes; the collector rolls up after 6 h, so its rollup job leaves these alone. */
    static final int RAW_HOURS = 5;

    private static final long INTERVAL_NANOS = 10_000_000L;
    /** The collector sums hours a few minutes after they end, once a minute: a generous bound for that job. */
    private static final long AGGREGATE_TIMEOUT_MILLIS = 15 * 60_000L;

    private static final Pattern ROOT_TOTAL = Pattern.compile("\"root\"\\s*:\\s*\\{[^{]*?\"total\"\\s*:\\s*(\\d+)");

    // Minute m of instance i holds stacks (m * perMinute + k) mod population, k < perMinute: every stack of the
    // population recurs each hour. The ids come from the collector's own rows, in an array parameter. One block per
    // minute, as the collector stores one report.
    private static final String INSERT_MINUTES = """
      INSERT INTO sample_block (group_id, instance_id, bucket, sample_type, thread_state, stack_ids, stack_values,
                                stack_samples)
      SELECT ?, ?, to_timestamp(? + 60 * m), ?, ?, array_agg(s.ids[1 + (m * ? + k) % ?] ORDER BY k),
             array_agg((1 + k % 50) * ? ORDER BY k), array_agg((1 + k % 50)::bigint ORDER BY k)
      FROM generate_series(0, ? - 1) AS m, generate_series(0, ? - 1) AS k, (SELECT ?::bigint[] AS ids) AS s
      GROUP BY m
      """;
    // An hour of minutes as above, summed per stack: each stack falls in 60 * perMinute / population minutes.
    private static final String INSERT_HOURS = """
      INSERT INTO sample_hour (group_id, instance_id, bucket, sample_type, thread_state, stack_id, value, samples)
      SELECT ?, ?, to_timestamp(? + 3600 * h), ?, ?, s.ids[1 + k], (1 + k % 50) * ? * ?, (1 + k % 50) * ?
      FROM generate_series(0, ? - 1) AS h, generate_series(0, ? - 1) AS k, (SELECT ?::bigint[] AS ids) AS s
      """;
    // The per-instance grouped scan that flame graph queries ran before the group aggregate, without the collector
    // around it: the benchmark's truth for the total, and the old cost to compare with.
    private static final String SUM_BY_STACK = """
      SELECT stack_id, sum(value) FROM (
        SELECT stack_id, value FROM sample_block CROSS JOIN LATERAL unnest(stack_ids, stack_values) AS r(stack_id, value)
        WHERE group_id = ? AND sample_type = ? AND bucket >= ? AND bucket < ?
        UNION ALL
        SELECT stack_id, value FROM sample_hour WHERE group_id = ? AND sample_type = ? AND bucket >= ? AND bucket < ?
      ) AS selected GROUP BY stack_id
      """;

    private final CollectorServer server;

    QueryBenchmark(CollectorServer server) {
        this.server = server;
    }

    /**
     * Loads {@code hours} of {@code instances} reporting once a minute, each minute {@code stacksPerMinute} of a
     * population of {@code population} distinct stacks, then times {@code queries} flame graph requests over it.
     */
    QueryResult run(String group, int instances, int hours, int population, int stacksPerMinute, int queries)
            throws Exception {
        if (hours <= RAW_HOURS || population % stacksPerMinute != 0 || (60 * stacksPerMinute) % population != 0) {
            throw new IllegalArgumentException("query scale needs more than " + RAW_HOURS + " hours and a population "
                    + "that a whole number of minutes per hour covers: hours=" + hours + ", population=" + population
                    + ", stacksPerMinute=" + stacksPerMinute);
        }
        String token = server.createGroup(group);
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(hours, ChronoUnit.HOURS);
        long loadStarted = System.nanoTime();
        seed(server, group, token, instances, start, population);
        long rows;
        try (Connection db = DriverManager.getConnection(server.embeddedJdbcUrl())) {
            rows = bulkLoad(db, group, start, end, hours, population, stacksPerMinute);
            awaitGroupAggregate(db, end);
        }
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;

        String path = "/api/v1/groups/" + group + "/flamegraph?type=cpu&from=" + start + "&to=" + end;
        long expectedTotal;
        List<Double> sqlMillis = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(server.embeddedJdbcUrl())) {
            expectedTotal = sumByStack(db, group, start, end);
            for (int i = 0; i < queries; i++) {
                long began = System.nanoTime();
                sumByStack(db, group, start, end);
                sqlMillis.add((System.nanoTime() - began) / 1e6);
            }
        }
        CollectorServer.TimedGets timed = server.timedGets(path, queries);
        String body = timed.lastBody();
        long total = rootTotal(body);
        if (total != expectedTotal) {
            throw new IllegalStateException("the flame graph's total " + total + " is not the stored samples' sum "
                    + expectedTotal + ": the query did not read every row loaded");
        }
        return new QueryResult(
                instances,
                hours,
                population,
                stacksPerMinute,
                rows,
                loadSeconds,
                timed.millis(),
                Stats.of(sqlMillis),
                body.length());
    }

    /** One report per instance with the whole population, at the start of the range, sent as an agent sends it. */
    static void seed(CollectorServer server, String group, String token, int instances, Instant start, int population) {
        Profile profile = SyntheticReports.cpuProfile(population);
        long jvmStart = start.minus(1, ChronoUnit.HOURS).toEpochMilli();
        try (AgentStub stub = new AgentStub(server.port(), token)) {
            for (int i = 0; i < instances; i++) {
                stub.service()
                        .submitReport(
                                SyntheticReports.report(group, "query-" + i, jvmStart, start.toEpochMilli(), profile));
            }
        }
    }

    private static long bulkLoad(
            Connection db, String group, Instant start, Instant end, int hours, int population, int stacksPerMinute)
            throws SQLException {
        long groupId = single(db, "SELECT id FROM profiling_group WHERE name = ?", group);
        List<Long> instanceIds = column(db, "SELECT id FROM instance WHERE group_id = ? ORDER BY id", groupId);
        List<Long> stackIds = column(
                db, "SELECT DISTINCT unnest(stack_ids) FROM sample_block WHERE group_id = ? ORDER BY 1", groupId);
        if (stackIds.size() != population) {
            throw new IllegalStateException(
                    "the seed reports stored " + stackIds.size() + " distinct stacks, not " + population);
        }
        String[] typeAndState = typeAndState(db, groupId);
        Array ids = db.createArrayOf("bigint", stackIds.toArray());
        long rawStart = end.minus(RAW_HOURS, ChronoUnit.HOURS).getEpochSecond();
        long rows = 0;
        try (PreparedStatement minutes = db.prepareStatement(INSERT_MINUTES);
                PreparedStatement hourly = db.prepareStatement(INSERT_HOURS)) {
            for (long instance : instanceIds) {
                bind(
                        minutes,
                        groupId,
                        instance,
                        rawStart,
                        typeAndState[0],
                        typeAndState[1],
                        stacksPerMinute,
                        population,
                        INTERVAL_NANOS,
                        RAW_HOURS * 60,
                        stacksPerMinute,
                        ids);
                int blocks = minutes.executeUpdate();
                if (blocks != RAW_HOURS * 60) {
                    throw new IllegalStateException(
                            "the load wrote " + blocks + " minute blocks, not " + RAW_HOURS * 60);
                }
                rows += (long) blocks * stacksPerMinute;
                int minutesPerStack = 60 * stacksPerMinute / population;
                bind(
                        hourly,
                        groupId,
                        instance,
                        start.getEpochSecond(),
                        typeAndState[0],
                        typeAndState[1],
                        INTERVAL_NANOS,
                        minutesPerStack,
                        minutesPerStack,
                        hours - RAW_HOURS,
                        population,
                        ids);
                rows += hourly.executeUpdate();
            }
        }
        try (Statement analyze = db.createStatement()) {
            // What autovacuum does after a load of this size; without it the planner guesses row counts.
            analyze.execute("ANALYZE sample_block");
            analyze.execute("ANALYZE sample_hour");
        }
        return rows;
    }

    /**
     * Waits until the collector's aggregation job has summed every hour before {@code end}. The load wrote samples
     * without reports behind them, into hours the job may have summed already, so the aggregate is started over as
     * on a database upgraded with this history; its reports count as having arrived when their windows closed.
     */
    static void awaitGroupAggregate(Connection db, Instant end) throws SQLException, InterruptedException {
        try (Statement restart = db.createStatement()) {
            restart.execute("UPDATE report SET received_at = window_end");
            // The watermark row first: a job run holds it until it commits, so the delete then sees all it wrote.
            db.setAutoCommit(false);
            restart.execute("UPDATE group_aggregate_watermark SET aggregated_before = NULL, reports_checked_at = NULL");
            restart.execute("DELETE FROM sample_group_hour");
            db.commit();
            db.setAutoCommit(true);
        }
        OffsetDateTime loaded = OffsetDateTime.now(ZoneOffset.UTC);
        long deadline = System.currentTimeMillis() + AGGREGATE_TIMEOUT_MILLIS;
        try (PreparedStatement watermark = db.prepareStatement("SELECT count(*) FROM group_aggregate_watermark "
                + "WHERE aggregated_before >= ? AND reports_checked_at > ?")) {
            bind(watermark, end.atOffset(ZoneOffset.UTC), loaded);
            while (true) {
                try (ResultSet row = watermark.executeQuery()) {
                    row.next();
                    if (row.getLong(1) == 1) {
                        return;
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the collector did not aggregate the group's hours before " + end
                            + " within " + AGGREGATE_TIMEOUT_MILLIS / 60_000 + " min of the load");
                }
                Thread.sleep(1_000);
            }
        }
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    private static String[] typeAndState(Connection db, long groupId) throws SQLException {
        try (PreparedStatement select =
                db.prepareStatement("SELECT sample_type, thread_state FROM sample_block WHERE group_id = ? LIMIT 1")) {
            select.setLong(1, groupId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("the seed reports stored no samples");
                }
                return new String[] {row.getString(1), row.getString(2)};
            }
        }
    }

    private static long sumByStack(Connection db, String group, Instant from, Instant to) throws SQLException {
        long groupId = single(db, "SELECT id FROM profiling_group WHERE name = ?", group);
        OffsetDateTime fromTs = from.atOffset(ZoneOffset.UTC);
        OffsetDateTime toTs = to.atOffset(ZoneOffset.UTC);
        long total = 0;
        try (PreparedStatement select = db.prepareStatement(SUM_BY_STACK)) {
            bind(select, groupId, "cpu", fromTs, toTs, groupId, "cpu", fromTs, toTs);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    total += rows.getLong(2);
                }
            }
        }
        return total;
    }

    private static long single(Connection db, String sql, Object parameter) throws SQLException {
        List<Long> values = column(db, sql, parameter);
        if (values.size() != 1) {
            throw new IllegalStateException(sql + " with " + parameter + " gave " + values.size() + " rows, not 1");
        }
        return values.get(0);
    }

    private static List<Long> column(Connection db, String sql, Object parameter) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (PreparedStatement select = db.prepareStatement(sql)) {
            select.setObject(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getLong(1));
                }
            }
        }
        return values;
    }

    /** The root's total of a flame graph answer ({@code {"root":{"name":..,"self":..,"total":N,...}}}). */
    static long rootTotal(String flameGraphJson) {
        Matcher total = ROOT_TOTAL.matcher(flameGraphJson);
        if (!total.find()) {
            throw new IllegalStateException("no root total in the flame graph answer: "
                    + flameGraphJson.substring(0, Math.min(200, flameGraphJson.length())));
        }
        return Long.parseLong(total.group(1));
    }

    /** The data loaded and the time of the flame graph request and of its grouped scan alone, in ms. */
    record QueryResult(
            int instances,
            int hours,
            int population,
            int stacksPerMinute,
            long rows,
            double loadSeconds,
            Stats requestMillis,
            Stats sqlMillis,
            int responseBytes) {}
}
