package dev.hotpath.collector.storage.access;

import java.time.Instant;

/** One admin action: who did what when, to which group (null for actions on no group), and its detail. */
public record AuditEvent(long id, Instant at, String actor, String action, String group, String detail) {}
