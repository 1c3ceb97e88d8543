package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;

import org.jooq.DSLContext;

/** Stores the hash of a new read-only REST token. */
final class InsertReadToken {

    private final DSLContext dsl;

    InsertReadToken(DSLContext dsl) {
        this.dsl = dsl;
    }

    ReadToken execute(String name, byte[] tokenHash) {
        return dsl.insertInto(READ_TOKEN)
                .set(NAME, name)
                .set(TOKEN_HASH, tokenHash)
                .returning(ID, NAME, CREATED_AT, LAST_USED_AT)
                .fetchOne(SelectReadTokens::toReadToken);
    }
}
