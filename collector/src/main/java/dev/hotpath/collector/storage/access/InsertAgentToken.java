package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import java.util.Optional;
import org.jooq.DSLContext;

/** Adds an agent token to a group, optionally revoking all its other tokens in the same transaction. */
public final class InsertAgentToken {

    private final DSLContext dsl;

    public InsertAgentToken(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Empty when there is no such group. */
    public Optional<AgentToken> execute(String groupName, byte[] tokenHash, boolean revokeOthers) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            Optional<Long> groupId = tx.select(ID)
                    .from(PROFILING_GROUP)
                    .where(NAME.eq(groupName))
                    .forUpdate()
                    .fetchOptional(ID);
            if (groupId.isEmpty()) {
                return Optional.empty();
            }
            if (revokeOthers) {
                tx.deleteFrom(AGENT_TOKEN).where(GROUP_ID.eq(groupId.get())).execute();
            }
            return Optional.of(tx.insertInto(AGENT_TOKEN)
                    .set(GROUP_ID, groupId.get())
                    .set(TOKEN_HASH, tokenHash)
                    .returning(ID, CREATED_AT, LAST_USED_AT)
                    .fetchOne(SelectAgentTokens::toAgentToken));
        });
    }
}
