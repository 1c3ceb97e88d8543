package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.AnomalyTables.GROUP_WEBHOOK;
import static dev.hotpath.collector.storage.Tables.GROUP_ID;

import org.jooq.DSLContext;

/** Removes a group's webhook; anomalies found later are recorded but not announced. */
final class DeleteWebhook {

    private final DSLContext dsl;

    DeleteWebhook(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** False when the group had none. */
    boolean execute(long groupId) {
        return dsl.deleteFrom(GROUP_WEBHOOK).where(GROUP_ID.eq(groupId)).execute() > 0;
    }
}
