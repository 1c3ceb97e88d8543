package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jooq.DSLContext;

/** Writes when read-only tokens were last used, collected in memory between two flushes. */
final class UpdateReadTokensLastUsed {

    private final DSLContext dsl;

    UpdateReadTokensLastUsed(DSLContext dsl) {
        this.dsl = dsl;
    }

    void execute(Map<Long, Instant> lastUsed) {
        if (lastUsed.isEmpty()) {
            return;
        }
        dsl.batch(lastUsed.entrySet().stream()
                .map(e -> dsl.update(READ_TOKEN).set(LAST_USED_AT, e.getValue().atOffset(ZoneOffset.UTC))
                        .where(ID.eq(e.getKey())))
                .toList()).execute();
    }
}
