package dev.hotpath.collector.storage.anomalies;

import static dev.hotpath.collector.storage.Tables.CAUSE_KEY;
import static dev.hotpath.collector.storage.Tables.GROUP_ID;
import static dev.hotpath.collector.storage.anomalies.AnomalyTables.*;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import org.jooq.DSLContext;

/** Records how an anomaly's webhook delivery went: its state, the attempts made and the last error. */
public final class UpdateAnomalyDelivery {

    private final DSLContext dsl;

    public UpdateAnomalyDelivery(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void execute(
            long groupId, String causeKey, RecordedAnomaly.NotifyState state, int attempts, String lastError) {
        dsl.update(ANOMALY)
                .set(NOTIFY_STATE, state.name())
                .set(ATTEMPTS, attempts)
                .set(LAST_ERROR, lastError)
                .set(NOTIFIED_AT, currentOffsetDateTime())
                .where(GROUP_ID.eq(groupId))
                .and(CAUSE_KEY.eq(causeKey))
                .execute();
    }
}
