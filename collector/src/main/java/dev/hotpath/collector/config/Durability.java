package dev.hotpath.collector.config;

import java.util.Map;

/** How far an acknowledged report is safe on the embedded PostgreSQL: on disk (the default), or not yet. */
enum Durability {

    /** fsync and synchronous commit on: a commit, and so an acknowledgement, waits for the WAL to be on disk. */
    DURABLE(Map.of("fsync", "on", "synchronous_commit", "on")),

    /**
     * synchronous_commit off, fsync still on: commits return before their WAL is flushed, so the reports of the last
     * moments before a crash of PostgreSQL or the machine can be lost after the agent saw them acknowledged. The
     * database itself stays consistent (unlike fsync off, which zonky uses and which can corrupt it).
     */
    LOSE_RECENT_REPORTS_ON_CRASH(Map.of("fsync", "on", "synchronous_commit", "off"));

    static final String KEY = CollectorConfig.EMBEDDED_LOSE_RECENT_REPORTS_KEY;
    static final String RISK = "commits are acknowledged before they reach the disk; reports acknowledged in the last"
            + " moments before a crash of PostgreSQL or of the machine can be lost";

    private final Map<String, String> serverSettings;

    Durability(Map<String, String> serverSettings) {
        this.serverSettings = serverSettings;
    }

    Map<String, String> serverSettings() {
        return serverSettings;
    }

    static Durability of(boolean loseRecentReportsOnCrash) {
        return loseRecentReportsOnCrash ? LOSE_RECENT_REPORTS_ON_CRASH : DURABLE;
    }
}
