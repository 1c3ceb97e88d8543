package dev.hotpath.collector.storage.anomalies;

import static dev.hotpath.collector.storage.Tables.GROUP_ID;
import static dev.hotpath.collector.storage.Tables.UPDATED_AT;
import static dev.hotpath.collector.storage.anomalies.AnomalyTables.*;

import java.util.Optional;
import org.jooq.DSLContext;

/** A group's webhook, if it has one. */
public final class SelectWebhook {

    private final DSLContext dsl;

    public SelectWebhook(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<Webhook> execute(long groupId) {
        return dsl.select(URL, UPDATED_AT)
                .from(GROUP_WEBHOOK)
                .where(GROUP_ID.eq(groupId))
                .fetchOptional(
                        r -> new Webhook(groupId, r.get(URL), r.get(UPDATED_AT).toInstant()));
    }
}
