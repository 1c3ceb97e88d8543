package dev.hotpath.collector.storage.access;

import static dev.hotpath.collector.storage.Tables.*;

import org.jooq.DSLContext;

/** Appends one admin action to the audit log. */
public final class InsertAuditEvent {

    private final DSLContext dsl;

    public InsertAuditEvent(DSLContext dsl) {
        this.dsl = dsl;
    }

    public AuditEvent execute(String actor, String action, String groupName, String detail) {
        return dsl.insertInto(AUDIT_EVENT)
                .set(ACTOR, actor)
                .set(ACTION, action)
                .set(GROUP_NAME, groupName)
                .set(DETAIL, detail)
                .returning(ID, AT, ACTOR, ACTION, GROUP_NAME, DETAIL)
                .fetchOne(SelectAuditEvents::toAuditEvent);
    }
}
