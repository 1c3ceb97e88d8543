package dev.hotpath.collector.storage;

/**
 * Which engine storage uses, decided once at start-up: {@code AUTO} takes TimescaleDB when the database has the
 * {@code timescaledb} extension (pg_extension), {@code TIMESCALEDB} requires it, {@code POSTGRESQL} uses plain
 * tables and the collector's own rollup and retention jobs even where the extension is installed.
 */
public enum StorageEngine {
    AUTO,
    POSTGRESQL,
    TIMESCALEDB
}
