package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** The latest admin actions, newest first, optionally of one group and since a time. */
public final class SelectAuditEvents {

    private final DSLContext dsl;

    public SelectAuditEvents(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<AuditEvent> execute(Optional<String> groupName, Optional<Instant> since, int limit) {
        Condition where = DSL.noCondition();
        if (groupName.isPresent()) {
            where = where.and(GROUP_NAME.eq(groupName.get()));
        }
        if (since.isPresent()) {
            where = where.and(AT.ge(since.get().atOffset(ZoneOffset.UTC)));
        }
        return dsl.select(ID, AT, ACTOR, ACTION, GROUP_NAME, DETAIL)
                .from(AUDIT_EVENT)
                .where(where)
                .orderBy(AT.desc(), ID.desc())
                .limit(limit)
                .fetch(SelectAuditEvents::toAuditEvent);
    }

    static AuditEvent toAuditEvent(Record r) {
        return new AuditEvent(
                r.get(ID), r.get(AT).toInstant(), r.get(ACTOR), r.get(ACTION), r.get(GROUP_NAME), r.get(DETAIL));
    }
}
