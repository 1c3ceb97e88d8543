package dev.hotpath.collector.storage.access;

import java.time.Instant;

/** One agent token of a profiling group, as the admin sees it: never the token itself. */
public record AgentToken(long id, Instant createdAt, Instant lastUsedAt) {}
