package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.AnomalyTables.*;
import static dev.hotpath.collector.storage.Tables.GROUP_ID;
import static dev.hotpath.collector.storage.Tables.UPDATED_AT;

import java.util.Optional;
import org.jooq.DSLContext;

/** A group's webhook, if it has one. */
final class SelectWebhook {

    private final DSLContext dsl;

    SelectWebhook(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<Webhook> execute(long groupId) {
        return dsl.select(URL, UPDATED_AT)
                .from(GROUP_WEBHOOK)
                .where(GROUP_ID.eq(groupId))
                .fetchOptional(
                        r -> new Webhook(groupId, r.get(URL), r.get(UPDATED_AT).toInstant()));
    }
}
