package dev.hotpath.collector.storage.jobs;

import static dev.hotpath.collector.storage.Tables.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.SQLDataType;

/**
 * How far a group's hourly aggregate ({@code sample_group_hour}) holds every sample: before the job's watermark,
 * and before the hour of any report the job may not have seen yet.
 */
public final class GroupAggregateWatermark {

    /**
     * A report's {@code received_at} is its insert transaction's start, so one that started before the job looked
     * may commit after; reports this close before the job's check are treated as unseen (rechecked, distrusted).
     */
    static final Duration IN_FLIGHT = Duration.ofMinutes(1);

    private GroupAggregateWatermark() {}

    /** The end of the group's hours that the aggregate holds exactly; empty when it holds none. */
    public static Optional<Instant> completeBefore(DSLContext dsl, long groupId) {
        Field<OffsetDateTime> earliestUnseen = select(min(WINDOW_START))
                .from(REPORT)
                .where(col(REPORT, GROUP_ID).eq(groupId))
                .and(RECEIVED_AT.ge(field(
                        "{0} - make_interval(secs => {1})",
                        SQLDataType.TIMESTAMPWITHTIMEZONE,
                        col(GROUP_AGGREGATE_WATERMARK, REPORTS_CHECKED_AT),
                        val((double) IN_FLIGHT.toSeconds()))))
                .asField("earliest_unseen");
        Record2<OffsetDateTime, OffsetDateTime> row = dsl.select(AGGREGATED_BEFORE, earliestUnseen)
                .from(GROUP_AGGREGATE_WATERMARK)
                .fetchOne();
        if (row == null || row.value1() == null) {
            return Optional.empty();
        }
        Instant watermark = row.value1().toInstant();
        if (row.value2() == null) {
            return Optional.of(watermark);
        }
        Instant unseenHour = row.value2().toInstant().truncatedTo(ChronoUnit.HOURS);
        return Optional.of(unseenHour.isBefore(watermark) ? unseenHour : watermark);
    }
}
