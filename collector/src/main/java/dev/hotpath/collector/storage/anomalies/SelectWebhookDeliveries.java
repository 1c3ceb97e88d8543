package dev.hotpath.collector.storage.anomalies;

import static dev.hotpath.collector.storage.Tables.CAUSE_KEY;
import static dev.hotpath.collector.storage.Tables.GROUP_ID;
import static dev.hotpath.collector.storage.anomalies.AnomalyTables.*;

import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;

/** A group's latest webhook deliveries (anomalies recorded while it had a webhook), newest first. */
public final class SelectWebhookDeliveries {

    private final DSLContext dsl;

    public SelectWebhookDeliveries(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<WebhookDelivery> execute(long groupId, int limit) {
        return dsl.select(
                        CAUSE_KEY, SUBJECT, DIRECTION, VERSION, SINCE, NOTIFY_STATE, ATTEMPTS, LAST_ERROR, NOTIFIED_AT)
                .from(ANOMALY)
                .where(GROUP_ID.eq(groupId))
                .and(NOTIFY_STATE.ne(RecordedAnomaly.NotifyState.NONE.name()))
                .orderBy(NOTIFIED_AT.desc().nullsFirst(), SINCE.desc())
                .limit(limit)
                .fetch(r -> new WebhookDelivery(
                        r.get(CAUSE_KEY),
                        r.get(SUBJECT),
                        r.get(DIRECTION),
                        r.get(VERSION),
                        r.get(SINCE).toInstant(),
                        RecordedAnomaly.NotifyState.valueOf(r.get(NOTIFY_STATE)),
                        r.get(ATTEMPTS),
                        r.get(LAST_ERROR),
                        instant(r.get(NOTIFIED_AT))));
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
