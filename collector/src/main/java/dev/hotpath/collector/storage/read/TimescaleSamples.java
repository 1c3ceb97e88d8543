package dev.hotpath.collector.storage.read;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.write.InsertReport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The samples a filter selects on TimescaleDB: whole days and hours from the continuous aggregates (group-level
 * ones when the filter names no instance and no version), the minutes at the range's edges from the raw blocks.
 * Each piece is its own bucket range, so no sample is read twice; the aggregates add the unfinished hours
 * themselves (real-time aggregation).
 */
public final class TimescaleSamples {

    private TimescaleSamples() {}

    /** Whole hours (and, for group filters when {@code days}, whole UTC days) from aggregates, edges raw. */
    public static Table<Record> of(SampleFilter filter, boolean days, Field<?>... columns) {
        Instant from = filter.from().truncatedTo(ChronoUnit.MINUTES);
        Instant firstHour = ceil(from, ChronoUnit.HOURS);
        Instant lastHour = filter.to().truncatedTo(ChronoUnit.HOURS);
        if (!firstHour.isBefore(lastHour)) {
            return raw(filter, columns);
        }
        boolean wholeGroup =
                filter.instanceId().isEmpty() && filter.appVersions().isEmpty();
        List<Select<Record>> pieces = new ArrayList<>();
        pieces.add(rawBetween(filter, from, firstHour, columns));
        pieces.add(rawBetween(filter, lastHour, filter.to(), columns));
        if (!wholeGroup) {
            pieces.add(between(CAGG_INSTANCE_HOUR, SampleSource.filterCondition(filter), firstHour, lastHour, columns));
        } else {
            Instant firstDay = ceil(firstHour, ChronoUnit.DAYS);
            Instant lastDay = lastHour.truncatedTo(ChronoUnit.DAYS);
            Condition group = SampleSource.groupCondition(filter);
            if (days && firstDay.isBefore(lastDay)) {
                pieces.add(between(CAGG_GROUP_DAY, group, firstDay, lastDay, columns));
                pieces.add(between(CAGG_GROUP_HOUR, group, firstHour, firstDay, columns));
                pieces.add(between(CAGG_GROUP_HOUR, group, lastDay, lastHour, columns));
            } else {
                pieces.add(between(CAGG_GROUP_HOUR, group, firstHour, lastHour, columns));
            }
        }
        Select<Record> all = pieces.get(0);
        for (Select<Record> piece : pieces.subList(1, pieces.size())) {
            all = all.unionAll(piece);
        }
        return all.asTable("selected");
    }

    /** Only the raw blocks, minute by minute. */
    public static Table<Record> raw(SampleFilter filter, Field<?>... columns) {
        return rawBetween(filter, filter.from().truncatedTo(ChronoUnit.MINUTES), filter.to(), columns)
                .asTable("selected");
    }

    private static Select<Record> rawBetween(SampleFilter filter, Instant from, Instant to, Field<?>... columns) {
        return between(SAMPLE_ROWS, SampleSource.filterCondition(filter), from, to, columns);
    }

    private static Select<Record> between(
            Table<?> table, Condition condition, Instant from, Instant to, Field<?>... columns) {
        return DSL.select(columns)
                .from(table)
                .where(condition)
                .and(BUCKET.ge(InsertReport.utc(from)))
                .and(BUCKET.lt(InsertReport.utc(to)));
    }

    private static Instant ceil(Instant instant, ChronoUnit unit) {
        Instant down = instant.truncatedTo(unit);
        return down.equals(instant) ? down : down.plus(1, unit);
    }
}
