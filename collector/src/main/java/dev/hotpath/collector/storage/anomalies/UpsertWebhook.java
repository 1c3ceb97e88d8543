package dev.hotpath.collector.storage.anomalies;

import static dev.hotpath.collector.storage.Tables.GROUP_ID;
import static dev.hotpath.collector.storage.Tables.UPDATED_AT;
import static dev.hotpath.collector.storage.anomalies.AnomalyTables.*;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import org.jooq.DSLContext;

/** Sets a group's webhook URL, replacing the one before. */
public final class UpsertWebhook {

    private final DSLContext dsl;

    public UpsertWebhook(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void execute(long groupId, String url) {
        dsl.insertInto(GROUP_WEBHOOK)
                .set(GROUP_ID, groupId)
                .set(URL, url)
                .onConflict(GROUP_ID)
                .doUpdate()
                .set(URL, url)
                .set(UPDATED_AT, currentOffsetDateTime())
                .execute();
    }
}
