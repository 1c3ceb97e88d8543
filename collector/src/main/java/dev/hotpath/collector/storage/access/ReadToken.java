package dev.hotpath.collector.storage.access;

import java.time.Instant;

/** One read-only REST token, as the admin sees it: never the token itself. */
public record ReadToken(long id, String name, Instant createdAt, Instant lastUsedAt) {}
