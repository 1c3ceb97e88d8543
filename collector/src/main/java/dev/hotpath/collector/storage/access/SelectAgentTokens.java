package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/** The agent tokens of a group, oldest first, without their hashes. */
public final class SelectAgentTokens {

    private final DSLContext dsl;

    public SelectAgentTokens(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Empty when there is no such group. */
    public Optional<List<AgentToken>> execute(String groupName) {
        return dsl.select(ID)
                .from(PROFILING_GROUP)
                .where(NAME.eq(groupName))
                .fetchOptional(ID)
                .map(groupId -> dsl.select(ID, CREATED_AT, LAST_USED_AT)
                        .from(AGENT_TOKEN)
                        .where(GROUP_ID.eq(groupId))
                        .orderBy(CREATED_AT, ID)
                        .fetch(SelectAgentTokens::toAgentToken));
    }

    static AgentToken toAgentToken(Record r) {
        OffsetDateTime lastUsed = r.get(LAST_USED_AT);
        return new AgentToken(r.get(ID), r.get(CREATED_AT).toInstant(), lastUsed == null ? null : lastUsed.toInstant());
    }
}
