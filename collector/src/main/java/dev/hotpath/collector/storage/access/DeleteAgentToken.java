package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import org.jooq.DSLContext;

/** Revokes one agent token of a group by deleting it. */
public final class DeleteAgentToken {

    private final DSLContext dsl;

    public DeleteAgentToken(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** False when the group has no token with that id. */
    public boolean execute(String groupName, long tokenId) {
        return dsl.deleteFrom(AGENT_TOKEN)
                        .where(ID.eq(tokenId))
                        .and(GROUP_ID.in(dsl.select(ID).from(PROFILING_GROUP).where(NAME.eq(groupName))))
                        .execute()
                > 0;
    }
}
