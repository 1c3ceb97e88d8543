package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import java.util.Map;
import org.jooq.DSLContext;

/** Id and hash of every read-only REST token, for the collector's in-memory check of API requests. */
public final class SelectReadTokenHashes {

    private final DSLContext dsl;

    public SelectReadTokenHashes(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Map<Long, byte[]> execute() {
        return dsl.select(ID, TOKEN_HASH).from(READ_TOKEN).fetchMap(ID, TOKEN_HASH);
    }
}
