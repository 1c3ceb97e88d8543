package dev.hotpath.collector.storage.anomalies;

import static dev.hotpath.collector.storage.Tables.*;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import org.jooq.DSLContext;

/** Records a user's verdict on an anomaly cause; the latest verdict wins. */
public final class UpsertAnomalyFeedback {

    private final DSLContext dsl;

    public UpsertAnomalyFeedback(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void execute(long groupId, String causeKey, boolean useful) {
        dsl.insertInto(ANOMALY_FEEDBACK)
                .set(GROUP_ID, groupId)
                .set(CAUSE_KEY, causeKey)
                .set(USEFUL, useful)
                .onConflict(GROUP_ID, CAUSE_KEY)
                .doUpdate()
                .set(USEFUL, useful)
                .set(UPDATED_AT, currentOffsetDateTime())
                .execute();
    }
}
