package dev.hotpath.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hotpath.collector.storage.jobs.RetentionLevels;
import dev.hotpath.collector.storage.read.Group;
import dev.hotpath.collector.storage.read.LabelBreakdown;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.storage.write.HeapSummaryRecord;
import dev.hotpath.collector.storage.write.ReportRecord;
import dev.hotpath.collector.storage.write.StackSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The storage contract on TimescaleDB (database hotpath_tsdb of the machine's PostgreSQL with the timescaledb
 * extension, made by .ci/postgres.sh), plus what only that engine has: hypertables, compression, continuous
 * aggregates and policies, and the conversion of a database written by the plain path. Skipped, saying why, where
 * ../shared/timescaledb (the TimescaleDB this project tests against) is absent; fails where it is present but the
 * database is not reachable.
 */
class TimescaleStorageIT extends StorageContract {

    /** The TimescaleDB this project tests against, beside the checkout; the tests run in collector/. */
    private static final Path SHARED = Path.of("..", "..", "shared", "timescaledb", "install.sh");

    @Override
    DataSource dataSource() {
        Assumptions.assumeTrue(
                Files.exists(SHARED) || System.getenv("HOTPATH_TEST_TSDB_URL") != null,
                "TimescaleDB suite skipped: " + SHARED.toAbsolutePath().normalize() + " is absent (no TimescaleDB"
                        + " to test against); set HOTPATH_TEST_TSDB_URL to run it against your own");
        return dataSource(null);
    }

    private static PGSimpleDataSource dataSource(String schema) {
        String url = env("HOTPATH_TEST_TSDB_URL", "jdbc:postgresql://localhost:5432/hotpath_tsdb");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(env("HOTPATH_TEST_PG_USER", "hotpath"));
        dataSource.setPassword(env("HOTPATH_TEST_PG_PASSWORD", "hotpath"));
        if (schema != null) {
            // public too: the extension's functions (create_hypertable, ...) live there.
            dataSource.setCurrentSchema(schema + ",public");
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.isValid(5);
            return dataSource;
        } catch (SQLException e) {
            return fail("TimescaleDB database not reachable at " + url + " (" + e.getMessage()
                    + "): run .ci/postgres.sh as root first, or set HOTPATH_TEST_TSDB_URL");
        }
    }

    /**
     * The policies' background runs would refresh, compress and drop while a test looks, at times of their own;
     * tests do what they do by explicit calls instead (the schema test still sees every policy, paused or not).
     */
    @BeforeEach
    void pausePolicies() throws SQLException {
        execute("SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs"
                + " WHERE hypertable_schema = current_schema()");
    }

    @Override
    void rollUpBefore(Instant end) throws SQLException {
        assertThat(storage.engine()).isEqualTo(StorageEngine.TIMESCALEDB);
        // What the refresh policies do every few minutes, over as far back as they reach (V9: 4 days at most, inside
        // the raw retention).
        for (String cagg : new String[] {"cagg_instance_hour", "cagg_group_hour", "cagg_group_day"}) {
            call("CALL refresh_continuous_aggregate('" + cagg + "', '" + end.minus(Duration.ofDays(4))
                    + "'::timestamptz, '" + end + "'::timestamptz)");
        }
    }

    @Override
    void expire(Instant cutoff) throws SQLException {
        // What the retention policies do: whole chunks dropped, no DELETE.
        for (String table : new String[] {
            "sample_block", "cagg_instance_hour", "cagg_group_hour", "cagg_group_day", "report", "heap_type"
        }) {
            execute("SELECT count(*) FROM drop_chunks('" + table + "', older_than => '" + cutoff + "'::timestamptz)");
        }
        storage.deleteExpired(cutoff);
    }

    @Test
    void schema_onTimescaleDb_hypertablesCompressionAggregatesAndPolicies() throws SQLException {
        assertThat(strings(
                        "SELECT hypertable_name || ' ' || compression_enabled FROM timescaledb_information.hypertables"
                                + " WHERE hypertable_schema = current_schema()"))
                .contains("sample_block true", "report false", "heap_type false");
        // Each time-series table partitioned by the time it expires by, in 1-day chunks (sample_hour: V2's, empty on
        // this engine since V9, kept for a later plain-path start).
        assertThat(strings("SELECT hypertable_name || ' ' || column_name || ' ' || time_interval FROM"
                        + " timescaledb_information.dimensions WHERE hypertable_schema = current_schema()"))
                .containsExactlyInAnyOrder(
                        "sample_block bucket 1 day",
                        "report window_end 1 day",
                        "heap_type taken_at 1 day",
                        "sample_hour bucket 7 days");
        assertThat(strings("SELECT view_name || ' ' || materialized_only FROM"
                        + " timescaledb_information.continuous_aggregates WHERE view_schema = current_schema()"))
                .containsExactlyInAnyOrder("cagg_instance_hour false", "cagg_group_hour false", "cagg_group_day false");
        assertThat(strings("SELECT segmentby_column_index || ' ' || attname FROM"
                        + " timescaledb_information.compression_settings WHERE hypertable_name = 'sample_block'"
                        + " AND segmentby_column_index IS NOT NULL ORDER BY segmentby_column_index"))
                .containsExactly("1 group_id", "2 instance_id", "3 sample_type", "4 thread_state");
        assertThat(strings("SELECT proc_name || ' ' || hypertable_name FROM timescaledb_information.jobs"
                        + " WHERE hypertable_schema = current_schema()"))
                .contains(
                        "policy_compression sample_block",
                        "policy_retention sample_block",
                        "policy_refresh_continuous_aggregate cagg_instance_hour",
                        "policy_refresh_continuous_aggregate cagg_group_hour",
                        "policy_refresh_continuous_aggregate cagg_group_day",
                        "policy_retention cagg_instance_hour",
                        "policy_retention cagg_group_hour",
                        "policy_retention cagg_group_day",
                        "policy_retention report",
                        "policy_retention heap_type");
        // Retention per level from the settings (RetentionLevels.DEFAULT here).
        assertThat(strings("SELECT hypertable_name || ' ' || (config->>'drop_after') FROM"
                        + " timescaledb_information.jobs WHERE proc_name = 'policy_retention'"
                        + " AND hypertable_schema = current_schema()"))
                .containsExactlyInAnyOrder(
                        "sample_block 30 days",
                        "cagg_instance_hour 90 days",
                        "cagg_group_hour 90 days",
                        "cagg_group_day 400 days",
                        "report 30 days",
                        "heap_type 30 days");
    }

    @Test
    void retention_onTimescaleDb_reportsAndHeapSummariesDroppedWithTheirChunksNotDeleted() throws SQLException {
        // One JVM reporting 40 days ago and now: its instance is not expired, so nothing cascades from it.
        Instant old = T0.minus(Duration.ofDays(40));
        storage.storeReport(withHeap(report("ret-old", instance("a", 1), old, sample("cpu", "RUNNABLE", 1, "main"))));
        storage.storeReport(withHeap(report("ret-new", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main"))));
        String reports = "SELECT count(*) FROM report WHERE group_id = " + group.id();
        String heaps = "SELECT count(*) FROM heap_type WHERE group_id = " + group.id();

        storage.deleteExpired(T0.minus(Duration.ofDays(30)));

        assertThat(count(reports)).isEqualTo(2);
        assertThat(count(heaps)).isEqualTo(2);

        // What the two retention policies do (drop_after 30 days): the old day's chunks go, the new ones stay.
        execute("SELECT count(*) FROM drop_chunks('report', older_than => '" + T0.minus(Duration.ofDays(30))
                + "'::timestamptz)");
        execute("SELECT count(*) FROM drop_chunks('heap_type', older_than => '" + T0.minus(Duration.ofDays(30))
                + "'::timestamptz)");

        assertThat(strings("SELECT report_id FROM report WHERE group_id = " + group.id()))
                .containsExactly("ret-new");
        assertThat(count(heaps)).isEqualTo(1);
    }

    @Test
    void storeReport_onReportHypertable_retryOfTheSameReportStillADuplicate() throws SQLException {
        ReportRecord report = withHeap(report("dup-h", instance("a", 1), T0, sample("cpu", "RUNNABLE", 2, "main")));

        assertThat(storage.storeReport(report)).isTrue();
        assertThat(storage.storeReport(report)).isFalse();

        assertThat(count("SELECT count(*) FROM report WHERE group_id = " + group.id()))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM heap_type WHERE group_id = " + group.id()))
                .isEqualTo(1);
        // The key the hypertable needs: the report id with the window end its retention partitions by.
        assertThat(strings("SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM pg_constraint c"
                        + " CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)"
                        + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
                        + " WHERE c.conrelid = 'report'::regclass AND c.contype = 'p'"))
                .containsExactly("group_id,report_id,window_end");
    }

    @Test
    void schema_onTimescaleDb_timeSeriesHypertablesWithoutForeignKeys() throws SQLException {
        // A chunk created for a table with a foreign key locks the referenced table, which deadlocked concurrent
        // reports on a new day's first chunk (fleet simulation, 2026-12-03).
        assertThat(count("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN"
                        + " ('report'::regclass, 'heap_type'::regclass, 'sample_block'::regclass)"))
                .isZero();
    }

    @Test
    void storeReport_manyReportsOnADayWithoutChunks_allStored() throws Exception {
        Instant day = T0.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(20));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> stored = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                stored.add(pool.submit(() -> storage.storeReport(report(
                        "newday-" + n,
                        instance("h" + n, n),
                        day.plus(Duration.ofMinutes(n)),
                        sample("cpu", "RUNNABLE", 1, "main", "newDay")))));
            }
            for (java.util.concurrent.Future<Boolean> f : stored) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM report WHERE group_id = " + group.id()))
                .isEqualTo(16);
    }

    private static ReportRecord withHeap(ReportRecord r) {
        return new ReportRecord(
                r.groupId(),
                r.reportId(),
                r.instance(),
                r.windowStart(),
                r.windowEnd(),
                r.engine(),
                r.reason(),
                r.sampleTypes(),
                r.mergedWindows(),
                r.droppedSamples(),
                r.agentCpuTimeNanos(),
                r.agentBufferedBytes(),
                r.processCpuTimeNanos(),
                r.gcTimeMillis(),
                r.heapUsedBytes(),
                r.threadCount(),
                r.samples(),
                java.util.Optional.of(new HeapSummaryRecord(
                        r.windowEnd(), java.util.List.of(new HeapSummaryRecord.TypeSize("byte[]", 1 << 20, 10)))));
    }

    @Test
    void collectorJobs_onTimescaleDb_doNotRollUpOrAggregate() throws SQLException {
        storage.storeReport(report("own", instance("a", 1), T0, sample("cpu", "RUNNABLE", 3, "main", "own")));

        assertThat(storage.rollUp(T0.plus(Duration.ofHours(2)))).isZero();
        assertThat(storage.aggregateGroupHours(T0.plus(Duration.ofHours(2)))).isZero();

        assertThat(count("SELECT count(*) FROM sample_block WHERE group_id = " + group.id()))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM sample_hour WHERE group_id = " + group.id()))
                .isZero();
        assertThat(count("SELECT count(*) FROM sample_group_hour WHERE group_id = " + group.id()))
                .isZero();
    }

    @Test
    void mergedStacks_rawChunksDroppedAfterRefresh_wholeHoursAndDaysStillFromAggregates() throws SQLException {
        Instant day = T0.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10));
        storage.storeReport(report(
                "agg-1",
                instance("a", 1),
                day.plus(Duration.ofMinutes(61)),
                sample("cpu", "RUNNABLE", 4, "main", "kept")));
        storage.storeReport(report(
                "agg-2",
                instance("b", 2),
                day.plus(Duration.ofHours(20)),
                sample("cpu", "RUNNABLE", 6, "main", "kept")));
        rollUpBefore(day.plus(Duration.ofDays(1)));

        execute("SELECT count(*) FROM drop_chunks('sample_block', older_than => '" + day.plus(Duration.ofDays(2))
                + "'::timestamptz)");

        assertThat(count("SELECT count(*) FROM sample_block WHERE group_id = " + group.id()))
                .isZero();
        assertThat(folded(cpu(day, day.plus(Duration.ofDays(1))))).containsOnly(Map.entry("main;kept", 10L));
        assertThat(folded(cpu(day.plus(Duration.ofHours(1)), day.plus(Duration.ofHours(2)))))
                .containsOnly(Map.entry("main;kept", 4L));
        // The next policy run refreshes the last days only, never the dropped range: the aggregates stay.
        rollUpBefore(T0.truncatedTo(ChronoUnit.DAYS));
        assertThat(folded(cpu(day, day.plus(Duration.ofDays(1))))).containsOnly(Map.entry("main;kept", 10L));
    }

    @Test
    void mergedStacks_reportForAnHourAlreadyMaterialized_countedFromTheNextRefresh() throws SQLException {
        Instant day = T0.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
        storage.storeReport(report(
                "late-0",
                instance("a", 1),
                day.plus(Duration.ofHours(3)),
                sample("cpu", "RUNNABLE", 4, "main", "late")));
        rollUpBefore(day.plus(Duration.ofDays(1)));
        SampleFilter hour = cpu(day.plus(Duration.ofHours(3)), day.plus(Duration.ofHours(4)));
        assertThat(folded(hour)).containsOnly(Map.entry("main;late", 4L));

        storage.storeReport(report(
                "late-1",
                instance("b", 2),
                day.plus(Duration.ofHours(3)),
                sample("cpu", "RUNNABLE", 6, "main", "late")));

        // Real-time aggregation covers only hours after the materialized ones: a late report's hour shows the
        // old sum until the refresh policy's next run (every 10 minutes) picks up the invalidation.
        assertThat(folded(hour)).containsOnly(Map.entry("main;late", 4L));
        rollUpBefore(day.plus(Duration.ofDays(1)));
        assertThat(folded(hour)).containsOnly(Map.entry("main;late", 10L));
    }

    @Test
    void mergedStacks_reportTenDaysLate_addedToTheMaterializedHourAndDayByTheRefreshPolicies() throws SQLException {
        Instant day = T0.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10));
        Instant hourStart = day.plus(Duration.ofHours(5));
        storage.storeReport(
                report("ten-0", instance("a", 1), hourStart, sample("cpu", "RUNNABLE", 4, "main", "tenDaysLate")));
        rollUpBefore(day.plus(Duration.ofDays(2)));
        // Ten days later, an agent that spooled through an outage sends the rest of that hour.
        storage.storeReport(report(
                "ten-1",
                instance("b", 2),
                hourStart.plus(Duration.ofMinutes(7)),
                sample("cpu", "RUNNABLE", 6, "main", "tenDaysLate")));
        SampleFilter hour = cpu(hourStart, hourStart.plus(Duration.ofHours(1)));
        SampleFilter wholeDay = cpu(day, day.plus(Duration.ofDays(1)));
        assertThat(folded(hour)).containsOnly(Map.entry("main;tenDaysLate", 4L));

        // What the three refresh policies do at their next run (paused here, so run by hand).
        for (String cagg : new String[] {"cagg_instance_hour", "cagg_group_hour", "cagg_group_day"}) {
            long job = count("SELECT job_id FROM timescaledb_information.jobs WHERE proc_name ="
                    + " 'policy_refresh_continuous_aggregate' AND hypertable_schema = current_schema()"
                    + " AND hypertable_name = '" + cagg + "'");
            call("CALL run_job(" + job + ")");
        }

        assertThat(folded(hour)).containsOnly(Map.entry("main;tenDaysLate", 10L));
        assertThat(folded(wholeDay)).containsOnly(Map.entry("main;tenDaysLate", 10L));
        assertThat(strings("SELECT hypertable_name || ' ' || (config->>'start_offset') FROM"
                        + " timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate'"
                        + " AND hypertable_schema = current_schema()"))
                .containsExactlyInAnyOrder(
                        "cagg_instance_hour 29 days", "cagg_group_hour 29 days", "cagg_group_day 29 days");
    }

    @Test
    void compression_policyRun_chunksCompressedAndReadTheSame() throws SQLException {
        Instant day = T0.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(5));
        storage.storeReport(report(
                "cmp-1",
                instance("a", 1),
                day.plus(Duration.ofMinutes(5)),
                sample("cpu", "RUNNABLE", 7, "main", "packed"),
                sample("cpu", "WAITING", 1, "main", "w")));
        SampleFilter minutes = cpu(day.plus(Duration.ofMinutes(5)), day.plus(Duration.ofMinutes(6)));
        Map<String, Long> before = folded(minutes);

        execute("SELECT count(compress_chunk(c, if_not_compressed => true)) FROM show_chunks('sample_block',"
                + " older_than => '" + day.plus(Duration.ofDays(1)) + "'::timestamptz) c");

        assertThat(count("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'sample_block'"
                        + " AND is_compressed AND range_start <= '" + day + "'::timestamptz + interval '5 minutes'"
                        + " AND range_end > '" + day + "'::timestamptz + interval '5 minutes'"))
                .isEqualTo(1);
        assertThat(folded(minutes)).isEqualTo(before).containsEntry("main;packed", 7L);
    }

    @Test
    void conversion_plainDatabaseGainsExtension_samplesKeptAndRolledUpByAggregates() throws Exception {
        String schema = "conv_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource plain = dataSource(schema);
        try {
            Flyway.configure().dataSource(plain).schemas(schema).load().migrate();
            // The database as plain PostgreSQL leaves it: sample_block an ordinary table (here the extension was
            // already installed when the migrations ran, so V7 made it a hypertable; undo that).
            try (Connection c = plain.getConnection();
                    var s = c.createStatement()) {
                s.execute("CREATE TABLE sample_block_plain (LIKE sample_block INCLUDING ALL)");
                s.execute("DROP TABLE sample_block");
                s.execute("ALTER TABLE sample_block_plain RENAME TO sample_block");
            }
            Storage plainStorage = new Storage(plain, Duration.ZERO, StorageEngine.POSTGRESQL, RetentionLevels.DEFAULT);
            Group g = plainStorage.createGroup("conv", hash("t")).orElseThrow();
            Instant hour = T0.minus(Duration.ofHours(30));
            // Three reports in one hour (rolled up into sample_hour by the plain path's job), one left raw.
            long[] minutes = {0, 25, 50, 180};
            for (int m = 0; m < minutes.length; m++) {
                plainStorage.storeReport(new ReportRecord(
                        g.id(),
                        "c" + m,
                        instance("a", 1),
                        hour.plus(Duration.ofMinutes(minutes[m])),
                        hour.plus(Duration.ofMinutes(minutes[m] + 1)),
                        "ASYNC_PROFILER_ITIMER",
                        "INTERVAL",
                        java.util.List.of("cpu"),
                        0,
                        0,
                        1,
                        1,
                        1,
                        1,
                        1,
                        1,
                        java.util.List.of(sample("cpu", "RUNNABLE", m + 1, "main", "conv")),
                        java.util.Optional.empty()));
            }
            assertThat(plainStorage.rollUp(hour.plus(Duration.ofHours(2)))).isPositive();
            plainStorage.aggregateGroupHours(T0);
            SampleFilter range = new SampleFilter(
                    g.id(), "cpu", java.util.Set.of(), java.util.Optional.empty(), hour.minus(Duration.ofDays(1)), T0);
            Map<String, Long> before = foldedWith(plainStorage, range);
            assertThat(before).containsOnly(Map.entry("main;conv", 10L));
            assertThat(countIn(plain, "SELECT count(*) FROM sample_hour")).isEqualTo(1);
            assertThat(countIn(plain, "SELECT count(*) FROM sample_block")).isEqualTo(1);

            Storage converted = new Storage(plain, Duration.ZERO, StorageEngine.TIMESCALEDB, RetentionLevels.DEFAULT);

            assertThat(converted.engine()).isEqualTo(StorageEngine.TIMESCALEDB);
            assertThat(countIn(
                            plain,
                            "SELECT count(*) FROM timescaledb_information.hypertables WHERE" + " hypertable_schema = '"
                                    + schema + "' AND hypertable_name = 'sample_block'"))
                    .isEqualTo(1);
            assertThat(countIn(plain, "SELECT count(*) FROM sample_hour")).isZero();
            assertThat(countIn(plain, "SELECT count(*) FROM sample_block")).isEqualTo(2);
            assertThat(countIn(
                            plain,
                            "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = '"
                                    + schema + "' AND hypertable_name IN ('report', 'heap_type')"))
                    .isEqualTo(2);
            assertThat(countIn(plain, "SELECT count(*) FROM report")).isEqualTo(minutes.length);
            assertThat(foldedWith(converted, range)).isEqualTo(before);
            // Read from the hourly aggregates once they are materialized, without the raw blocks.
            for (String cagg : new String[] {"cagg_instance_hour", "cagg_group_hour", "cagg_group_day"}) {
                try (Connection c = plain.getConnection();
                        var s = c.createStatement()) {
                    s.execute("CALL refresh_continuous_aggregate('" + cagg + "', NULL, '" + T0 + "'::timestamptz)");
                }
            }
            SampleFilter wholeHours = new SampleFilter(
                    g.id(),
                    "cpu",
                    java.util.Set.of(),
                    java.util.Optional.empty(),
                    hour,
                    hour.plus(Duration.ofHours(4)));
            assertThat(foldedWith(converted, wholeHours)).isEqualTo(before);
            // A second start finds it converted and changes nothing.
            new Storage(plain, Duration.ZERO, StorageEngine.TIMESCALEDB, RetentionLevels.DEFAULT);
            assertThat(foldedWith(converted, range)).isEqualTo(before);
        } finally {
            for (String cagg : new String[] {"cagg_group_day", "cagg_group_hour", "cagg_instance_hour"}) {
                execute("DROP MATERIALIZED VIEW IF EXISTS " + schema + "." + cagg);
            }
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void upgradeToV10_databaseConvertedByV9_oldAggregatesKeptRenamedAndNewOnesCarryLabelSets() throws Exception {
        String schema = "v9_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource db = dataSource(schema);
        String[] caggs = {"cagg_group_day", "cagg_group_hour", "cagg_instance_hour"};
        try {
            Flyway.configure().dataSource(db).schemas(schema).target("9").load().migrate();
            Instant hour = T0.minus(Duration.ofHours(30));
            try (Connection c = db.getConnection();
                    var st = c.createStatement()) {
                // What a collector of V9 did at start, and stored: one block of one stack, materialized.
                st.execute("SELECT hotpath_timescaledb_convert()");
                st.execute("SELECT hotpath_timescaledb_policies(interval '30 days', interval '90 days',"
                        + " interval '400 days')");
                st.execute("INSERT INTO frame (id, name) VALUES (11, 'main'), (12, 'v9.Work')");
                st.execute("INSERT INTO stack (id, frame_ids) VALUES (21, '{11,12}')");
                st.execute("INSERT INTO sample_block (group_id, instance_id, bucket, sample_type, thread_state,"
                        + " stack_ids, stack_values, stack_samples) VALUES (1, 1, '" + hour
                        + "', 'cpu', 'RUNNABLE', '{21}', '{7}', '{7}')");
            }
            for (String cagg : caggs) {
                call(db, "CALL refresh_continuous_aggregate('" + cagg + "', NULL, '" + T0 + "'::timestamptz)");
            }

            Flyway.configure().dataSource(db).schemas(schema).load().migrate();
            Storage upgraded = new Storage(db, Duration.ZERO, StorageEngine.TIMESCALEDB, RetentionLevels.DEFAULT);

            assertThat(stringsIn(
                            db,
                            "SELECT view_name FROM timescaledb_information.continuous_aggregates WHERE view_schema"
                                    + " = '" + schema + "'"))
                    .containsExactlyInAnyOrder(
                            "cagg_instance_hour",
                            "cagg_group_hour",
                            "cagg_group_day",
                            "cagg_instance_hour_before_v10",
                            "cagg_group_hour_before_v10",
                            "cagg_group_day_before_v10");
            assertThat(countIn(
                            db,
                            "SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + schema
                                    + "' AND column_name = 'label_set_id' AND table_name LIKE 'cagg_%'"))
                    .isEqualTo(3);
            // The old aggregates keep their data and retention, and are refreshed no more.
            assertThat(countIn(db, "SELECT sum(value) FROM cagg_group_day_before_v10"))
                    .isEqualTo(7);
            assertThat(stringsIn(
                            db,
                            "SELECT proc_name FROM timescaledb_information.jobs WHERE hypertable_schema = '" + schema
                                    + "' AND hypertable_name LIKE '%_before_v10'"))
                    .containsExactly("policy_retention", "policy_retention", "policy_retention");
            SampleFilter range = new SampleFilter(
                    1, "cpu", java.util.Set.of(), java.util.Optional.empty(), hour.minus(Duration.ofDays(1)), T0);
            assertThat(foldedWith(upgraded, range)).containsOnly(Map.entry("main;v9.Work", 7L));
            // Stored before labels: the sample has none, so a label filter excludes it.
            assertThat(foldedWith(upgraded, range.withLabels(Map.of("endpoint", java.util.Set.of("GET /a")))))
                    .isEmpty();
            assertThat(upgraded.labelBreakdown(range, "endpoint").rows())
                    .containsExactly(new LabelBreakdown.Row(null, null, 7, 7));
            // A second start finds it upgraded and changes nothing.
            new Storage(db, Duration.ZERO, StorageEngine.TIMESCALEDB, RetentionLevels.DEFAULT);
            assertThat(foldedWith(upgraded, range)).containsOnly(Map.entry("main;v9.Work", 7L));
        } finally {
            for (String cagg : caggs) {
                execute("DROP MATERIALIZED VIEW IF EXISTS " + schema + "." + cagg);
                execute("DROP MATERIALIZED VIEW IF EXISTS " + schema + "." + cagg + "_before_v10");
            }
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void call(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection();
                var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static java.util.List<String> stringsIn(DataSource db, String sql) throws SQLException {
        java.util.List<String> rows = new java.util.ArrayList<>();
        try (Connection c = db.getConnection();
                var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    @Test
    void engineSetting_postgresqlOnTimescaleDb_plainPathAndNoConversion() {
        Storage plainPath = new Storage(dataSource, Duration.ZERO, StorageEngine.POSTGRESQL, RetentionLevels.DEFAULT);

        assertThat(plainPath.engine()).isEqualTo(StorageEngine.POSTGRESQL);
        assertThat(storage.engine()).isEqualTo(StorageEngine.TIMESCALEDB);
    }

    private static Map<String, Long> foldedWith(Storage storage, SampleFilter filter) {
        return storage.mergedStacks(filter).stream()
                .collect(java.util.stream.Collectors.toMap(
                        s -> String.join(";", s.framesRootFirst()), StackSample::value, Long::sum));
    }

    private static long countIn(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void call(String sql) throws SQLException {
        // refresh_continuous_aggregate refuses to run inside a transaction block: autocommit, one statement.
        try (Connection c = dataSource.getConnection();
                var s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute(sql);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
