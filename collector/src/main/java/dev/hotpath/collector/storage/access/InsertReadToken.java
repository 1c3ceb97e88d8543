package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import org.jooq.DSLContext;

/** Stores the hash of a new read-only REST token. */
public final class InsertReadToken {

    private final DSLContext dsl;

    public InsertReadToken(DSLContext dsl) {
        this.dsl = dsl;
    }

    public ReadToken execute(String name, byte[] tokenHash) {
        return dsl.insertInto(READ_TOKEN)
                .set(NAME, name)
                .set(TOKEN_HASH, tokenHash)
                .returning(ID, NAME, CREATED_AT, LAST_USED_AT)
                .fetchOne(SelectReadTokens::toReadToken);
    }
}
