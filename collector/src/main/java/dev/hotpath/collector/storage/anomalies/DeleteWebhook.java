package dev.hotpath.collector.storage.anomalies;

import static dev.hotpath.collector.storage.Tables.GROUP_ID;
import static dev.hotpath.collector.storage.anomalies.AnomalyTables.GROUP_WEBHOOK;

import org.jooq.DSLContext;

/** Removes a group's webhook; anomalies found later are recorded but not announced. */
public final class DeleteWebhook {

    private final DSLContext dsl;

    public DeleteWebhook(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** False when the group had none. */
    public boolean execute(long groupId) {
        return dsl.deleteFrom(GROUP_WEBHOOK).where(GROUP_ID.eq(groupId)).execute() > 0;
    }
}
