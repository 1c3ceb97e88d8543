package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import org.jooq.DSLContext;

/** Revokes a read-only REST token by deleting it. */
public final class DeleteReadToken {

    private final DSLContext dsl;

    public DeleteReadToken(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** False when there was no token with that id. */
    public boolean execute(long tokenId) {
        return dsl.deleteFrom(READ_TOKEN).where(ID.eq(tokenId)).execute() > 0;
    }
}
