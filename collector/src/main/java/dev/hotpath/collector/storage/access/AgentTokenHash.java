package dev.hotpath.collector.storage.access;

/** One unrevoked agent token as the collector checks it in memory: its hash and the group it opens. */
public record AgentTokenHash(long tokenId, long groupId, String groupName, byte[] hash) {}
