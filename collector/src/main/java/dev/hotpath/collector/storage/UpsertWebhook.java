package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.AnomalyTables.*;
import static dev.hotpath.collector.storage.Tables.GROUP_ID;
import static dev.hotpath.collector.storage.Tables.UPDATED_AT;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import org.jooq.DSLContext;

/** Sets a group's webhook URL, replacing the one before. */
final class UpsertWebhook {

    private final DSLContext dsl;

    UpsertWebhook(DSLContext dsl) {
        this.dsl = dsl;
    }

    void execute(long groupId, String url) {
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
