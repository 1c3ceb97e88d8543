package dev.hotpath.collector.storage.anomalies;

import java.time.Instant;

/** A group's webhook: where its new anomalies are POSTed. */
public record Webhook(long groupId, String url, Instant updatedAt) {}
