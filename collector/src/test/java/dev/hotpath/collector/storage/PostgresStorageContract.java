package dev.hotpath.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.storage.jobs.JobLock;
import dev.hotpath.collector.storage.read.SampleFilter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The storage contract on plain PostgreSQL, plus what only that engine has: the collector's own rollup into
 * {@code sample_hour}, the group aggregate with its watermark, and DELETE-based retention.
 */
abstract class PostgresStorageContract extends StorageContract {

    @Override
    void rollUpBefore(Instant end) throws SQLException {
        assertThat(storage.engine()).isEqualTo(StorageEngine.POSTGRESQL);
        storage.rollUp(end);
        storage.aggregateGroupHours(end);
        reportsArrivedLongAgo();
    }

    @Override
    void expire(Instant cutoff) {
        assertThat(storage.deleteExpired(cutoff)).isPositive();
    }

    @Test
    void rollUp_oldSamples_movedToHoursWithSameTotals() throws SQLException {
        storage.storeReport(report("ru1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 4, "main", "a")));
        storage.storeReport(report(
                "ru2", instance("a", 1), T0.plus(Duration.ofMinutes(7)), sample("cpu", "RUNNABLE", 6, "main", "a")));
        SampleFilter hour = cpu(T0, T0.plus(Duration.ofHours(1)));
        Map<String, Long> before = folded(hour);

        assertThat(storage.rollUp(T0.plus(Duration.ofHours(1)))).isPositive();

        assertThat(folded(hour)).isEqualTo(before).containsOnly(Map.entry("main;a", 10L));
        assertThat(count("SELECT count(*) FROM sample_block WHERE group_id = " + group.id()))
                .isZero();
        assertThat(count("SELECT count(*) FROM sample_hour WHERE group_id = " + group.id()))
                .isEqualTo(1);
    }

    @Test
    void periodicJobs_lockHeldByAnotherCollector_skipAndChangeNothing() throws SQLException {
        storage.storeReport(report("lk", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main", "locked")));
        try (Connection other = dataSource.getConnection();
                Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + JobLock.ROLLUP + "), pg_advisory_lock(" + JobLock.RETENTION + ")");

            assertThat(storage.rollUp(T0.plus(Duration.ofHours(1)))).isEqualTo(-1);
            assertThat(storage.deleteExpired(T0.plus(Duration.ofHours(1)))).isEqualTo(-1);
            assertThat(storage.aggregateGroupHours(T0.plus(Duration.ofHours(1))))
                    .isEqualTo(-1);

            s.execute("SELECT pg_advisory_unlock_all()");
        }
        assertThat(count("SELECT count(*) FROM sample_block WHERE group_id = " + group.id()))
                .isEqualTo(1);
    }

    @Test
    void mergedStacks_groupAggregateOfRolledAndRawHours_sameTotalsAndSecondRunChangesNothing() throws SQLException {
        resetGroupAggregate();
        storage.storeReport(report(
                "ga1",
                instance("a", 1),
                T0,
                sample("cpu", "RUNNABLE", 4, "main", "a"),
                sample("cpu", "WAITING", 2, "main", "w")));
        storage.storeReport(report(
                "ga2", instance("b", 2), T0.plus(Duration.ofMinutes(7)), sample("cpu", "RUNNABLE", 6, "main", "a")));
        storage.rollUp(T0.plus(Duration.ofHours(1)));
        storage.storeReport(report(
                "ga3", instance("a", 1), T0.plus(Duration.ofMinutes(63)), sample("cpu", "RUNNABLE", 5, "main", "b")));
        storage.storeReport(report(
                "ga4", instance("b", 2), T0.plus(Duration.ofMinutes(95)), sample("cpu", "RUNNABLE", 3, "main", "c")));
        List<SampleFilter> filters = List.of(
                cpu(T0, T0.plus(Duration.ofHours(2))),
                cpu(T0.plus(Duration.ofSeconds(30)), T0.plus(Duration.ofMinutes(90))),
                cpu(T0.plus(Duration.ofMinutes(7)), T0.plus(Duration.ofHours(2))),
                cpu(T0.plus(Duration.ofMinutes(60)), T0.plus(Duration.ofHours(2))),
                new SampleFilter(
                        group.id(), "cpu", Set.of("WAITING"), Optional.empty(), T0, T0.plus(Duration.ofHours(2))));
        List<Map<String, Long>> perInstance = filters.stream().map(this::folded).toList();

        assertThat(storage.aggregateGroupHours(T0.plus(Duration.ofHours(2)))).isPositive();
        reportsArrivedLongAgo();

        assertThat(filters.stream().map(this::folded).toList()).isEqualTo(perInstance);
        long aggregateRows = count("SELECT count(*) FROM sample_group_hour WHERE group_id = " + group.id());
        assertThat(aggregateRows).isEqualTo(4);
        assertThat(storage.aggregateGroupHours(T0.plus(Duration.ofHours(2)))).isZero();
        assertThat(filters.stream().map(this::folded).toList()).isEqualTo(perInstance);
        assertThat(count("SELECT count(*) FROM sample_group_hour WHERE group_id = " + group.id()))
                .isEqualTo(aggregateRows);
        // Whole hours now come from the aggregate alone: without the per-instance rows they still add up.
        execute("DELETE FROM sample_block WHERE group_id = " + group.id());
        execute("DELETE FROM sample_hour WHERE group_id = " + group.id());
        assertThat(folded(filters.get(0))).isEqualTo(perInstance.get(0));
    }

    @Test
    void mergedStacks_lateReportForAggregatedHour_countedBeforeAndAfterNextRun() throws SQLException {
        resetGroupAggregate();
        storage.storeReport(report("on-time", instance("a", 1), T0, sample("cpu", "RUNNABLE", 4, "main", "a")));
        storage.aggregateGroupHours(T0.plus(Duration.ofHours(1)));
        reportsArrivedLongAgo();

        storage.storeReport(report(
                "late", instance("b", 2), T0.plus(Duration.ofMinutes(30)), sample("cpu", "RUNNABLE", 6, "main", "a")));

        SampleFilter hour = cpu(T0, T0.plus(Duration.ofHours(1)));
        assertThat(folded(hour)).containsOnly(Map.entry("main;a", 10L));
        assertThat(storage.aggregateGroupHours(T0.plus(Duration.ofHours(1)))).isPositive();
        reportsArrivedLongAgo();
        execute("DELETE FROM sample_block WHERE group_id = " + group.id());
        assertThat(folded(hour)).containsOnly(Map.entry("main;a", 10L));
    }

    @Test
    void deleteExpired_groupAggregateBeforeCutoff_deletedWithSamples() throws SQLException {
        resetGroupAggregate();
        storage.storeReport(report(
                "agg-old",
                instance("a", 1),
                T0.minus(Duration.ofDays(40)),
                sample("cpu", "RUNNABLE", 1, "main", "old")));
        storage.storeReport(report("agg-new", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main", "new")));
        storage.aggregateGroupHours(T0.plus(Duration.ofHours(1)));
        assertThat(count("SELECT count(*) FROM sample_group_hour WHERE group_id = " + group.id()))
                .isEqualTo(2);

        storage.deleteExpired(T0.minus(Duration.ofDays(30)));

        assertThat(count("SELECT count(*) FROM sample_group_hour WHERE group_id = " + group.id()))
                .isEqualTo(1);
        assertThat(storage.deleteGroup(group.name())).isTrue();
        assertThat(count("SELECT count(*) FROM sample_group_hour WHERE group_id = " + group.id()))
                .isZero();
    }

    /** Starts the group aggregate empty, as right after the migration, so earlier tests' runs do not matter. */
    void resetGroupAggregate() throws SQLException {
        execute("DELETE FROM sample_group_hour");
        execute("UPDATE group_aggregate_watermark SET aggregated_before = NULL, reports_checked_at = NULL");
    }

    /** Time passing after an aggregation run: no stored report is in flight any more, so queries trust the run. */
    void reportsArrivedLongAgo() throws SQLException {
        execute("UPDATE report SET received_at = received_at - interval '10 minutes'");
    }
}
