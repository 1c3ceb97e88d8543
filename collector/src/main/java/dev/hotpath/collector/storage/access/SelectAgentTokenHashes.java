package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import java.util.List;
import org.jooq.DSLContext;

/** Every agent token's hash with its group, for the collector's in-memory check of agent calls. */
public final class SelectAgentTokenHashes {

    private final DSLContext dsl;

    public SelectAgentTokenHashes(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<AgentTokenHash> execute() {
        return dsl.select(
                        col(AGENT_TOKEN, ID),
                        col(AGENT_TOKEN, GROUP_ID),
                        col(PROFILING_GROUP, NAME),
                        col(AGENT_TOKEN, TOKEN_HASH))
                .from(AGENT_TOKEN)
                .join(PROFILING_GROUP)
                .on(col(AGENT_TOKEN, GROUP_ID).eq(col(PROFILING_GROUP, ID)))
                .fetch(r -> new AgentTokenHash(r.value1(), r.value2(), r.value3(), r.value4()));
    }
}
