package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;

import org.jooq.DSLContext;

/** Revokes a read-only REST token by deleting it. */
final class DeleteReadToken {

    private final DSLContext dsl;

    DeleteReadToken(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** False when there was no token with that id. */
    boolean execute(long tokenId) {
        return dsl.deleteFrom(READ_TOKEN).where(ID.eq(tokenId)).execute() > 0;
    }
}
