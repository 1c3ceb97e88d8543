package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;

/** The read-only REST tokens, oldest first, without their hashes. */
public final class SelectReadTokens {

    private final DSLContext dsl;

    public SelectReadTokens(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<ReadToken> execute() {
        return dsl.select(ID, NAME, CREATED_AT, LAST_USED_AT)
                .from(READ_TOKEN)
                .orderBy(CREATED_AT, ID)
                .fetch(SelectReadTokens::toReadToken);
    }

    static ReadToken toReadToken(Record r) {
        OffsetDateTime lastUsed = r.get(LAST_USED_AT);
        return new ReadToken(
                r.get(ID), r.get(NAME), r.get(CREATED_AT).toInstant(), lastUsed == null ? null : lastUsed.toInstant());
    }
}
