package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;

/** Writes when tokens (read-only or agent) were last used, collected in memory between two flushes. */
public final class UpdateTokensLastUsed {

    private final DSLContext dsl;
    private final Table<Record> table;

    public UpdateTokensLastUsed(DSLContext dsl, Table<Record> table) {
        this.dsl = dsl;
        this.table = table;
    }

    public void execute(Map<Long, Instant> lastUsed) {
        if (lastUsed.isEmpty()) {
            return;
        }
        dsl.batch(lastUsed.entrySet().stream()
                        .map(e -> dsl.update(table)
                                .set(LAST_USED_AT, e.getValue().atOffset(ZoneOffset.UTC))
                                .where(ID.eq(e.getKey())))
                        .toList())
                .execute();
    }
}
