package dev.hotpath.collector.storage.read;

import java.time.Instant;

/** A stored profiling group (without its token hash). */
public record Group(long id, String name, Instant createdAt, GroupSettings settings) {}
